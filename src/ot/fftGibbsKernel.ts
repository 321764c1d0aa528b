import { Convolver } from "../fft/convolver.js";
import { nextPowerOfTwo } from "../fft/fftCache.js";
import type { Kernel } from "../fft/kernel.js";
import type { Grid } from "../grid/grid.js";
import { type RadialCost, kernelRadius } from "./radialCost.js";
import type { InvariantKernel, WeightStats } from "./scalingGibbsOperator.js";

/**
 * The Gibbs kernel e^{−C(|z_i − z_j|²)/ε} of a radial cost applied by FFT: the discrete
 * convolution of the {@link Convolver} in linear (zero-padded) mode on every axis, so no
 * wrap-around reaches the box (the cost is Euclidean on the box).
 *
 * **Why FFT and not separable passes.** The WFR kernel cos^{2/ε}(min(|z|/(2δ), π/2)) is
 * radial but not a product of one-dimensional factors: by the Herschel–Maxwell theorem a
 * continuous radial function on ℝ^d (d ≥ 2) that factorises as Π_a f_a(z_a) is a Gaussian,
 * and this kernel has compact support. No exact separable factorisation exists; the FFT
 * applies the full kernel (no truncation) in O(N log N).
 *
 * **Rounding budget.** FFT convolution has an absolute error per output of order
 * u·√(log₂P)·‖x‖₂ (u = 2⁻⁵³, P the padded length; K ≤ 1), not a relative one, so small
 * outputs next to large ones lose digits. For plan weights a = e^{α}u, b = e^{β}v with
 * |log u|, |log v| ≤ λ the plan mass this can misplace is estimated as
 * 3u·√(log₂P)·e^{2λ}·Σ_i e^{α_i}·‖e^β‖₂; weights are accepted while that is below `budget`
 * (plan mass in units of the raw kernel). Outside this regime (small ε or steep potentials)
 * the solver continues on the log-stabilised radial kernel (stabilizedRadialKernel.ts).
 */
export class FftGibbsKernel implements InvariantKernel {
  readonly kind = "fft";
  private readonly conv: Convolver;
  private readonly costConv: Convolver;
  private readonly logBudget: number;
  private readonly logError: number;

  constructor(
    readonly grid: Grid,
    readonly cost: RadialCost,
    readonly eps: number,
    lambda: number,
    budget: number,
  ) {
    const cell = grid.cellVolume;
    const range = kernelRadius(cost, eps, 46);
    const gibbs: Kernel = {
      name: `gibbs(${cost.name}, ε=${eps})`,
      spec: { type: "gibbs", cost: cost.name, eps },
      range,
      value: (r2) => {
        const c = cost.cost(r2);
        return c < Infinity ? Math.exp(-c / eps) / cell : 0;
      },
    };
    const weighted: Kernel = {
      name: `cost·gibbs(${cost.name}, ε=${eps})`,
      spec: { type: "cost-gibbs", cost: cost.name, eps },
      range,
      value: (r2) => {
        const c = cost.cost(r2);
        return c < Infinity ? (c * Math.exp(-c / eps)) / cell : 0;
      },
    };
    this.conv = new Convolver(grid, gibbs, { mode: "linear" });
    this.costConv = new Convolver(grid, weighted, { mode: "linear" });
    const P = Math.max(...grid.n.map((n) => nextPowerOfTwo(2 * n - 1)));
    this.logError = Math.log(3 * 2 ** -53 * Math.sqrt(Math.log2(P))) + 2 * lambda;
    this.logBudget = Math.log(budget);
  }

  accept(s: WeightStats): boolean {
    return s.logSumAlpha + s.logNormBeta + this.logError <= this.logBudget;
  }

  apply(x: Float64Array, out: Float64Array): void {
    this.conv.apply(x, out);
  }

  applyCost(x: Float64Array, out: Float64Array): void {
    this.costConv.apply(x, out);
  }
}

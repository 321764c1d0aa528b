import { InputError } from "../errors.js";
import { convolverFor } from "../fft/convolver.js";
import type { ConvolverOptions, FieldConvolver } from "../fft/convolver.js";
import type { Kernel } from "../fft/kernel.js";
import type { Grid } from "../grid/grid.js";
import type { Energy } from "./energy.js";

/**
 * Half squared maximum mean discrepancy to a target π with a positive-definite kernel k
 * (docs/exact-solutions.md §0, §F; MMD² without a factor ½):
 *
 *   F(ρ) = ½ MMD²(ρ, π) = ½ ∫∫ k(x−y) d(ρ−π)(x) d(ρ−π)(y),   δF/δρ = k*(ρ−π).
 *
 * Its Wasserstein flow ∂ρ/∂t = div(ρ∇k*(ρ−π)) is the MMD gradient flow of Arbel, Korba,
 * Salim & Gretton, "Maximum mean discrepancy gradient flow", NeurIPS 2019, which satisfies
 * d/dt ½MMD² = −∫ρ|∇k*(ρ−π)|². The flow conserves mass, so give π the mass of ρ if it should
 * be reachable.
 *
 * Discretisation (cell averages, midpoint rule): with e = ρ − π,
 *   F_h(ρ) = ½ Σ_i e_i (k*e)_i |cell|,   ξ_i = (k*e)_i,
 * the exact discrete gradient of F_h (k sampled symmetrically); one convolution per call,
 * of the difference, so that F_h stays accurate when ρ is close to π.
 */
export class HalfMMD implements Energy {
  readonly name: string;
  readonly entropyWeight = 0;
  readonly convolver: FieldConvolver;
  /** π as cell averages. */
  readonly target: Float64Array;
  private readonly diff: Float64Array;
  private readonly work: Float64Array;

  constructor(
    readonly grid: Grid,
    readonly kernel: Kernel,
    target: Float64Array | ((x: Float64Array) => number),
    options: ConvolverOptions = {},
  ) {
    const pi = typeof target === "function" ? grid.sample(target) : Float64Array.from(target);
    grid.checkLength("mmd.target", pi);
    for (let i = 0; i < pi.length; i++) {
      if (!Number.isFinite(pi[i]) || pi[i] < 0) {
        throw new InputError("mmd.target", `must be finite and >= 0; cell ${i} is ${pi[i]}`);
      }
    }
    this.target = pi;
    this.name = `½MMD²[${kernel.name}]`;
    this.convolver = convolverFor(grid, kernel, options);
    this.diff = new Float64Array(grid.size);
    this.work = new Float64Array(grid.size);
  }

  value(rho: Float64Array): number {
    const e = this.diff;
    const c = this.work;
    for (let i = 0; i < e.length; i++) e[i] = rho[i] - this.target[i];
    this.convolver.apply(e, c);
    let s = 0;
    for (let i = 0; i < e.length; i++) s += e[i] * c[i];
    return 0.5 * s * this.grid.cellVolume;
  }

  /** MMD²(ρ, π) = 2·value(ρ). */
  mmd2(rho: Float64Array): number {
    return 2 * this.value(rho);
  }

  firstVariation(rho: Float64Array, out: Float64Array): void {
    const e = this.diff;
    for (let i = 0; i < e.length; i++) e[i] = rho[i] - this.target[i];
    this.convolver.apply(e, out);
  }

  smoothVariation(rho: Float64Array, out: Float64Array): void {
    this.firstVariation(rho, out);
  }
}

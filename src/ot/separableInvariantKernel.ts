import type { Grid } from "../grid/grid.js";
import type { InvariantKernel, WeightStats } from "./scalingGibbsOperator.js";
import { SeparableGibbsKernel } from "./separableGibbsKernel.js";

/**
 * The separable Gaussian kernel e^{−|z_i − z_j|²/ε} of the quadratic cost
 * ({@link SeparableGibbsKernel}) for the scaling-domain operator (scalingGibbsOperator.ts),
 * with the tail rule of the balanced scaling path (scalingRange.ts): the kernel keeps the
 * pairs whose 1D factors are ≥ e^{−T}, and a dropped pair carries plan mass a_i K_ij b_j ≤
 * e^{max f + max g − T}, f = α + log u, g = β + log v with |log u|, |log v| ≤ λ. With
 *
 *   T = max α + max β + 2λ + 2 log N + log(1/budget) + 5,
 *
 * all dropped pairs together carry less than `budget` (plan mass in units of the raw kernel).
 * The weights are refused when T > 700 (entries would underflow before being negligible).
 */
export class SeparableInvariantKernel implements InvariantKernel {
  readonly kind = "separable";
  private readonly kernel: SeparableGibbsKernel;
  private readonly tmp: Float64Array;

  constructor(
    readonly grid: Grid,
    eps: number,
    private readonly lambda: number,
    private readonly budget: number,
  ) {
    this.kernel = new SeparableGibbsKernel(grid, eps);
    this.tmp = new Float64Array(grid.size);
  }

  accept(s: WeightStats): boolean {
    const N = this.grid.size;
    const T =
      s.maxAlpha + s.maxBeta + 2 * this.lambda + 2 * Math.log(N) - Math.log(this.budget) + 5;
    if (!(T <= 700)) return false;
    if (T > this.kernel.tailLog) this.kernel.setTail(Math.min(700, T + 10));
    return true;
  }

  apply(x: Float64Array, out: Float64Array): void {
    this.kernel.apply(x, out);
  }

  applyCost(x: Float64Array, out: Float64Array): void {
    out.fill(0);
    const t = this.tmp;
    for (let a = 0; a < this.grid.dim; a++) {
      this.kernel.applyAxisCost(x, t, a);
      for (let i = 0; i < t.length; i++) out[i] += t[i];
    }
  }
}

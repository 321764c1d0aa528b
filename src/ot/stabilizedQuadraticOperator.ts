import type { Grid } from "../grid/grid.js";
import type { GibbsOperator } from "./gibbsOperator.js";
import { StabilizedGibbsKernel } from "./stabilizedGibbsKernel.js";

/**
 * The log-stabilised Gibbs kernel of the quadratic cost |x − y|² ({@link
 * StabilizedGibbsKernel}: one banded pass per axis with the weights absorbed, entries below
 * θ of each row's maximum dropped) as a {@link GibbsOperator}. Valid for any log-weights.
 */
export class StabilizedQuadraticOperator implements GibbsOperator {
  readonly kind = "stabilized";
  private readonly kernel: StabilizedGibbsKernel;
  private readonly tmp: Float64Array;

  constructor(
    readonly grid: Grid,
    eps: number,
    theta?: number,
  ) {
    this.kernel = new StabilizedGibbsKernel(grid, eps, theta);
    this.tmp = new Float64Array(grid.size);
  }

  build(alpha: Float64Array, beta: Float64Array): boolean {
    this.kernel.build(alpha, beta);
    return true;
  }

  setAlpha(alpha: Float64Array): void {
    this.kernel.setAlpha(alpha);
  }

  get logScale(): Float64Array {
    return this.kernel.logScale;
  }

  get logOffset(): Float64Array {
    return this.kernel.logOffset;
  }

  apply(x: Float64Array, out: Float64Array): void {
    this.kernel.apply(x, out);
  }

  /** Σ over axes of the per-axis cost passes: Σ_j |z_i − z_j|² Q_ij x_j. */
  applyCost(x: Float64Array, out: Float64Array): void {
    out.fill(0);
    const t = this.tmp;
    for (let a = 0; a < this.grid.dim; a++) {
      this.kernel.applyAxisCost(x, t, a);
      for (let i = 0; i < t.length; i++) out[i] += t[i];
    }
  }
}

/**
 * A Gibbs kernel with absorbed log-weights, as the unbalanced scaling iterations apply it
 * (generalizedSinkhorn.ts):
 *
 *   y_i = Σ_j exp(α_i + β_j − C_ij/ε) x_j = exp(logScale_i) · (Q x)_i,
 *
 * C_ij = C(|z_i − z_j|²) a radial cost between cell centres (radialCost.ts), α, β
 * log-weights (absorbed dual potentials over ε; −∞ for cells that carry no mass), and
 * Q = `apply` a well-scaled operator whose entries are ≤ 1. `logScale_i = α_i + logOffset_i`.
 *
 * Two families implement it:
 * - **scaling domain** (scalingGibbsOperator.ts): a translation-invariant kernel (the
 *   separable Gaussian of the quadratic cost, or the radial kernel by FFT) applied to
 *   e^{β − max β}·x. Cheap to rebuild, but only valid while the weights fit in double range
 *   and the kernel's truncation or rounding stays below the mass budget: `build` returns false
 *   otherwise, and the caller continues on a stabilised operator;
 * - **log-stabilised** (stabilizedQuadraticOperator.ts, stabilizedRadialKernel.ts): the
 *   weights are folded into the stored entries row by row (B. Schmitzer, "Stabilized sparse
 *   scaling algorithms for entropy regularized transport problems", SIAM J. Sci. Comput. 41,
 *   2019), valid for any weights; `build` always returns true.
 */
export interface GibbsOperator {
  /** Which implementation this is (reported by the solvers). */
  readonly kind: "separable" | "fft" | "stabilized";
  /**
   * Rebuilds for output log-weights α and input log-weights β (grid size, finite or −∞).
   * Returns false if this operator cannot represent them (scaling domain only).
   */
  build(alpha: Float64Array, beta: Float64Array): boolean;
  /** Changes α only (O(N)); use after absorbing the output-side scaling. */
  setAlpha(alpha: Float64Array): void;
  /** α_i + logOffset_i: the log of the factor multiplying output i (−∞: empty row). */
  readonly logScale: Float64Array;
  /** logOffset_i = logScale_i − α_i. */
  readonly logOffset: Float64Array;
  /** out = Q x (without the factor exp(logScale)). */
  apply(x: Float64Array, out: Float64Array): void;
  /** out_i = Σ_j C_ij Q_ij x_j (the cost-weighted kernel, same scaling as apply). */
  applyCost(x: Float64Array, out: Float64Array): void;
}

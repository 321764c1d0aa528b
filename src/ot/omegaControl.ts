import { requireNumber } from "../errors.js";
import { powCoefficients } from "./scalingUpdates.js";

/**
 * The over-relaxation parameter ω of a Sinkhorn-type iteration, fixed or adapted ("auto")
 * from the observed linear rate of the marginal error.
 *
 * In "auto" mode, whenever the rate ρ over the last 4 iterations is steady (two consecutive
 * 4-iteration rates within 25 % of 1 − ρ, at least 6 iterations after the last change), the
 * rate μ of the plain iteration is recovered from Young's relation for over-relaxed
 * alternating (Gauss–Seidel type) iterations, (ρ + ω − 1)² = ρ ω² μ, and ω is raised to the
 * optimal 2/(1 + √(1 − μ)), capped at 1.9 (D. M. Young, "Iterative solution of large linear
 * systems", 1971; for Sinkhorn: A. Thibault, L. Chizat, C. Dossal & N. Papadakis,
 * "Overrelaxed Sinkhorn–Knopp algorithm for regularized optimal transport", Algorithms 14,
 * 2021, and T. Lehmann, M.-K. von Renesse, A. Sambale & A. Uschmajew, "A note on
 * overrelaxation in the Sinkhorn algorithm", Optim. Lett. 16, 2022). The relation only holds
 * while the dominant rate is real, i.e. ρ > ω − 1; at or above the optimum ρ ≈ ω − 1 and ω
 * is left alone. ω is never lowered, except that it falls back to 1 for good if the error
 * grows above 10× its best value, or if the over-relaxed iteration stagnates.
 *
 * **Stagnation.** An over-relaxed iteration can settle on an error floor that the plain one
 * does not have: with marginals of slightly different masses (ΔM, accepted as round-off by
 * sinkhorn.ts) the relaxed column step leaves an error ≈ ΔM·ω/(2 − ω) (measured: 3.8e-12 =
 * 19·2e-13 at ω = 1.9), above a tolerance that plain Sinkhorn (floor ΔM) meets. Rule: while
 * ω > 1, if the best error has improved by less than 0.1 % over the last
 * {@link STALL_WINDOW} observations (all at the current ω) and the current error is within 2×
 * the best (a plateau, not a transient excursion, which the 10× rule handles), ω falls back
 * to 1 for good. A converging iteration improves its best by more than 0.1 % in
 * STALL_WINDOW iterations unless its rate per iteration exceeds 1 − 5e-5, where plain
 * Sinkhorn would not be slower.
 */
export class OmegaControl {
  /** Current ω (1 = plain iteration). */
  omega: number;
  /** Coefficients of the near-1 power series for the current ω (powCoefficients). */
  coef: Float64Array;
  readonly auto: boolean;
  private readonly errs: number[] = [];
  private best = Infinity;
  private frozen = false;
  private changedAt = 0;

  /** `omega`: a fixed ω in [1, 2), or "auto" starting from `start` (default 1). */
  constructor(omega: number | "auto" | undefined, start?: number) {
    this.auto = omega === "auto";
    this.omega = this.auto
      ? requireNumber("omegaStart", start ?? 1, { min: 1, max: 1.9 })
      : requireNumber("omega", (omega as number | undefined) ?? 1, { min: 1, max: 1.999 });
    this.coef = powCoefficients(this.omega);
  }

  /** Records the marginal error of the current iterate and adapts ω (auto mode). */
  observe(err: number): void {
    if (!this.auto) return;
    const errs = this.errs;
    errs.push(err);
    this.best = Math.min(this.best, err);
    const k = errs.length;
    const omega = this.omega;
    let next = omega;
    if (omega > 1 && err > 10 * this.best) {
      next = 1;
      this.frozen = true;
    } else if (omega > 1 && this.stalled(err)) {
      next = 1;
      this.frozen = true;
    } else if (!this.frozen && k - this.changedAt >= 6) {
      const r = (errs[k - 1] / errs[k - 5]) ** 0.25;
      const r0 = (errs[k - 2] / errs[k - 6]) ** 0.25;
      if (r < 1 && r > omega - 1 + 0.05 && Math.abs(r - r0) < 0.25 * (1 - r)) {
        const mu = Math.min(1, (r + omega - 1) ** 2 / (r * omega * omega));
        const target = Math.min(1.9, 2 / (1 + Math.sqrt(1 - mu)));
        if (target > omega + 0.01) {
          next = target;
          this.changedAt = k;
        }
      }
    }
    if (next !== omega) {
      this.omega = next;
      this.coef = powCoefficients(next);
      this.changedAt = k;
    }
    this.bests.push(this.best);
  }

  /**
   * True if the last STALL_WINDOW observations, all at the current ω, improved the best
   * error by less than 0.1 % and `err` is within 2× the best (see the class comment).
   */
  private stalled(err: number): boolean {
    const k = this.errs.length;
    if (k - this.changedAt <= STALL_WINDOW) return false;
    const before = this.bests[k - STALL_WINDOW - 1];
    return this.best > 0.999 * before && err <= 2 * this.best;
  }

  /** Best error after each observation (bests[k] = min of the first k + 1 errors). */
  private readonly bests: number[] = [];
}

/** Observations without a 0.1 % improvement of the best error that count as a stall. */
export const STALL_WINDOW = 50;

/**
 * The over-relaxation ω of the b-update of entropic JKO steps (scalingJko.ts), tuned across
 * the steps of a run by a one-dimensional search on the observed linear rate.
 *
 * **Model.** The inner loop is the fixed-point iteration β ← T(β) = x log K(p/K e^β) + C on
 * β = log b with x = −κ, κ = σν/(1 + σν) ∈ (0, 1) (Peyré 2015). Its Jacobian is κ·P₁P₂, a
 * product of two stochastic matrices (the two conditional plans) with real eigenvalues
 * κμ, μ ∈ [0, 1]; constants are eigenvectors with μ = 1 (T(β + c) = T(β) + κc). The
 * relaxed iteration β ← (1 − ω)β + ωT(β) multiplies the mode μ by 1 − ω(1 − κμ): every mode
 * contracts for 0 < ω < 2, and ω₀ = 2/(2 − κ) minimises the worst factor over μ ∈ [0, 1]
 * (κ/(2 − κ) instead of κ). When the error has no rough part (μ ≈ 0, damped by the Gibbs
 * kernel), larger ω, up to 1/(1 − κ) where the smooth factor vanishes, converges faster
 * still — measured on the heat flow of docs/benchmarks.md P4 (2D, N = 128, κ = 0.45):
 * 11.0 inner iterations per step at ω = 1, 8.1 at ω₀, 4.5 at ω = 1.8; but on the same flow at
 * N = 64 with τ = 0.05 (κ = 0.51) ω = 1.8 took 27 iterations per step against 12 at ω₀.
 * Relaxation theory for Sinkhorn-type iterations: A. Thibault, L. Chizat, C. Dossal &
 * N. Papadakis, "Overrelaxed Sinkhorn–Knopp algorithm for regularized optimal transport",
 * Algorithms 14, 2021.
 *
 * **Search.** The steps of a run solve nearby problems, so the observed rate of one step
 * predicts the next. Starting at ω₀ (never below it), ω moves by δ towards {@link OMEGA_MAX};
 * after each observed step, if the rate got worse than at the previous ω the direction
 * reverses and δ halves (a hill climb on the rate that settles within δ₀/2^k of the best ω);
 * a new κ restarts the search. A step that did not converge sends ω back to ω₀.
 */
export class RelaxationSearch {
  private kappa = NaN;
  private omegaNow = 1;
  private lower = 1;
  private delta = 0;
  private lastRate = Infinity;

  /** ω for a run with this κ (restarts the search when κ changed). */
  omega(kappa: number): number {
    if (kappa !== this.kappa) {
      this.kappa = kappa;
      this.lower = kappa > 0 && kappa < 1 ? 2 / (2 - kappa) : 1;
      this.omegaNow = this.lower;
      this.delta = (OMEGA_MAX - this.lower) / 4;
      this.lastRate = Infinity;
    }
    return this.omegaNow;
  }

  /**
   * Records a converged run at the current ω: `rate` = its observed rate per iteration
   * (NaN if it was too short to tell, which leaves ω alone).
   */
  observe(rate: number): void {
    if (!(rate >= 0) || this.delta === 0) return;
    if (rate > this.lastRate) this.delta = -this.delta / 2;
    this.lastRate = rate;
    if (Math.abs(this.delta) < MIN_DELTA) return;
    this.omegaNow = Math.min(OMEGA_MAX, Math.max(this.lower, this.omegaNow + this.delta));
  }

  /** A run did not converge: back to the safe ω₀, search restarted. */
  fail(): void {
    this.kappa = NaN;
  }
}

/** Upper end of the search (rough modes still contract by |1 − ω| = 0.9). */
export const OMEGA_MAX = 1.9;
/** The search stops once its step is below this. */
const MIN_DELTA = 0.01;

/**
 * The observed linear rate of a run from its changes c_k = ‖q_k − q_{k−1}‖₁/‖q_k‖₁ (k ≥ 1):
 * (c_last/c_first)^{1/(last − first)} over k ≥ 2 (the first update carries the warm start's
 * transient); NaN with fewer than 3 usable changes.
 */
export function observedRate(changes: readonly number[]): number {
  const first = 2;
  const last = changes.length - 1;
  if (last - first < 2) return NaN;
  const a = changes[first];
  const b = changes[last];
  if (!(a > 0 && b > 0)) return NaN;
  return (b / a) ** (1 / (last - first));
}

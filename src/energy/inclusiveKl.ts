import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import type { Energy } from "./energy.js";

/**
 * Inclusive (forward, "mass-covering") relative entropy on non-negative measures
 * (docs/exact-solutions.md §0, §D.3):
 *
 *   F(ρ) = KL(π‖ρ) = ∫ π log(π/ρ) − π + ρ,     ξ = δF/δρ = 1 − π/ρ,
 *
 * discretised on the grid as Σ_i |cell| [π_i log(π_i/ρ_i) − π_i + ρ_i] with 0·log(0/ρ) = 0.
 * π is a non-negative target of any mass (values at cell centres, or a function of x sampled
 * there). Its Fisher–Rao flow (fisherRao.ts) is linear, ∂ρ/∂t = −βρ(1 − π/ρ) = −β(ρ − π),
 * ρ_t = π + e^{−βt}(ρ₀ − π) (Zhu, "Inclusive KL minimization: a Wasserstein–Fisher–Rao
 * gradient flow perspective", arXiv 2024).
 *
 * Vacuum. F = +∞ as soon as ρ_i = 0 < π_i (the support of ρ must cover that of π):
 * - `value` returns +Infinity;
 * - `firstVariation` writes ξ_i = −Infinity there (the limit of 1 − π/ρ as ρ → 0⁺), and
 *   ξ_i = 1 where π_i = 0 (whatever ρ_i);
 * - the split has ν = `entropyWeight` = 0 and ψ = ξ, so `smoothVariation` is finite only if
 *   ρ > 0 wherever π > 0; otherwise it throws an InputError("rho", …) naming the cell.
 *   The geometries only call `smoothVariation`, so a Fisher–Rao or Wasserstein run started
 *   from such a ρ (infinite energy) stops with that message instead of producing NaN.
 *   (The continuous FR flow π − ρ would fill the hole, but FisherRaoGeometry sets ρξ := 0 in
 *   empty cells; start from ρ₀ > 0 on the support of π.)
 * The energy has no `pointwise()` form (ξ is not of the entropy/potential/power type), so
 * FisherRaoGeometry limits its step by positivity only (ξ ≤ 1 gives dt_FE ≥ 1/β).
 */
export class InclusiveKl implements Energy {
  readonly name = "inclusiveKL";
  readonly entropyWeight = 0;
  /** π at cell centres (≥ 0, finite). */
  readonly target: Float64Array;

  constructor(
    readonly grid: Grid,
    target: Float64Array | ((x: Float64Array) => number),
  ) {
    const pi = typeof target === "function" ? grid.sample(target) : Float64Array.from(target);
    grid.checkLength("inclusiveKl.target", pi);
    for (let i = 0; i < pi.length; i++) {
      if (!Number.isFinite(pi[i]) || pi[i] < 0) {
        throw new InputError(
          "inclusiveKl.target",
          `must be finite and >= 0; cell ${i} is ${pi[i]}`,
        );
      }
    }
    this.target = pi;
  }

  value(rho: Float64Array): number {
    const pi = this.target;
    let s = 0;
    for (let i = 0; i < rho.length; i++) {
      const r = rho[i];
      const p = pi[i];
      if (p > 0) {
        if (!(r > 0)) return Infinity;
        s += p * Math.log(p / r) - p + r;
      } else {
        s += r;
      }
    }
    return s * this.grid.cellVolume;
  }

  firstVariation(rho: Float64Array, out: Float64Array): void {
    const pi = this.target;
    for (let i = 0; i < rho.length; i++) {
      const p = pi[i];
      out[i] = p > 0 ? 1 - p / rho[i] : 1;
    }
  }

  smoothVariation(rho: Float64Array, out: Float64Array): void {
    const pi = this.target;
    for (let i = 0; i < rho.length; i++) {
      const p = pi[i];
      const r = rho[i];
      if (p > 0) {
        if (!(r > 0)) this.fail(i, r);
        out[i] = 1 - p / r;
      } else {
        out[i] = 1;
      }
    }
  }

  private fail(i: number, r: number): never {
    throw new InputError(
      "rho",
      `is ${r} at cell ${i} where the target π = ${this.target[i]} > 0: KL(π‖ρ) = +∞ and ` +
        `its first variation 1 − π/ρ is −∞ there; the support of ρ must contain that of π`,
    );
  }
}

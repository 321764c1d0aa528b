import type { DivergenceTerm, Energy } from "../energy/energy.js";
import { InputError } from "../errors.js";
import { splitForJko } from "./entropicJko.js";

/**
 * The first variation ξ = δF/δρ of an energy as a function of the density in each cell, for
 * the pointwise (per-cell) solves of the unbalanced JKO steps (energyMarginalProx.ts,
 * fisherRaoJko.ts). With t = log ρ_j:
 *
 *   ξ_j(t) = ν t + V_j + Σ_m c_m m/(m−1) e^{(m−1)t} + Σ_d w_d f_d'(e^t/π_dj),
 *   dξ_j/dt = ν + Σ_m c_m m e^{(m−1)t} + Σ_d w_d (ρ/π_dj) f_d''(ρ/π_dj) > 0,
 *
 * from the energy's split for the entropic JKO (splitForJko, entropicJko.ts: entropy weight ν,
 * potential, power terms c ρ^m/(m−1), f-divergence terms), with the terms that have no
 * pointwise form (interaction, MMD, …) linearised at ρ_k: their smooth variation ψ(ρ_k) joins
 * V and their entropy weight joins ν (semi-implicit step, first order in τ).
 *
 * **Calibration.** V_j also absorbs the per-cell constant ξ_true − ξ_model, where ξ_true is
 * the energy's own `firstVariation` evaluated at ρ̃ = ρ_k (cells with ρ_k = 0: 1e-12·max ρ_k).
 * For pointwise terms the difference does not depend on ρ; it removes the convention of the
 * JKO prox (klProx.ts), whose entropy ν ρ log ρ differentiates to ν(log ρ + 1), so that
 * ξ_j(t) is exactly the variation the finite-volume geometries use (Entropy: log ρ; KL:
 * log(ρ/π)). This matters here and not for the balanced JKO: a constant shift of ξ moves mass
 * in the Fisher–Rao part (∂ρ/∂t = −βρξ) but not in the Wasserstein part.
 */
export class CellVariation {
  readonly nu: number;
  /** V_j (calibrated; see the class comment). */
  readonly V: Float64Array;
  private readonly cm: Float64Array;
  private readonly mm1: Float64Array;
  private readonly divs: { weight: number; term: DivergenceTerm }[];
  /** ξ_j(−∞) is −∞ (true) or finite (false: no entropy and no divergence with f'(0) = −∞). */
  readonly unboundedBelow: boolean;

  constructor(energy: Energy, rhoPrev: Float64Array) {
    const split = splitForJko(energy);
    const N = rhoPrev.length;
    this.nu = split.entropy;
    if (!(this.nu >= 0)) {
      throw new InputError(
        "energy",
        `the unbalanced JKO needs an entropy weight >= 0, got ${this.nu}`,
      );
    }
    this.cm = Float64Array.from(split.powers, (p) => (p.coef * p.m) / (p.m - 1));
    this.mm1 = Float64Array.from(split.powers, (p) => p.m - 1);
    for (const p of split.powers) {
      if (!(p.coef > 0) || !(p.m > 1)) {
        throw new InputError(
          "energy",
          `power terms need c > 0 and m > 1, got c = ${p.coef}, m = ${p.m}`,
        );
      }
    }
    this.divs = split.divergences.filter((d) => d.weight !== 0);
    this.unboundedBelow = this.nu > 0 || this.divs.some((d) => d.term.df(0) === -Infinity);
    const V = new Float64Array(N);
    if (split.potential) V.set(split.potential);
    const tmp = new Float64Array(N);
    for (const { weight, energy: e } of split.explicit) {
      e.smoothVariation(rhoPrev, tmp);
      for (let i = 0; i < N; i++) V[i] += weight * tmp[i];
    }
    this.V = V;
    // Calibrate against the energy's own first variation at ρ̃ (> 0 everywhere).
    let rmax = 0;
    for (let i = 0; i < N; i++) if (rhoPrev[i] > rmax) rmax = rhoPrev[i];
    if (!(rmax > 0)) throw new InputError("rho", "has no mass");
    const ref = Float64Array.from(rhoPrev, (r) => (r > 0 ? r : 1e-12 * rmax));
    energy.firstVariation(ref, tmp);
    const out = new Float64Array(2);
    for (let j = 0; j < N; j++) {
      this.eval(j, Math.log(ref[j]), out);
      const d = tmp[j] - out[0];
      if (!Number.isFinite(d)) {
        throw new InputError(
          "energy",
          `its first variation is not finite at cell ${j} (${tmp[j]})`,
        );
      }
      V[j] += d;
    }
  }

  /** out[0] = ξ_j(t), out[1] = dξ_j/dt at t = log ρ. */
  eval(j: number, t: number, out: Float64Array): void {
    const nu = this.nu;
    let xi = nu * t + this.V[j];
    let dxi = nu;
    const cm = this.cm;
    const mm1 = this.mm1;
    for (let k = 0; k < cm.length; k++) {
      const e = cm[k] * Math.exp(mm1[k] * t);
      xi += e;
      dxi += mm1[k] * e;
    }
    const divs = this.divs;
    for (let d = 0; d < divs.length; d++) {
      const { weight, term } = divs[d];
      const r = Math.exp(t) / term.target[j];
      xi += weight * term.df(r);
      if (r > 0 && r < Infinity) dxi += weight * r * term.d2f(r);
    }
    out[0] = xi;
    out[1] = dxi;
  }

  /** ξ_j(−∞): −Infinity when {@link unboundedBelow}, else V_j + Σ w f'(0). */
  lowerLimit(j: number): number {
    if (this.unboundedBelow) return -Infinity;
    let s = this.V[j];
    for (const { weight, term } of this.divs) s += weight * term.df(0);
    return s;
  }
}

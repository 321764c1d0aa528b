import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import type { Energy, PointwiseTerms } from "./energy.js";

/**
 * Relative entropy on non-negative measures (Csiszár):
 *   KL(ρ‖π) = ∫ ρ log(ρ/π) − ρ + π,   δKL/δρ = log(ρ/π),
 * with π = e^{−U}/Z known up to its normalising constant: pass U (a function of x or values at
 * the cell centres) and, optionally, log Z (default: Z chosen so that π has unit mass on the
 * grid). Split: ν = 1, ψ = −log π = U + log Z. Its Wasserstein flow is Fokker–Planck
 * ∂ρ/∂t = Δρ + div(ρ∇U).
 */
export class RelativeEntropy implements Energy {
  readonly name = "KL";
  readonly entropyWeight = 1;
  /** −log π at cell centres. */
  readonly minusLogPi: Float64Array;

  constructor(
    readonly grid: Grid,
    U: ((x: Float64Array) => number) | Float64Array,
    logZ?: number,
  ) {
    const u = typeof U === "function" ? grid.sample(U) : Float64Array.from(U);
    grid.checkLength("kl.U", u);
    for (let i = 0; i < u.length; i++) {
      if (!Number.isFinite(u[i]))
        throw new InputError("kl.U", `is not finite at cell ${i} (${u[i]})`);
    }
    let lz = logZ;
    if (lz === undefined) {
      // log Σ e^{−U_i}|cell|, computed stably.
      let umin = Infinity;
      for (let i = 0; i < u.length; i++) umin = Math.min(umin, u[i]);
      const e = new Float64Array(u.length);
      for (let i = 0; i < u.length; i++) e[i] = Math.exp(-(u[i] - umin));
      lz = -umin + Math.log(grid.integrate(e));
    }
    for (let i = 0; i < u.length; i++) u[i] += lz;
    this.minusLogPi = u;
  }

  value(rho: Float64Array): number {
    const mlp = this.minusLogPi;
    const w = this.grid.cellMeasures;
    let s = 0;
    for (let i = 0; i < rho.length; i++) {
      const r = rho[i];
      const pi = Math.exp(-mlp[i]);
      const f = (r > 0 ? r * (Math.log(r) + mlp[i]) : 0) - r + pi;
      s += w ? f * w[i] : f;
    }
    return w ? s : s * this.grid.cellVolume;
  }

  firstVariation(rho: Float64Array, out: Float64Array): void {
    const mlp = this.minusLogPi;
    for (let i = 0; i < rho.length; i++) out[i] = Math.log(rho[i]) + mlp[i];
  }

  smoothVariation(_rho: Float64Array, out: Float64Array): void {
    out.set(this.minusLogPi);
  }

  pointwise(): PointwiseTerms {
    return { entropy: 1, potential: this.minusLogPi, powers: [] };
  }
}

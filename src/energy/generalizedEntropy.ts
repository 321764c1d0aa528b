import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import type { Energy, PointwiseTerms } from "./energy.js";
import { powerOf } from "./fastPower.js";

/**
 * Generalized (Tsallis/Rényi-type) entropy F(ρ) = 1/(m−1) ∫ ρ^m, m > 1, with
 * δF/δρ = m/(m−1) ρ^{m−1} (the pressure). Its Wasserstein flow is the porous-medium
 * equation ∂ρ/∂t = div(ρ∇(m/(m−1)ρ^{m−1})) = Δρ^m, with no prefactor.
 * Vacuum is harmless: the first variation is 0 there.
 */
export class GeneralizedEntropy implements Energy {
  readonly name: string;
  readonly entropyWeight = 0;
  /** ρ ↦ ρ^{m−1} (fastPower.ts). */
  private readonly power: (x: number) => number;

  constructor(
    readonly grid: Grid,
    readonly m: number,
  ) {
    if (typeof m !== "number" || !Number.isFinite(m) || !(m > 1)) {
      throw new InputError("m", `the porous-medium exponent must be a finite number > 1, got ${m}`);
    }
    this.name = `generalized entropy (m=${m})`;
    this.power = powerOf(m - 1);
  }

  value(rho: Float64Array): number {
    const m = this.m;
    let s = 0;
    const w = this.grid.cellMeasures;
    if (w) {
      for (let i = 0; i < rho.length; i++) s += rho[i] ** m * w[i];
      return s / (m - 1);
    }
    if (m === 2) for (let i = 0; i < rho.length; i++) s += rho[i] * rho[i];
    else for (let i = 0; i < rho.length; i++) s += rho[i] ** m;
    return (s * this.grid.cellVolume) / (m - 1);
  }

  firstVariation(rho: Float64Array, out: Float64Array): void {
    const m = this.m;
    const c = m / (m - 1);
    // Closed forms for m = 2, 3 (ρ·ρ is what V8 returns for ρ**2, bit for bit).
    if (m === 2) for (let i = 0; i < rho.length; i++) out[i] = c * rho[i];
    else if (m === 3) {
      for (let i = 0; i < rho.length; i++) {
        const r = rho[i];
        out[i] = c * (r * r);
      }
    } else {
      // ρ^{m−1} by closed forms for the common m (fastPower.ts), Math.pow otherwise.
      const pow = this.power;
      for (let i = 0; i < rho.length; i++) out[i] = c * pow(rho[i]);
    }
  }

  smoothVariation(rho: Float64Array, out: Float64Array): void {
    this.firstVariation(rho, out);
  }

  pointwise(): PointwiseTerms {
    return { entropy: 0, potential: null, powers: [{ coef: 1, m: this.m }] };
  }
}

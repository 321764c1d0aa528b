import type { Grid } from "../grid/grid.js";
import type { Energy, PointwiseTerms } from "./energy.js";

/**
 * Boltzmann entropy H(ρ) = ∫ ρ log ρ (0 log 0 = 0); δH/δρ = log ρ (the "+1" is dropped:
 * it does not change Wasserstein flows of mass-preserving dynamics, and it matches the
 * KL convention δKL/δρ = log(ρ/π)). Its Wasserstein flow is the heat equation ∂ρ/∂t = Δρ
 * with diffusion coefficient 1.
 */
export class Entropy implements Energy {
  readonly name = "entropy";
  readonly entropyWeight = 1;
  constructor(readonly grid: Grid) {}

  value(rho: Float64Array): number {
    const w = this.grid.cellMeasures;
    if (w) return radialValue(rho, w);
    let s = 0;
    for (let i = 0; i < rho.length; i++) {
      const r = rho[i];
      if (r > 0) s += r * Math.log(r);
    }
    return s * this.grid.cellVolume;
  }

  firstVariation(rho: Float64Array, out: Float64Array): void {
    for (let i = 0; i < rho.length; i++) out[i] = Math.log(rho[i]);
  }

  smoothVariation(_rho: Float64Array, out: Float64Array): void {
    out.fill(0);
  }

  pointwise(): PointwiseTerms {
    return { entropy: 1, potential: null, powers: [] };
  }
}

/** Σ ρ_i log ρ_i V_i on a radial grid (cell measures V_i). */
function radialValue(rho: Float64Array, w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < rho.length; i++) {
    const r = rho[i];
    if (r > 0) s += r * Math.log(r) * w[i];
  }
  return s;
}

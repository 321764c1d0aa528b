import { InputError } from "../errors.js";
import type { Gaussian } from "./gaussian.js";
import { matMul, trace, type Mat } from "./symmetricMatrix.js";

/**
 * Relative entropy between Gaussians (EXACT.md §B).
 * Probabilities: KL(N₁|N₂) = ½[tr(Σ₂⁻¹Σ₁) + (μ₂−μ₁)ᵀΣ₂⁻¹(μ₂−μ₁) − d + log(det Σ₂/det Σ₁)].
 * On 𝓜₊ (Csiszár, ∫ρ log(ρ/π) − ρ + π):
 *   KL(M₁N₁|M₂N₂) = M₁ log(M₁/M₂) + M₁ KL(N₁|N₂) − M₁ + M₂.
 * `klGaussians` uses the masses of its arguments, so with unit masses it is the usual KL.
 */
export function klGaussians(g1: Gaussian, g2: Gaussian): number {
  if (g1.dim !== g2.dim) {
    throw new InputError("gaussian", `dimensions differ (${g1.dim} vs ${g2.dim})`);
  }
  const kl = klNormalised(g1, g2);
  const M1 = g1.mass;
  const M2 = g2.mass;
  return M1 * Math.log(M1 / M2) + M1 * kl - M1 + M2;
}

/** KL between the normalised Gaussians N(μ₁,Σ₁), N(μ₂,Σ₂) (masses ignored). */
export function klNormalised(g1: Gaussian, g2: Gaussian): number {
  const d = g1.dim;
  const P2 = g2.precision as Mat;
  const tr = trace(matMul(P2, g1.cov as Mat));
  let q = 0;
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++)
      q += (g2.mean[i] - g1.mean[i]) * P2[i][j] * (g2.mean[j] - g1.mean[j]);
  return 0.5 * (tr + q - d + g2.logDetCov - g1.logDetCov);
}

import { InputError } from "../errors.js";
import {
  matMul,
  sqrtmPsd,
  symmetrize,
  trace,
  inverseSpd,
  type Mat,
} from "../exact/symmetricMatrix.js";

/**
 * W₂ between Gaussians (Bures–Wasserstein; Dowson & Landau 1982, Olkin & Pukelsheim 1982):
 *   W₂² = |μ₁ − μ₂|² + tr(Σ₁ + Σ₂ − 2(Σ₂^{1/2} Σ₁ Σ₂^{1/2})^{1/2}).
 * Equal masses are implied (probability measures).
 */
export function w2GaussiansSquared(
  mean1: ArrayLike<number>,
  cov1: Mat,
  mean2: ArrayLike<number>,
  cov2: Mat,
): number {
  const d = cov1.length;
  if (cov2.length !== d || mean1.length !== d || mean2.length !== d) {
    throw new InputError("gaussian", "means and covariances must have matching dimensions");
  }
  let dm = 0;
  for (let a = 0; a < d; a++) dm += (mean1[a] - mean2[a]) ** 2;
  const s2 = sqrtmPsd(cov2);
  const cross = sqrtmPsd(symmetrize(matMul(matMul(s2, cov1), s2)));
  return Math.max(0, dm + trace(cov1) + trace(cov2) - 2 * trace(cross));
}

export function w2Gaussians(
  mean1: ArrayLike<number>,
  cov1: Mat,
  mean2: ArrayLike<number>,
  cov2: Mat,
): number {
  return Math.sqrt(w2GaussiansSquared(mean1, cov1, mean2, cov2));
}

/**
 * Brenier map between N(μ₁,Σ₁) and N(μ₂,Σ₂): x ↦ μ₂ + T(x − μ₁) with
 * T = Σ₁^{−1/2}(Σ₁^{1/2}Σ₂Σ₁^{1/2})^{1/2}Σ₁^{−1/2} (SPD, TΣ₁T = Σ₂; Knott & Smith 1984).
 */
export function brenierMapGaussians(cov1: Mat, cov2: Mat): Mat {
  const r1 = sqrtmPsd(cov1);
  const r1inv = inverseSpd(r1);
  const mid = sqrtmPsd(symmetrize(matMul(matMul(r1, cov2), r1)));
  return symmetrize(matMul(matMul(r1inv, mid), r1inv));
}

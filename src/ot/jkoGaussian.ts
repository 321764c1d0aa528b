/**
 * Exact Gaussian recursions of the entropic JKO scheme (EXACT.md §H), per axis.
 *
 * Heat flow, F = ν∫ρ log ρ (ν = 1 is the heat equation; ν = 1 − ε/(4τ) is the blur-corrected
 * step of EntropicJko): restricting the step to Gaussian couplings with covariance
 * [[a, c], [c, s²]], the stationarity conditions a s² − c² = εc/2 and c = s²a/(a − ντ) give
 *
 *   s²_{k+1} = ντ + w,   w = ½[(s_k² + ε/2) + √((s_k² + ε/2)² + 4 s_k² ντ)],
 *
 * (§H for ν = 1; the same derivation with weight ν). In d dimensions it applies to each
 * eigenvalue of the covariance; the mean and the mass are unchanged.
 *
 * Fokker–Planck, F = ν∫ρ log ρ + ∫(κ/2)(x − x_c)²ρ, λ = 1 + τκ:
 *
 *   μ_{k+1} = (μ_k + τκ x_c)/λ,
 *   w = ½[(s²/λ + ε/2) + √((s²/λ + ε/2)² + 4 s² ντ/λ)],   s²_{k+1} = (w + ντ)/λ.
 *
 * Grid comparisons: a grid JKO started from point samples of a Gaussian follows these
 * recursions to spectral accuracy (ε ≥ 2h²); started from cell averages, the recursion must
 * start at s² + h²/12 (EXACT.md §0.1).
 */
export function entropicJkoHeatVariance(s2: number, tau: number, eps: number, nu = 1): number {
  const b = s2 + eps / 2;
  return nu * tau + 0.5 * (b + Math.sqrt(b * b + 4 * s2 * nu * tau));
}

/** Variances after each of `steps` heat steps (index 0 = s2). */
export function entropicJkoHeatVariances(
  s2: number,
  tau: number,
  eps: number,
  steps: number,
  nu = 1,
): number[] {
  const out = [s2];
  for (let k = 0; k < steps; k++) out.push(entropicJkoHeatVariance(out[k], tau, eps, nu));
  return out;
}

/** One Fokker–Planck step of mean and variance (per axis). */
export function entropicJkoFpStep(
  mu: number,
  s2: number,
  tau: number,
  eps: number,
  kappa: number,
  xc: number,
  nu = 1,
): { mu: number; s2: number } {
  const lam = 1 + tau * kappa;
  const b = s2 / lam + eps / 2;
  const w = 0.5 * (b + Math.sqrt(b * b + (4 * s2 * nu * tau) / lam));
  return { mu: (mu + tau * kappa * xc) / lam, s2: (w + nu * tau) / lam };
}

/**
 * Stationary variance of the Fokker–Planck recursion: the larger root of
 * (λ² − 1)a² − (2λτν + ελ/2)a + ν²τ² + εντ/2 = 0 (EXACT.md §H for ν = 1), ≈ (ν + ε/(4τ))/κ.
 */
export function entropicJkoFpStationaryVariance(
  tau: number,
  eps: number,
  kappa: number,
  nu = 1,
): number {
  const lam = 1 + tau * kappa;
  const A = lam * lam - 1;
  const B = -(2 * lam * tau * nu + (eps * lam) / 2);
  const C = nu * nu * tau * tau + (eps * nu * tau) / 2;
  return (-B + Math.sqrt(B * B - 4 * A * C)) / (2 * A);
}

/** Effective diffusion coefficient of the entropic heat step for small τ, ε (§H). */
export function entropicJkoEffectiveDiffusion(tau: number, eps: number, nu = 1): number {
  return nu + eps / (4 * tau);
}

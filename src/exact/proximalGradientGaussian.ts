import { requireNumber } from "../errors.js";

/**
 * Gaussian recursions of two discretisations of the Wasserstein gradient flow of
 * F = ∫Vρ + ν∫ρ log ρ with a quadratic V = (κ/2)(x − m)² (per axis), i.e. of KL(·‖π) for
 * π = N(m, σ²) when ν = 1, κ = 1/σ² (docs/sampling.md):
 *
 * - forward–backward (the Wasserstein proximal gradient of Salim, Korba & Luise 2020):
 *   μ′ = m + c(μ − m), c = 1 − γκ, and v′ = J(c²v) with the proximal step of the entropy
 *   J(u) = ½(u + 2γν + √(u² + 4γν·u))  (JKO_{γνH} maps N(μ, u) to N(μ, J(u)));
 * - ULA, x′ = x − γ∇V(x) + √(2γν)ξ, and its grid twin (push, then heat flow for γν):
 *   μ′ = m + c(μ − m), v′ = c²v + 2γν.
 *
 * Stationary variances (σ_eff² = ν/κ): forward–backward σ_eff² exactly when γκ ≤ 1 (no bias),
 * νγ/(2 − γκ) when 1 < γκ < 2; ULA σ_eff²/(1 − γκ/2) = σ²/(1 − γ/(2σ²)) (bias ≈ γν/2); both
 * diverge for γκ ≥ 2. The means converge to m for 0 < γκ < 2.
 */

/** JKO_{τH} of N(μ, u): the variance ½(u + 2τ + √(u² + 4τu)). */
export function jkoEntropyGaussianVariance(u: number, tau: number): number {
  return 0.5 * (u + 2 * tau + Math.sqrt(u * u + 4 * tau * u));
}

/** One per-axis step: mean and variance after the push and the backward step. */
export interface GaussianState {
  mu: number;
  v: number;
}

/** Per-axis parameters: stiffness κ = ∂²V, centre m, entropy weight ν, step γ. */
export interface AxisRecursion {
  kappa: number;
  center: number;
  nu: number;
  gamma: number;
}

/** One forward–backward step of (μ, v). */
export function fbGaussianStep(s: GaussianState, r: AxisRecursion): GaussianState {
  const c = 1 - r.gamma * r.kappa;
  return {
    mu: r.center + c * (s.mu - r.center),
    v: jkoEntropyGaussianVariance(c * c * s.v, r.gamma * r.nu),
  };
}

/** One ULA step of (μ, v). */
export function ulaGaussianStep(s: GaussianState, r: AxisRecursion): GaussianState {
  const c = 1 - r.gamma * r.kappa;
  return { mu: r.center + c * (s.mu - r.center), v: c * c * s.v + 2 * r.gamma * r.nu };
}

/** Stationary variance of forward–backward; Infinity when γκ ≥ 2. */
export function fbStationaryVariance(r: AxisRecursion): number {
  checkAxis(r);
  const gk = r.gamma * r.kappa;
  if (gk >= 2) return Infinity;
  return gk <= 1 ? r.nu / r.kappa : (r.nu * r.gamma) / (2 - gk);
}

/** Stationary variance of ULA, σ_eff²/(1 − γκ/2); Infinity when γκ ≥ 2. */
export function ulaStationaryVariance(r: AxisRecursion): number {
  checkAxis(r);
  const gk = r.gamma * r.kappa;
  if (gk >= 2) return Infinity;
  return r.nu / r.kappa / (1 - gk / 2);
}

function checkAxis(r: AxisRecursion): void {
  requireNumber("kappa", r.kappa, { min: 0, exclusiveMin: true });
  requireNumber("gamma", r.gamma, { min: 0, exclusiveMin: true });
  requireNumber("nu", r.nu, { min: 0 });
}

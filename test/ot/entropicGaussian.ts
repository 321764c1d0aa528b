/**
 * Entropic optimal transport between 1D Gaussians in closed form, written out here as an
 * independent reference for the Sinkhorn tests (cost |x − y|², Gibbs kernel e^{−|x−y|²/ε}).
 *
 * For α = N(m_a, a), β = N(m_b, b) (variances a, b) the optimal entropic plan of
 *   W_ε(α, β) = min_P ⟨C, P⟩ + ε KL(P | α⊗β)
 * is Gaussian; with cross-covariance c, ⟨C, P⟩ = (m_a − m_b)² + a + b − 2c and
 * KL(P | α⊗β) = −½ log(1 − c²/(ab)) (the mutual information). Setting the derivative in c to
 * zero gives 2c² + εc − 2ab = 0, so
 *
 *   c = √(ab + ε²/16) − ε/4,
 *
 * (the README's per-axis formula for a = b = s²). For product measures and the separable cost
 * everything splits over the axes. The debiased divergence S_ε(α, β) = W_ε(α, β) −
 * ½W_ε(α, α) − ½W_ε(β, β) does not depend on the entropy's reference measure for equal
 * masses (divergence.ts), so the KL(P | α⊗β) form above can be compared with the solver's.
 *
 * On a grid, point samples of N(m, s²) have the discrete variance s² (up to aliasing
 * e^{−2π²s²/h²}); cell averages have s² + h²/12 (EXACT.md §0.1).
 */

/** The entropic cross-covariance c = √(ab + ε²/16) − ε/4 of N(·, a) → N(·, b). */
export function entropicCrossCovariance(a: number, b: number, eps: number): number {
  return Math.sqrt(a * b + (eps * eps) / 16) - eps / 4;
}

/** ⟨C, P⟩ on one axis: (Δm)² + a + b − 2c. */
export function entropicTransportCost1d(dm: number, a: number, b: number, eps: number): number {
  return dm * dm + a + b - 2 * entropicCrossCovariance(a, b, eps);
}

/** W_ε on one axis with the reference α⊗β: ⟨C, P⟩ − (ε/2) log(1 − c²/(ab)). */
export function entropicCost1d(dm: number, a: number, b: number, eps: number): number {
  const c = entropicCrossCovariance(a, b, eps);
  return entropicTransportCost1d(dm, a, b, eps) - (eps / 2) * Math.log(1 - (c * c) / (a * b));
}

/** S_ε on one axis: W_ε(α, β) − ½W_ε(α, α) − ½W_ε(β, β). */
export function sinkhornDivergence1d(dm: number, a: number, b: number, eps: number): number {
  return (
    entropicCost1d(dm, a, b, eps) -
    0.5 * entropicCost1d(0, a, a, eps) -
    0.5 * entropicCost1d(0, b, b, eps)
  );
}

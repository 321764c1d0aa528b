import { InputError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";

/**
 * A transport cost that depends on the distance only, c(x, y) = C(|x − y|²), as used by the
 * unbalanced entropic solvers (unbalancedSinkhorn.ts, wfrJko.ts): the squared Euclidean
 * distance, or the Wasserstein–Fisher–Rao cost ({@link WfrCost}).
 */
export interface RadialCost {
  /** Short name with parameters, e.g. "quadratic" or "wfr(δ=0.73)". */
  readonly name: string;
  /** C at squared distance r2 ≥ 0 (Infinity outside the support). */
  cost(r2: number): number;
  /** Radius beyond which the cost is +∞ (Infinity if it is finite everywhere). */
  readonly support: number;
  /** True for C(r²) = r² (its Gibbs kernel is separable). */
  readonly quadratic: boolean;
}

/** c(x, y) = |x − y|² (cell centres; plain Euclidean on the box). */
export const QUADRATIC_COST: RadialCost = {
  name: "quadratic",
  cost: (r2) => r2,
  support: Infinity,
  quadratic: true,
};

/**
 * The Wasserstein–Fisher–Rao (Hellinger–Kantorovich) cost of the static "logarithmic
 * entropy–transport" formulation (M. Liero, A. Mielke & G. Savaré, "Optimal entropy-transport
 * problems and a new Hellinger–Kantorovich distance", Invent. Math. 211, 2018; L. Chizat,
 * G. Peyré, B. Schmitzer & F.-X. Vialard, "Scaling algorithms for unbalanced optimal transport
 * problems", Math. Comp. 87, 2018):
 *
 *   c_δ(x, y) = −log cos²(min(|x − y|/(2δ), π/2))     (+∞ for |x − y| ≥ πδ).
 *
 * **Convention for δ** (docs/unbalanced.md). The project's WFR flow ∂ρ/∂t = α div(ρ∇ξ) − βρξ
 * is the gradient flow of the metric ‖ρ̇‖² = ∫(|v|²/α + g²/β) dρ over ρ̇ = −div(ρv) + gρ.
 * Rescaling space by 2√(α/β) maps this action to (4/β)·∫(|v|² + g²/4) dρ, the action whose
 * squared distance is the LET problem with cost −log cos²(min(|x − y|, π/2)) (Liero–Mielke–
 * Savaré). Hence, with δ = √(α/β) ({@link wfrDelta}),
 *
 *   WFR²_{α,β}(μ, ν) = (4/β) min_γ [ ∫c_δ dγ + KL(γ₀|μ) + KL(γ₁|ν) ]
 *
 * (γ₀, γ₁ the marginals of γ; KL on non-negative measures). Checks: β → 0 gives W₂²/α (c_δ ≈
 * |x − y|²/(4δ²) and the penalties 4/β → ∞ force balance); α → 0 gives He²/β with
 * He² = 4∫(√μ − √ν)² (the cost is +∞ off the diagonal and min over γ = √(μν)).
 */
export class WfrCost implements RadialCost {
  readonly name: string;
  readonly support: number;
  readonly quadratic = false;
  private readonly inv2d: number;

  constructor(readonly delta: number) {
    requireNumber("delta", delta, { min: 0, exclusiveMin: true });
    if (!Number.isFinite(delta)) throw new InputError("delta", "must be finite");
    this.name = `wfr(δ=${Number(delta.toPrecision(4))})`;
    this.support = Math.PI * delta;
    this.inv2d = 1 / (2 * delta);
  }

  cost(r2: number): number {
    const u = Math.sqrt(r2) * this.inv2d;
    if (u >= Math.PI / 2) return Infinity;
    const c = Math.cos(u);
    return -2 * Math.log(c);
  }
}

/** δ = √(α/β) of the WFR geometry with transport weight α > 0 and reaction weight β > 0. */
export function wfrDelta(alpha: number, beta: number): number {
  requireNumber("alpha", alpha, { min: 0, exclusiveMin: true });
  requireNumber("beta", beta, { min: 0, exclusiveMin: true });
  return Math.sqrt(alpha / beta);
}

/**
 * The entropic weight η of the LET problem that matches the quadratic ε: near the diagonal
 * c_δ ≈ |x − y|²/(4δ²), so the Gibbs kernel e^{−c_δ/η} ≈ e^{−|x−y|²/ε} for η = ε/(4δ²) =
 * εβ/(4α); then (4/β)·η = ε/α, i.e. the WFR step's entropic term is ε/α times the plan's
 * entropy, as W_ε/α in the balanced limit (EntropicJko at speed α).
 */
export function wfrEta(eps: number, alpha: number, beta: number): number {
  requireNumber("eps", eps, { min: 0, exclusiveMin: true });
  const d = wfrDelta(alpha, beta);
  return eps / (4 * d * d);
}

/**
 * Largest lattice radius (in physical units) worth summing for the Gibbs kernel e^{−C/ε}:
 * the smallest r with C(r²)/ε ≥ `tail` (or the support), found by doubling and bisection
 * (C is non-decreasing in r).
 */
export function kernelRadius(cost: RadialCost, eps: number, tail: number): number {
  const f = (r: number): boolean => cost.cost(r * r) / eps >= tail;
  let hi = Math.sqrt(eps * tail);
  while (!f(hi)) hi *= 2;
  let lo = 0;
  for (let k = 0; k < 60; k++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid)) hi = mid;
    else lo = mid;
  }
  return Math.min(hi, cost.support);
}

/**
 * log of the kernel normalisation: κ = log|cell| − log Σ_{k∈ℤ^d} e^{−C(|k∘h|²)/ε}, so that
 * K_ij = e^{κ − C_ij/ε} has row sums |cell| away from the walls, i.e. K = |cell|²·G with G the
 * lattice-normalised Gibbs density. With this reference the entropic term of a plan that moves
 * nothing, γ = diag(r)K/|cell|, is ε Σ_i r_i (log(r_i/|cell|) − 1) = ε∫(ρ log ρ − ρ): no
 * mass-dependent term of order ε log ε and nothing that depends on h (docs/unbalanced.md).
 * The lattice sum runs over |k∘h| ≤ kernelRadius(cost, ε, 50) (dropped terms < e^{−50}).
 */
export function kernelLogNormaliser(grid: Grid, cost: RadialCost, eps: number): number {
  const h = grid.h;
  const d = grid.dim;
  const R = kernelRadius(cost, eps, 50);
  const m = h.map((ha) => Math.floor(R / ha));
  let z = 0;
  if (cost.quadratic) {
    let logZ = 0;
    for (let a = 0; a < d; a++) {
      let s = 1;
      for (let k = 1; k <= m[a]; k++) s += 2 * Math.exp(-((k * h[a]) ** 2) / eps);
      logZ += Math.log(s);
    }
    return Math.log(grid.cellVolume) - logZ;
  }
  const m1 = d > 1 ? m[1] : 0;
  const m2 = d > 2 ? m[2] : 0;
  for (let i = -m[0]; i <= m[0]; i++) {
    const r0 = (i * h[0]) ** 2;
    for (let j = -m1; j <= m1; j++) {
      const r1 = r0 + (d > 1 ? (j * h[1]) ** 2 : 0);
      for (let k = -m2; k <= m2; k++) {
        const r2 = r1 + (d > 2 ? (k * h[2]) ** 2 : 0);
        const c = cost.cost(r2);
        if (c < Infinity) z += Math.exp(-c / eps);
      }
    }
  }
  return Math.log(grid.cellVolume) - Math.log(z);
}

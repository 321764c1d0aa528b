import { InputError } from "../errors.js";

/**
 * Slope limiters for the piecewise-linear reconstruction of the second-order upwind fluxes
 * (fv2): the generalised minmod family (van Leer 1979; Sweby 1984)
 *
 *   σ_i = minmod(θ a, (a + b)/2, θ b),   a = ρ_i − ρ_{i−1},  b = ρ_{i+1} − ρ_i,
 *
 * with the slope σ per cell (already multiplied by h) and face values ρ_i ± σ_i/2.
 * - "minmod": θ = 1, i.e. minmod(a, b) (most diffusive);
 * - "mc" (monotonized central): θ = 2.
 * For 1 ≤ θ ≤ 2 the scheme is TVD and the face values lie between the neighbouring cell
 * averages, hence in [0, 2ρ_i] when ρ ≥ 0: the positivity argument of Carrillo–Chertock–
 * Huang (2015, §2.2) applies. θ = 0 gives σ = 0, i.e. the first-order fluxes.
 */
export type Limiter = "minmod" | "mc";

export const LIMITERS: readonly Limiter[] = ["minmod", "mc"];

/** θ of a named limiter. */
export function limiterTheta(limiter: Limiter): number {
  switch (limiter) {
    case "minmod":
      return 1;
    case "mc":
      return 2;
    default:
      throw new InputError(
        "limiter",
        `must be one of ${LIMITERS.join(", ")}, got ${String(limiter)}`,
      );
  }
}

/**
 * σ = minmod(θa, (a+b)/2, θb): the limited slope from the backward difference a and the
 * forward difference b. Small and branch-light so that the hot loops inline it.
 */
export function thetaSlope(theta: number, a: number, b: number): number {
  if (a > 0 && b > 0) {
    const c = 0.5 * (a + b);
    const m = theta * (a < b ? a : b);
    return c < m ? c : m;
  }
  if (a < 0 && b < 0) {
    const c = 0.5 * (a + b);
    const m = theta * (a > b ? a : b);
    return c > m ? c : m;
  }
  return 0;
}

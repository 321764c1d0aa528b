import type { Geometry } from "./geometry.js";

/**
 * Optional capability of a Geometry: explicit Runge–Kutta stages fused with the rate
 * evaluation, used by ExplicitScheme (explicit.ts) when present.
 *
 * A stage of an SSP method in Shu–Osher form is ρ ← a·u0 + (1 − a)(ρ + dt·L(ρ)) (forward
 * Euler: a = 0). The generic path writes L(ρ) into a buffer with `rate` and updates every
 * cell in a second pass. A geometry implementing this interface can do better, e.g. do the
 * flux sweep and the update in one in-place pass when dt_FE is known in advance (linear
 * fluxes with cached coefficients), or update only the part of the grid where L(ρ) ≠ 0.
 * The results must be bit-identical to the generic path.
 *
 * Protocol, per stage: `lim = eulerLimit(ρ)`; if lim > 0 the scheme picks dt (≤ lim) and
 * calls `eulerStage(ρ, dt, a, u0)` with the same, unchanged ρ; otherwise (NaN: not
 * available or not finite) it falls back to `rate`.
 */
export interface FusedEulerGeometry extends Geometry {
  /** dt_FE(ρ), exactly what `rate` would return; NaN if the stage cannot be fused. */
  eulerLimit(rho: Float64Array): number;
  /**
   * ρ ← a·u0 + (1 − a)(ρ + dt·L(ρ)) in place, computed as ρ + dt·L for a = 0 (u0 is then
   * not read) and a·u0 + b·ρ + (b·dt)·L with b = 1 − a otherwise. Returns true if an entry
   * became negative or non-finite.
   */
  eulerStage(rho: Float64Array, dt: number, a: number, u0: Float64Array): boolean;
}

/** True if `g` implements the fused stages. */
export function hasFusedEuler(g: Geometry): g is FusedEulerGeometry {
  const f = g as Partial<FusedEulerGeometry>;
  return typeof f.eulerLimit === "function" && typeof f.eulerStage === "function";
}

/**
 * A geometry (kinetics) turns an energy's first variation into a rate of change:
 * Wasserstein ∂ρ/∂t = div(ρ∇ξ), Fisher–Rao ∂ρ/∂t = −ρξ, WFR = α·W + β·FR.
 * Implementations own their work buffers (allocated once per grid).
 */
export interface Geometry {
  readonly name: string;
  /**
   * Writes dρ/dt at ρ into `out` and returns the largest forward-Euler step that keeps
   * every cell non-negative at this state (Infinity if unconstrained).
   */
  rate(rho: Float64Array, out: Float64Array): number;
}

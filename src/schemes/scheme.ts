/**
 * A time-stepping scheme advances a density in place. `step` takes at most `dtMax`
 * (so that output times are hit exactly) and returns the step actually taken.
 */
export interface Scheme {
  readonly name: string;
  /** Advances ρ in place; returns the time step taken (0 < dt ≤ dtMax). */
  step(rho: Float64Array, dtMax: number): number;
  /**
   * Optional statistics of the run so far (e.g. a particle sampler's particle count and
   * acceptance rate), recorded in summary.json as `schemeStats`.
   */
  stats?(): Record<string, number>;
}

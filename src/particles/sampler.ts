import type { ParticleCloud } from "./cloud.js";
import type { Random } from "./random.js";

/**
 * A particle sampler: one step of a particle method moves every particle of a cloud by a time
 * step dt (positions in place, then confined to the grid's box). Work buffers are allocated
 * on the first step (and when the cloud grows), never inside the step's loops.
 */
export interface ParticleSampler {
  /** Short name with parameters, e.g. "ULA". */
  readonly name: string;
  /** Advances the cloud by time dt > 0, drawing from `random` if the method is stochastic. */
  advance(cloud: ParticleCloud, dt: number, random: Random): void;
  /** Statistics of the run so far (acceptance rate, bandwidth, …) for the run's summary. */
  stats(): Record<string, number>;
}

/** A Float64Array of at least `length` entries: `buf` if large enough, else a new one. */
export function ensureLength(buf: Float64Array | null, length: number): Float64Array {
  return buf !== null && buf.length >= length ? buf : new Float64Array(length);
}

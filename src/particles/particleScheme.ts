import { InputError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import type { Scheme } from "../schemes/scheme.js";
import { drawFromGrid, MAX_PARTICLES, type ParticleCloud } from "./cloud.js";
import { depositCloud, type Deposit } from "./deposit.js";
import { Random } from "./random.js";
import type { ParticleSampler } from "./sampler.js";

export interface ParticleSchemeOptions {
  /** Number of particles N. */
  particles: number;
  /** Step γ > 0 (the time of one sampler step). */
  step: number;
  /** Seed of the random stream (unsigned 32-bit integer). */
  seed: number;
  deposit: Deposit;
}

/** Relative slack within which a step of dtMax counts as a whole step γ (as the JKO scheme). */
const WHOLE_STEP_RTOL = 1e-9;

/**
 * A particle sampler as a grid scheme. On its first step (or when an observable first asks
 * for the cloud) it draws N particles from the density ρ passed in (drawFromGrid, seeded);
 * each step advances the cloud by γ (or by dtMax when an output time comes sooner) and writes
 * the binned cloud (depositCloud) into ρ, so the run's records, observables and plots see the
 * particles as a grid density. The cloud, not ρ, carries the state: ρ is overwritten by the
 * deposit at every step. A run resumed from a checkpoint draws a new cloud from the
 * checkpoint's density (the particles are not saved).
 */
export class ParticleScheme implements Scheme {
  readonly name: string;
  private readonly random: Random;
  private current: ParticleCloud | null = null;
  /** The density written by the last step, to detect a ρ changed by someone else. */
  private written: Float64Array | null = null;
  private steps = 0;

  constructor(
    private readonly grid: Grid,
    readonly sampler: ParticleSampler,
    readonly options: ParticleSchemeOptions,
  ) {
    requireNumber("scheme.particles", options.particles, {
      min: 1,
      max: MAX_PARTICLES,
      integer: true,
    });
    requireNumber("scheme.step", options.step, { min: 0, exclusiveMin: true });
    if (!(grid.cellVolume > 0)) {
      // Radial grids have shells of unequal measure (cellVolume NaN): particles live in ℝ^d.
      throw new InputError(
        "grid",
        "particle schemes need a Cartesian grid of equal cells (not a radial grid)",
      );
    }
    this.random = new Random(options.seed);
    this.name =
      `${sampler.name} (N = ${options.particles}, γ = ${options.step}, ` +
      `seed ${options.seed}, ${options.deposit} deposit)`;
  }

  /** The cloud, drawn from `rho` if it does not exist yet. */
  cloudFor(rho: Float64Array): ParticleCloud {
    this.current ??= drawFromGrid(this.grid, rho, this.options.particles, this.random);
    return this.current;
  }

  /** The cloud, or null before the first step. */
  get cloud(): ParticleCloud | null {
    return this.current;
  }

  step(rho: Float64Array, dtMax: number): number {
    if (!(dtMax > 0)) throw new InputError("dtMax", `must be a number > 0, got ${dtMax}`);
    this.checkUnchanged(rho);
    const cloud = this.cloudFor(rho);
    const gamma = this.options.step;
    let dt: number;
    let taken: number;
    if (dtMax >= gamma * (1 - WHOLE_STEP_RTOL)) {
      dt = gamma;
      taken = dtMax <= gamma * (1 + WHOLE_STEP_RTOL) ? dtMax : gamma;
    } else {
      dt = dtMax;
      taken = dtMax;
    }
    this.sampler.advance(cloud, dt, this.random);
    depositCloud(this.grid, cloud, this.options.deposit, rho);
    this.written ??= new Float64Array(rho.length);
    this.written.set(rho);
    this.steps++;
    return taken;
  }

  /**
   * The particles carry the state: a ρ changed between two steps (by a split scheme's other
   * part, say) would be silently ignored, so it is refused.
   */
  private checkUnchanged(rho: Float64Array): void {
    const w = this.written;
    if (w === null) return;
    for (let i = 0; i < w.length; i++) {
      if (w[i] !== rho[i]) {
        throw new InputError(
          "scheme",
          `${this.sampler.name} particles carry the state, but ρ was changed between two of ` +
            `its steps (cell ${i}); a particle scheme cannot be composed with another scheme ` +
            "(e.g. as a part of split)",
        );
      }
    }
  }

  stats(): Record<string, number> {
    return { particles: this.options.particles, ...this.sampler.stats(), steps: this.steps };
  }
}

/** True for a scheme that moves particles (observables of the cloud need one). */
export function isParticleScheme(s: Scheme): s is ParticleScheme {
  return s instanceof ParticleScheme;
}

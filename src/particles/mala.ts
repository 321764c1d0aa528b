import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { confine, type ParticleCloud } from "./cloud.js";
import type { ParticlePotential } from "./potential.js";
import type { Random } from "./random.js";
import { ensureLength, type ParticleSampler } from "./sampler.js";

/**
 * Metropolis-adjusted Langevin algorithm (G. O. Roberts & R. L. Tweedie, Bernoulli 2, 1996),
 * each particle an independent chain with invariant law π ∝ e^{−U/ν} restricted to the box:
 *
 *   proposal  y = x − γ∇U(x) + √(2γν) ξ,   ξ ~ N(0, I),
 *   accept with probability min(1, π(y)q(x|y) / (π(x)q(y|x))),
 *   log α = −(U(y) − U(x))/ν − |x − y + γ∇U(y)|²/(4γν) + |ξ|²/2,
 *
 * (q(y|x) ∝ exp(−|y − x + γ∇U(x)|²/(4γν)), whose exponent at the proposal is −|ξ|²/2), else
 * stay. So π is exactly invariant whatever γ (no O(γ) bias, unlike ULA); γ only sets the
 * acceptance rate and the mixing. No-flux walls: π is zero outside the box, so a proposal
 * with a coordinate outside it is rejected (exact for the target restricted to the box).
 * Periodic axes: the proposal is wrapped into the box and q uses the unwrapped displacement
 * (the nearest periodic image: exact when √(γν) ≪ the period).
 *
 * Per step and particle the stream gives dim normals (all particles first) and then one
 * uniform, in particle order. U and ∇U of the current positions are kept between steps.
 */
export class Mala implements ParticleSampler {
  readonly name = "MALA";
  private u: Float64Array | null = null;
  private g: Float64Array | null = null;
  private raw: Float64Array | null = null;
  private y: Float64Array | null = null;
  private outside = new Uint8Array(0);
  private gy: Float64Array | null = null;
  private xi: Float64Array | null = null;
  /** The positions array U and ∇U were computed for (recomputed for another cloud). */
  private cachedFor: Float64Array | null = null;
  private proposed = 0;
  private accepted = 0;
  private lastRate = NaN;

  constructor(
    private readonly grid: Grid,
    private readonly potential: ParticlePotential,
    /** ν > 0: the temperature of π ∝ e^{−U/ν}. */
    private readonly temperature: number,
  ) {
    if (!(temperature > 0)) {
      throw new InputError(
        "energy",
        `MALA samples π ∝ e^{−U/ν} and needs an entropy part ν > 0, got ν = ${temperature}`,
      );
    }
  }

  advance(cloud: ParticleCloud, dt: number, random: Random): void {
    const { positions: x, count, dim } = cloud;
    const len = count * dim;
    const pot = this.potential;
    const nu = this.temperature;
    const u = (this.u = ensureLength(this.u, count));
    const g = (this.g = ensureLength(this.g, len));
    const raw = (this.raw = ensureLength(this.raw, len));
    const y = (this.y = ensureLength(this.y, len));
    const gy = (this.gy = ensureLength(this.gy, len));
    const xi = (this.xi = ensureLength(this.xi, len));
    if (this.outside.length < count) this.outside = new Uint8Array(count);
    const outside = this.outside;
    if (this.cachedFor !== x) {
      pot.gradients(x, count, g);
      for (let k = 0; k < count; k++) u[k] = pot.value(x, k * dim);
      this.cachedFor = x;
    }
    const s = Math.sqrt(2 * dt * nu);
    random.fillNormal(xi, 0, len);
    for (let i = 0; i < len; i++) raw[i] = x[i] - dt * g[i] + s * xi[i];
    y.set(raw.subarray(0, len));
    // A proposal beyond a no-flux wall is rejected (π = 0 there); ∇U is then taken at x.
    const { lo, hi, boundary } = this.grid;
    for (let k = 0; k < count; k++) {
      outside[k] = 0;
      for (let a = 0; a < dim; a++) {
        const v = raw[k * dim + a];
        if (boundary[a] !== "periodic" && !(v >= lo[a] && v <= hi[a])) outside[k] = 1;
      }
      if (outside[k]) for (let a = 0; a < dim; a++) y[k * dim + a] = x[k * dim + a];
    }
    confine(this.grid, y, count); // periodic axes: wrap
    pot.gradients(y, count, gy);
    const c = 1 / (4 * dt * nu);
    let acc = 0;
    for (let k = 0; k < count; k++) {
      const o = k * dim;
      const uniform = random.uniform();
      if (outside[k]) continue;
      const uy = pot.value(y, o);
      let back = 0;
      let fwd = 0;
      for (let a = 0; a < dim; a++) {
        const d = x[o + a] - raw[o + a] + dt * gy[o + a];
        back += d * d;
        fwd += xi[o + a] * xi[o + a];
      }
      const logAlpha = -(uy - u[k]) / nu - c * back + 0.5 * fwd;
      if (Math.log(uniform) < logAlpha) {
        for (let a = 0; a < dim; a++) {
          x[o + a] = y[o + a];
          g[o + a] = gy[o + a];
        }
        u[k] = uy;
        acc++;
      }
    }
    this.proposed += count;
    this.accepted += acc;
    this.lastRate = acc / count;
  }

  stats(): Record<string, number> {
    return {
      acceptanceRate: this.proposed > 0 ? this.accepted / this.proposed : NaN,
      lastAcceptanceRate: this.lastRate,
      proposals: this.proposed,
    };
  }
}

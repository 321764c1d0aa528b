import { InputError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import type { Random } from "./random.js";

/**
 * A particle cloud: the empirical measure (M/N) Σ_k δ_{x_k} of N particles of equal mass
 * carrying the total mass M. Positions are a Float64Array of N×dim numbers, row-major
 * (particle k's coordinates are positions[k·dim … k·dim + dim − 1]), always inside the
 * grid's box (see `confine`).
 */
export interface ParticleCloud {
  readonly dim: number;
  readonly count: number;
  readonly positions: Float64Array;
  /** Total mass M (each particle carries M/N). */
  readonly mass: number;
}

/** Largest particle count of any cloud (N×dim doubles: 3·10⁷ in 3D are 240 MB). */
export const MAX_PARTICLES = 10_000_000;

/**
 * Draws N particles from a grid density ρ (cell averages, ≥ 0, positive mass), i.i.d.:
 * a cell by inversion of the cumulative cell masses (u uniform, the first cell whose
 * cumulative mass exceeds u·M, by bisection), then a uniform point inside that cell. So each
 * particle's law is exactly the piecewise-constant density ρ; the cloud carries the mass of ρ.
 * The draws use the stream in this order: per particle, one uniform for the cell and then one
 * per axis.
 */
export function drawFromGrid(
  grid: Grid,
  rho: Float64Array,
  count: number,
  random: Random,
): ParticleCloud {
  requireNumber("particles", count, { min: 1, max: MAX_PARTICLES, integer: true });
  grid.checkLength("rho", rho);
  const n = grid.size;
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const r = rho[i];
    if (!(r >= 0) || !Number.isFinite(r)) {
      throw new InputError("rho", `must be finite and >= 0 to draw particles; cell ${i} is ${r}`);
    }
    total += r;
    cdf[i] = total;
  }
  if (!(total > 0)) throw new InputError("rho", "has no mass: there is nothing to draw from");
  const dim = grid.dim;
  const positions = new Float64Array(count * dim);
  const idx = new Int32Array(dim);
  for (let k = 0; k < count; k++) {
    const target = random.uniform() * total;
    // First cell with cdf > target (cdf[n−1] = total > target).
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    grid.unravel(lo, idx);
    for (let a = 0; a < dim; a++) {
      positions[k * dim + a] = grid.lo[a] + (idx[a] + random.uniform()) * grid.h[a];
    }
  }
  return { dim, count, positions, mass: total * grid.cellVolume };
}

/**
 * Puts every coordinate back into the box [lo_a, hi_a] of its axis:
 * - no-flux axis (reflecting wall): the position is folded by mirror reflections at the walls,
 *   y = (x − lo) mod 2L, y ← 2L − y if y > L (so a step that crosses a wall continues
 *   backwards, as a reflected path of the SDE does); the result lies in [lo, hi];
 * - periodic axis: x ← lo + (x − lo) mod L, in [lo, hi).
 * Elementwise, in place, for all N particles.
 */
export function confine(
  grid: Grid,
  positions: Float64Array,
  count = positions.length / grid.dim,
): void {
  const dim = grid.dim;
  for (let a = 0; a < dim; a++) {
    const lo = grid.lo[a];
    const L = grid.hi[a] - lo;
    const hi = grid.hi[a];
    if (grid.boundary[a] === "periodic") {
      for (let k = a; k < count * dim; k += dim) {
        const x = positions[k];
        if (x >= lo && x < hi) continue;
        let y = (x - lo) % L;
        if (y < 0) y += L;
        if (y >= L) y = 0; // y + L rounded up to L
        positions[k] = lo + y;
      }
    } else {
      const L2 = 2 * L;
      for (let k = a; k < count * dim; k += dim) {
        const x = positions[k];
        if (x >= lo && x <= hi) continue;
        let y = (x - lo) % L2;
        if (y < 0) y += L2;
        if (y > L) y = L2 - y;
        positions[k] = Math.min(hi, Math.max(lo, lo + y));
      }
    }
  }
}

/** True if any axis of the grid is periodic. */
export function hasPeriodicAxis(grid: Grid): boolean {
  return grid.boundary.some((b) => b === "periodic");
}

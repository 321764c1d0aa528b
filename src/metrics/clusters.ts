import { mean } from "../grid/density.js";
import type { Grid } from "../grid/grid.js";

/**
 * Cluster measurements for aggregation states (EXACT.md §G): the two-cluster split in 1D and
 * the mean distance to the barycentre (the ring radius in 2D).
 */

export interface TwoClusters {
  /** Distance between the centres of mass of the parts left and right of the barycentre. */
  distance: number;
  /** Masses of the left and right parts. */
  massLeft: number;
  massRight: number;
}

/** 1D: split the density at its barycentre and return the two parts' centres and masses. */
export function twoClusters(grid: Grid, rho: Float64Array): TwoClusters {
  const [xb] = mean(grid, rho);
  let ml = 0;
  let xl = 0;
  let mr = 0;
  let xr = 0;
  for (let i = 0; i < rho.length; i++) {
    const x = grid.center(0, i);
    if (x < xb) {
      ml += rho[i];
      xl += rho[i] * x;
    } else {
      mr += rho[i];
      xr += rho[i] * x;
    }
  }
  const h = grid.cellVolume;
  return { distance: xr / mr - xl / ml, massLeft: ml * h, massRight: mr * h };
}

/** Mass-weighted mean distance to the barycentre, Σρ_i|x_i − x̄| / Σρ_i (the ring radius). */
export function meanRadius(grid: Grid, rho: Float64Array): number {
  const d = grid.dim;
  const xb = mean(grid, rho);
  const idx = new Int32Array(d);
  let s = 0;
  let total = 0;
  for (let k = 0; k < rho.length; k++) {
    grid.unravel(k, idx);
    let r2 = 0;
    for (let a = 0; a < d; a++) r2 += (grid.center(a, idx[a]) - xb[a]) ** 2;
    s += rho[k] * Math.sqrt(r2);
    total += rho[k];
  }
  return s / total;
}

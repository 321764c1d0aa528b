import type { Grid } from "../grid/grid.js";

/**
 * Dissipation −∫ρ|∇ξ|² of the Wasserstein flow, approximated with centred differences of ξ
 * (one-sided at no-flux walls, wrapped on periodic axes): the continuous right-hand side of
 * dF/dt along the flow, O(h²)-accurate for smooth ρ and ξ.
 */
export function dissipation(grid: Grid, rho: Float64Array, xi: Float64Array): number {
  const d = grid.dim;
  const idx = new Int32Array(d);
  let s = 0;
  for (let k = 0; k < rho.length; k++) {
    grid.unravel(k, idx);
    let g2 = 0;
    for (let a = 0; a < d; a++) {
      const n = grid.n[a];
      const st = grid.strides[a];
      const i = idx[a];
      const h = grid.h[a];
      let g: number;
      if (grid.boundary[a] === "periodic") {
        const up = i === n - 1 ? k - (n - 1) * st : k + st;
        const dn = i === 0 ? k + (n - 1) * st : k - st;
        g = (xi[up] - xi[dn]) / (2 * h);
      } else if (i === 0) g = (xi[k + st] - xi[k]) / h;
      else if (i === n - 1) g = (xi[k] - xi[k - st]) / h;
      else g = (xi[k + st] - xi[k - st]) / (2 * h);
      g2 += g * g;
    }
    s += rho[k] * g2;
  }
  return -s * grid.cellVolume;
}

import { Grid } from "../../src/grid/grid.js";

/** Point samples of the isotropic N(0, s2 I), normalised to unit discrete mass. */
export function sampledGaussian(grid: Grid, s2: number, mean: number[] = []): Float64Array {
  const r = grid.sample((x) => {
    let q = 0;
    for (let a = 0; a < x.length; a++) q += (x[a] - (mean[a] ?? 0)) ** 2;
    return Math.exp(-q / (2 * s2));
  });
  let m = 0;
  for (const v of r) m += v;
  m *= grid.cellVolume;
  for (let i = 0; i < r.length; i++) r[i] /= m;
  return r;
}

/** Σ|a − b|·|cell|. */
export function l1(grid: Grid, a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s * grid.cellVolume;
}

export function cube(dim: number, n: number, L: number): Grid {
  return new Grid({
    n: new Array(dim).fill(n),
    lo: new Array(dim).fill(-L),
    hi: new Array(dim).fill(L),
  });
}

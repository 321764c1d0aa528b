import type { Grid } from "../grid/grid.js";
import type { LineView, PlaneView, SnapshotFile } from "./summary.js";

/**
 * Plot-ready views of a density (and of its error against the exact solution) at one
 * output time: what the HTML report draws, so that reports never touch the full field or
 * recompute anything. 1D: the whole line; 2D: the whole field plus lines through the
 * centre cell along each axis; 3D: the three central planes plus the central lines.
 *
 * Views larger than the limits are block-averaged (averages of `bin` consecutive cells,
 * which are again cell averages on a coarser grid); the last block may be partial.
 */
export interface ViewLimits {
  /** Most points per plotted line (default 4096). */
  maxLine: number;
  /** Most points per side of a plotted plane (default 200). */
  maxPlane: number;
}

export const DEFAULT_VIEW_LIMITS: ViewLimits = { maxLine: 4096, maxPlane: 200 };

/** Index of the centre cell of an axis with n cells (the upper one of the two for even n). */
export function centreIndex(n: number): number {
  return Math.floor(n / 2);
}

/** Builds the snapshot views of `rho` (and `exact`, if given) on `grid`. */
export function snapshotViews(
  grid: Grid,
  index: number,
  t: number,
  step: number,
  rho: Float64Array,
  exact: Float64Array | null,
  limits: ViewLimits = DEFAULT_VIEW_LIMITS,
): SnapshotFile {
  const d = grid.dim;
  const centre = grid.n.map(centreIndex);
  const lines: LineView[] = [];
  for (let a = 0; a < d; a++) lines.push(lineView(grid, a, centre, rho, exact, limits.maxLine));
  const planes: PlaneView[] = [];
  if (d === 2) planes.push(planeView(grid, 0, 1, null, rho, exact, limits.maxPlane));
  if (d === 3) {
    planes.push(planeView(grid, 0, 1, 2, rho, exact, limits.maxPlane));
    planes.push(planeView(grid, 0, 2, 1, rho, exact, limits.maxPlane));
    planes.push(planeView(grid, 1, 2, 0, rho, exact, limits.maxPlane));
  }
  return {
    index,
    t,
    step,
    dim: d,
    grid: { n: [...grid.n], lo: [...grid.lo], hi: [...grid.hi] },
    lines,
    planes,
  };
}

function lineView(
  grid: Grid,
  axis: number,
  centre: number[],
  rho: Float64Array,
  exact: Float64Array | null,
  maxLine: number,
): LineView {
  const n = grid.n[axis];
  const stride = grid.strides[axis];
  let base = 0;
  const fixed: LineView["fixed"] = [];
  for (let b = 0; b < grid.dim; b++) {
    if (b === axis) continue;
    base += centre[b] * grid.strides[b];
    fixed.push({ axis: b, index: centre[b], x: grid.center(b, centre[b]) });
  }
  const bin = Math.ceil(n / maxLine);
  const m = Math.ceil(n / bin);
  const x: number[] = new Array(m);
  const dens: number[] = new Array(m);
  const ex: number[] | null = exact ? new Array(m) : null;
  for (let j = 0; j < m; j++) {
    const i0 = j * bin;
    const i1 = Math.min(n, i0 + bin);
    let sx = 0;
    let sr = 0;
    let se = 0;
    for (let i = i0; i < i1; i++) {
      sx += grid.center(axis, i);
      sr += rho[base + i * stride];
      if (exact) se += exact[base + i * stride];
    }
    const c = i1 - i0;
    x[j] = sx / c;
    dens[j] = sr / c;
    if (ex) ex[j] = se / c;
  }
  return { axis, fixed, x, density: dens, exact: ex, bin };
}

function round6(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}

function planeView(
  grid: Grid,
  a: number,
  b: number,
  fixedAxis: number | null,
  rho: Float64Array,
  exact: Float64Array | null,
  maxPlane: number,
): PlaneView {
  const na = grid.n[a];
  const nb = grid.n[b];
  let base = 0;
  let fixed: PlaneView["fixed"] = null;
  if (fixedAxis !== null) {
    const c = centreIndex(grid.n[fixedAxis]);
    base = c * grid.strides[fixedAxis];
    fixed = { axis: fixedAxis, index: c, x: grid.center(fixedAxis, c) };
  }
  const sa = grid.strides[a];
  const sb = grid.strides[b];
  const ba = Math.ceil(na / maxPlane);
  const bb = Math.ceil(nb / maxPlane);
  const ma = Math.ceil(na / ba);
  const mb = Math.ceil(nb / bb);
  const dens: number[] = new Array(ma * mb);
  const err: number[] | null = exact ? new Array(ma * mb) : null;
  for (let I = 0; I < ma; I++) {
    const i0 = I * ba;
    const i1 = Math.min(na, i0 + ba);
    for (let J = 0; J < mb; J++) {
      const j0 = J * bb;
      const j1 = Math.min(nb, j0 + bb);
      let sr = 0;
      let se = 0;
      for (let i = i0; i < i1; i++)
        for (let j = j0; j < j1; j++) {
          const k = base + i * sa + j * sb;
          sr += rho[k];
          if (exact) se += rho[k] - exact[k];
        }
      const c = (i1 - i0) * (j1 - j0);
      dens[I * mb + J] = round6(sr / c);
      if (err) err[I * mb + J] = round6(se / c);
    }
  }
  return {
    axes: [a, b],
    fixed,
    xa: binCentres(grid, a, ba),
    xb: binCentres(grid, b, bb),
    density: dens,
    error: err,
    bin: [ba, bb],
  };
}

function binCentres(grid: Grid, axis: number, bin: number): number[] {
  const n = grid.n[axis];
  const m = Math.ceil(n / bin);
  const out: number[] = new Array(m);
  for (let j = 0; j < m; j++) {
    const i0 = j * bin;
    const i1 = Math.min(n, i0 + bin);
    out[j] = 0.5 * (grid.center(axis, i0) + grid.center(axis, i1 - 1));
  }
  return out;
}

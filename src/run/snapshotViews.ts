import type { Grid } from "../grid/grid.js";
import { roundRelative, roundToRange } from "../report/rounding.js";
import type { LineView, PlaneView, SnapshotFile } from "./summary.js";

/**
 * Plot-ready views of a density (and of its error against the exact solution) at one
 * output time: what the HTML report draws, so that reports never touch the full field or
 * recompute anything. 1D: the whole line; 2D: the whole field plus lines through the
 * centre cell along each axis; 3D: the three central planes plus the central lines.
 *
 * Views with more cells than the limits (ViewLimits) are resampled conservatively onto
 * m = limit points: point J holds the average over [J·n/m, (J+1)·n/m) in cell units (cells cut by
 * the boundary count with their overlap), i.e. the cell averages of a uniform grid m cells
 * wide, at its cell centres; `bin` = n/m cells per point (1 = every cell; fractional when
 * m does not divide n).
 *
 * Values are rounded to a fixed resolution relative to the largest magnitude in the view
 * (roundRelative, src/report/rounding.ts): 1D lines to 10⁻⁶·max|v| (the report's ρ − exact
 * profile stays resolved: the smallest errors measured are L∞ ≈ 10⁻⁴·max ρ), the centre
 * lines of 2D/3D runs to 10⁻⁴·max|v|, plane densities to 10⁻³·max ρ and plane errors to
 * 10⁻²·max|ρ − exact| — plotting precision: a colour scale has ~256 levels.
 * Cells far below the maximum become exact zeros. Coordinates are rounded to 10⁻⁵ of the
 * span of the axis. With the plane limits (32 per side; drawn smoothed in the reports) a 2D
 * snapshot file is ~10 KB; density.json (--save-density) holds the full-precision field.
 */
export interface ViewLimits {
  /** Most points of the line of a 1D run (default 4096). */
  maxLine: number;
  /** Most points of each centre line of a 2D/3D run (default 96). */
  maxCentreLine: number;
  /** Most points per side of the plotted field of a 2D run (default 32). */
  maxPlane: number;
  /** Most points per side of each central plane of a 3D run (default 32). */
  maxSlice: number;
}

export const DEFAULT_VIEW_LIMITS: ViewLimits = {
  maxLine: 4096,
  maxCentreLine: 96,
  maxPlane: 32,
  maxSlice: 32,
};

/** Relative resolutions of the stored views (see the interface comment above). */
const LINE_RESOLUTION_1D = 1e-6;
const LINE_RESOLUTION = 1e-4;
const PLANE_RESOLUTION = 1e-3;
const ERROR_RESOLUTION = 1e-2;
const COORDINATE_RESOLUTION = 1e-5;

/**
 * Conservative resampling weights of n cells onto m ≤ n points: for each point, the cells
 * it overlaps and the overlap lengths (in cell units, summing to n/m).
 */
export function resampleWeights(n: number, m: number): { cells: number[]; weights: number[] }[] {
  const out: { cells: number[]; weights: number[] }[] = [];
  const w = n / m;
  for (let J = 0; J < m; J++) {
    const a = J * w;
    const b = J === m - 1 ? n : (J + 1) * w;
    const cells: number[] = [];
    const weights: number[] = [];
    for (let i = Math.floor(a); i < Math.min(n, Math.ceil(b)); i++) {
      const overlap = Math.min(b, i + 1) - Math.max(a, i);
      if (overlap > 1e-12) {
        cells.push(i);
        weights.push(overlap);
      }
    }
    out.push({ cells, weights });
  }
  return out;
}

/** Cell-centre coordinates of m uniform points spanning the grid's axis (rounded). */
function pointCentres(grid: Grid, axis: number, m: number): number[] {
  const lo = grid.lo[axis];
  const step = (grid.hi[axis] - lo) / m;
  const x = Array.from({ length: m }, (_, J) => lo + (J + 0.5) * step);
  return roundToRange(x, COORDINATE_RESOLUTION) as number[];
}

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
  viewLimits: Partial<ViewLimits> = {},
): SnapshotFile {
  const limits = { ...DEFAULT_VIEW_LIMITS, ...viewLimits };
  const d = grid.dim;
  const centre = grid.n.map(centreIndex);
  const lines: LineView[] = [];
  const maxLine = d === 1 ? limits.maxLine : limits.maxCentreLine;
  for (let a = 0; a < d; a++) lines.push(lineView(grid, a, centre, rho, exact, maxLine));
  const planes: PlaneView[] = [];
  if (d === 2) planes.push(planeView(grid, 0, 1, null, rho, exact, limits.maxPlane));
  if (d === 3) {
    planes.push(planeView(grid, 0, 1, 2, rho, exact, limits.maxSlice));
    planes.push(planeView(grid, 0, 2, 1, rho, exact, limits.maxSlice));
    planes.push(planeView(grid, 1, 2, 0, rho, exact, limits.maxSlice));
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
  const m = Math.min(n, maxLine);
  const bins = resampleWeights(n, m);
  const x = m === n ? centres(grid, axis) : pointCentres(grid, axis, m);
  const dens: number[] = new Array(m);
  const ex: number[] | null = exact ? new Array(m) : null;
  bins.forEach(({ cells, weights }, j) => {
    let sr = 0;
    let se = 0;
    let sw = 0;
    cells.forEach((i, k) => {
      sr += weights[k] * rho[base + i * stride];
      if (exact) se += weights[k] * exact[base + i * stride];
      sw += weights[k];
    });
    dens[j] = sr / sw;
    if (ex) ex[j] = se / sw;
  });
  // One scale for density and exact, so that their difference keeps its resolution.
  const both = roundRelative(
    ex ? [...dens, ...ex] : dens,
    grid.dim === 1 ? LINE_RESOLUTION_1D : LINE_RESOLUTION,
  );
  return {
    axis,
    fixed,
    x,
    density: both.slice(0, m),
    exact: ex ? both.slice(m) : null,
    bin: n / m,
  };
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
  const ma = Math.min(na, maxPlane);
  const mb = Math.min(nb, maxPlane);
  const wa = resampleWeights(na, ma);
  const wb = resampleWeights(nb, mb);
  const dens: number[] = new Array(ma * mb);
  const err: number[] | null = exact ? new Array(ma * mb) : null;
  for (let I = 0; I < ma; I++) {
    const A = wa[I];
    for (let J = 0; J < mb; J++) {
      const B = wb[J];
      let sr = 0;
      let se = 0;
      let sw = 0;
      for (let p = 0; p < A.cells.length; p++)
        for (let q = 0; q < B.cells.length; q++) {
          const k = base + A.cells[p] * sa + B.cells[q] * sb;
          const w = A.weights[p] * B.weights[q];
          sr += w * rho[k];
          if (exact) se += w * (rho[k] - exact[k]);
          sw += w;
        }
      dens[I * mb + J] = sr / sw;
      if (err) err[I * mb + J] = se / sw;
    }
  }
  roundRelative(dens, PLANE_RESOLUTION);
  if (err) roundRelative(err, ERROR_RESOLUTION);
  return {
    axes: [a, b],
    fixed,
    xa: ma === na ? centres(grid, a) : pointCentres(grid, a, ma),
    xb: mb === nb ? centres(grid, b) : pointCentres(grid, b, mb),
    density: dens,
    error: err,
    bin: [na / ma, nb / mb],
  };
}

/** The grid's cell centres along an axis (rounded). */
function centres(grid: Grid, axis: number): number[] {
  const x = Array.from({ length: grid.n[axis] }, (_, i) => grid.center(axis, i));
  return roundToRange(x, COORDINATE_RESOLUTION) as number[];
}

import { InputError } from "../errors.js";
import { gaussLegendre } from "./gaussLegendre.js";
import type { Grid } from "./grid.js";

/**
 * Helpers on densities stored as cell averages (see Grid for the index order).
 * Moments treat the density as the discrete measure Σ ρ_i |cell| δ_{x_i} on the cell
 * centres; for the exact cell averages of N(μ, s²) this has variance s² + h²/12 per axis.
 * On radial grids (Grid.radial) integrals use the shell measures V_i.
 */

/** Mass ∫ρ = Σ ρ_i · |cell| (Σ ρ_i V_i on radial grids). */
export function mass(grid: Grid, rho: Float64Array): number {
  if (grid.cellMeasures) return grid.integrate(rho);
  let s = 0;
  for (let i = 0; i < rho.length; i++) s += rho[i];
  return s * grid.cellVolume;
}

/** Refuses per-axis moments on a radial grid (its densities are centred and isotropic). */
function refuseRadial(grid: Grid, what: string): void {
  if (grid.radial) {
    throw new InputError(
      "grid.radial",
      `${what} is not defined on a radial grid: a radial density is centred at the origin with ` +
        `isotropic covariance (∫|x|²ρ/(dM))·I; use the second moment`,
    );
  }
}

/** Centre of mass (per axis) of the discrete measure on cell centres. */
export function mean(grid: Grid, rho: Float64Array): number[] {
  refuseRadial(grid, "the per-axis mean");
  const d = grid.dim;
  const m = new Array<number>(d).fill(0);
  const idx = new Int32Array(d);
  let total = 0;
  for (let k = 0; k < rho.length; k++) {
    grid.unravel(k, idx);
    total += rho[k];
    for (let a = 0; a < d; a++) m[a] += rho[k] * grid.center(a, idx[a]);
  }
  return m.map((v) => v / total);
}

/** Covariance matrix (d×d, row arrays) of the normalised discrete measure on cell centres. */
export function covariance(grid: Grid, rho: Float64Array): number[][] {
  refuseRadial(grid, "the per-axis covariance");
  const d = grid.dim;
  const mu = mean(grid, rho);
  const c = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const idx = new Int32Array(d);
  const x = new Float64Array(d);
  let total = 0;
  for (let k = 0; k < rho.length; k++) {
    grid.unravel(k, idx);
    for (let a = 0; a < d; a++) x[a] = grid.center(a, idx[a]) - mu[a];
    total += rho[k];
    for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) c[a][b] += rho[k] * x[a] * x[b];
  }
  for (let a = 0; a < d; a++)
    for (let b = 0; b <= a; b++) {
      c[a][b] /= total;
      c[b][a] = c[a][b];
    }
  return c;
}

/**
 * Second moment ∫|x|² ρ (not normalised by the mass), on cell centres. On a radial grid:
 * Σ ρ_i V_i ⟨r²⟩_i, the exact moment of the shell-wise constant density (⟨r²⟩_i the mean of
 * |x|² over shell i), which exceeds the moment of a smooth density by d·M·h²/6 + O(h⁴)
 * (docs/radial.md).
 */
export function secondMoment(grid: Grid, rho: Float64Array): number {
  if (grid.radial) {
    const w = grid.radial.measures;
    const r2 = grid.radial.meanR2;
    let s = 0;
    for (let i = 0; i < rho.length; i++) s += rho[i] * w[i] * r2[i];
    return s;
  }
  const d = grid.dim;
  const idx = new Int32Array(d);
  let s = 0;
  for (let k = 0; k < rho.length; k++) {
    grid.unravel(k, idx);
    let r2 = 0;
    for (let a = 0; a < d; a++) r2 += grid.center(a, idx[a]) ** 2;
    s += r2 * rho[k];
  }
  return s * grid.cellVolume;
}

/** Scales ρ in place to the given mass (default 1); returns it. */
export function normalise(grid: Grid, rho: Float64Array, target = 1): Float64Array {
  const m = mass(grid, rho);
  if (!(m > 0) || !Number.isFinite(m)) {
    throw new InputError("density", `cannot normalise: mass must be positive and finite, got ${m}`);
  }
  const s = target / m;
  for (let i = 0; i < rho.length; i++) rho[i] *= s;
  return rho;
}

/**
 * Throws a clear InputError unless ρ is a valid density on the grid: right length,
 * every entry finite and ≥ 0, positive finite mass.
 */
export function checkDensity(grid: Grid, rho: Float64Array, name = "density"): void {
  grid.checkLength(name, rho);
  for (let i = 0; i < rho.length; i++) {
    const v = rho[i];
    if (Number.isNaN(v))
      throw new InputError(name, `entry ${i} is NaN; densities must be finite and >= 0`);
    if (!Number.isFinite(v))
      throw new InputError(name, `entry ${i} is ${v}; densities must be finite and >= 0`);
    if (v < 0) throw new InputError(name, `entry ${i} is negative (${v}); densities must be >= 0`);
  }
  const m = mass(grid, rho);
  if (!(m > 0)) throw new InputError(name, `has zero mass; the total mass must be > 0`);
}

/**
 * Exact cell averages (1/|cell|)∫_cell f by tensor Gauss–Legendre quadrature with
 * `order` points per axis (default 6: exact for polynomials of degree 11 per axis).
 * Use this, not point samples, to compare a grid solution with an exact one.
 * On a radial grid, f is a function of x = [r] and the averages are over the shells
 * (RadialCells.cellAverages: weight r^{d−1}, `order` + ⌈d/2⌉ points per cell).
 */
export function cellAverages(grid: Grid, f: (x: Float64Array) => number, order = 6): Float64Array {
  if (grid.radial) {
    const x = new Float64Array(1);
    return grid.radial.cellAverages(
      (r) => {
        x[0] = r;
        return f(x);
      },
      Math.min(64, order + Math.ceil(grid.radial.dim / 2)),
    );
  }
  return reduceCells(grid, f, order, (values, w) => {
    let s = 0;
    for (let j = 0; j < values.length; j++) s += w[j] * values[j];
    return s;
  });
}

/**
 * log of the cell averages of e^{g}, log (1/|cell|)∫_cell e^{g}, by the quadrature of
 * {@link cellAverages} (Cartesian grids), shifted by the largest node value of each cell so that
 * no exponential over- or underflows: log⟨e^g⟩ = g_max + log Σ_j w_j e^{g_j − g_max}. With
 * g = −V this gives the cell-averaged Gibbs potential U_i = −log⟨e^{−V}⟩_i.
 */
export function logCellAverages(
  grid: Grid,
  g: (x: Float64Array) => number,
  order = 6,
): Float64Array {
  if (grid.radial) {
    throw new InputError("grid", "logCellAverages works on Cartesian grids only");
  }
  return reduceCells(grid, g, order, (values, w) => {
    let top = -Infinity;
    for (let j = 0; j < values.length; j++) if (values[j] > top) top = values[j];
    if (!Number.isFinite(top)) return top;
    let s = 0;
    for (let j = 0; j < values.length; j++) s += w[j] * Math.exp(values[j] - top);
    return top + Math.log(s);
  });
}

/**
 * f at the tensor Gauss–Legendre nodes (`order` per axis) of every cell of a Cartesian grid,
 * reduced per cell by `reduce(values, weights)`; the weights (products of the 1D weights / 2)
 * sum to 1 over a cell's nodes.
 */
function reduceCells(
  grid: Grid,
  f: (x: Float64Array) => number,
  order: number,
  reduce: (values: Float64Array, weights: Float64Array) => number,
): Float64Array {
  const { nodes, weights } = gaussLegendre(order);
  const d = grid.dim;
  const q = nodes.length;
  const nq = q ** d;
  const out = new Float64Array(grid.size);
  const idx = new Int32Array(d);
  const x = new Float64Array(d);
  const qi = new Int32Array(d);
  const values = new Float64Array(nq);
  const w = new Float64Array(nq);
  for (let k = 0; k < grid.size; k++) {
    grid.unravel(k, idx);
    for (let j = 0; j < nq; j++) {
      let r = j;
      let wj = 1;
      for (let a = d - 1; a >= 0; a--) {
        qi[a] = r % q;
        r = (r - qi[a]) / q;
        x[a] = grid.center(a, idx[a]) + 0.5 * grid.h[a] * nodes[qi[a]];
        wj *= 0.5 * weights[qi[a]];
      }
      w[j] = wj;
      values[j] = f(x);
    }
    out[k] = reduce(values, w);
  }
  return out;
}

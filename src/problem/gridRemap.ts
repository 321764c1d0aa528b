import type { Grid } from "../grid/grid.js";
import {
  fail,
  GRID_TOLERANCE,
  type BoxGrid,
  type FileRef,
  type LoadedDensity,
} from "./densityFile.js";

/**
 * A saved density on the spec's grid: the same grid (to GRID_TOLERANCE of a cell), or a
 * conservative remap — the mass of each target cell is the integral over it of the
 * piecewise-constant source density (overlap lengths per axis, tensor product), so the
 * total mass is kept exactly, except the part of the source outside the target box.
 */

/** "n = [64, 64], lo = [-1, -1], hi = [1, 1]". */
export function describeGrid(g: {
  n: readonly number[];
  lo: readonly number[];
  hi: readonly number[];
}): string {
  const list = (v: readonly number[]) => `[${v.join(", ")}]`;
  return `n = ${list(g.n)}, lo = ${list(g.lo)}, hi = ${list(g.hi)}`;
}

/** Same n, and lo, hi equal to GRID_TOLERANCE cell widths per axis. */
export function sameGrid(
  a: BoxGrid,
  b: { n: readonly number[]; lo: readonly number[]; hi: readonly number[] },
): boolean {
  if (a.n.length !== b.n.length) return false;
  for (let k = 0; k < a.n.length; k++) {
    if (a.n[k] !== b.n[k]) return false;
    const tol = (GRID_TOLERANCE * (b.hi[k] - b.lo[k])) / b.n[k];
    if (!(Math.abs(a.lo[k] - b.lo[k]) <= tol && Math.abs(a.hi[k] - b.hi[k]) <= tol)) return false;
  }
  return true;
}

/** Position of x in source cell units, snapped to an integer within 1e-9 of a cell. */
function toCells(x: number, lo: number, h: number): number {
  const u = (x - lo) / h;
  const r = Math.round(u);
  return Math.abs(u - r) <= 1e-9 ? r : u;
}

/**
 * Weights of the 1D conservative remap from nSrc cells of width hSrc at srcLo to nDst cells
 * of width hDst at dstLo: target cell j gets Σ_i w_ji ρ_i with w_ji = |cell_j ∩ cell_i|/|cell_j|
 * (overlaps measured in source-cell units, edges within 1e-9 of a source edge snapped to it,
 * so that a target cell inside one source cell has the single weight 1 exactly).
 */
function axisWeights(
  srcLo: number,
  hSrc: number,
  nSrc: number,
  dstLo: number,
  hDst: number,
  nDst: number,
): { index: number[]; weight: number[] }[] {
  const out: { index: number[]; weight: number[] }[] = [];
  for (let j = 0; j < nDst; j++) {
    const a = toCells(dstLo + j * hDst, srcLo, hSrc);
    const b = toCells(dstLo + (j + 1) * hDst, srcLo, hSrc);
    const len = b - a;
    const index: number[] = [];
    const weight: number[] = [];
    const first = Math.max(0, Math.floor(a));
    const last = Math.min(nSrc - 1, Math.ceil(b) - 1);
    for (let i = first; i <= last; i++) {
      const ov = Math.min(b, i + 1) - Math.max(a, i);
      if (ov > 0) {
        index.push(i);
        weight.push(ov / len);
      }
    }
    out.push({ index, weight });
  }
  return out;
}

/**
 * Conservative remap of cell averages from the box grid `src` to `dst` (same dimension):
 * the mass of each target cell is the integral over it of the piecewise-constant source
 * density, ρ_dst[j] = Σ_i ρ_src[i] |cell_j ∩ cell_i| / |cell_j|, with the overlaps a product
 * of overlap lengths per axis (applied one axis at a time). The total mass is preserved up to
 * rounding, except the source mass outside the target box, which is dropped; target cells
 * outside the source box get 0. A target grid that refines the source by an integer factor
 * per axis reproduces the piecewise-constant source exactly.
 */
export function conservativeRemap(
  src: BoxGrid,
  rho: Float64Array,
  dst: { n: readonly number[]; lo: readonly number[]; hi: readonly number[] },
): Float64Array {
  const d = src.n.length;
  if (dst.n.length !== d) throw new Error("conservativeRemap: grids of different dimensions");
  const shape = [...src.n];
  let data = rho;
  for (let a = 0; a < d; a++) {
    const hSrc = (src.hi[a] - src.lo[a]) / src.n[a];
    const hDst = (dst.hi[a] - dst.lo[a]) / dst.n[a];
    const w = axisWeights(src.lo[a], hSrc, src.n[a], dst.lo[a], hDst, dst.n[a]);
    let outer = 1;
    for (let b = 0; b < a; b++) outer *= shape[b];
    let inner = 1;
    for (let b = a + 1; b < d; b++) inner *= shape[b];
    const nSrc = shape[a];
    const nDst = dst.n[a];
    const out = new Float64Array(outer * nDst * inner);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < nDst; j++) {
        const { index, weight } = w[j];
        const base = (o * nDst + j) * inner;
        for (let q = 0; q < index.length; q++) {
          const from = (o * nSrc + index[q]) * inner;
          const wq = weight[q];
          for (let k = 0; k < inner; k++) out[base + k] += wq * data[from + k];
        }
      }
    }
    shape[a] = nDst;
    data = out;
  }
  return data;
}

/**
 * The loaded density on `grid`: as is when the file is on the same grid; otherwise refused
 * (resample "refuse") with a message naming both grids, or remapped conservatively.
 */
export function densityOnGrid(
  loaded: LoadedDensity,
  grid: Grid,
  resample: "refuse" | "conservative",
  ref: FileRef,
): Float64Array {
  if (sameGrid(loaded.grid, grid)) return loaded.density;
  const both = `the file's grid (${describeGrid(loaded.grid)}) is not the spec's grid (${describeGrid(grid)})`;
  if (loaded.grid.n.length !== grid.dim) {
    fail(ref, `${both}: a ${loaded.grid.n.length}D density cannot start a ${grid.dim}D run`);
  }
  if (resample === "refuse") {
    fail(ref, `${both}; set "resample": "conservative" to remap it, or run on the file's grid`);
  }
  const out = conservativeRemap(loaded.grid, loaded.density, grid);
  let total = 0;
  for (let i = 0; i < out.length; i++) total += out[i];
  if (!(total > 0)) fail(ref, `${both}, and the two boxes do not overlap: no mass is left`);
  return out;
}

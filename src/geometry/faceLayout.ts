import type { Grid } from "../grid/grid.js";

/**
 * The interior faces of one grid axis, arranged for fast, allocation-free sweeps.
 *
 * A face joins a cell p to its neighbour q = p + stride along the axis (or, for the
 * wrap-around face of a periodic axis, the last cell of a line to its first cell). The
 * faces are grouped into *segments* of consecutive p: a face sweep is
 *
 * ```
 * for (let g = 0; g < nseg; g++) {
 *   const [r0, len, qoff, pb, qf] = seg.subarray(5g, 5g + 5);
 *   for (let p = r0; p < r0 + len; p++) { const q = p + qoff; … }
 * }
 * ```
 *
 * so the inner loop always runs over contiguous memory: along the last axis a segment is
 * (part of) a grid line, along the other axes a row of `stride` faces. `pb` and `qf` give
 * the second-order stencil without branches: p + pb is the cell behind p and q + qf the cell
 * beyond q along the axis; at a no-flux wall the offset is 0 (the cell itself, so the
 * one-sided difference is 0), on a periodic axis it wraps.
 * Faces are numbered in sweep order (0 … nfaces − 1), so per-face data (e.g. the
 * Scharfetter–Gummel weights) can be stored in a Float64Array and read sequentially.
 * No-flux walls have no face; periodic axes get one extra wrap face per line.
 */
export interface AxisFaces {
  readonly axis: number;
  /** Cells along the axis. */
  readonly n: number;
  /** Index stride of the axis. */
  readonly stride: number;
  /** Cell width along the axis. */
  readonly h: number;
  readonly periodic: boolean;
  /** Segments as (first p, length, q − p, behind-p offset, beyond-q offset) 5-tuples. */
  readonly seg: Int32Array;
  readonly nseg: number;
  /** Total number of faces of this axis. */
  readonly nfaces: number;
  /**
   * Index of the first cell of every line along the axis (length size/n); the last cell of
   * the same line is first + (n − 1)·stride. Used to reset wall data of one-sided slopes.
   */
  readonly lineStarts: Int32Array;
}

/** Face sweeps of every axis of the grid. */
export function axisFaces(grid: Grid): AxisFaces[] {
  const out: AxisFaces[] = [];
  for (let a = 0; a < grid.dim; a++) {
    const n = grid.n[a];
    const s = grid.strides[a];
    const outer = grid.size / (n * s);
    const periodic = grid.boundary[a] === "periodic";
    const tuples: number[] = [];
    let nfaces = 0;
    const last = (n - 1) * s;
    const wall = (wrap: number): number => (periodic ? wrap : 0);
    for (let o = 0; o < outer; o++) {
      const base = o * n * s;
      if (s === 1) {
        if (n === 2) {
          tuples.push(base, 1, 1, wall(last), wall(-last));
        } else {
          tuples.push(base, 1, 1, wall(last), 1);
          if (n > 3) tuples.push(base + 1, n - 3, 1, -1, 1);
          tuples.push(base + n - 2, 1, 1, -1, wall(-last));
        }
      } else {
        for (let k = 0; k < n - 1; k++) {
          const pb = k > 0 ? -s : wall(last);
          const qf = k < n - 2 ? s : wall(-last);
          tuples.push(base + k * s, s, s, pb, qf);
        }
      }
      nfaces += (n - 1) * s;
    }
    if (periodic) {
      // Wrap faces: last cell of each line → first cell of the same line.
      for (let o = 0; o < outer; o++) {
        const base = o * n * s;
        tuples.push(base + last, s, -last, -s, s);
        nfaces += s;
      }
    }
    const lineStarts = new Int32Array(outer * s);
    let c = 0;
    for (let o = 0; o < outer; o++) for (let j = 0; j < s; j++) lineStarts[c++] = o * n * s + j;
    out.push({
      axis: a,
      n,
      stride: s,
      h: grid.h[a],
      periodic,
      seg: Int32Array.from(tuples),
      nseg: tuples.length / 5,
      nfaces,
      lineStarts,
    });
  }
  return out;
}

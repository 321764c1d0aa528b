/**
 * The active region of the compact 2D sweeps for ν = 0 (compactSweeps.ts, squareSweep.ts):
 * the cells whose dρ/dt or stability rate can be non-zero, i.e. the occupied cells (ρ ≠ 0)
 * and their four neighbours, as one column range per row. Index p = i·n1 + j.
 */

/**
 * Occupied columns of each row of a 2D density: ranges[2i] = lo_i, ranges[2i + 1] = hi_i,
 * the first and last column with ρ ≠ 0 (NaN counts as occupied); lo > hi for an empty row.
 * Each scan stops at the first occupied cell from either end, so it reads only the margins.
 */
export function occupiedRanges(
  n0: number,
  n1: number,
  rho: Float64Array,
  ranges: Int32Array,
): void {
  for (let i = 0; i < n0; i++) {
    const row = i * n1;
    let lo = 0;
    while (lo < n1 && rho[row + lo] === 0) lo++;
    let hi = n1 - 1;
    if (lo === n1) hi = -1;
    else while (rho[row + hi] === 0) hi--;
    ranges[2 * i] = lo;
    ranges[2 * i + 1] = hi;
  }
}

/**
 * Active columns of row i from the occupied ranges (occupiedRanges): [min(lo_{i−1}, lo_i − 1,
 * lo_{i+1}), max(hi_{i−1}, hi_i + 1, hi_{i+1})] clipped to [0, lastCol], written to
 * active[2i], active[2i + 1] (empty if the first exceeds the second).
 */
export function activeColumns(
  i: number,
  n0: number,
  lastCol: number,
  ranges: Int32Array,
  active: Int32Array,
): void {
  let a = ranges[2 * i] - 1;
  let b = ranges[2 * i + 1] + 1;
  if (i > 0) {
    if (ranges[2 * i - 2] < a) a = ranges[2 * i - 2];
    if (ranges[2 * i - 1] > b) b = ranges[2 * i - 1];
  }
  if (i < n0 - 1) {
    if (ranges[2 * i + 2] < a) a = ranges[2 * i + 2];
    if (ranges[2 * i + 3] > b) b = ranges[2 * i + 3];
  }
  active[2 * i] = a < 0 ? 0 : a;
  active[2 * i + 1] = b > lastCol ? lastCol : b;
}

/**
 * The sweeps keep the flux through the south face of each cell in `out` until the cell is
 * visited: row i − 1 writes the flux into (i, j) on its active columns. This sets out = 0 on
 * the active columns of row i that row i − 1 did not visit (all of them for i = 0): there
 * the cells (i − 2, j), (i − 1, j) and (i, j) are empty, so that flux is 0.
 */
export function southInflow(i: number, n1: number, active: Int32Array, out: Float64Array): void {
  const row = i * n1;
  const a = active[2 * i];
  const b = active[2 * i + 1];
  const ap = i > 0 ? active[2 * i - 2] : n1;
  const bp = i > 0 ? active[2 * i - 1] : -1;
  if (ap > bp) {
    out.fill(0, row + a, row + b + 1);
    return;
  }
  if (a < ap) out.fill(0, row + a, row + (ap < b + 1 ? ap : b + 1));
  if (b > bp) out.fill(0, row + (bp + 1 > a ? bp + 1 : a), row + b + 1);
}

/**
 * The whole active region of ρ: occupiedRanges into `ranges`, then activeColumns of every
 * row into `active` (both ≥ 2·n0 entries).
 */
export function activeRegion(
  n0: number,
  n1: number,
  rho: Float64Array,
  ranges: Int32Array,
  active: Int32Array,
): void {
  occupiedRanges(n0, n1, rho, ranges);
  for (let i = 0; i < n0; i++) activeColumns(i, n0, n1 - 1, ranges, active);
}

/**
 * Opens row i of a compact sweep: false (after zeroing the row if `zeroOutside`) when the row
 * has no active column; else the south-face inflow of its active columns (southInflow) and,
 * with `zeroOutside`, zeros outside them, and true.
 */
export function openRow(
  i: number,
  n1: number,
  active: Int32Array,
  out: Float64Array,
  zeroOutside: boolean,
): boolean {
  const row = i * n1;
  const a = active[2 * i];
  const b = active[2 * i + 1];
  if (a > b) {
    if (zeroOutside) out.fill(0, row, row + n1);
    return false;
  }
  southInflow(i, n1, active, out);
  if (zeroOutside) {
    if (a > 0) out.fill(0, row, row + a);
    if (b < n1 - 1) out.fill(0, row + b + 1, row + n1);
  }
  return true;
}

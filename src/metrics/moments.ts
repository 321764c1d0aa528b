import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";

/**
 * Second moments of a density given by cell averages.
 *
 * The centre rule Σρ_i|x_i − c|²|cell| is biased: for smooth f with cell averages ρ_i,
 * ∫|x − c|²f = Σρ_i|x_i − c|²|cell| − M Σ_a h_a²/12 + O(h⁴) (expand f to second order in
 * each cell; for Gaussians the bias is exactly M h²/12 per axis up to exponentially small
 * terms, EXACT.md §0.1). `secondMoment(…, { cellAverageCorrection: true })` removes it, so
 * the result estimates the continuous moment of the solution to O(h⁴) (lower order where the
 * density has a kink, e.g. at a porous-medium front).
 */
export interface SecondMomentOptions {
  /** Centre c (default the origin). */
  center?: ArrayLike<number>;
  /** Subtract M Σ h_a²/12 (default false). */
  cellAverageCorrection?: boolean;
}

export function secondMoment(
  grid: Grid,
  rho: Float64Array,
  options: SecondMomentOptions = {},
): number {
  grid.checkLength("rho", rho);
  if (grid.radial) return radialSecondMoment(grid, rho, options);
  const d = grid.dim;
  const c = options.center ?? new Array<number>(d).fill(0);
  if (c.length !== d) throw new InputError("center", `must have ${d} entries, got ${c.length}`);
  const idx = new Int32Array(d);
  let s = 0;
  let m = 0;
  const centres = Array.from({ length: d }, (_, a) => {
    const xs = grid.centers(a);
    for (let i = 0; i < xs.length; i++) xs[i] = (xs[i] - c[a]) ** 2;
    return xs;
  });
  for (let k = 0; k < rho.length; k++) {
    grid.unravel(k, idx);
    let r2 = 0;
    for (let a = 0; a < d; a++) r2 += centres[a][idx[a]];
    s += rho[k] * r2;
    m += rho[k];
  }
  let out = s * grid.cellVolume;
  if (options.cellAverageCorrection) {
    const h2 = grid.h.reduce((acc, h) => acc + (h * h) / 12, 0);
    out -= m * grid.cellVolume * h2;
  }
  return out;
}

/**
 * On a radial grid (about the origin, the only centre of a radial density): the moment of the
 * shell-wise constant density Σρ_iV_i⟨r²⟩_i (density.ts), minus d·M·h²/6 with the
 * correction — the leading bias of shell averages: for smooth ρ, ∫_shell r²(ρ − ρ_i)dμ ≈
 * 2r̄·(h²/12)·ρ'(r̄)·V_i, which sums to (h²/6)∫ρ'(r) r dμ = −(h²/6)·d·M (docs/radial.md).
 */
function radialSecondMoment(grid: Grid, rho: Float64Array, options: SecondMomentOptions): number {
  const c = options.center;
  if (c !== undefined && (c.length !== 1 || c[0] !== 0)) {
    throw new InputError(
      "center",
      `a radial density is centred at the origin; the centre must be [0], got [${Array.from(c).join(", ")}]`,
    );
  }
  const radial = grid.radial!;
  const w = radial.measures;
  const r2 = radial.meanR2;
  let s = 0;
  let m = 0;
  for (let i = 0; i < rho.length; i++) {
    s += rho[i] * w[i] * r2[i];
    m += rho[i] * w[i];
  }
  return options.cellAverageCorrection ? s - (m * radial.dim * radial.h * radial.h) / 6 : s;
}

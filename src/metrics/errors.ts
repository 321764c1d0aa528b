import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";

/**
 * Discrete error norms between a grid density ρ and the exact CELL AVERAGES e of a reference
 * solution (never point samples: those differ from cell averages by O(h²), EXACT.md §0.1).
 *   L1 = Σ|ρ_i − e_i|·|cell|,   L∞ = max|ρ_i − e_i|,   relative L2 = √(Σ(ρ_i − e_i)²/Σe_i²).
 */
export interface ErrorNorms {
  l1: number;
  linf: number;
  l2rel: number;
}

function check(grid: Grid, rho: ArrayLike<number>, exact: ArrayLike<number>): void {
  grid.checkLength("rho", rho);
  grid.checkLength("exact", exact);
}

/**
 * Σ|ρ − e|·|cell| (the L1 distance of the two piecewise-constant densities; Σ|ρ_i − e_i|V_i
 * with the shell measures on a radial grid).
 */
export function l1Error(grid: Grid, rho: ArrayLike<number>, exact: ArrayLike<number>): number {
  check(grid, rho, exact);
  const w = grid.cellMeasures;
  if (w) {
    let r = 0;
    for (let i = 0; i < rho.length; i++) r += Math.abs(rho[i] - exact[i]) * w[i];
    return r;
  }
  let s = 0;
  for (let i = 0; i < rho.length; i++) s += Math.abs(rho[i] - exact[i]);
  return s * grid.cellVolume;
}

/** max_i |ρ_i − e_i|. */
export function linfError(grid: Grid, rho: ArrayLike<number>, exact: ArrayLike<number>): number {
  check(grid, rho, exact);
  let m = 0;
  for (let i = 0; i < rho.length; i++) m = Math.max(m, Math.abs(rho[i] - exact[i]));
  return m;
}

/** √(Σ(ρ − e)²/Σe²); InputError if the reference is identically 0. */
export function relativeL2Error(
  grid: Grid,
  rho: ArrayLike<number>,
  exact: ArrayLike<number>,
): number {
  check(grid, rho, exact);
  let num = 0;
  let den = 0;
  for (let i = 0; i < rho.length; i++) {
    const e = rho[i] - exact[i];
    num += e * e;
    den += exact[i] * exact[i];
  }
  if (!(den > 0))
    throw new InputError(
      "exact",
      "is identically 0; the relative L2 error needs a nonzero reference",
    );
  return Math.sqrt(num / den);
}

/** All three norms in one pass. */
export function errorNorms(
  grid: Grid,
  rho: ArrayLike<number>,
  exact: ArrayLike<number>,
): ErrorNorms {
  check(grid, rho, exact);
  let l1 = 0;
  let linf = 0;
  let num = 0;
  let den = 0;
  for (let i = 0; i < rho.length; i++) {
    const e = Math.abs(rho[i] - exact[i]);
    l1 += e;
    if (e > linf) linf = e;
    num += e * e;
    den += exact[i] * exact[i];
  }
  return {
    l1: grid.cellMeasures ? l1Error(grid, rho, exact) : l1 * grid.cellVolume,
    linf,
    l2rel: den > 0 ? Math.sqrt(num / den) : NaN,
  };
}

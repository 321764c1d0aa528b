import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";

/**
 * Checks initial data on the grid: the right length, finite and ≥ 0 everywhere, positive
 * mass. Messages name the JSON path and the first offending cell.
 */
export function validateDensity(grid: Grid, rho: Float64Array, path: string): void {
  if (rho.length !== grid.size) {
    throw new InputError(
      path,
      `has ${rho.length} values but the grid ${grid.n.join("×")} has ${grid.size} cells`,
    );
  }
  let total = 0;
  for (let i = 0; i < rho.length; i++) {
    const v = rho[i];
    if (!Number.isFinite(v) || v < 0) {
      throw new InputError(
        path,
        `must be finite and >= 0 in every cell; cell ${i} has ${v} (a density on 𝓜₊)`,
      );
    }
    total += v;
  }
  if (!(total > 0)) throw new InputError(path, "has zero mass: a density needs a positive mass");
}

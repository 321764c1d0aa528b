import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";

/**
 * The entropic OT solvers and the JKO step use the Euclidean cost |x − y|² between cell
 * centres of the box. On a periodic axis the right cost would be the torus distance, which
 * they do not implement: refuse such grids rather than silently transport across the box.
 */
export function requireEuclideanBox(grid: Grid, who: string): void {
  const periodic = grid.boundary.map((b, a) => (b === "periodic" ? a : -1)).filter((a) => a >= 0);
  if (periodic.length > 0) {
    throw new InputError(
      "grid.boundary",
      `${who} uses the Euclidean cost |x − y|² on the box; periodic axes (${periodic.join(", ")}) ` +
        `would need the torus distance, which is not supported — use no-flux axes`,
    );
  }
}

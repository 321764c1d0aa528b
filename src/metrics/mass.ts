import { requireNumber } from "../errors.js";
import { mass } from "../grid/density.js";
import type { Grid } from "../grid/grid.js";

/**
 * Relative mass drift (M(ρ) − M₀)/M₀ with M(ρ) = Σρ_i|cell|. Conservative finite-volume schemes
 * keep it at rounding level (≈ 1e-14 after thousands of steps); anything larger points to a
 * flux leak at a boundary or a clipping of negative values.
 */
export function massDrift(grid: Grid, rho: Float64Array, mass0: number): number {
  requireNumber("mass0", mass0, { min: 0, exclusiveMin: true });
  return (mass(grid, rho) - mass0) / mass0;
}

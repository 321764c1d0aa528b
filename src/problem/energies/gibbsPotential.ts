import { InputError } from "../../errors.js";
import { cellAverages, logCellAverages } from "../../grid/density.js";
import type { Grid } from "../../grid/grid.js";
import type { SpecNode } from "../registry.js";
import type { Sampling } from "./target.js";

/**
 * How a potential V puts its Gibbs density π ∝ e^{−V} on the grid (the `sampling` of kl and
 * f-divergence given V):
 * - "cell-average": U_i = −log⟨e^{−V}⟩_i, the log of the cell average of e^{−V} (tensor
 *   Gauss–Legendre quadrature, 6 nodes per axis in 1D/2D and 4 in 3D, shifted by the cell's
 *   smallest node value so that no exponential underflows). Then π_i ∝ e^{−U_i} are the exact
 *   cell averages of the continuous Gibbs density, the discrete equilibrium of the scheme is
 *   the exact equilibrium's cell averages, and the O(h²) error of sampling π at the centres
 *   (⟨e^{−V}⟩ = e^{−V(x_i)}(1 + O(h²))) is gone.
 * - "point": U_i = V(x_i), the values at the cell centres.
 *
 * Default (no `sampling` given): "cell-average" for the registry potentials (quadratic,
 * double-well, gaussian: cheap closed forms), "point" for `expression` potentials (the
 * quadrature evaluates the formula 36 times per cell in 2D, through mathjs) and on radial
 * grids (shell averages have no per-cell shift here). A formula or a radial grid can still
 * ask for "cell-average" explicitly.
 */
export function potentialSampling(
  V: SpecNode,
  sampling: Sampling | undefined,
  grid: Grid,
): Sampling {
  if (sampling !== undefined) return sampling;
  return grid.radial || V.kind === "expression" ? "point" : "cell-average";
}

/** Quadrature nodes per axis of the cell averages of e^{−V} (see potentialSampling). */
export function gibbsQuadratureOrder(dim: number): number {
  return dim >= 3 ? 4 : 6;
}

/**
 * U on the grid for a potential V under `how` (see {@link potentialSampling}): V at the centres,
 * or −log⟨e^{−V}⟩ per cell. Refuses a cell whose average of e^{−V} is 0 or not finite (on
 * radial grids, where the average is not shifted), naming `path`.
 */
export function potentialOnGrid(
  V: (x: Float64Array) => number,
  how: Sampling,
  grid: Grid,
  path: string,
): Float64Array {
  if (how === "point") return grid.sample(V);
  const order = gibbsQuadratureOrder(grid.dim);
  let u: Float64Array;
  if (grid.radial) {
    const avg = cellAverages(grid, (x) => Math.exp(-V(x)), order);
    u = new Float64Array(avg.length);
    for (let i = 0; i < avg.length; i++) u[i] = -Math.log(avg[i]);
  } else {
    u = logCellAverages(grid, (x) => -V(x), order);
    for (let i = 0; i < u.length; i++) u[i] = -u[i];
  }
  for (let i = 0; i < u.length; i++) {
    if (!Number.isFinite(u[i])) {
      throw new InputError(
        path,
        `has no finite cell average of e^{−V} in cell ${i} (−log⟨e^{−V}⟩ = ${u[i]}); ` +
          `use sampling "point" or a smaller box`,
      );
    }
  }
  return u;
}

import type { Energy } from "../../src/energy/energy.js";
import type { WassersteinOptions } from "../../src/geometry/wasserstein.js";
import { wassersteinFor } from "../../src/geometry/wassersteinFor.js";
import { mass } from "../../src/grid/density.js";
import { Grid } from "../../src/grid/grid.js";
import { ExplicitScheme, type ExplicitOptions } from "../../src/schemes/explicit.js";

/** A radial grid of n shells on [0, R] in dimension d. */
export function radialGrid(d: number, n: number, R: number): Grid {
  return new Grid({ n: [n], lo: [0], hi: [R], radial: { dim: d } });
}

/**
 * Runs the radial Wasserstein flow of `energy` from ρ (in place) to time T with the explicit
 * scheme (Heun by default: dt ∝ h², so the O(dt²) time error is O(h⁴), the errors spatial);
 * returns the largest relative mass drift |Σρ_iV_i/M0 − 1| over the steps and the step count.
 */
export function runRadial(
  energy: Energy,
  rho: Float64Array,
  T: number,
  geometry: WassersteinOptions = {},
  scheme: ExplicitOptions = { method: "heun" },
): { drift: number; steps: number; minRho: number } {
  const grid = energy.grid;
  const s = new ExplicitScheme(wassersteinFor(energy, geometry), grid, scheme);
  const m0 = mass(grid, rho);
  let t = 0;
  let drift = 0;
  let steps = 0;
  let minRho = Infinity;
  while (t < T * (1 - 1e-14)) {
    t += s.step(rho, T - t);
    steps++;
    drift = Math.max(drift, Math.abs(mass(grid, rho) / m0 - 1));
    for (let i = 0; i < rho.length; i++) minRho = Math.min(minRho, rho[i]);
  }
  return { drift, steps, minRho };
}

/** Observed orders log(e_k/e_{k+1})/log(n_{k+1}/n_k). */
export function ordersOf(errors: number[], ns: number[]): number[] {
  return errors.slice(1).map((e, k) => Math.log(errors[k] / e) / Math.log(ns[k + 1] / ns[k]));
}

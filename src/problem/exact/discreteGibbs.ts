import { z } from "zod";
import { InputError } from "../../errors.js";
import type { Grid } from "../../grid/grid.js";
import { energyOf } from "../build.js";
import { initials } from "../registries.js";
import { type ExactEntryWithFacts, withFacts } from "./facts.js";

/**
 * The discrete Gibbs state of the spec's energy on its grid: the minimiser over densities of
 * mass M (the initial mass) of the discrete energy F(ρ) = Σ_i |cell| (ν ρ_i log ρ_i + V_i ρ_i),
 *
 *   ρ_i = M e^{−V_i/ν} / Σ_j |cell| e^{−V_j/ν},
 *
 * for energies made of entropy, potential and kl terms (Energy.pointwise with no power terms,
 * ν > 0). Time-independent: the state every mass-conserving scheme that decreases this F tends
 * to, cell for cell (the entropic JKO only up to its ε-blur, the sliced-Wasserstein JKO up to
 * its pinning, docs/sliced-wasserstein.md); compare with it through the observable l1-error
 * with `reference: {kind: "discrete-gibbs"}`. Not the cell averages of the continuous Gibbs
 * density (those differ by O(h²)).
 */
export const discreteGibbsExact: ExactEntryWithFacts<Record<string, never>> = {
  kind: "discrete-gibbs",
  doc: "discrete Gibbs state ρ_i ∝ e^{−V_i/ν} of F = Σ|cell|(νρ log ρ + Vρ) on the grid, with the initial mass (time-independent)",
  params: z.strictObject({}),
  facts: ["mass"],
  build: (_p, ctx, path) => {
    const grid0 = ctx.grid;
    const energy = energyOf(ctx.spec, ctx);
    const terms = energy.pointwise?.();
    if (!terms || terms.powers.length > 0 || !(terms.entropy > 0)) {
      throw new InputError(
        path,
        `needs an energy ν∫ρ log ρ + ∫Vρ with ν > 0 (entropy, potential and kl terms), got ${energy.name}`,
      );
    }
    const rho0 = initials.build(ctx.spec.initial, ctx, "initial");
    const mass = grid0.integrate(rho0);
    const nu = terms.entropy;
    const V = terms.potential;
    const n = grid0.size;
    let vMin = Infinity;
    for (let i = 0; i < n; i++) vMin = Math.min(vMin, V ? V[i] : 0);
    const state = new Float64Array(n);
    for (let i = 0; i < n; i++) state[i] = Math.exp(-((V ? V[i] : 0) - vMin) / nu);
    const z = grid0.integrate(state);
    for (let i = 0; i < n; i++) state[i] *= mass / z;
    const gridOnly = (): never => {
      throw new InputError(path, "is a grid state: it has cell values, not point values");
    };
    return withFacts(
      "discrete-gibbs",
      {
        dim: grid0.dim,
        mass,
        density: gridOnly,
        densityAt: gridOnly,
        cellAverages: (grid: Grid) => {
          if (grid !== grid0 && !sameCells(grid, grid0)) {
            throw new InputError(path, "is a state on the spec's grid only");
          }
          return Float64Array.from(state);
        },
      },
      { mass: () => mass },
    );
  },
};

function sameCells(a: Grid, b: Grid): boolean {
  return (
    a.dim === b.dim &&
    a.n.every((n, k) => n === b.n[k] && a.lo[k] === b.lo[k] && a.hi[k] === b.hi[k])
  );
}

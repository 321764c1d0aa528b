import { z } from "zod";
import { RelativeEntropy } from "../../energy/kl.js";
import { InputError } from "../../errors.js";
import { frKl, frKlSpherical } from "../../exact/fisherRao.js";
import type { Grid } from "../../grid/grid.js";
import { energies, initials } from "../registries.js";
import { type ExactEntryWithFacts, withFacts } from "./facts.js";

interface FrKlGridParams {
  rate?: number;
  spherical?: boolean;
}

/**
 * The semi-discrete reference of a Fisher–Rao flow of KL(ρ‖π) on the grid: the exact solution
 * of the cell-wise ODE ∂ρ_i/∂t = −κρ_i log(ρ_i/π_i) (or its spherical form), ρ_i(t) =
 * ρ0_i^{w}π_i^{1−w}, w = e^{−κt} (src/exact/fisherRao.ts frKl, frKlSpherical), with ρ0 the
 * spec's initial cell averages and π_i the kl energy's π on the grid (its `sampling`: cell
 * averages of e^{−V} by default, or centre values). Not the cell
 * averages of the continuous solution (the flow is nonlinear): it measures the time stepping
 * alone (the `semiDiscreteL1` of the fisher-rao-kl-1d scenario, with the observable l1-error).
 */
export const fisherRaoKlGridExact: ExactEntryWithFacts<FrKlGridParams> = {
  kind: "fisher-rao-kl-grid",
  doc: "semi-discrete Fisher–Rao flow of KL on the grid: ρ_i(t) = ρ0_i^{w}π_i^{1−w}, w = e^{−κt}, π_i the kl energy's π on the grid (time-stepping reference)",
  params: z.strictObject({
    rate: z
      .number()
      .gt(0)
      .optional()
      .describe("rate κ (default: the fisher-rao geometry's, else 1)"),
    spherical: z
      .boolean()
      .optional()
      .describe(
        "spherical (mass-preserving) flow (default: the fisher-rao geometry's, else false)",
      ),
  }),
  facts: ["mass"],
  build: (p, ctx, path) => {
    const spec = ctx.spec;
    const geo = spec.geometry.kind === "fisher-rao" ? spec.geometry : undefined;
    const rate = p.rate ?? (typeof geo?.rate === "number" ? geo.rate : 1);
    const spherical = p.spherical ?? geo?.spherical === true;
    if (spec.energy.length !== 1 || spec.energy[0].kind !== "kl" || spec.energy[0].weight !== 1) {
      throw new InputError(path, "needs an energy that is a single kl term of weight 1 (its π)");
    }
    const energy = energies.build(spec.energy[0], ctx, "energy[0]");
    if (!(energy instanceof RelativeEntropy)) {
      throw new InputError(path, "needs the kl energy's π on the grid");
    }
    const grid0 = ctx.grid;
    const pi = Float64Array.from(energy.minusLogPi, (v) => Math.exp(-v));
    const rho0 = initials.build(spec.initial, ctx, "initial");
    const flow = (t: number): Float64Array =>
      spherical ? frKlSpherical(rho0, pi, t, { rate }) : frKl(rho0, pi, t, { rate });
    let m0 = 0;
    for (let i = 0; i < rho0.length; i++) m0 += rho0[i];
    m0 *= grid0.cellVolume;
    const massAt = (t: number): number => {
      const r = flow(t);
      let s = 0;
      for (let i = 0; i < r.length; i++) s += r[i];
      return s * grid0.cellVolume;
    };
    return withFacts(
      "fisher-rao-kl-grid",
      {
        dim: grid0.dim,
        mass: m0,
        density: () => {
          throw new InputError(path, "is a grid solution: it has cell values, not point values");
        },
        densityAt: () => {
          throw new InputError(path, "is a grid solution: it has cell values, not point values");
        },
        cellAverages: (grid: Grid, t: number) => {
          if (grid !== grid0 && !sameCells(grid, grid0)) {
            throw new InputError(path, "is a solution on the spec's grid only");
          }
          return flow(t);
        },
      },
      { mass: massAt },
    );
  },
};

function sameCells(a: Grid, b: Grid): boolean {
  return (
    a.dim === b.dim &&
    a.n.every((n, k) => n === b.n[k] && a.lo[k] === b.lo[k] && a.hi[k] === b.hi[k])
  );
}

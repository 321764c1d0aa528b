import { z } from "zod";
import { InputError } from "../../errors.js";
import { l1Error } from "../../metrics/errors.js";
import { w2Grid1d } from "../../metrics/w2.js";
import type { ObservableEntry } from "../kinds.js";
import type { SpecNode } from "../registry.js";
import { nameParam, referenceFor, referenceRef, type ObservableCtx } from "./common.js";

/** The exact solution compared with, or an error naming the path. */
function requireExact(p: { reference?: SpecNode }, ctx: ObservableCtx, path: string) {
  const { exact } = referenceFor(p, ctx, path);
  if (exact === undefined) {
    throw new InputError(
      path,
      'needs an exact solution: the spec has none (add "exact" or "reference")',
    );
  }
  return exact;
}

/**
 * Exact W2 (1D quantile formula, src/metrics/w2.ts) to the exact cell averages, both
 * normalised to probabilities. The whole-space solution loses mass through the box's walls
 * where the no-flux grid solution keeps it (a box too small for the run's time): the
 * distance is then between the normalised shapes rather than a refusal mid-run.
 */
export const w2ToExactObservable: ObservableEntry<{ name: string; reference?: SpecNode }> = {
  kind: "w2-to-exact",
  doc: "W2 distance (1D quantile formula) between ρ and the exact solution's cell averages",
  params: z.strictObject({ name: nameParam("w2ToExact") }),
  refs: referenceRef,
  build: (p, ctx: ObservableCtx, path) => {
    const grid = ctx.grid;
    if (grid.dim !== 1) {
      throw new InputError(path, `w2-to-exact is 1D (quantile formula); the grid is ${grid.dim}D`);
    }
    const exact = requireExact(p, ctx, path);
    return {
      name: p.name,
      value: (rho, t) =>
        w2Grid1d(grid, rho, grid, exact.cellAverages(grid, t), { massTolerance: Infinity }),
    };
  },
};

/**
 * L1 distance Σ|ρ_i − ρ_ref,i||cell| to a reference's cell averages: the spec's exact
 * solution, or another one (`reference`), e.g. a JKO recursion or the semi-discrete
 * Fisher–Rao flow.
 */
export const l1ErrorObservable: ObservableEntry<{ name: string; reference?: SpecNode }> = {
  kind: "l1-error",
  doc: "Σ|ρ_i − ref_i||cell|: L1 distance to the cell averages of the exact solution, or of `reference`",
  params: z.strictObject({ name: nameParam("l1ToReference") }),
  refs: referenceRef,
  build: (p, ctx: ObservableCtx, path) => {
    const grid = ctx.grid;
    const exact = requireExact(p, ctx, path);
    return {
      name: p.name,
      value: (rho, t) => {
        const g = exact.cellAverages(grid, t);
        if (grid.cellMeasures) return l1Error(grid, rho, g);
        let s = 0;
        for (let i = 0; i < rho.length; i++) s += Math.abs(rho[i] - g[i]);
        return s * grid.cellVolume;
      },
    };
  },
};

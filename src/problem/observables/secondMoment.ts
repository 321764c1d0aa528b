import { z } from "zod";
import { InputError } from "../../errors.js";
import { secondMoment as centreSecondMoment } from "../../grid/density.js";
import { secondMoment } from "../../metrics/moments.js";
import { factsOf, requireFact } from "../exact/facts.js";
import { vector } from "../fields.js";
import { joinPath } from "../jsonPath.js";
import type { ObservableEntry } from "../kinds.js";
import { nameParam } from "./common.js";

/**
 * ∫|x − c|²ρ by the centre rule Σρ_i|x_i − c|²|cell|, optionally minus the cell-average bias
 * M Σ_a h_a²/12 (src/metrics/moments.ts).
 */
export const secondMomentObservable: ObservableEntry<{
  name: string;
  correction: boolean;
  center?: number[];
}> = {
  kind: "second-moment",
  doc: "∫|x − c|²ρ (centre rule), optionally minus M Σ h²/12 (the bias of cell averages)",
  params: z.strictObject({
    name: nameParam("secondMoment"),
    correction: z
      .boolean()
      .default(false)
      .describe("subtract M Σ_a h_a²/12, estimating the continuous moment to O(h⁴)"),
    center: vector().optional().describe("centre c (default the origin)"),
  }),
  build: (p, ctx, path) => {
    const grid = ctx.grid;
    if (p.center !== undefined && p.center.length !== grid.dim) {
      throw new InputError(
        joinPath(path, "center"),
        `must have ${grid.dim} entries, got ${p.center.length}`,
      );
    }
    if (!p.correction && p.center === undefined) {
      return { name: p.name, value: (rho) => centreSecondMoment(grid, rho) };
    }
    const options = {
      cellAverageCorrection: p.correction,
      ...(p.center ? { center: p.center } : {}),
    };
    return { name: p.name, value: (rho) => secondMoment(grid, rho, options) };
  },
};

/**
 * Relative error of the h²/12-corrected second moment about the exact solution's centre
 * against its closed form (Barenblatt: M d(m−1)/(d(m−1)+2m)·R(t0 + t)²).
 */
export const secondMomentErrorObservable: ObservableEntry<{ name: string; correction: boolean }> = {
  kind: "second-moment-error",
  doc: "∫|x − c|²ρ / ∫|x − c|²ρ_exact(t) − 1 (h²/12-corrected grid moment; e.g. vs Barenblatt)",
  params: z.strictObject({
    name: nameParam("secondMomentError"),
    correction: z
      .boolean()
      .default(true)
      .describe("subtract M Σ_a h_a²/12 from the grid moment (the bias of cell averages)"),
  }),
  build: (p, ctx, path) => {
    const exact = requireFact(
      ctx.exact,
      ctx.spec.exact?.kind,
      "secondMoment",
      "a closed-form second moment",
      path,
    );
    const center = factsOf(ctx.exact).center;
    const options = { cellAverageCorrection: p.correction, ...(center ? { center } : {}) };
    const grid = ctx.grid;
    return {
      name: p.name,
      value: (rho, t) => secondMoment(grid, rho, options) / exact(t) - 1,
    };
  },
};

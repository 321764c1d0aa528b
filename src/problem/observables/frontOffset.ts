import { z } from "zod";
import { factsOf, requireFact } from "../exact/facts.js";
import type { ObservableEntry } from "../kinds.js";
import { nameParam } from "./common.js";

/**
 * (numerical front − R(t))/h for a compactly supported exact solution (Barenblatt): the
 * numerical front is the farthest cell centre from the solution's centre with
 * ρ > threshold·max ρ; h the cell width of the first axis.
 */
export const frontOffsetObservable: ObservableEntry<{ name: string; threshold: number }> = {
  kind: "front-offset-cells",
  doc: "(numerical front − R(t))/h: front = farthest cell centre with ρ > threshold·max ρ, R the exact support radius",
  params: z.strictObject({
    name: nameParam("frontOffsetCells"),
    threshold: z
      .number()
      .gt(0)
      .lt(1)
      .default(1e-10)
      .describe("a cell is inside the support when ρ > threshold·max ρ"),
  }),
  build: (p, ctx, path) => {
    const radius = requireFact(ctx.exact, ctx.spec.exact?.kind, "radius", "a support radius", path);
    const grid = ctx.grid;
    const d = grid.dim;
    const c = factsOf(ctx.exact).center ?? new Array<number>(d).fill(0);
    const h = grid.h[0];
    const idx = new Int32Array(d);
    return {
      name: p.name,
      value: (rho, t) => {
        let peak = 0;
        for (let i = 0; i < rho.length; i++) peak = Math.max(peak, rho[i]);
        let far = 0;
        for (let i = 0; i < rho.length; i++) {
          if (rho[i] <= p.threshold * peak) continue;
          grid.unravel(i, idx);
          let r2 = 0;
          for (let a = 0; a < d; a++) r2 += (grid.center(a, idx[a]) - c[a]) ** 2;
          far = Math.max(far, r2);
        }
        return (Math.sqrt(far) - radius(t)) / h;
      },
    };
  },
};

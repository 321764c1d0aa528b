import { z } from "zod";
import { InputError } from "../../errors.js";
import { vector } from "../fields.js";
import { joinPath } from "../jsonPath.js";
import type { PotentialEntry } from "../kinds.js";

export interface DoubleWellParams {
  a: number;
  b: number;
  center?: number[];
}

/**
 * The double well V(x) = a(|x − c|² − b)², a > 0, b ≥ 0: minima on the sphere |x − c| = √b
 * (in 1D the two wells ±√b), a barrier of height a·b² at c. a = b = 1 in 1D is (x² − 1)².
 * ∫e^{−V} has no elementary closed form: a kl term with this V is normalised on the grid
 * (or by logZ).
 */
export const doubleWellPotential: PotentialEntry<DoubleWellParams> = {
  kind: "double-well",
  doc: "V(x) = a(|x − c|² − b)²: wells on the sphere |x − c| = √b, barrier a·b² (1D, a = b = 1: (x² − 1)²)",
  params: z.strictObject({
    a: z.number().gt(0).default(1).describe("height factor a > 0"),
    b: z.number().min(0).default(1).describe("squared radius b ≥ 0 of the wells"),
    center: vector().optional().describe("centre c (default the origin)"),
  }),
  build: (p, ctx, path) => {
    const d = ctx.dim;
    const c = p.center ?? new Array<number>(d).fill(0);
    if (c.length !== d) {
      throw new InputError(joinPath(path, "center"), `must have ${d} entries, got ${c.length}`);
    }
    const { a, b } = p;
    return {
      V: (x) => {
        let r2 = 0;
        for (let k = 0; k < d; k++) r2 += (x[k] - c[k]) * (x[k] - c[k]);
        const w = r2 - b;
        return a * w * w;
      },
      // ∇V = 4a(|x − c|² − b)(x − c)
      gradient: (x, out) => {
        let r2 = 0;
        for (let k = 0; k < d; k++) r2 += (x[k] - c[k]) * (x[k] - c[k]);
        const f = 4 * a * (r2 - b);
        for (let k = 0; k < d; k++) out[k] = f * (x[k] - c[k]);
      },
    };
  },
};

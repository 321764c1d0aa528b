import { z } from "zod";
import { InputError } from "../../errors.js";
import { PowerLawKernel } from "../../fft/kernels.js";
import { joinPath } from "../jsonPath.js";
import type { KernelEntry } from "../kinds.js";

/**
 * Attractive–repulsive power law W(x) = |x|^a/a − |x|^b/b, a > b > −d (an exponent 0 stands
 * for log|x|); a = 4, b = 2 is the aggregation kernel whose minimisers are uniform on a
 * sphere (Balagué, Carrillo, Laurent & Raoul, ARMA 209, 2013). The bound b > −d (local
 * integrability) depends on the grid's dimension, so it is checked when the kernel is built.
 */
export const powerLawKernel: KernelEntry<{ a: number; b: number }> = {
  kind: "power-law",
  doc: "attractive–repulsive W(x) = |x|^a/a − |x|^b/b, a > b > −d (exponent 0: log|x|)",
  params: z
    .strictObject({
      a: z.number().describe("attractive (long-range) exponent a > b"),
      b: z.number().describe("repulsive (short-range) exponent b > −d"),
    })
    .refine((p) => p.a > p.b, {
      path: ["a"],
      message: "must be > b (W = |x|^a/a − |x|^b/b needs a > b > −d)",
    }),
  build: (p, ctx, path) => {
    if (!(p.b > -ctx.dim)) {
      throw new InputError(
        joinPath(path, "b"),
        `must be > −d = ${-ctx.dim} (|x|^b is locally integrable in d = ${ctx.dim} only then), got ${p.b}`,
      );
    }
    return new PowerLawKernel(p.a, p.b, ctx.dim);
  },
};

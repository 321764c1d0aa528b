import { z } from "zod";
import { HeatGaussian } from "../../exact/heat.js";
import { gaussianOf, gaussianParams } from "../initial/gaussian.js";
import type { ExactEntry } from "../kinds.js";
import { initialParams } from "./fromInitial.js";

/** Heat kernel from a Gaussian: ρ_t = M·N(μ0, Σ0 + 2tI) (∂ρ/∂t = Δρ). */
export const heatExact: ExactEntry<{ initial?: z.output<typeof gaussianParams> }> = {
  kind: "heat",
  doc: "heat kernel from a Gaussian: M·N(μ0, Σ0 + 2tI), for ∂ρ/∂t = Δρ",
  params: z.strictObject({
    initial: gaussianParams
      .optional()
      .describe("the Gaussian at t = 0 (default: the spec's initial)"),
  }),
  build: (p, ctx, path) => {
    const g = p.initial ?? initialParams(ctx.spec, "gaussian", path);
    return new HeatGaussian(gaussianOf(g as z.output<typeof gaussianParams>, ctx.grid.dim, path));
  },
};

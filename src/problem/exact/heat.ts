import { z } from "zod";
import { HeatGaussian } from "../../exact/heat.js";
import { gaussianOf, gaussianParams } from "../initial/gaussian.js";
import { type ExactEntryWithFacts, withFacts } from "./facts.js";
import { initialParams } from "./fromInitial.js";

/** Heat kernel from a Gaussian: ρ_t = M·N(μ0, Σ0 + 2tI) (∂ρ/∂t = Δρ). */
export const heatExact: ExactEntryWithFacts<{ initial?: z.output<typeof gaussianParams> }> = {
  kind: "heat",
  doc: "heat kernel from a Gaussian: M·N(μ0, Σ0 + 2tI), for ∂ρ/∂t = Δρ",
  params: z.strictObject({
    initial: gaussianParams
      .optional()
      .describe("the Gaussian at t = 0 (default: the spec's initial)"),
  }),
  facts: ["mean", "cov", "mass", "secondMoment", "energy"],
  build: (p, ctx, path) => {
    const g = p.initial ?? initialParams(ctx.spec, "gaussian", path);
    const heat = new HeatGaussian(
      gaussianOf(g as z.output<typeof gaussianParams>, ctx.grid.dim, path),
    );
    return withFacts("heat", heat, {
      mean: (t) => heat.mean(t),
      cov: (t) => heat.cov(t),
      mass: () => heat.mass,
      secondMoment: (t) => heat.at(t).secondMoment(),
      energy: { value: (t) => heat.entropy(t), doc: "entropy H(ρ_t) = ∫ρ_t log ρ_t" },
    });
  },
};

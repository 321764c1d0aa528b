import { z } from "zod";
import { HeatGaussian } from "../../exact/heat.js";
import { IsotropicGaussianPath } from "../../exact/isotropicGaussian.js";
import { gaussianOf, gaussianParams, radialGaussianOf } from "../initial/gaussian.js";
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
    if (ctx.grid.radial) {
      // Radial grid: M·N(0, (s0² + 2t)I_d) in the grid's dimension d, shell averages.
      const flow = IsotropicGaussianPath.heat(
        radialGaussianOf(g as z.output<typeof gaussianParams>, ctx.grid, path),
      );
      return withFacts("heat", flow, {
        mass: () => flow.mass,
        secondMoment: (t) => flow.at(t).secondMoment(),
        energy: { value: (t) => flow.at(t).entropy(), doc: "entropy H(ρ_t) = ∫ρ_t log ρ_t" },
      });
    }
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

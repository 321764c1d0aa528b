import { z } from "zod";
import { GeneralizedEntropy } from "../../energy/generalizedEntropy.js";
import { weight } from "../fields.js";
import type { EnergyEntry } from "../kinds.js";

/**
 * Generalized entropy F(ρ) = 1/(m−1)∫ρ^m, m > 1, δF/δρ = m/(m−1)ρ^{m−1}; its Wasserstein
 * flow is the porous-medium equation ∂ρ/∂t = Δρ^m (times the weight).
 */
export const generalizedEntropyEntry: EnergyEntry<{ weight: number; m: number }> = {
  kind: "generalized-entropy",
  doc: "generalized entropy 1/(m−1)∫ρ^m, m > 1 (Wasserstein flow: porous medium ∂ρ/∂t = weight·Δρ^m)",
  params: z.strictObject({
    weight: weight(),
    m: z.number().gt(1).describe("exponent m > 1 (m = 2: ∂ρ/∂t = Δρ²)"),
  }),
  build: (p, ctx) => new GeneralizedEntropy(ctx.grid, p.m),
};

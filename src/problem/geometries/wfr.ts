import { z } from "zod";
import { WfrGeometry } from "../../geometry/wfr.js";
import type { GeometryEntry } from "../kinds.js";
import { flowWeightShape, notBothZero } from "./flowWeights.js";

const wfrParams = z
  .strictObject({
    ...flowWeightShape(),
    spherical: z
      .boolean()
      .default(false)
      .describe("spherical (mass-preserving) Fisher–Rao part; default balanced, on 𝓜₊"),
  })
  .refine(...notBothZero);
type WfrParams = z.output<typeof wfrParams>;

/**
 * Wasserstein–Fisher–Rao (Hellinger–Kantorovich): ∂ρ/∂t = α div(ρ∇ξ) − βρξ, ξ = δF/δρ
 * (Chizat, Peyré, Schmitzer & Vialard, FoCM 2018; Liero, Mielke & Savaré, Invent. Math. 2018).
 * The Wasserstein face options chosen by the scheme go to the transport part.
 */
export const wfrGeometry: GeometryEntry<WfrParams> = {
  kind: "wfr",
  doc: "Wasserstein–Fisher–Rao: ∂ρ/∂t = α div(ρ∇δF/δρ) − βρ δF/δρ (spherical: − βρ(δF/δρ − ⟨δF/δρ⟩_ρ))",
  params: wfrParams,
  build: (p) => ({
    build: (energy, wasserstein) =>
      new WfrGeometry(energy, {
        alpha: p.alpha,
        beta: p.beta,
        spherical: p.spherical,
        wasserstein,
      }),
    transport: p.alpha,
    reaction: p.beta,
    spherical: p.spherical,
  }),
};

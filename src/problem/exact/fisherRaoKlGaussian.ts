import { z } from "zod";
import { InputError } from "../../errors.js";
import { FisherRaoKlGaussian } from "../../exact/fisherRao.js";
import { gaussianOf, gaussianParams, type GaussianParams } from "../initial/gaussian.js";
import { joinPath } from "../jsonPath.js";
import type { ExactEntryWithFacts } from "./facts.js";
import { initialParams } from "./fromInitial.js";
import { gaussianFlowExact } from "./gaussianFlow.js";
import { gaussianKlTarget } from "./klTarget.js";

interface FrKlGaussianParams {
  initial?: GaussianParams;
  target?: GaussianParams;
  rate?: number;
  spherical?: boolean;
}

/**
 * Fisher–Rao flow of KL(ρ‖π) between Gaussians on 𝓜₊ (docs/exact-solutions.md–2; src/exact/fisherRao.ts
 * FisherRaoKlGaussian): the natural parameters interpolate with weight w = e^{−κt},
 * Σ_t⁻¹ = wΣ0⁻¹ + (1 − w)Σ_π⁻¹, …; balanced (mass M_t → M_π) or spherical (mass M0).
 * Defaults: ρ0 the spec's gaussian initial, π from its kl energy (see klTarget.ts), κ and
 * spherical from a fisher-rao geometry (else κ = 1, balanced).
 */
export const fisherRaoKlGaussianExact: ExactEntryWithFacts<FrKlGaussianParams> = {
  kind: "fisher-rao-kl-gaussian",
  doc: "Fisher–Rao flow of KL(ρ‖π) between Gaussians: geometric interpolation of the natural parameters, w = e^{−κt}",
  params: z.strictObject({
    initial: gaussianParams.optional().describe("ρ0 (default: the spec's gaussian initial)"),
    target: gaussianParams
      .optional()
      .describe("π = M_π N(m_π, Σ_π) (default: from the spec's kl energy)"),
    rate: z
      .number()
      .gt(0)
      .optional()
      .describe("rate κ of ∂ρ/∂t = −κρ log(ρ/π) (default: the fisher-rao geometry's, else 1)"),
    spherical: z
      .boolean()
      .optional()
      .describe(
        "spherical (mass-preserving) flow (default: the fisher-rao geometry's, else false)",
      ),
  }),
  facts: ["mean", "cov", "mass", "secondMoment", "energy"],
  build: (p, ctx, path) => {
    const d = ctx.grid.dim;
    const geo = ctx.spec.geometry.kind === "fisher-rao" ? ctx.spec.geometry : undefined;
    const g0 =
      p.initial ?? (initialParams(ctx.spec, "gaussian", path) as unknown as GaussianParams);
    const initial = gaussianOf(g0, d, joinPath(path, "initial"));
    const target = p.target
      ? gaussianOf(p.target, d, joinPath(path, "target"))
      : gaussianKlTarget(ctx.spec, d, joinPath(path, "target"));
    const rate = p.rate ?? (typeof geo?.rate === "number" ? geo.rate : 1);
    const spherical = p.spherical ?? geo?.spherical === true;
    if (initial.dim !== target.dim) {
      throw new InputError(joinPath(path, "target"), "must have the dimension of the initial");
    }
    return gaussianFlowExact(
      "fisher-rao-kl-gaussian",
      new FisherRaoKlGaussian(initial, target, { rate, spherical }),
    );
  },
};

import { z } from "zod";
import { InclusiveKl } from "../../energy/inclusiveKl.js";
import { weight } from "../fields.js";
import { joinPath } from "../jsonPath.js";
import type { EnergyEntry } from "../kinds.js";
import type { SpecNode } from "../registry.js";
import { sampling, targetOnGrid, type Sampling } from "./target.js";

/**
 * Inclusive relative entropy KL(π‖ρ) = ∫π log(π/ρ) − π + ρ, δF/δρ = 1 − π/ρ; its
 * Fisher–Rao flow is linear, ∂ρ/∂t = −β(ρ − π) (Zhu, arXiv 2024). π is a density spec
 * (`target`); ρ0 must be > 0 wherever π > 0 (else F = +∞).
 */
export const inclusiveKlEntry: EnergyEntry<{
  weight: number;
  target: SpecNode;
  sampling: Sampling;
}> = {
  kind: "inclusive-kl",
  doc: "inclusive KL(π‖ρ) = ∫π log(π/ρ) − π + ρ to a target density π (Fisher–Rao flow: ∂ρ/∂t = −β(ρ − π))",
  params: z.strictObject({ weight: weight(), sampling: sampling() }),
  refs: { target: { registry: "initial" } },
  build: (p, ctx, path) =>
    new InclusiveKl(ctx.grid, targetOnGrid(p.target, p.sampling, ctx, joinPath(path, "target"))),
};

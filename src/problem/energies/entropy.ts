import { z } from "zod";
import { Entropy } from "../../energy/entropy.js";
import { weight } from "../fields.js";
import type { EnergyEntry } from "../kinds.js";

/** Boltzmann entropy ∫ρ log ρ; its Wasserstein flow is the heat equation ∂ρ/∂t = Δρ. */
export const entropyEntry: EnergyEntry = {
  kind: "entropy",
  fokkerPlanck: "diffusion",
  doc: "Boltzmann entropy ∫ρ log ρ (Wasserstein flow: heat equation ∂ρ/∂t = weight·Δρ)",
  params: z.strictObject({ weight: weight() }),
  build: (_p, ctx) => new Entropy(ctx.grid),
};

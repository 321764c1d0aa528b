import { z } from "zod";
import { requireFact } from "../exact/facts.js";
import type { ObservableEntry } from "../kinds.js";
import { nameParam } from "./common.js";

/**
 * The closed-form energy along the exact solution, to read against the discrete energy:
 * Barenblatt (1/(m−1))∫ρ^m, heat ∫ρ log ρ, Ornstein–Uhlenbeck / Fisher–Rao / WFR KL(ρ_t‖π).
 */
export const exactEnergyObservable: ObservableEntry<{ name: string }> = {
  kind: "exact-energy",
  doc: "closed-form energy of the exact solution at t (Barenblatt ∫ρ^m/(m−1), heat entropy, OU/FR/WFR KL(ρ_t‖π))",
  params: z.strictObject({ name: nameParam("energyExact") }),
  build: (p, ctx, path) => {
    const e = requireFact(ctx.exact, ctx.spec.exact?.kind, "energy", "a closed-form energy", path);
    return { name: p.name, value: (_rho, t) => e.value(t) };
  },
};

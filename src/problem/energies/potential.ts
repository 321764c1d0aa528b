import { z } from "zod";
import { Potential } from "../../energy/potential.js";
import { weight } from "../fields.js";
import type { EnergyEntry, PotentialValue } from "../kinds.js";
import { potentials } from "../registries.js";
import type { SpecNode } from "../registry.js";
import { joinPath } from "../jsonPath.js";

/** Potential energy ∫Vρ, V sampled at the cell centres. */
export const potentialEntry: EnergyEntry<{ weight: number; V: SpecNode }> = {
  kind: "potential",
  fokkerPlanck: "drift",
  doc: "potential energy ∫Vρ (V at cell centres; Wasserstein flow: ∂ρ/∂t = div(ρ∇V))",
  params: z.strictObject({ weight: weight() }),
  refs: { V: { registry: "potential" } },
  build: (p, ctx, path) => {
    const v: PotentialValue = potentials.build(p.V, { dim: ctx.grid.dim }, joinPath(path, "V"));
    return new Potential(ctx.grid, (x) => v.V(x));
  },
};

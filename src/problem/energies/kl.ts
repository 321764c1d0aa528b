import { z } from "zod";
import { RelativeEntropy } from "../../energy/kl.js";
import { InputError } from "../../errors.js";
import { weight } from "../fields.js";
import { joinPath } from "../jsonPath.js";
import type { EnergyEntry } from "../kinds.js";
import { potentials } from "../registries.js";
import type { SpecNode } from "../registry.js";

/**
 * Relative entropy KL(ρ‖π) = ∫ρ log(ρ/π) − ρ + π on non-negative measures, π = M e^{−V}/Z.
 * The normalisation: `targetMass` M with Z = ∫_{ℝ^d} e^{−V} when the potential knows it in
 * closed form (Gaussian potentials), else `logZ` given, else π of unit mass on the grid.
 */
export const klEntry: EnergyEntry<{
  weight: number;
  V: SpecNode;
  logZ?: number;
  targetMass?: number;
}> = {
  kind: "kl",
  doc: "relative entropy KL(ρ‖π), π ∝ e^{−V} (Wasserstein flow: Fokker–Planck ∂ρ/∂t = Δρ + div(ρ∇V))",
  params: z.strictObject({
    weight: weight(),
    logZ: z
      .number()
      .optional()
      .describe("log of the normalisation Z of π = e^{−V}/Z (default: π of unit mass on the grid)"),
    targetMass: z
      .number()
      .gt(0)
      .optional()
      .describe(
        "mass M of π = M e^{−V}/∫e^{−V} over ℝ^d (needs a potential with a closed-form ∫e^{−V}, e.g. quadratic)",
      ),
  }),
  refs: { V: { registry: "potential" } },
  build: (p, ctx, path) => {
    const v = potentials.build(p.V, { dim: ctx.grid.dim }, joinPath(path, "V"));
    let logZ = p.logZ;
    if (p.targetMass !== undefined) {
      if (p.logZ !== undefined) {
        throw new InputError(joinPath(path, "logZ"), "give either logZ or targetMass, not both");
      }
      if (v.logPartition === undefined) {
        throw new InputError(
          joinPath(path, "targetMass"),
          `needs a potential whose ∫e^{−V} is known in closed form (quadratic); '${p.V.kind}' has none: give logZ instead`,
        );
      }
      logZ = v.logPartition - Math.log(p.targetMass);
    }
    return new RelativeEntropy(ctx.grid, (x) => v.V(x), logZ);
  },
};

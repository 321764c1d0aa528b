import { z } from "zod";
import type { Energy } from "../../energy/energy.js";
import { RelativeEntropy } from "../../energy/kl.js";
import { EnergySum } from "../../energy/sum.js";
import { InputError } from "../../errors.js";
import { FisherRaoKlScheme } from "../../schemes/fisherRaoKlStep.js";
import type { FisherRaoParams } from "../geometries/fisherRao.js";
import type { SchemeEntry } from "../kinds.js";

export const exactFisherRaoParams = z.strictObject({
  dt: z
    .number()
    .gt(0)
    .optional()
    .describe(
      "fixed step (the step is exact for any length); default: straight to each output time",
    ),
});
export type ExactFisherRaoParams = z.output<typeof exactFisherRaoParams>;

const NEEDS =
  "'exact-fisher-rao' steps the Fisher–Rao flow of KL(ρ‖π) in closed form (geometric " +
  "interpolation ρ^a π^(1−a)): the energy must be a single kl term; use the fv scheme for other energies";

/** The RelativeEntropy of a built energy and the weight w of a single term w·KL. */
function klOf(energy: Energy): { kl: RelativeEntropy; w: number } {
  if (energy instanceof RelativeEntropy) return { kl: energy, w: 1 };
  if (
    energy instanceof EnergySum &&
    energy.terms.length === 1 &&
    energy.terms[0].energy instanceof RelativeEntropy
  ) {
    return { kl: energy.terms[0].energy, w: energy.terms[0].weight };
  }
  throw new InputError("energy", `${NEEDS}; got ${energy.name}`);
}

/**
 * Exact multiplicative stepping of the Fisher–Rao flow of KL (src/schemes/fisherRaoKlStep.ts):
 * log ρ ← e^{−βdt} log ρ + (1 − e^{−βdt}) log π, renormalised if spherical. β and
 * `spherical` are the fisher-rao geometry's; a weight w of the kl term multiplies β.
 */
export const exactFisherRaoScheme: SchemeEntry<ExactFisherRaoParams> = {
  kind: "exact-fisher-rao",
  doc: "exact Fisher–Rao step of KL(ρ‖π): log ρ ← e^{−βdt} log ρ + (1 − e^{−βdt}) log π (no time error)",
  params: exactFisherRaoParams,
  geometries: ["fisher-rao"],
  check: (_p, spec) => {
    const kinds = spec.energy.map((t) => t.kind);
    if (kinds.length !== 1 || kinds[0] !== "kl") {
      throw new InputError("energy", `${NEEDS}; got [${kinds.join(", ")}]`);
    }
  },
  build: (p, ctx) => {
    const g = ctx.geometry as unknown as FisherRaoParams;
    const { kl, w } = klOf(ctx.energy);
    return new FisherRaoKlScheme(kl, {
      rate: w * g.rate,
      spherical: g.spherical,
      ...(p.dt !== undefined ? { dt: p.dt } : {}),
    });
  },
};

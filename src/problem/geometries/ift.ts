import { z } from "zod";
import type { Energy } from "../../energy/energy.js";
import { HalfMMD } from "../../energy/mmd.js";
import { EnergySum } from "../../energy/sum.js";
import { InputError } from "../../errors.js";
import { IftGeometry } from "../../geometry/ift.js";
import type { GeometryEntry } from "../kinds.js";
import type { ProblemSpec } from "../spec.js";
import { flowWeightShape, notBothZero } from "./flowWeights.js";

const iftParams = z.strictObject(flowWeightShape()).refine(...notBothZero);
type IftParams = z.output<typeof iftParams>;

const NEEDS =
  "the ift geometry (interaction-force transport) steps the flow of ½MMD² only: the energy " +
  "must be a single mmd term (its kernel and target define the MMD reaction −β(ρ − π))";

/** Refuses a spec whose energy is not a single mmd term (path "energy"). */
export function checkIftEnergy(spec: ProblemSpec): void {
  const kinds = spec.energy.map((t) => t.kind);
  if (kinds.length !== 1 || kinds[0] !== "mmd") {
    throw new InputError("energy", `${NEEDS}; got [${kinds.join(", ")}]`);
  }
}

/**
 * The HalfMMD of a built energy and the factor w of a single weighted term w·½MMD²: the IFT
 * flow of w·F is that of F with α, β multiplied by w (both parts are linear in ξ).
 */
function mmdOf(energy: Energy): { mmd: HalfMMD; w: number } {
  if (energy instanceof HalfMMD) return { mmd: energy, w: 1 };
  if (
    energy instanceof EnergySum &&
    energy.terms.length === 1 &&
    energy.terms[0].energy instanceof HalfMMD
  ) {
    return { mmd: energy.terms[0].energy, w: energy.terms[0].weight };
  }
  throw new InputError("energy", `${NEEDS}; got ${energy.name}`);
}

/**
 * Interaction-force transport: ∂ρ/∂t = α div(ρ∇k*(ρ−π)) − β(ρ − π), the IFT gradient flow of
 * ½MMD²(ρ, π) (Gladin, Dvurechensky, Mielke & Zhu, NeurIPS 2024); kernel and π are those of
 * the mmd energy. `reaction` is β of this MMD reaction (not a Fisher–Rao one).
 */
export const iftGeometry: GeometryEntry<IftParams> = {
  kind: "ift",
  doc: "interaction-force transport of ½MMD²: ∂ρ/∂t = α div(ρ∇k*(ρ−π)) − β(ρ − π) (energy: one mmd term)",
  params: iftParams,
  build: (p, ctx) => {
    checkIftEnergy(ctx.spec);
    return {
      build: (energy, wasserstein) => {
        const { mmd, w } = mmdOf(energy);
        return new IftGeometry(mmd, { alpha: w * p.alpha, beta: w * p.beta, wasserstein });
      },
      transport: p.alpha,
      reaction: p.beta,
      spherical: false,
    };
  },
};

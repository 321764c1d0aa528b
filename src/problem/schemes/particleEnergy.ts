import { InputError } from "../../errors.js";
import {
  LinearGradientPotential,
  WeightedPotential,
  type ParticlePotential,
} from "../../particles/potential.js";
import { joinPath } from "../jsonPath.js";
import type { PotentialValue } from "../kinds.js";
import { potentials } from "../registries.js";
import type { SpecNode } from "../registry.js";
import type { ProblemSpec } from "../spec.js";

/**
 * The energies the Langevin-type particle samplers (ula, mala, svgd) accept, read from the
 * spec's energy terms: F(ρ) = ∫Uρ + ν∫ρ log ρ with
 * - `kl` {V} of weight w: U += w·V, ν += w (KL(ρ‖π) with π ∝ e^{−V}: ν = 1 at weight 1);
 * - `potential` {V} of weight w: U += w·V;
 * - `entropy` of weight w: ν += w (a temperature ν ≠ 1 scales the noise √(2γν), or SVGD's
 *   repulsion).
 * V is the potential registry's point function, evaluated at the particles (not at cell
 * centres), with its exact gradient when the entry gives one. Other terms (interaction,
 * mmd, generalized entropy, kl to a target density, …) have no particle form here.
 */
export const LANGEVIN_KINDS = ["kl", "potential", "entropy"] as const;

/** Refuses energies without a Langevin particle form; messages name the field. */
export function checkLangevinEnergy(
  spec: ProblemSpec,
  scheme: string,
  needsEntropy: boolean,
): void {
  let nu = 0;
  spec.energy.forEach((node, i) => {
    const path = joinPath("energy", i);
    if (!(LANGEVIN_KINDS as readonly string[]).includes(node.kind)) {
      throw new InputError(
        joinPath(path, "kind"),
        `'${node.kind}' has no particle form for the ${scheme} scheme, which moves particles by ` +
          `−∇U (and noise, for ν > 0) for F = ∫Uρ + ν∫ρ log ρ; allowed energy terms: ` +
          `${LANGEVIN_KINDS.join(", ")}` +
          (node.kind === "mmd"
            ? " (the mmd energy has its own particle scheme: mmd-particles)"
            : "") +
          "; use the fv or jko scheme for other energies",
      );
    }
    if (node.kind === "kl" && node.target !== undefined) {
      throw new InputError(
        joinPath(path, "target"),
        `the ${scheme} scheme needs π ∝ e^{−V} with V a point function: give the kl term a ` +
          'potential V (e.g. {"kind": "gaussian", …}) instead of a target density',
      );
    }
    if (node.kind !== "potential") nu += weightOf(node);
  });
  if (needsEntropy && !(nu > 0)) {
    throw new InputError(
      "energy",
      `the ${scheme} scheme samples π ∝ e^{−U/ν} and needs an entropy part ν > 0 (a kl or ` +
        "entropy term with weight > 0); use ula for ν = 0 (plain gradient descent of the particles)",
    );
  }
}

/** U and ν of a spec accepted by checkLangevinEnergy. */
export function langevinEnergyOf(
  spec: ProblemSpec,
  dim: number,
): { potential: ParticlePotential; temperature: number } {
  let temperature = 0;
  const terms: { weight: number; value: PotentialValue }[] = [];
  spec.energy.forEach((node, i) => {
    const w = weightOf(node);
    if (node.kind === "entropy" || node.kind === "kl") temperature += w;
    if (node.kind === "potential" || node.kind === "kl") {
      const path = joinPath("energy", i, "V");
      terms.push({ weight: w, value: potentials.build(node.V as SpecNode, { dim }, path) });
    }
  });
  const potential = terms.every((t) => t.value.quadratic !== undefined)
    ? LinearGradientPotential.fromQuadratics(
        dim,
        terms.map((t) => ({ weight: t.weight, ...t.value.quadratic! })),
      )
    : new WeightedPotential(
        dim,
        terms.map((t) => ({ weight: t.weight, f: t.value })),
      );
  return { potential, temperature };
}

/** The mmd-particles scheme steps a single mmd term (any weight). */
export function checkMmdEnergy(spec: ProblemSpec): void {
  const kinds = spec.energy.map((t) => t.kind);
  if (kinds.length !== 1 || kinds[0] !== "mmd") {
    throw new InputError(
      "energy",
      `the mmd-particles scheme steps the MMD flow of a single mmd term, got ` +
        `[${kinds.join(", ")}]; use ula, mala or svgd for kl/potential/entropy energies, or fv`,
    );
  }
}

/** The weight of a term (default 1). */
export function weightOf(node: SpecNode): number {
  return typeof node.weight === "number" ? node.weight : 1;
}

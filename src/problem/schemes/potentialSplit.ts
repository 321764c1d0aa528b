import { InputError } from "../../errors.js";
import type { GradientField } from "../../schemes/pushForward.js";
import { joinPath } from "../jsonPath.js";
import type { SpecNode } from "../registry.js";
import type { ProblemSpec } from "../spec.js";
import { langevinEnergyOf } from "./particleEnergy.js";

/**
 * The spec's energy read as F = ∫Uρ + ν∫ρ log ρ with U = Σ_k w_k V_k: the form the
 * forward–backward schemes split (forward: push by I − γ∇U; backward: the entropy part with
 * weight ν). Accepted terms: `potential` {V} (w∫Vρ), `entropy` (ν += w) and `kl` {V}
 * (w·KL(ρ‖e^{−V}) = w∫Vρ + w∫ρ log ρ + const). A `kl` to a target density and every other
 * energy are refused, naming the term: the push needs the gradient of a potential.
 */
export interface PotentialSplit {
  /** The potential terms: weight w_k, the potential node V_k and its JSON path. */
  potentials: { weight: number; V: SpecNode; path: string }[];
  /** Entropy weight ν = Σ (entropy and kl weights). */
  nu: number;
}

/** The split of a validated spec's energy; `scheme` names the scheme in messages. */
export function potentialSplitOf(spec: ProblemSpec, scheme: string): PotentialSplit {
  const split: PotentialSplit = { potentials: [], nu: 0 };
  spec.energy.forEach((term, i) => {
    const path = joinPath("energy", i);
    const w = typeof term.weight === "number" ? term.weight : 1;
    switch (term.kind) {
      case "entropy":
        split.nu += w;
        return;
      case "potential":
        split.potentials.push({ weight: w, V: term.V as SpecNode, path: joinPath(path, "V") });
        return;
      case "kl":
        if (term.V === undefined) {
          throw new InputError(
            joinPath(path, "target"),
            `'${scheme}' pushes the cell masses by x − γ∇V and needs π ∝ e^{−V} given by a ` +
              "potential V; a target density has no gradient: give V instead",
          );
        }
        split.nu += w;
        split.potentials.push({ weight: w, V: term.V as SpecNode, path: joinPath(path, "V") });
        return;
      default:
        throw new InputError(
          joinPath(path, "kind"),
          `'${term.kind}' is not accepted by '${scheme}', which splits F = ∫Vρ + ν∫ρ log ρ ` +
            "(forward: push by x − γ∇V; backward: the entropy part); allowed energy terms: " +
            "potential, entropy, kl (with V)",
        );
    }
  });
  return split;
}

/**
 * ∇U(x) = Σ_k w_k ∇V_k(x) of a spec accepted by potentialSplitOf, or null without a potential:
 * the same U as the particle samplers' (langevinEnergyOf: closed-form gradients where the
 * potential has one, central differences otherwise), so the grid twin and the particles are
 * driven by the same field.
 */
export function gradientOf(spec: ProblemSpec, dim: number): GradientField | null {
  if (potentialSplitOf(spec, "forward-backward").potentials.length === 0) return null;
  const { potential } = langevinEnergyOf(spec, dim);
  const x = new Float64Array(dim);
  return (p, out) => {
    x.set(p);
    potential.gradients(x, 1, out);
  };
}

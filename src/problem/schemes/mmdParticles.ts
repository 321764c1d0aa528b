import { z } from "zod";
import { HalfMMD } from "../../energy/mmd.js";
import { EnergySum } from "../../energy/sum.js";
import { InputError } from "../../errors.js";
import { MmdFlow } from "../../particles/mmdFlow.js";
import type { SchemeEntry } from "../kinds.js";
import { checkMmdEnergy } from "./particleEnergy.js";
import {
  checkParticleSpec,
  MAX_PAIRWISE_PARTICLES,
  particleFields,
  particleScheme,
  type ParticleParams,
} from "./particleParams.js";

export const mmdParticlesParams = z.strictObject(particleFields(1000, MAX_PAIRWISE_PARTICLES));

/**
 * The MMD particle flow (src/particles/mmdFlow.ts) of a single mmd energy term (its kernel,
 * target and weight w): x_i ← x_i − γw∇(K*(ρ − π))(x_i), the cloud's part by exact pairwise
 * sums, the target's from its cell masses at the centres; O(N·(N + cells)) per step.
 */
export const mmdParticlesScheme: SchemeEntry<ParticleParams> = {
  kind: "mmd-particles",
  doc: "MMD particle flow (Arbel et al. 2019): x_i ← x_i − γ w ∇(K*(ρ − π))(x_i) for a single mmd term; O(N(N + cells)) per step",
  params: mmdParticlesParams,
  geometries: ["wasserstein"],
  fixedStep: (p) => p.step,
  check: (p, spec, path) => {
    checkParticleSpec(p, spec, path, "mmd-particles", true);
    checkMmdEnergy(spec);
  },
  build: (p, ctx) => {
    const e = ctx.energy;
    const term =
      e instanceof HalfMMD
        ? { weight: 1, energy: e }
        : e instanceof EnergySum && e.terms.length === 1 && e.terms[0].energy instanceof HalfMMD
          ? { weight: e.terms[0].weight, energy: e.terms[0].energy }
          : null;
    if (term === null) {
      throw new InputError(
        "energy",
        `the mmd-particles scheme needs a single mmd term, got ${e.name}`,
      );
    }
    const mmd = term.energy as HalfMMD;
    return particleScheme(p, ctx, new MmdFlow(ctx.grid, mmd.kernel, mmd.target, term.weight));
  },
};

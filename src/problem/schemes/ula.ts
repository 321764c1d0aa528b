import { z } from "zod";
import { MAX_PARTICLES } from "../../particles/cloud.js";
import { Ula } from "../../particles/ula.js";
import type { SchemeEntry } from "../kinds.js";
import { checkLangevinEnergy, langevinEnergyOf } from "./particleEnergy.js";
import {
  checkParticleSpec,
  particleFields,
  particleScheme,
  type ParticleParams,
} from "./particleParams.js";

export const ulaParams = z.strictObject(particleFields(10_000, MAX_PARTICLES));

/**
 * Unadjusted Langevin particles (src/particles/ula.ts): x ← x − γ∇U(x) + √(2γν)ξ for
 * F = ∫Uρ + ν∫ρ log ρ (kl, potential and entropy terms), drawn from ρ0 and binned onto the
 * grid at every step. Biased by O(γ): for a Gaussian target its stationary variance is
 * σ²/(1 − γ/(2σ²)).
 */
export const ulaScheme: SchemeEntry<ParticleParams> = {
  kind: "ula",
  doc: "unadjusted Langevin particles: x ← x − γ∇U(x) + √(2γν)ξ (kl/potential/entropy energies; O(γ) bias), binned onto the grid",
  params: ulaParams,
  geometries: ["wasserstein"],
  fixedStep: (p) => p.step,
  check: (p, spec, path) => {
    checkParticleSpec(p, spec, path, "ula", false);
    checkLangevinEnergy(spec, "ula", false);
  },
  build: (p, ctx) => {
    const { potential, temperature } = langevinEnergyOf(ctx.spec, ctx.grid.dim);
    return particleScheme(p, ctx, new Ula(ctx.grid, potential, temperature));
  },
};

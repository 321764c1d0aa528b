import { z } from "zod";
import { MAX_PARTICLES } from "../../particles/cloud.js";
import { Mala } from "../../particles/mala.js";
import type { SchemeEntry } from "../kinds.js";
import { checkLangevinEnergy, langevinEnergyOf } from "./particleEnergy.js";
import {
  checkParticleSpec,
  particleFields,
  particleScheme,
  type ParticleParams,
} from "./particleParams.js";

export const malaParams = z.strictObject(particleFields(10_000, MAX_PARTICLES));

/**
 * Metropolis-adjusted Langevin particles (src/particles/mala.ts): ULA proposals accepted with
 * the Metropolis–Hastings probability, so π ∝ e^{−U/ν} is exactly invariant (needs ν > 0).
 * The acceptance rate is reported in summary.json (schemeStats).
 */
export const malaScheme: SchemeEntry<ParticleParams> = {
  kind: "mala",
  doc: "Metropolis-adjusted Langevin particles: ULA proposal + accept/reject, π ∝ e^{−U/ν} exactly invariant (needs ν > 0); acceptance rate in the summary",
  params: malaParams,
  geometries: ["wasserstein"],
  fixedStep: (p) => p.step,
  check: (p, spec, path) => {
    checkParticleSpec(p, spec, path, "mala", false);
    checkLangevinEnergy(spec, "mala", true);
  },
  build: (p, ctx) => {
    const { potential, temperature } = langevinEnergyOf(ctx.spec, ctx.grid.dim);
    return particleScheme(p, ctx, new Mala(ctx.grid, potential, temperature));
  },
};

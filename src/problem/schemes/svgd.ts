import { z } from "zod";
import { Svgd, type SvgdBandwidth } from "../../particles/svgd.js";
import type { SchemeEntry } from "../kinds.js";
import { checkLangevinEnergy, langevinEnergyOf } from "./particleEnergy.js";
import {
  checkParticleSpec,
  MAX_PAIRWISE_PARTICLES,
  particleFields,
  particleScheme,
  type ParticleParams,
} from "./particleParams.js";

export const svgdParams = z.strictObject({
  ...particleFields(1000, MAX_PAIRWISE_PARTICLES),
  bandwidth: z
    .union([z.literal("median"), z.number().gt(0)])
    .default("median")
    .describe(
      'h of the RBF kernel e^{−|x−y|²/h}: "median" (med²/log(N + 1), med² the median squared distance, every step) or a number > 0',
    ),
});
export type SvgdParams = ParticleParams & { bandwidth: SvgdBandwidth };

/**
 * Stein variational gradient descent (src/particles/svgd.ts): deterministic interacting
 * particles x_i ← x_i + γ(1/N)Σ_j k(x_j, x_i)[−∇U(x_j) + (2ν/h)(x_i − x_j)], RBF kernel with
 * the median-heuristic bandwidth; O(N²) per step.
 */
export const svgdScheme: SchemeEntry<SvgdParams> = {
  kind: "svgd",
  doc: "Stein variational gradient descent: x_i ← x_i + γ(1/N)Σ_j k(x_j, x_i)[−∇U(x_j) + (2ν/h)(x_i − x_j)], RBF kernel e^{−|x−y|²/h}, median bandwidth; O(N²) per step",
  params: svgdParams,
  geometries: ["wasserstein"],
  fixedStep: (p) => p.step,
  check: (p, spec, path) => {
    checkParticleSpec(p, spec, path, "svgd", true);
    checkLangevinEnergy(spec, "svgd", false);
  },
  build: (p, ctx) => {
    const { potential, temperature } = langevinEnergyOf(ctx.spec, ctx.grid.dim);
    return particleScheme(p, ctx, new Svgd(ctx.grid, potential, temperature, p.bandwidth));
  },
};

import { z } from "zod";
import { InputError } from "../../errors.js";
import { DEPOSITS, type Deposit } from "../../particles/deposit.js";
import { ParticleScheme } from "../../particles/particleScheme.js";
import { MAX_SEED } from "../../particles/random.js";
import type { ParticleSampler } from "../../particles/sampler.js";
import type { SchemeContext } from "../context.js";
import { joinPath } from "../jsonPath.js";
import type { ProblemSpec } from "../spec.js";

/** Largest N of the O(N²) particle methods (svgd, mmd-particles): 4·10⁸ pair terms per step. */
export const MAX_PAIRWISE_PARTICLES = 20_000;

/**
 * The parameters every particle scheme has (particles N, step γ, seed, deposit); `maxN` and
 * `defaultN` differ between the O(N) samplers and the O(N²) ones.
 */
export function particleFields(defaultN: number, maxN: number) {
  return {
    particles: z
      .int()
      .min(1)
      .max(maxN)
      .default(defaultN)
      .describe(`number of particles N (1 to ${maxN})`),
    step: z
      .number()
      .gt(0)
      .describe(
        "step γ > 0: each step advances the particles by time γ (output times are snapped to multiples of γ)",
      ),
    seed: z
      .int()
      .min(0)
      .max(MAX_SEED)
      .default(1)
      .describe(
        "seed of the random stream (unsigned 32-bit integer): same seed, same particles on every machine",
      ),
    deposit: z
      .enum(DEPOSITS)
      .default("linear")
      .describe(
        "how the cloud is binned onto the grid: histogram (nearest cell) | linear (cloud-in-cell, conservative)",
      ),
  };
}

export interface ParticleParams {
  particles: number;
  step: number;
  seed: number;
  deposit: Deposit;
}

/**
 * Checks shared by the particle schemes: whole steps of γ up to tEnd (fixedStep), and, for the
 * pairwise (kernel) methods, no periodic axis.
 */
export function checkParticleSpec(
  p: ParticleParams,
  spec: ProblemSpec,
  path: string,
  kind: string,
  pairwise: boolean,
): void {
  if (p.step > spec.output.tEnd) {
    throw new InputError(
      joinPath(path, "step"),
      `the step γ = ${p.step} is larger than the final time output.tEnd = ${spec.output.tEnd}: ` +
        `a ${kind} run takes whole steps of γ and would end at t = γ; choose step <= output.tEnd`,
    );
  }
  if (pairwise) {
    const b = spec.grid.boundary;
    if ((Array.isArray(b) ? b : [b]).includes("periodic")) {
      throw new InputError(
        "grid.boundary",
        `the ${kind} scheme needs a no-flux box (its kernel uses the Euclidean distance, not ` +
          `the torus distance), got ${JSON.stringify(b)}; use "no-flux" on every axis`,
      );
    }
  }
}

/** The ParticleScheme of a sampler with the shared parameters. */
export function particleScheme(
  p: ParticleParams,
  ctx: SchemeContext,
  sampler: ParticleSampler,
): ParticleScheme {
  return new ParticleScheme(ctx.grid, sampler, {
    particles: p.particles,
    step: p.step,
    seed: p.seed,
    deposit: p.deposit,
  });
}

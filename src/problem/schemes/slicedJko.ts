import { z } from "zod";
import { InputError } from "../../errors.js";
import { SlicedJkoScheme } from "../../schemes/slicedJko.js";
import { joinPath } from "../jsonPath.js";
import type { SchemeEntry } from "../kinds.js";
import type { ProblemSpec } from "../spec.js";

export const slicedJkoParams = z.strictObject({
  tau: z.number().gt(0).describe("time step τ > 0 of each implicit step"),
  directions: z
    .int()
    .min(1)
    .max(4096)
    .optional()
    .describe(
      "number L of projection directions: 1 in 1D; in 2D equally spaced angles (default 32); in 3D a multiple of 3, random orthonormal frames (default 48)",
    ),
  model: z
    .enum(["segments", "points"])
    .default("segments")
    .describe(
      "how a cell's mass sits on a projection line: segments (spread over a segment of the cell's width; SW₂² differentiable) | points (at the projected centre, as Bonet et al.; SW₂² piecewise linear, steps pin near equilibrium)",
    ),
  seed: z
    .int()
    .min(0)
    .max(0xffffffff)
    .default(1)
    .describe("seed of the 3D directions (pure-rand xoroshiro128+); unused in 1D and 2D"),
  tol: z
    .number()
    .gt(0)
    .lt(1)
    .default(1e-5)
    .describe(
      "inner stopping tolerance: stop when the last 5 mirror-descent iterations decreased the step's objective by at most tol × its decrease since the start of the step",
    ),
  maxIter: z
    .int()
    .min(1)
    .default(500)
    .describe("inner (mirror-descent) iteration cap per step (reaching it is not an error)"),
});
export type SlicedJkoParams = z.output<typeof slicedJkoParams>;

/** L of a spec: given, or 1 / 32 / 48 in 1D / 2D / 3D. */
export function slicedDirections(p: SlicedJkoParams, dim: number): number {
  return p.directions ?? (dim === 1 ? 1 : dim === 2 ? 32 : 48);
}

/**
 * Sliced-Wasserstein JKO (C. Bonet, N. Courty, F. Septier & L. Drumetz, TMLR 2022) over the
 * weights of the grid's cell centres: each step ρ_{k+1} = argmin SW₂²(ρ, ρ_k)/(2τ) + F(ρ) by
 * mirror descent (src/ot/slicedJko.ts). It steps the gradient flow in the sliced-Wasserstein
 * metric, not the Wasserstein one: same minimisers, other dynamics (docs/sliced-wasserstein.md).
 * Euclidean projections: no-flux box only.
 */
export const slicedJkoScheme: SchemeEntry<SlicedJkoParams> = {
  kind: "sw-jko",
  doc: "sliced-Wasserstein JKO: ρ_{k+1} = argmin SW₂²(ρ, ρ_k)/(2τ) + F(ρ) over the cell weights by mirror descent (a different flow than W2: same minimisers, d× faster on translations)",
  params: slicedJkoParams,
  geometries: ["wasserstein"],
  fixedStep: (p) => p.tau,
  check: (p, spec: ProblemSpec, path) => {
    if (p.tau > spec.output.tEnd) {
      throw new InputError(
        joinPath(path, "tau"),
        `the JKO step τ = ${p.tau} is larger than the final time output.tEnd = ` +
          `${spec.output.tEnd}: a JKO run takes whole steps of τ and would end at t = τ; ` +
          "choose tau <= output.tEnd",
      );
    }
    const b = spec.grid.boundary;
    if ((Array.isArray(b) ? b : [b]).includes("periodic")) {
      throw new InputError(
        "grid.boundary",
        `the sliced-Wasserstein JKO projects cell centres on lines of ℝ^d (a Euclidean cost, ` +
          `not the torus distance), got ${JSON.stringify(b)}; use "no-flux" on every axis or the fv scheme`,
      );
    }
    const dim = spec.grid.n.length;
    const L = p.directions;
    if (L === undefined) return;
    if (dim === 1 && L !== 1) {
      throw new InputError(
        joinPath(path, "directions"),
        `a 1D grid has one direction (SW₂ is W₂ there), got ${L}; leave it out or set 1`,
      );
    }
    if (dim === 3 && L % 3 !== 0) {
      throw new InputError(
        joinPath(path, "directions"),
        `in 3D the directions come in orthonormal frames: must be a multiple of 3, got ${L}`,
      );
    }
  },
  build: (p, ctx) =>
    new SlicedJkoScheme(ctx.grid, ctx.energy, {
      tau: p.tau,
      directions: slicedDirections(p, ctx.grid.dim),
      model: p.model,
      seed: p.seed,
      tol: p.tol,
      maxIter: p.maxIter,
    }),
};

import { z } from "zod";
import { InputError } from "../../errors.js";
import type { Grid } from "../../grid/grid.js";
import { EntropicJkoBackward } from "../../schemes/backwardSteps.js";
import { ForwardBackwardScheme } from "../../schemes/forwardBackward.js";
import { PushForward } from "../../schemes/pushForward.js";
import { joinPath } from "../jsonPath.js";
import type { SchemeEntry } from "../kinds.js";
import type { ProblemSpec } from "../spec.js";
import { gradientOf, potentialSplitOf } from "./potentialSplit.js";

/** The step γ and the push's limiter, shared by forward-backward and ula-grid. */
export const gammaField = z
  .number()
  .gt(0)
  .describe("step γ > 0: push by x − γ∇V, then the entropy part for time γ");
export const limiterField = z
  .enum(["mc", "minmod"])
  .default("mc")
  .describe(
    "slope limiter of the piecewise-linear reconstruction the push moves (mc: second order; minmod: more diffusive)",
  );

export const forwardBackwardParams = z.strictObject({
  gamma: gammaField,
  backward: z
    .enum(["entropic-jko"])
    .default("entropic-jko")
    .describe(
      "the proximal step of the entropy: entropic-jko (generalized Sinkhorn, blur-corrected by default); the exact heat flow instead is the ula-grid scheme",
    ),
  eps: z
    .number()
    .gt(0)
    .optional()
    .describe("entropic ε of the backward step (Gibbs kernel e^{−|x−y|²/ε}); default 2h²"),
  blurCorrection: z
    .boolean()
    .default(true)
    .describe(
      "entropy weight ν − ε/(4γ) in the backward step, cancelling the ε-blur to first order",
    ),
  tol: z
    .number()
    .gt(0)
    .default(1e-10)
    .describe("inner stopping tolerance of the backward step (‖q − q_prev‖₁/‖q‖₁)"),
  maxIter: z.int().min(1).default(20_000).describe("inner iteration cap per backward step"),
  limiter: limiterField,
});
export type ForwardBackwardParams = z.output<typeof forwardBackwardParams>;

/** Whole steps of γ only (fixedStep): refuses γ > tEnd, naming the field. */
export function checkGamma(gamma: number, spec: ProblemSpec, path: string): void {
  if (gamma > spec.output.tEnd) {
    throw new InputError(
      joinPath(path, "gamma"),
      `the step γ = ${gamma} is larger than the final time output.tEnd = ${spec.output.tEnd}: ` +
        "the scheme takes whole steps of γ and would end at t = γ; choose gamma <= output.tEnd",
    );
  }
}

/** Refuses radial grids (the push maps Cartesian cells). */
export function checkCartesian(grid: Grid, scheme: string): void {
  if (grid.radial) {
    throw new InputError(
      "grid.radial",
      `'${scheme}' pushes Cartesian cells by x − γ∇V; a radial grid is not supported: remove grid.radial`,
    );
  }
}

/**
 * Forward–backward (the Wasserstein proximal gradient of Salim, Korba & Luise, NeurIPS 2020)
 * on the grid: push the cell masses by x − γ∇V (src/schemes/pushForward.ts), then the proximal
 * step JKO_{γνH} of the entropy by entropic JKO with blur correction
 * (src/schemes/backwardSteps.ts). Unbiased: π ∝ e^{−V} is its fixed point (γ ≤ 1/L);
 * docs/sampling.md. No-flux box only (the entropic cost is Euclidean).
 */
export const forwardBackwardScheme: SchemeEntry<ForwardBackwardParams> = {
  kind: "forward-backward",
  doc:
    "Wasserstein proximal gradient: push by x − γ∇V (conservative, positive deposit), then the " +
    "proximal step JKO_{γH} of the entropy (entropic, blur-corrected); unbiased for π ∝ e^{−V}",
  params: forwardBackwardParams,
  geometries: ["wasserstein"],
  fixedStep: (p) => p.gamma,
  check: (p, spec, path) => {
    checkGamma(p.gamma, spec, path);
    const b = spec.grid.boundary;
    if ((Array.isArray(b) ? b : [b]).includes("periodic")) {
      throw new InputError(
        "grid.boundary",
        `the entropic backward step of forward-backward needs a no-flux box (its cost |x − y|² ` +
          `is Euclidean), got ${JSON.stringify(b)}; use "no-flux" on every axis, or ula-grid`,
      );
    }
    potentialSplitOf(spec, "forward-backward");
  },
  build: (p, ctx) => {
    const grid = ctx.grid;
    checkCartesian(grid, "forward-backward");
    const split = potentialSplitOf(ctx.spec, "forward-backward");
    const grad = gradientOf(ctx.spec, grid.dim) ?? ((_x, out) => out.fill(0));
    const push = new PushForward(grid, grad, { limiter: p.limiter });
    const hMax = Math.max(...grid.h);
    const eps = p.eps ?? 2 * hMax * hMax;
    const backward =
      split.nu > 0
        ? new EntropicJkoBackward(grid, split.nu, {
            tau: p.gamma,
            eps,
            blurCorrection: p.blurCorrection,
            tol: p.tol,
            maxIter: p.maxIter,
          })
        : null;
    return new ForwardBackwardScheme(grid, push, backward, {
      gamma: p.gamma,
      name: `forward-backward (γ=${p.gamma}, ${backward ? backward.name : "no entropy part"})`,
    });
  },
};

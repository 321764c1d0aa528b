import { z } from "zod";
import { InputError } from "../../errors.js";
import { JkoScheme } from "../../schemes/jko.js";
import { joinPath } from "../jsonPath.js";
import type { SchemeEntry } from "../kinds.js";

export const jkoParams = z.strictObject({
  tau: z.number().gt(0).describe("time step τ > 0 of each implicit step"),
  eps: z
    .number()
    .gt(0)
    .optional()
    .describe(
      "entropic regularisation ε > 0 (Gibbs kernel e^{−|x−y|²/ε}); default 2h², h the largest cell width",
    ),
  blurCorrection: z
    .boolean()
    .default(false)
    .describe(
      "use the entropy weight ν − ε/(4τ), cancelling the entropic blur D_eff = 1 + ε/(4τ) to first order",
    ),
  tol: z
    .number()
    .gt(0)
    .default(1e-10)
    .describe("inner stopping tolerance on ‖q − q_prev‖₁/‖q‖₁ (second marginal)"),
  maxIter: z.int().min(1).default(20_000).describe("inner (Sinkhorn) iteration cap per step"),
  absorb: z
    .number()
    .min(0.5)
    .max(200)
    .default(7)
    .describe("log-domain absorption threshold λ of the stabilised scalings"),
  theta: z
    .number()
    .gt(0)
    .max(1e-3)
    .default(1e-20)
    .describe("truncation θ of the stabilised Gibbs kernel (entries below θ·max dropped)"),
  kernel: z
    .enum(["auto", "separable", "stabilized"])
    .default("auto")
    .describe(
      "Gibbs kernel: separable (scaling domain) | stabilized (log-stabilised) | auto (separable while the scalings fit in double range)",
    ),
  extrapolate: z
    .boolean()
    .default(true)
    .describe("start each step from the potentials extrapolated linearly from the last two steps"),
});
export type JkoParams = z.output<typeof jkoParams>;

/** ε of a JKO spec: given, or 2h² with h the largest cell width (as src/schemes/factory.ts). */
export function jkoEps(p: JkoParams, h: readonly number[]): number {
  if (p.eps !== undefined) return p.eps;
  const hMax = Math.max(...h);
  return 2 * hMax * hMax;
}

/**
 * Entropic JKO (Peyré, SIAM J. Imaging Sci. 8, 2015): each step
 * ρ_{k+1} = argmin W_ε(ρ, ρ_k)/(2τ) + F(ρ) by generalized Sinkhorn (src/ot/entropicJko.ts);
 * terms without a pointwise prox (interaction, MMD) are linearised at ρ_k. Wasserstein
 * only, with the Euclidean cost on the box: a periodic axis is refused.
 */
export const jkoScheme: SchemeEntry<JkoParams> = {
  kind: "jko",
  doc: "entropic JKO: ρ_{k+1} = argmin W_ε(ρ, ρ_k)/(2τ) + F(ρ) by generalized Sinkhorn (Wasserstein, no-flux box)",
  params: jkoParams,
  geometries: ["wasserstein"],
  fixedStep: (p) => p.tau,
  check: (p, spec, path) => {
    // Whole steps of τ only (fixedStep): with τ > tEnd the run would end at t = τ.
    if (p.tau > spec.output.tEnd) {
      throw new InputError(
        joinPath(path, "tau"),
        `the JKO step τ = ${p.tau} is larger than the final time output.tEnd = ` +
          `${spec.output.tEnd}: a JKO run takes whole steps of τ and would end at t = τ; ` +
          "choose tau <= output.tEnd",
      );
    }
    const b = spec.grid.boundary;
    const periodic = (Array.isArray(b) ? b : [b]).includes("periodic");
    if (periodic) {
      throw new InputError(
        "grid.boundary",
        `entropic JKO needs a no-flux box (its cost |x − y|² is Euclidean, not the torus ` +
          `distance), got ${JSON.stringify(b)}; use "no-flux" on every axis or the fv scheme`,
      );
    }
  },
  build: (p, ctx) =>
    new JkoScheme(ctx.grid, ctx.energy, {
      tau: p.tau,
      eps: jkoEps(p, ctx.grid.h),
      blurCorrection: p.blurCorrection,
      tol: p.tol,
      maxIter: p.maxIter,
      absorb: p.absorb,
      theta: p.theta,
      kernel: p.kernel,
      extrapolate: p.extrapolate,
    }),
};

import { z } from "zod";
import { InputError } from "../../errors.js";
import { JkoScheme } from "../../schemes/jko.js";
import { UnbalancedJkoScheme } from "../../schemes/unbalancedJko.js";
import { joinPath } from "../jsonPath.js";
import type { SchemeEntry } from "../kinds.js";
import type { SpecNode } from "../registry.js";

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
      "use the entropy weight ν − ε/(4τ), cancelling the entropic blur D_eff = 1 + ε/(4τ) to first order (wfr: the plan's entropy relative to the geometric mean of its marginals, which also cancels the O(ε/τ) mass bias; docs/unbalanced.md)",
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
    .enum(["auto", "separable", "fft", "stabilized"])
    .default("auto")
    .describe(
      "Gibbs kernel: separable (quadratic cost, scaling domain) | fft (WFR cost, scaling domain) | stabilized (log-stabilised) | auto (scaling domain while the scalings fit, then stabilised)",
    ),
  extrapolate: z
    .boolean()
    .default(true)
    .describe("start each step from the potentials extrapolated linearly from the last two steps"),
  omega: z
    .union([z.literal("auto"), z.number().min(1).lt(2)])
    .default("auto")
    .describe(
      "over-relaxation ω ∈ [1, 2) of the inner b-update on the separable kernel (1 = plain generalized Sinkhorn); auto: searched across steps from 2/(2 − κ), κ = 2τν/(2τν + ε)",
    ),
});
export type JkoParams = z.output<typeof jkoParams>;

/** ε of a JKO spec: given, or 2h² with h the largest cell width (as src/schemes/factory.ts). */
export function jkoEps(p: JkoParams, h: readonly number[]): number {
  if (p.eps !== undefined) return p.eps;
  const hMax = Math.max(...h);
  return 2 * hMax * hMax;
}

/** The geometry node a JKO spec steps, as (α, β, spherical): wasserstein is (1, 0). */
function weightsOf(g: SpecNode): { alpha: number; beta: number; spherical: boolean } {
  if (g.kind === "fisher-rao") {
    return { alpha: 0, beta: (g.rate as number | undefined) ?? 1, spherical: g.spherical === true };
  }
  if (g.kind === "wfr") {
    return { alpha: g.alpha as number, beta: g.beta as number, spherical: g.spherical === true };
  }
  return { alpha: 1, beta: 0, spherical: false };
}

/**
 * Entropic JKO (Peyré, SIAM J. Imaging Sci. 8, 2015): each step
 * ρ_{k+1} = argmin d²(ρ, ρ_k)/(2τ) + F(ρ), with d the geometry's distance:
 * - wasserstein: W_ε by generalized Sinkhorn (src/ot/entropicJko.ts); terms without a
 *   pointwise prox (interaction, MMD) are linearised at ρ_k;
 * - wfr (α, β > 0): the entropic WFR distance (4/β)·LET_η with the cost
 *   −log cos²(min(|x − y|/(2δ), π/2)), δ = √(α/β), by the unbalanced generalized Sinkhorn
 *   iteration (Chizat, Peyré, Schmitzer & Vialard, Math. Comp. 87, 2018; src/ot/wfrJko.ts);
 *   β = 0 is the Wasserstein step at speed α, α = 0 the Fisher–Rao step;
 * - fisher-rao: He²/β, a pointwise step (Newton per cell; src/ot/fisherRaoJko.ts), balanced
 *   or spherical; ε is not used.
 * Transport steps need the Euclidean cost on the box: a periodic axis is refused for them.
 */
export const jkoScheme: SchemeEntry<JkoParams> = {
  kind: "jko",
  doc: "JKO: ρ_{k+1} = argmin d²(ρ, ρ_k)/(2τ) + F(ρ); wasserstein: W_ε by generalized Sinkhorn; wfr: entropic WFR by unbalanced Sinkhorn; fisher-rao: pointwise (no-flux box for transport)",
  params: jkoParams,
  geometries: ["wasserstein", "fisher-rao", "wfr"],
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
    const w = weightsOf(spec.geometry);
    const unbalanced = w.alpha > 0 && w.beta > 0;
    const b = spec.grid.boundary;
    const periodic = (Array.isArray(b) ? b : [b]).includes("periodic");
    if (periodic && w.alpha > 0) {
      throw new InputError(
        "grid.boundary",
        `entropic JKO needs a no-flux box (its cost |x − y|² is Euclidean, not the torus ` +
          `distance), got ${JSON.stringify(b)}; use "no-flux" on every axis or the fv scheme`,
      );
    }
    if (w.spherical && w.alpha > 0) {
      throw new InputError(
        "geometry.spherical",
        "the WFR JKO step is on non-negative measures (𝓜₊): spherical WFR is not available; " +
          "use the fv scheme, or the fisher-rao geometry for a spherical Fisher–Rao JKO",
      );
    }
    const ok = unbalanced ? ["auto", "fft", "stabilized"] : ["auto", "separable", "stabilized"];
    if (w.alpha > 0 && !ok.includes(p.kernel)) {
      throw new InputError(
        joinPath(path, "kernel"),
        `'${p.kernel}' is not a Gibbs kernel of the ${unbalanced ? "WFR" : "quadratic"} cost; ` +
          `allowed here: ${ok.join(", ")}`,
      );
    }
  },
  build: (p, ctx) => {
    const w = weightsOf(ctx.geometry);
    const eps = jkoEps(p, ctx.grid.h);
    if (w.beta === 0 && w.alpha === 1) {
      return new JkoScheme(ctx.grid, ctx.energy, {
        tau: p.tau,
        eps,
        blurCorrection: p.blurCorrection,
        tol: p.tol,
        maxIter: p.maxIter,
        absorb: p.absorb,
        theta: p.theta,
        kernel: p.kernel === "fft" ? "auto" : p.kernel,
        extrapolate: p.extrapolate,
        omega: p.omega,
      });
    }
    return new UnbalancedJkoScheme(ctx.grid, ctx.energy, {
      ...w,
      tau: p.tau,
      eps,
      blurCorrection: p.blurCorrection,
      tol: p.tol,
      maxIter: p.maxIter,
      absorb: p.absorb,
      theta: p.theta,
      kernel: p.kernel === "fft" || p.kernel === "separable" ? "scaling" : p.kernel,
    });
  },
};

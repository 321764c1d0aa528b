import { z } from "zod";
import { InputError } from "../../errors.js";
import { WfrKlGaussian } from "../../exact/wfrGaussian.js";
import type { SpecNode } from "../registry.js";
import { gaussianOf, gaussianParams, type GaussianParams } from "../initial/gaussian.js";
import { joinPath } from "../jsonPath.js";
import type { ExactEntryWithFacts } from "./facts.js";
import { initialParams } from "./fromInitial.js";
import { gaussianFlowExact } from "./gaussianFlow.js";
import { gaussianKlTarget } from "./klTarget.js";

interface WfrKlGaussianParams {
  alpha?: number;
  beta?: number;
  initial?: GaussianParams;
  target?: GaussianParams;
}

/** α, β of the spec's geometry: wfr (α, β), wasserstein (1, 0), fisher-rao (0, rate). */
function flowWeights(geometry: SpecNode, path: string): { alpha?: number; beta?: number } {
  if (geometry.spherical === true) {
    throw new InputError(
      path,
      `the WFR Gaussian closed form is for the balanced flow; the spec's ${geometry.kind} geometry is spherical`,
    );
  }
  if (geometry.kind === "wfr")
    return { alpha: geometry.alpha as number, beta: geometry.beta as number };
  if (geometry.kind === "wasserstein") return { alpha: 1, beta: 0 };
  if (geometry.kind === "fisher-rao") return { alpha: 0, beta: geometry.rate as number };
  return {};
}

/**
 * Wasserstein–Fisher–Rao flow of KL(ρ‖π) between Gaussians on 𝓜₊, ∂ρ/∂t = α div(ρ∇u) − βρu,
 * u = log(ρ/π) (docs/exact-solutions.md; src/exact/wfrGaussian.ts): closed-form Σ(t), μ(t) (matrix Riccati
 * equation), mass by Gauss–Kronrod quadrature. Defaults: α, β from the spec's geometry (wfr;
 * wasserstein = (1, 0); fisher-rao = (0, rate)), ρ0 its gaussian initial, π from its kl
 * energy (e.g. kl {V: gaussian, targetMass: M}).
 */
export const wfrKlGaussianExact: ExactEntryWithFacts<WfrKlGaussianParams> = {
  kind: "wfr-kl-gaussian",
  doc: "WFR flow of KL(ρ‖π) between Gaussians on 𝓜₊: closed-form mean and covariance, mass by quadrature (docs/exact-solutions.md)",
  params: z.strictObject({
    alpha: z
      .number()
      .min(0)
      .optional()
      .describe("transport weight α ≥ 0 (default: the spec's geometry)"),
    beta: z
      .number()
      .min(0)
      .optional()
      .describe("reaction weight β ≥ 0 (default: the spec's geometry)"),
    initial: gaussianParams.optional().describe("ρ0 (default: the spec's gaussian initial)"),
    target: gaussianParams
      .optional()
      .describe("π = M_π N(m_π, Σ_π) (default: from the spec's kl energy)"),
  }),
  facts: ["mean", "cov", "mass", "secondMoment", "energy"],
  build: (p, ctx, path) => {
    const d = ctx.grid.dim;
    const w =
      p.alpha !== undefined && p.beta !== undefined ? {} : flowWeights(ctx.spec.geometry, path);
    const alpha = p.alpha ?? w.alpha;
    const beta = p.beta ?? w.beta;
    if (alpha === undefined || beta === undefined) {
      throw new InputError(
        joinPath(path, alpha === undefined ? "alpha" : "beta"),
        `is required: the spec's geometry '${ctx.spec.geometry.kind}' has no α, β to take it from`,
      );
    }
    const g0 =
      p.initial ?? (initialParams(ctx.spec, "gaussian", path) as unknown as GaussianParams);
    const initial = gaussianOf(g0, d, joinPath(path, "initial"));
    const target = p.target
      ? gaussianOf(p.target, d, joinPath(path, "target"))
      : gaussianKlTarget(ctx.spec, d, joinPath(path, "target"));
    return gaussianFlowExact(
      "wfr-kl-gaussian",
      new WfrKlGaussian({ alpha, beta, initial, target }),
    );
  },
};

import { z } from "zod";
import { OrnsteinUhlenbeck } from "../../exact/ornsteinUhlenbeck.js";
import { matrix, vector } from "../fields.js";
import { gaussianOf, gaussianParams } from "../initial/gaussian.js";
import { joinPath } from "../jsonPath.js";
import type { ExactEntry } from "../kinds.js";
import { checkSpd } from "../potentials/quadratic.js";
import { initialParams } from "./fromInitial.js";

/**
 * Ornstein–Uhlenbeck: Fokker–Planck with V = ½(x−c)ᵀA(x−c) from a Gaussian,
 * μ(t) = c + e^{−At}(μ0 − c), Σ(t) = A⁻¹ + e^{−At}(Σ0 − A⁻¹)e^{−At}.
 */
export const ornsteinUhlenbeckExact: ExactEntry<{
  A: number[][];
  center?: number[];
  initial?: z.output<typeof gaussianParams>;
}> = {
  kind: "ornstein-uhlenbeck",
  doc: "Ornstein–Uhlenbeck Gaussian for ∂ρ/∂t = Δρ + div(ρA(x−c)) from a Gaussian",
  params: z.strictObject({
    A: matrix().describe("the SPD matrix of V = ½(x−c)ᵀA(x−c)"),
    center: vector().optional().describe("the centre c (default 0)"),
    initial: gaussianParams
      .optional()
      .describe("the Gaussian at t = 0 (default: the spec's initial)"),
  }),
  build: (p, ctx, path) => {
    const d = ctx.grid.dim;
    const g = p.initial ?? initialParams(ctx.spec, "gaussian", path);
    return new OrnsteinUhlenbeck({
      A: checkSpd(p.A, d, joinPath(path, "A")),
      ...(p.center ? { center: p.center } : {}),
      initial: gaussianOf(g as z.output<typeof gaussianParams>, d, path),
    });
  },
};

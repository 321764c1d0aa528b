import { z } from "zod";
import { IsotropicGaussian, IsotropicGaussianPath } from "../../exact/isotropicGaussian.js";
import { OrnsteinUhlenbeck } from "../../exact/ornsteinUhlenbeck.js";
import { InputError } from "../../errors.js";
import { matrix, vector } from "../fields.js";
import { gaussianOf, gaussianParams, radialGaussianOf } from "../initial/gaussian.js";
import { joinPath } from "../jsonPath.js";
import { checkSpd } from "../potentials/quadratic.js";
import type { ProblemSpec } from "../spec.js";
import { type ExactEntryWithFacts, withFacts } from "./facts.js";
import { initialParams } from "./fromInitial.js";

/**
 * Ornstein–Uhlenbeck: Fokker–Planck with V = ½(x−c)ᵀA(x−c) from a Gaussian,
 * μ(t) = c + e^{−At}(μ0 − c), Σ(t) = A⁻¹ + e^{−At}(Σ0 − A⁻¹)e^{−At}. Its closed-form energy is
 * KL(ρ_t‖π) on 𝓜₊ with π = M_π N(c, A⁻¹), M_π the targetMass of the spec's kl term (default
 * 1, which is the kl term's default π of unit mass up to the mass outside the box).
 */
export const ornsteinUhlenbeckExact: ExactEntryWithFacts<{
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
  facts: ["mean", "cov", "mass", "secondMoment", "energy"],
  build: (p, ctx, path) => {
    const d = ctx.grid.dim;
    const g = p.initial ?? initialParams(ctx.spec, "gaussian", path);
    if (ctx.grid.radial) {
      // Radial grid: A = a·I, centre 0, s²(t) = 1/a + e^{−2at}(s0² − 1/a) in dimension d.
      const A = p.A;
      const a = A[0][0];
      const isotropic = A.every(
        (row, i) => row.length === A.length && row.every((v, j) => v === (i === j ? a : 0)),
      );
      if (!isotropic || !(a > 0)) {
        throw new InputError(
          joinPath(path, "A"),
          `must be a·I with a > 0 on a radial grid (an isotropic potential), got ${JSON.stringify(A)}`,
        );
      }
      if (p.center?.some((v) => v !== 0)) {
        throw new InputError(joinPath(path, "center"), "must be the origin on a radial grid");
      }
      const flow = IsotropicGaussianPath.ornsteinUhlenbeck(
        radialGaussianOf(g as z.output<typeof gaussianParams>, ctx.grid, path),
        a,
      );
      const piMass = klTargetMass(ctx.spec);
      const pi = new IsotropicGaussian(ctx.grid.spaceDim, 1 / a, piMass);
      return withFacts("ornstein-uhlenbeck", flow, {
        mass: () => flow.mass,
        secondMoment: (t) => flow.at(t).secondMoment(),
        energy: { value: (t) => flow.at(t).kl(pi), doc: `KL(ρ_t‖π), π = ${piMass}·N(0, I/a)` },
      });
    }
    const ou = new OrnsteinUhlenbeck({
      A: checkSpd(p.A, d, joinPath(path, "A")),
      ...(p.center ? { center: p.center } : {}),
      initial: gaussianOf(g as z.output<typeof gaussianParams>, d, path),
    });
    const piMass = klTargetMass(ctx.spec);
    return withFacts("ornstein-uhlenbeck", ou, {
      mean: (t) => ou.mean(t),
      cov: (t) => ou.cov(t),
      mass: () => ou.mass,
      secondMoment: (t) => ou.at(t).secondMoment(),
      energy: {
        value: (t) => ou.kl(t, piMass),
        doc: `KL(ρ_t‖π), π = ${piMass}·N(c, A⁻¹)`,
      },
    });
  },
};

/** targetMass of the spec's single kl term, else 1. */
function klTargetMass(spec: ProblemSpec): number {
  const kl = spec.energy.filter((e) => e.kind === "kl");
  const m = kl.length === 1 ? kl[0].targetMass : undefined;
  return typeof m === "number" ? m : 1;
}

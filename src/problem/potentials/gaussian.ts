import { z } from "zod";
import { InputError } from "../../errors.js";
import { Gaussian } from "../../exact/gaussian.js";
import { matrix, vector } from "../fields.js";
import { entries, joinPath } from "../jsonPath.js";
import type { PotentialEntry } from "../kinds.js";
import { checkSpd, quadraticForm, quadraticGradient } from "./quadratic.js";

export interface GaussianPotentialParams {
  mean: number[];
  cov: number[][] | number;
}

/**
 * The potential of a Gaussian, V(x) = ½(x − m)ᵀΣ⁻¹(x − m), with ∫_{ℝ^d} e^{−V} known:
 * log Z = (d/2) log 2π + ½ log det Σ. So kl {V: gaussian, targetMass: M} has π = M·N(m, Σ)
 * (π = M e^{−V}/Z), the target of the Fisher–Rao and WFR Gaussian closed forms. Σ⁻¹ and
 * log det Σ are those of src/exact/gaussian.ts.
 */
export const gaussianPotential: PotentialEntry<GaussianPotentialParams> = {
  kind: "gaussian",
  doc: "V(x) = ½(x − mean)ᵀcov⁻¹(x − mean), log ∫e^{−V} = (d/2)log 2π + ½ log det cov (kl with targetMass M: π = M·N(mean, cov))",
  params: z.strictObject({
    mean: vector().describe("mean m (d entries)"),
    cov: z
      .union([z.number().gt(0), matrix()])
      .describe("covariance Σ: a d×d SPD matrix, or a variance s² > 0 (Σ = s²I)"),
  }),
  build: (p, ctx, path) => {
    const g = gaussianPotentialOf(p, ctx.dim, path);
    return {
      V: quadraticForm(g.precision, g.mean, ctx.dim),
      logPartition: 0.5 * ctx.dim * Math.log(2 * Math.PI) + 0.5 * g.logDetCov,
      gradient: quadraticGradient(g.precision, g.mean, ctx.dim),
      quadratic: { A: g.precision, center: g.mean },
    };
  },
};

/** The unit-mass Gaussian N(m, Σ) of validated parameters; messages name the path. */
export function gaussianPotentialOf(
  p: GaussianPotentialParams,
  dim: number,
  path: string,
): Gaussian {
  if (p.mean.length !== dim) {
    throw new InputError(
      joinPath(path, "mean"),
      `must have ${entries(dim)} (the grid's dimension), got ${p.mean.length}`,
    );
  }
  const cov = typeof p.cov === "number" ? p.cov : checkSpd(p.cov, dim, joinPath(path, "cov"));
  return new Gaussian(p.mean, cov);
}

import { z } from "zod";
import { InputError } from "../../errors.js";
import { Gaussian } from "../../exact/gaussian.js";
import { mass, matrix, vector } from "../fields.js";
import { entries, joinPath } from "../jsonPath.js";
import type { InitialEntry } from "../kinds.js";
import { checkSpd } from "../potentials/quadratic.js";

export interface GaussianParams {
  mean: number[];
  cov: number[][] | number;
  mass: number;
}

export const gaussianParams = z.strictObject({
  mean: vector().describe("mean μ (d entries)"),
  cov: z
    .union([z.number().gt(0), matrix()])
    .describe("covariance Σ: a d×d SPD matrix, or a variance s² > 0 (Σ = s²I)"),
  mass: mass(),
});

/** The Gaussian of validated parameters on a d-dimensional grid; messages name the path. */
export function gaussianOf(p: GaussianParams, dim: number, path: string): Gaussian {
  if (p.mean.length !== dim) {
    throw new InputError(
      joinPath(path, "mean"),
      `must have ${entries(dim)} (the grid's dimension), got ${p.mean.length}`,
    );
  }
  const cov = typeof p.cov === "number" ? p.cov : checkSpd(p.cov, dim, joinPath(path, "cov"));
  return new Gaussian(p.mean, cov, p.mass);
}

/** M·N(μ, Σ), as exact cell averages (erf differences / quadrature). */
export const gaussianInitial: InitialEntry<GaussianParams> = {
  kind: "gaussian",
  doc: "M·N(mean, cov): a Gaussian of any mass, full covariance, exact cell averages",
  params: gaussianParams,
  build: (p, ctx, path) => gaussianOf(p, ctx.grid.dim, path).cellAverages(ctx.grid),
};

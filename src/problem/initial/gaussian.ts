import { z } from "zod";
import { InputError } from "../../errors.js";
import { Gaussian } from "../../exact/gaussian.js";
import { IsotropicGaussian } from "../../exact/isotropicGaussian.js";
import type { Grid } from "../../grid/grid.js";
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

/**
 * The centred isotropic Gaussian M·N(0, s²I_d) of validated parameters on a radial grid of
 * dimension d: the mean must be the origin, the covariance s² or s²·I (any size).
 */
export function radialGaussianOf(p: GaussianParams, grid: Grid, path: string): IsotropicGaussian {
  const d = grid.spaceDim;
  if (p.mean.some((v) => v !== 0)) {
    throw new InputError(
      joinPath(path, "mean"),
      `must be the origin on a radial grid, got ${JSON.stringify(p.mean)}`,
    );
  }
  let s2: number;
  if (typeof p.cov === "number") {
    s2 = p.cov;
  } else {
    const A = p.cov;
    s2 = A[0][0];
    const isotropic = A.every(
      (row, a) => row.length === A.length && row.every((v, b) => v === (a === b ? s2 : 0)),
    );
    if (!isotropic || !(s2 > 0)) {
      throw new InputError(
        joinPath(path, "cov"),
        `must be isotropic on a radial grid: a variance s² > 0 or s²·I, got ${JSON.stringify(A)}`,
      );
    }
  }
  return new IsotropicGaussian(d, s2, p.mass);
}

/**
 * M·N(μ, Σ), as exact cell averages (erf differences / quadrature); on a radial grid
 * M·N(0, s²I_d) as shell averages (isotropicGaussian.ts).
 */
export const gaussianInitial: InitialEntry<GaussianParams> = {
  kind: "gaussian",
  doc: "M·N(mean, cov): a Gaussian of any mass, full covariance, exact cell averages (radial grids: mean 0, cov s²)",
  params: gaussianParams,
  build: (p, ctx, path) =>
    ctx.grid.radial
      ? radialGaussianOf(p, ctx.grid, path).cellAverages(ctx.grid)
      : gaussianOf(p, ctx.grid.dim, path).cellAverages(ctx.grid),
};

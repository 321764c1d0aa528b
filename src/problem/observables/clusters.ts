import { z } from "zod";
import { InputError } from "../../errors.js";
import { aggregationRadius } from "../../exact/aggregation.js";
import { meanRadius, twoClusters } from "../../metrics/clusters.js";
import type { Grid } from "../../grid/grid.js";
import type { ObservableEntry } from "../kinds.js";
import { nameParam } from "./common.js";

/**
 * Cluster measurements of aggregation states (docs/exact-solutions.md; src/metrics/clusters.ts): the
 * mean distance to the barycentre (a ring's radius) and the 1D two-cluster split.
 */

/** Σρ_i|x_i − x̄|/Σρ_i. */
export const meanRadiusObservable: ObservableEntry<{ name: string }> = {
  kind: "mean-radius",
  doc: "mass-weighted mean distance to the barycentre Σρ_i|x_i − x̄|/Σρ_i (a ring's radius)",
  params: z.strictObject({ name: nameParam("meanRadius") }),
  build: (p, ctx) => ({ name: p.name, value: (rho) => meanRadius(ctx.grid, rho) }),
};

/** |mean radius − R|/h, R default √(d/(2(d+1))) (the aggregation minimisers' sphere). */
export const radiusErrorObservable: ObservableEntry<{ name: string; radius?: number }> = {
  kind: "radius-error-cells",
  doc: "|mean radius − R|/h, R default √(d/(2(d+1))) (minimisers of W = |x|⁴/4 − |x|²/2; 2D 1/√3)",
  params: z.strictObject({
    name: nameParam("radiusErrorInCells"),
    radius: z
      .number()
      .gt(0)
      .optional()
      .describe("R (default √(d/(2(d+1))), the sphere of the aggregation minimisers)"),
  }),
  build: (p, ctx) => {
    const grid = ctx.grid;
    const R = p.radius ?? aggregationRadius(grid.dim);
    return {
      name: p.name,
      value: (rho) => Math.abs(meanRadius(grid, rho) - R) / grid.h[0],
    };
  },
};

function require1d(grid: Grid, kind: string, path: string): void {
  if (grid.dim !== 1) {
    throw new InputError(path, `${kind} is 1D (split at the barycentre); the grid is ${grid.dim}D`);
  }
}

/** 1D: distance between the centres of mass left and right of the barycentre. */
export const clusterDistanceObservable: ObservableEntry<{ name: string }> = {
  kind: "cluster-distance",
  doc: "1D: distance between the centres of mass of the parts left and right of the barycentre",
  params: z.strictObject({ name: nameParam("clusterDistance") }),
  build: (p, ctx, path) => {
    require1d(ctx.grid, "cluster-distance", path);
    return { name: p.name, value: (rho) => twoClusters(ctx.grid, rho).distance };
  },
};

/** 1D: |cluster distance − D|/h, D = 1 for W = |x|⁴/4 − |x|²/2. */
export const clusterDistanceErrorObservable: ObservableEntry<{ name: string; distance: number }> = {
  kind: "cluster-distance-error-cells",
  doc: "1D: |cluster distance − D|/h (D = 1: two clusters of W = |x|⁴/4 − |x|²/2)",
  params: z.strictObject({
    name: nameParam("distanceErrorInCells"),
    distance: z.number().gt(0).default(1).describe("the expected distance D"),
  }),
  build: (p, ctx, path) => {
    const grid = ctx.grid;
    require1d(grid, "cluster-distance-error-cells", path);
    return {
      name: p.name,
      value: (rho) => Math.abs(twoClusters(grid, rho).distance - p.distance) / grid.h[0],
    };
  },
};

/** 1D: the mass left of the barycentre. */
export const clusterMassLeftObservable: ObservableEntry<{ name: string }> = {
  kind: "cluster-mass-left",
  doc: "1D: mass of the part left of the barycentre",
  params: z.strictObject({ name: nameParam("massLeft") }),
  build: (p, ctx, path) => {
    require1d(ctx.grid, "cluster-mass-left", path);
    return { name: p.name, value: (rho) => twoClusters(ctx.grid, rho).massLeft };
  },
};

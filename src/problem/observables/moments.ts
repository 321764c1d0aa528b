import { z } from "zod";
import { InputError } from "../../errors.js";
import { covariance, mean } from "../../grid/density.js";
import { factsOf, requireFact } from "../exact/facts.js";
import { vector } from "../fields.js";
import { joinPath } from "../jsonPath.js";
import type { ObservableEntry } from "../kinds.js";
import type { SpecNode } from "../registry.js";
import { nameParam, referenceFor, referenceRef, type ObservableCtx } from "./common.js";

/**
 * Moments of the grid density against an exact solution. The moments of cell averages are
 * those of the discrete measure Σρ_i|cell|δ_{x_i} on the cell centres (src/grid/density.ts),
 * whose variance exceeds the continuous one by h_a²/12 per axis (docs/exact-solutions.md): `correction`
 * subtracts it. References that are semi-discrete (JKO recursions) carry the grid variance
 * themselves and are compared without it.
 */

interface RefParams {
  name: string;
  reference?: SpecNode;
}

const correction = () =>
  z
    .boolean()
    .default(true)
    .describe("subtract h_a²/12 per axis from the grid variance (the bias of cell averages)");

/** |μ_h − μ(t)| (Euclidean), μ_h the centre of mass of ρ. */
export const meanErrorObservable: ObservableEntry<RefParams> = {
  kind: "mean-error",
  doc: "|mean(ρ) − μ(t)|: distance of the centre of mass to the exact solution's",
  params: z.strictObject({ name: nameParam("meanError") }),
  refs: referenceRef,
  build: (p, ctx: ObservableCtx, path) => {
    const { exact, kind } = referenceFor(p, ctx, path);
    const mu = requireFact(exact, kind, "mean", "a closed-form mean", path);
    return {
      name: p.name,
      value: (rho, t) => {
        const m = mean(ctx.grid, rho);
        const e = mu(t);
        return Math.hypot(...m.map((v, a) => v - e[a]));
      },
    };
  },
};

/** max_{a≤b} |C_h,ab − δ_ab h_a²/12 − Σ_ab(t)|. */
export const covarianceErrorObservable: ObservableEntry<RefParams & { correction: boolean }> = {
  kind: "covariance-error",
  doc: "max_{a≤b} |cov(ρ)_ab − δ_ab h_a²/12 − Σ(t)_ab|: largest entry of the covariance error",
  params: z.strictObject({ name: nameParam("covarianceError"), correction: correction() }),
  refs: referenceRef,
  build: (p, ctx: ObservableCtx, path) => {
    const { exact, kind } = referenceFor(p, ctx, path);
    const cov = requireFact(exact, kind, "cov", "a closed-form covariance", path);
    const grid = ctx.grid;
    const d = grid.dim;
    const bias = grid.h.map((h) => (p.correction ? h ** 2 / 12 : 0));
    return {
      name: p.name,
      value: (rho, t) => {
        const c = covariance(grid, rho);
        const e = cov(t);
        const errs: number[] = [];
        for (let a = 0; a < d; a++) errs.push(Math.abs(c[a][a] - bias[a] - e[a][a]));
        for (let a = 0; a < d; a++)
          for (let b = a + 1; b < d; b++) errs.push(Math.abs(c[a][b] - e[a][b]));
        return Math.max(...errs);
      },
    };
  },
};

/**
 * Variance error per axis, var_h,a − h_a²/12 − Σ_aa(t) (or var_h,a − s_a²(t) against a
 * semi-discrete reference): signed in 1D, the largest absolute value over the axes in 2D/3D.
 */
export const varianceErrorObservable: ObservableEntry<RefParams & { correction: boolean }> = {
  kind: "variance-error",
  doc: "var(ρ) − h²/12 − σ²(t) (1D, signed; 2D/3D: max over axes of |…|); semi-discrete references without h²/12",
  params: z.strictObject({ name: nameParam("varianceError"), correction: correction() }),
  refs: referenceRef,
  build: (p, ctx: ObservableCtx, path) => {
    const { exact, kind } = referenceFor(p, ctx, path);
    const grid = ctx.grid;
    const d = grid.dim;
    const facts = factsOf(exact);
    let diffs: (c: number[][], t: number) => number[];
    if (facts.gridVariances) {
      const gv = facts.gridVariances;
      diffs = (c, t) => {
        const v = gv(t);
        return v.map((s, a) => c[a][a] - s);
      };
    } else {
      const cov = requireFact(exact, kind, "cov", "a closed-form covariance", path);
      const bias = grid.h.map((h) => (p.correction ? h ** 2 / 12 : 0));
      diffs = (c, t) => {
        const e = cov(t);
        return bias.map((b, a) => c[a][a] - b - e[a][a]);
      };
    }
    return {
      name: p.name,
      value: (rho, t) => {
        const r = diffs(covariance(grid, rho), t);
        return d === 1 ? r[0] : Math.max(...r.map(Math.abs));
      },
    };
  },
};

/** var_h,a − h_a²/12 along one axis (no exact solution needed). */
export const varianceObservable: ObservableEntry<{
  name: string;
  axis: number;
  correction: boolean;
}> = {
  kind: "variance",
  doc: "variance of ρ along one axis, minus h²/12 (the bias of cell averages) unless correction is false",
  params: z.strictObject({
    name: nameParam("varianceMinusH2"),
    axis: z.int().min(0).max(2).default(0).describe("the axis (0 = x)"),
    correction: correction(),
  }),
  build: (p, ctx, path) => {
    const grid = ctx.grid;
    if (p.axis >= grid.dim) {
      throw new InputError(
        joinPath(path, "axis"),
        `must be < ${grid.dim} (the grid's dimension), got ${p.axis}`,
      );
    }
    const h = grid.h[p.axis];
    const bias = p.correction ? (h * h) / 12 : 0;
    return {
      name: p.name,
      value: (rho) => covariance(grid, rho)[p.axis][p.axis] - bias,
    };
  },
};

/** mean(ρ) − μ0: signed in 1D, Euclidean norm in 2D/3D. */
export const meanDriftObservable: ObservableEntry<{ name: string; origin?: number[] }> = {
  kind: "mean-drift",
  doc: "mean(ρ) − μ0: drift of the centre of mass from μ0 (1D signed, else its length); μ0 default the exact solution's mean at t = 0",
  params: z.strictObject({
    name: nameParam("meanDrift"),
    origin: vector().optional().describe("μ0 (default: the exact solution's mean at t = 0)"),
  }),
  build: (p, ctx, path) => {
    const grid = ctx.grid;
    const d = grid.dim;
    const mu0 =
      p.origin ??
      requireFact(
        ctx.exact,
        ctx.spec.exact?.kind,
        "mean",
        "a closed-form mean (or give origin)",
        path,
      )(0);
    if (mu0.length !== d) {
      throw new InputError(joinPath(path, "origin"), `must have ${d} entries, got ${mu0.length}`);
    }
    return {
      name: p.name,
      value: (rho) => {
        const m = mean(grid, rho);
        return d === 1 ? m[0] - mu0[0] : Math.hypot(...m.map((v, a) => v - mu0[a]));
      },
    };
  },
};

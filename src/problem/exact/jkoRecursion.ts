import { z } from "zod";
import { InputError } from "../../errors.js";
import { Gaussian } from "../../exact/gaussian.js";
import type { Grid } from "../../grid/grid.js";
import { entropicJkoFpStep, entropicJkoHeatVariances } from "../../ot/jkoGaussian.js";
import { vector } from "../fields.js";
import { gaussianOf, gaussianParams, type GaussianParams } from "../initial/gaussian.js";
import { joinPath } from "../jsonPath.js";
import { jkoEps, type JkoParams } from "../schemes/jko.js";
import type { ProblemSpec } from "../spec.js";
import { type ExactEntryWithFacts, type SpecExact, withFacts } from "./facts.js";
import { initialParams } from "./fromInitial.js";

/**
 * The exact Gaussian recursions of the entropic JKO scheme (docs/exact-solutions.md; src/ot/jkoGaussian.ts)
 * as references: NOT solutions of the PDE but the scheme's own semi-discrete solution at finite
 * τ and ε (which the grid scheme follows to ~1e-10), to separate the scheme's error from its
 * time-discretisation and entropic bias. Per axis, started from the variance of the cell
 * averages s0² + h²/12 (docs/exact-solutions.md); at run time t the state after round(t/τ) steps
 * (at most round(tEnd/τ)). Cell averages: the Gaussian whose cell averages have that
 * variance, N(μ_k, s_k² − h²/12).
 */

/** τ, ε and the blur correction, by default those of the spec's jko scheme. */
export const jkoStepFields = {
  tau: z.number().gt(0).optional().describe("time step τ (default: the spec's jko scheme's)"),
  eps: z
    .number()
    .gt(0)
    .optional()
    .describe("entropic ε (default: the jko scheme's, whose default is 2h²)"),
  blurCorrection: z
    .boolean()
    .optional()
    .describe("entropy weight ν = 1 − ε/(4τ) instead of 1 (default: the jko scheme's)"),
};

export interface JkoStepParams {
  tau?: number;
  eps?: number;
  blurCorrection?: boolean;
}

/** The resolved step: τ, ε, the entropy weight ν, and the number of steps to tEnd. */
export interface JkoStep {
  tau: number;
  eps: number;
  nu: number;
  steps: number;
}

/** Resolves τ, ε, ν from the parameters and the spec's jko scheme; errors name `path`. */
export function jkoStepOf(p: JkoStepParams, spec: ProblemSpec, grid: Grid, path: string): JkoStep {
  const scheme = spec.scheme.kind === "jko" ? (spec.scheme as unknown as JkoParams) : undefined;
  const tau = p.tau ?? scheme?.tau;
  if (tau === undefined) {
    throw new InputError(
      joinPath(path, "tau"),
      `is required: the spec's scheme is '${spec.scheme.kind}', not a jko scheme to take τ from`,
    );
  }
  const eps =
    p.eps ?? (scheme ? jkoEps(scheme, grid.h) : 2 * Math.max(...grid.h) * Math.max(...grid.h));
  const blur = p.blurCorrection ?? scheme?.blurCorrection ?? false;
  const nu = blur ? 1 - eps / (4 * tau) : 1;
  return { tau, eps, nu, steps: Math.round(spec.output.tEnd / tau) };
}

/** Index of the recursion state at run time t. */
function stepAt(step: JkoStep, t: number): number {
  return Math.min(step.steps, Math.round(t / step.tau));
}

/** The initial Gaussian of a recursion: given, or the spec's; diagonal covariance only. */
function diagonalInitial(
  p: { initial?: GaussianParams },
  spec: ProblemSpec,
  dim: number,
  path: string,
): Gaussian {
  const g0 = p.initial ?? (initialParams(spec, "gaussian", path) as unknown as GaussianParams);
  const g = gaussianOf(g0, dim, joinPath(path, "initial"));
  if (!g.isDiagonal()) {
    throw new InputError(
      joinPath(path, "initial", "cov"),
      "must be diagonal: the recursion runs per axis (rotate the problem to the eigenbasis)",
    );
  }
  return g;
}

/** The recursion's reference from per-axis means and grid variances after each step. */
function recursionExact(
  kind: string,
  grid0: Grid,
  step: JkoStep,
  mass: number,
  means: (k: number) => number[],
  variances: (k: number) => number[],
): SpecExact {
  const d = grid0.dim;
  const gaussianAt = (t: number): Gaussian => {
    const k = stepAt(step, t);
    const v = variances(k);
    const cov = v.map((s, a) => s - (grid0.h[a] * grid0.h[a]) / 12);
    const same = cov.every((c) => c === cov[0]);
    return new Gaussian(
      means(k),
      same ? cov[0] : cov.map((c, a) => cov.map((_, b) => (a === b ? c : 0))),
      mass,
    );
  };
  return withFacts(
    kind,
    {
      dim: d,
      mass,
      density: (t, x) => gaussianAt(t).density(x),
      densityAt: (t) => {
        const g = gaussianAt(t);
        return (x) => g.density(x);
      },
      cellAverages: (grid: Grid, t: number) => {
        if (grid.dim !== d || grid.h.some((h, a) => h !== grid0.h[a])) {
          throw new InputError(kind, "is a reference for the spec's grid only (it depends on h)");
        }
        return gaussianAt(t).cellAverages(grid);
      },
    },
    {
      mean: (t) => means(stepAt(step, t)),
      cov: (t) => {
        const g = gaussianAt(t);
        return g.cov.map((r) => [...r]);
      },
      gridVariances: (t) => variances(stepAt(step, t)),
      mass: () => mass,
    },
  );
}

interface HeatRecursionParams extends JkoStepParams {
  initial?: GaussianParams;
}

/**
 * Entropic JKO heat flow (F = ν∫ρ log ρ): per axis
 * s²_{k+1} = ντ + ½[(s_k² + ε/2) + √((s_k² + ε/2)² + 4s_k²ντ)], mean and mass unchanged.
 */
export const jkoHeatRecursionExact: ExactEntryWithFacts<HeatRecursionParams> = {
  kind: "jko-heat-recursion",
  doc: "the entropic JKO scheme's own Gaussian recursion for the heat flow (docs/exact-solutions.md): a semi-discrete reference at finite τ, ε, not the PDE solution",
  params: z.strictObject({
    ...jkoStepFields,
    initial: gaussianParams
      .optional()
      .describe("ρ0, diagonal covariance (default: the spec's gaussian initial)"),
  }),
  facts: ["mean", "cov", "gridVariances", "mass"],
  build: (p, ctx, path) => {
    const grid = ctx.grid;
    const g = diagonalInitial(p, ctx.spec, grid.dim, path);
    const step = jkoStepOf(p, ctx.spec, grid, path);
    const perAxis = g.mean.map((_, a) =>
      entropicJkoHeatVariances(
        g.cov[a][a] + (grid.h[a] * grid.h[a]) / 12,
        step.tau,
        step.eps,
        step.steps,
        step.nu,
      ),
    );
    const mean = [...g.mean];
    return recursionExact(
      "jko-heat-recursion",
      grid,
      step,
      g.mass,
      () => [...mean],
      (k) => perAxis.map((r) => r[k]),
    );
  },
};

interface FpRecursionParams extends HeatRecursionParams {
  kappa: number;
  center?: number[];
}

/**
 * Entropic JKO Fokker–Planck, F = ν∫ρ log ρ + ∫(κ/2)|x − x_c|²ρ, λ = 1 + τκ: per axis
 * μ_{k+1} = (μ_k + τκx_c)/λ, s²_{k+1} = (w + ντ)/λ with
 * w = ½[(s²/λ + ε/2) + √((s²/λ + ε/2)² + 4s²ντ/λ)]; its fixed point is the biased stationary
 * variance (observable jko-stationary-variance).
 */
export const jkoFokkerPlanckRecursionExact: ExactEntryWithFacts<FpRecursionParams> = {
  kind: "jko-fokker-planck-recursion",
  doc: "the entropic JKO scheme's own Gaussian recursion for Fokker–Planck with V = (κ/2)|x − x_c|² (docs/exact-solutions.md): a semi-discrete reference at finite τ, ε",
  params: z.strictObject({
    ...jkoStepFields,
    kappa: z.number().gt(0).default(1).describe("stiffness κ of V = (κ/2)|x − x_c|²"),
    center: vector().optional().describe("centre x_c of V (default the origin)"),
    initial: gaussianParams
      .optional()
      .describe("ρ0, diagonal covariance (default: the spec's gaussian initial)"),
  }),
  facts: ["mean", "cov", "gridVariances", "mass"],
  build: (p, ctx, path) => {
    const grid = ctx.grid;
    const d = grid.dim;
    const g = diagonalInitial(p, ctx.spec, d, path);
    const xc = p.center ?? new Array<number>(d).fill(0);
    if (xc.length !== d) {
      throw new InputError(joinPath(path, "center"), `must have ${d} entries, got ${xc.length}`);
    }
    const step = jkoStepOf(p, ctx.spec, grid, path);
    const states = [
      { mu: [...g.mean], s2: g.mean.map((_, a) => g.cov[a][a] + (grid.h[a] * grid.h[a]) / 12) },
    ];
    for (let k = 0; k < step.steps; k++) {
      const prev = states[k];
      const next = prev.mu.map((mu, a) =>
        entropicJkoFpStep(mu, prev.s2[a], step.tau, step.eps, p.kappa, xc[a], step.nu),
      );
      states.push({ mu: next.map((s) => s.mu), s2: next.map((s) => s.s2) });
    }
    return recursionExact(
      "jko-fokker-planck-recursion",
      grid,
      step,
      g.mass,
      (k) => [...states[k].mu],
      (k) => [...states[k].s2],
    );
  },
};

import { z } from "zod";
import { InputError } from "../../errors.js";
import { Gaussian } from "../../exact/gaussian.js";
import {
  fbGaussianStep,
  ulaGaussianStep,
  type AxisRecursion,
  type GaussianState,
} from "../../exact/proximalGradientGaussian.js";
import type { Mat } from "../../exact/symmetricMatrix.js";
import type { Grid } from "../../grid/grid.js";
import { vector } from "../fields.js";
import { gaussianOf, gaussianParams, type GaussianParams } from "../initial/gaussian.js";
import { entries, joinPath } from "../jsonPath.js";
import type { SpecNode } from "../registry.js";
import { potentials } from "../registries.js";
import { potentialSplitOf } from "../schemes/potentialSplit.js";
import type { ProblemSpec } from "../spec.js";
import { type ExactEntryWithFacts, withFacts } from "./facts.js";
import { initialParams } from "./fromInitial.js";

/**
 * The Gaussian recursions of forward–backward and of ULA (docs/sampling.md;
 * src/exact/proximalGradientGaussian.ts) as references for a run with step γ: NOT solutions of
 * the PDE but the laws of the two discretisations after k = round(t/γ) steps (at most
 * round(tEnd/γ)), per axis, started from the spec's Gaussian initial data. The grid schemes
 * forward-backward and ula-grid follow them to the grid's error, the particle samplers to
 * their Monte Carlo error. Continuous variances: compare the grid's with h²/12 subtracted.
 */

/** The parameters shared by the recursions and the stationary-variance observables. */
export const samplingStepFields = {
  gamma: z
    .number()
    .gt(0)
    .optional()
    .describe("step γ (default: the spec's scheme's gamma, or step for a particle sampler)"),
  target: z
    .strictObject({
      mean: vector().describe("mean m of π (d entries)"),
      variance: z
        .union([z.number().gt(0), z.array(z.number().gt(0)).min(1).max(3)])
        .describe("variance σ² of π, or one per axis (diagonal covariance)"),
    })
    .optional()
    .describe(
      "π = N(m, diag σ²), F = KL(·‖π) (default: from the spec's energy, whose potentials must be quadratic or gaussian with a diagonal Hessian)",
    ),
};

export interface SamplingStepParams {
  gamma?: number;
  target?: { mean: number[]; variance: number | number[] };
}

/** The per-axis recursions (κ_a, m_a, ν, γ) of a spec, and the number of steps to tEnd. */
export interface SamplingStep {
  axes: AxisRecursion[];
  gamma: number;
  steps: number;
}

/** γ of the spec's scheme: its `gamma` (grid schemes) or `step` (particle samplers). */
export function schemeGamma(spec: ProblemSpec): number | undefined {
  const s = spec.scheme;
  if (typeof s.gamma === "number") return s.gamma;
  if (typeof s.step === "number") return s.step;
  return undefined;
}

/** Resolves γ and the per-axis target of a recursion; errors name `path`. */
export function samplingStepOf(
  p: SamplingStepParams,
  spec: ProblemSpec,
  dim: number,
  path: string,
): SamplingStep {
  const gamma = p.gamma ?? schemeGamma(spec);
  if (gamma === undefined) {
    throw new InputError(
      joinPath(path, "gamma"),
      `is required: the spec's scheme '${spec.scheme.kind}' has no step γ (gamma or step) to take it from`,
    );
  }
  const steps = Math.round(spec.output.tEnd / gamma);
  if (p.target !== undefined) {
    const { mean, variance } = p.target;
    const v = typeof variance === "number" ? new Array<number>(dim).fill(variance) : variance;
    for (const [field, list] of [
      ["mean", mean],
      ["variance", v],
    ] as const) {
      if (list.length !== dim) {
        throw new InputError(
          joinPath(path, "target", field),
          `must have ${entries(dim)} (the grid's dimension), got ${list.length}`,
        );
      }
    }
    const axes = mean.map((m, a) => ({ kappa: 1 / v[a], center: m, nu: 1, gamma }));
    return { axes, gamma, steps };
  }
  const split = potentialSplitOf(spec, "the recursion");
  if (split.potentials.length === 0) {
    throw new InputError(
      joinPath(path, "target"),
      "is required: the spec's energy has no potential V to take the target from",
    );
  }
  const A: Mat = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
  const b = new Array<number>(dim).fill(0);
  for (const t of split.potentials) {
    const q = quadraticOf(t.V, dim, t.path, path);
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j < dim; j++) {
        A[i][j] += t.weight * q.A[i][j];
        b[i] += t.weight * q.A[i][j] * q.center[j];
      }
    }
  }
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      if (i !== j && Math.abs(A[i][j]) > 1e-14 * Math.sqrt(Math.abs(A[i][i] * A[j][j]))) {
        throw new InputError(
          joinPath(path, "target"),
          "is required: the recursion runs per axis and the spec's potential has a non-diagonal " +
            "Hessian (rotate the problem to its eigenbasis, or give target)",
        );
      }
    }
  }
  const center = b.map((bi, i) => bi / A[i][i]);
  const axes = center.map((m, a) => ({ kappa: A[a][a], center: m, nu: split.nu, gamma }));
  return { axes, gamma, steps };
}

/** V = ½(x − c)ᵀA(x − c) of a potential node with a quadratic form (quadratic, gaussian). */
function quadraticOf(
  V: SpecNode,
  dim: number,
  vPath: string,
  path: string,
): { A: readonly (readonly number[])[]; center: readonly number[] } {
  const q = potentials.build(V, { dim }, vPath).quadratic;
  if (q === undefined) {
    throw new InputError(
      joinPath(path, "target"),
      `is required: the spec's potential at ${vPath} is '${V.kind}', not quadratic or gaussian ` +
        "(the recursions are for Gaussian targets)",
    );
  }
  return q;
}

interface RecursionParams extends SamplingStepParams {
  initial?: GaussianParams;
}

/** The initial Gaussian: given, or the spec's; diagonal covariance only. */
function diagonalInitial(p: RecursionParams, spec: ProblemSpec, dim: number, path: string) {
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

/** The states after 0..steps steps, per axis. */
function run(
  g: Gaussian,
  s: SamplingStep,
  step: (x: GaussianState, r: AxisRecursion) => GaussianState,
): GaussianState[][] {
  const states: GaussianState[][] = [g.mean.map((mu, a) => ({ mu, v: g.cov[a][a] }))];
  for (let k = 0; k < s.steps; k++) {
    states.push(states[k].map((x, a) => step(x, s.axes[a])));
  }
  return states;
}

/** The entry of one recursion. */
function recursionEntry(
  kind: string,
  doc: string,
  step: (x: GaussianState, r: AxisRecursion) => GaussianState,
): ExactEntryWithFacts<RecursionParams> {
  return {
    kind,
    doc,
    params: z.strictObject({
      ...samplingStepFields,
      initial: gaussianParams
        .optional()
        .describe("ρ0, diagonal covariance (default: the spec's gaussian initial)"),
    }),
    facts: ["mean", "cov", "mass"],
    build: (p, ctx, path) => {
      const grid: Grid = ctx.grid;
      const d = grid.dim;
      const g = diagonalInitial(p, ctx.spec, d, path);
      const s = samplingStepOf(p, ctx.spec, d, path);
      const states = run(g, s, step);
      const at = (t: number): Gaussian => {
        const k = Math.max(0, Math.min(s.steps, Math.round(t / s.gamma)));
        const st = states[k];
        const v = st.map((x) => x.v);
        if (!v.every((x) => Number.isFinite(x) && x < 1e300)) {
          throw new InputError(
            joinPath(path, "gamma"),
            `the recursion diverges (γκ ≥ 2 on some axis; γ = ${s.gamma})`,
          );
        }
        const same = v.every((x) => x === v[0]);
        return new Gaussian(
          st.map((x) => x.mu),
          same ? v[0] : v.map((x, a) => v.map((_, b) => (a === b ? x : 0))),
          g.mass,
        );
      };
      return withFacts(
        kind,
        {
          dim: d,
          mass: g.mass,
          density: (t, x) => at(t).density(x),
          densityAt: (t) => {
            const gt = at(t);
            return (x) => gt.density(x);
          },
          cellAverages: (gr: Grid, t: number) => at(t).cellAverages(gr),
        },
        {
          mean: (t) => [...at(t).mean],
          cov: (t) => at(t).cov.map((r) => [...r]),
          mass: () => g.mass,
        },
      );
    },
  };
}

/** Forward–backward: μ′ = m + c(μ − m), v′ = ½(c²v + 2γν + √(c⁴v² + 4γν c²v)), c = 1 − γκ. */
export const fbRecursionExact = recursionEntry(
  "fb-recursion",
  "the Gaussian recursion of forward–backward (Wasserstein proximal gradient) at the run's γ: " +
    "v′ = ½(c²v + 2γ + √(c⁴v² + 4γc²v)), c = 1 − γ/σ²; stationary σ² (docs/sampling.md)",
  fbGaussianStep,
);

/** ULA (and its grid twin): μ′ = m + c(μ − m), v′ = c²v + 2γν. */
export const ulaRecursionExact = recursionEntry(
  "ula-recursion",
  "the Gaussian recursion of ULA (and of ula-grid) at the run's γ: v′ = c²v + 2γ, " +
    "c = 1 − γ/σ²; stationary σ²/(1 − γ/(2σ²)) (docs/sampling.md)",
  ulaGaussianStep,
);

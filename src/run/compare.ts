import { join } from "node:path";
import { InputError, SolverError } from "../errors.js";
import { writeJsonAtomic } from "../io/atomicWrite.js";
import { l1Error } from "../metrics/errors.js";
import { SinkhornDivergenceMetric } from "../ot/divergence.js";
import { sameGrid } from "../problem/gridRemap.js";
import type { ProblemSpecInput } from "../problem/spec.js";
import { writeRunReport } from "../report/runReport.js";
import { resolveOptions } from "./options.js";
import { failedSummary } from "./summary.js";
import { runScenario, type RunOutcome, type RunRequest } from "./runScenario.js";
import type { Problem, Scenario, ScenarioOptions } from "./scenario.js";
import { applySets, parseSet } from "./setOverrides.js";
import { isSpecScenario, specScenario, withoutChecks, type SpecScenario } from "./specScenario.js";

/**
 * Comparisons: a spec's `compare` runs (src/problem/spec.ts) — the same problem by other
 * schemes, parameters or samplers — run after the base run and shown in its report.
 *
 * Each compared run is the base spec as the base run ran it (options and --set applied,
 * defaults filled in), without `compare`, with the run's `set` overrides applied in order.
 * Its `checks.l1` is dropped unless the run sets `checks` itself: the L1 threshold was
 * stated for the base problem. It runs into <out>/<name>.compare/<label>/ (a full run
 * folder with its own report) and, when its grid is the base run's grid, records two more
 * observables at each of its output times:
 * - `l1ToBase` = Σ|ρ − ρ_base(t)|·|cell|, where ρ_base(t) is the base run's density at an
 *   output time equal to t within 1e-9·t_end (null at times the base run has no output:
 *   runs with a fixed step, such as JKO or samplers, snap their output times to multiples
 *   of it, so choose t_end and snapshots that both runs hit);
 * - with `compare.sinkhornEps` ε: `sinkhornToBase` = S_ε(ρ/m, ρ_base/m'), the debiased Sinkhorn
 *   divergence (src/ot/divergence.ts, cost |x − y|²) between the normalised densities, so
 *   that runs that create or destroy mass are compared by shape.
 * The base run is the reference: it needs the base run's densities, which it keeps in memory.
 */

/** One compared run, ready to run. */
export interface ComparedRun {
  label: string;
  title: string;
  scenario: SpecScenario;
}

/** What a comparison ran: the base outcome and one outcome per compared run. */
export interface ComparisonOutcome {
  base: RunOutcome;
  runs: { label: string; title: string; outcome: RunOutcome }[];
  /** <out>/<name>.compare (absent when the spec has no compare runs). */
  dir?: string;
}

/** Name of the observable holding the L1 distance to the base run. */
export const L1_TO_BASE = "l1ToBase";
/** Name of the observable holding the Sinkhorn divergence to the base run. */
export const SINKHORN_TO_BASE = "sinkhornToBase";

/**
 * The compared runs of a spec scenario for the resolved options (none for a scenario
 * without `compare`). Every run's spec is validated now: an override that makes an invalid
 * spec is an InputError naming `compare.runs[i]` and the field.
 */
export function comparedRuns(scenario: Scenario, options: ScenarioOptions): ComparedRun[] {
  if (!isSpecScenario(scenario) || !scenario.spec.compare) return [];
  const base = scenario.specFor(options) as unknown as ProblemSpecInput;
  const { compare, ...rest } = base as ProblemSpecInput & { compare?: unknown };
  void compare;
  return scenario.spec.compare.runs.map((run, i) => {
    const where = `compare.runs[${i}]`;
    const sets = Object.entries(run.set).map(([path, value]) => {
      try {
        return { ...parseSet(`${path}=null`), value, arg: path };
      } catch (err) {
        throw renamed(err, `${where}.set`, path);
      }
    });
    let raw: ProblemSpecInput;
    try {
      raw = applySets(rest, sets);
    } catch (err) {
      throw renamed(err, `${where}.set`, null);
    }
    if (!sets.some((s) => s.path[0] === "checks")) raw = withoutChecks(raw, ["l1"]);
    const title = run.title ?? run.label;
    raw.name = run.label;
    raw.title = `${scenario.title} — ${title}`;
    try {
      return { label: run.label, title, scenario: specScenario(raw, scenario.source) };
    } catch (err) {
      throw renamed(err, where, null);
    }
  });
}

/** An InputError re-addressed to the compare run that caused it. */
function renamed(err: unknown, where: string, path: string | null): unknown {
  if (!(err instanceof InputError)) return err;
  const field = err.field.startsWith("--set ") ? (path ?? err.field.slice(6)) : err.field;
  const msg = err.message.slice(err.field.length + 2);
  return new InputError(`${where} → ${field}`, msg);
}

/**
 * Runs the scenario, then its compared runs (each with `onRun(label)`'s request options,
 * e.g. its own progress display), then rewrites the base report with the comparison. The
 * compared runs are validated before the base run starts. An interrupted run stops the rest.
 */
export async function runWithComparisons(
  scenario: Scenario,
  request: RunRequest,
  onRun: (label: string) => Partial<RunRequest> = () => ({}),
  settings: {
    /**
     * Write each compared run's own report.html (default true). The gallery passes false:
     * the base report already shows every compared run, and the output folder stays small.
     */
    runReports?: boolean;
  } = {},
): Promise<ComparisonOutcome> {
  const options = resolveOptions(scenario, request.overrides);
  const compared = comparedRuns(scenario, options);
  const base = await runScenario(scenario, request);
  if (compared.length === 0) return { base, runs: [] };
  const out = request.out ?? "output";
  const dir = join(out, `${scenario.name}.compare`);
  const runs: ComparisonOutcome["runs"] = [];
  const sinkhornEps = isSpecScenario(scenario) ? scenario.spec.compare?.sinkhornEps : undefined;
  for (const c of compared) {
    if (base.status === "interrupted" || request.signal?.aborted) break;
    const withDistances = referenced(c.scenario, base, sinkhornEps);
    let outcome: RunOutcome;
    try {
      outcome = await runScenario(withDistances, {
        ...request,
        overrides: undefined,
        out: dir,
        assetRoot: out,
        ...(settings.runReports === false ? { report: false } : {}),
        ...onRun(c.label),
      });
    } catch (error) {
      // Bad input only the build finds (a formula, initial data with no mass on the grid):
      // the other runs still go ahead; this one is reported as failed, nothing written.
      if (!(error instanceof InputError)) throw error;
      const options = resolveOptions(c.scenario, undefined);
      const summary = failedSummary({ name: c.label, options }, error, "build");
      outcome = {
        name: c.label,
        status: "failed",
        options,
        outDir: join(dir, c.label),
        summary,
        error,
      };
    }
    runs.push({ label: c.label, title: c.title, outcome });
    if (outcome.status === "interrupted") break;
  }
  writeJsonAtomic(
    join(dir, "comparison.json"),
    {
      base: { name: base.name, status: base.status, dir: base.outDir },
      runs: runs.map((r) => ({
        label: r.label,
        title: r.title,
        status: r.outcome.status,
        dir: r.outcome.outDir,
      })),
    },
    2,
  );
  if (request.report !== false && base.reportPath) {
    try {
      writeRunReport(base.outDir, out, {
        comparisons: runs.map((r) => ({ label: r.label, title: r.title, dir: r.outcome.outDir })),
      });
    } catch (err) {
      base.reportError = err;
    }
  }
  return { base, runs, dir };
}

/**
 * The compared run's scenario with the distance-to-base observables added to its problem
 * (only when both runs are on the same grid and the base run kept its densities).
 */
function referenced(
  scenario: SpecScenario,
  base: RunOutcome,
  sinkhornEps: number | undefined,
): Scenario {
  const snaps = base.result?.snapshots ?? [];
  const tEnd = base.result?.summary.tEnd ?? 1;
  const tol = 1e-9 * Math.max(1, Math.abs(tEnd));
  const at = (t: number): Float64Array | null =>
    snaps.find((s) => Math.abs(s.t - t) <= tol)?.rho ?? null;
  return {
    ...scenario,
    build(options: ScenarioOptions): Problem {
      const problem = scenario.build(options);
      const grid = problem.grid;
      const baseGrid = base.summary.grid;
      if (snaps.length === 0 || !baseGrid || !sameGrid(baseGrid, grid)) return problem;
      const extra: NonNullable<Problem["observables"]> = {
        [L1_TO_BASE]: (rho, t) => {
          const ref = at(t);
          return ref ? l1Error(grid, rho, ref) : NaN;
        },
      };
      if (sinkhornEps !== undefined) {
        const metric = new SinkhornDivergenceMetric(grid, sinkhornEps);
        extra[SINKHORN_TO_BASE] = (rho, t) => {
          const ref = at(t);
          if (!ref) return NaN;
          try {
            return metric.evaluate(
              normalised(rho, grid.cellVolume),
              normalised(ref, grid.cellVolume),
            ).divergence;
          } catch (err) {
            // A diagnostic must not fail the run it watches: a solve that fails (densities
            // with exact zeros over wide regions at a small ε leave rows of the banded kernel
            // with no reachable mass) is recorded as null.
            if (err instanceof SolverError) return NaN;
            throw err;
          }
        };
      }
      return { ...problem, observables: { ...problem.observables, ...extra } };
    },
  };
}

/** ρ / m with m = Σρ_i·|cell|: a probability density on the grid. */
function normalised(rho: Float64Array, cell: number): Float64Array {
  let s = 0;
  for (let i = 0; i < rho.length; i++) s += rho[i];
  const out = new Float64Array(rho.length);
  const m = s * cell;
  if (m > 0) for (let i = 0; i < rho.length; i++) out[i] = rho[i] / m;
  return out;
}

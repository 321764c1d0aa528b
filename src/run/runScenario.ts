import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { InputError } from "../errors.js";
import { writeRunReport } from "../report/runReport.js";
import { writeJsonAtomic } from "../io/atomicWrite.js";
import { commandFor, resolveOptions } from "./options.js";
import type { Problem, Scenario, ScenarioOptions } from "./scenario.js";
import {
  prepareOutDir,
  RunFailedError,
  simulate,
  type ProgressInfo,
  type RunResult,
} from "./simulate.js";
import { failedSummary, type RunSummary } from "./summary.js";

export interface RunRequest {
  /** Options overriding the scenario's defaults (validated, see resolveOptions). */
  overrides?: Partial<ScenarioOptions>;
  /** Output root; the run writes to <out>/<scenario.name>/ (default "output"). */
  out?: string;
  saveDensity?: boolean;
  /** Write report.html (default true). */
  report?: boolean;
  onProgress?: (p: ProgressInfo) => void;
}

export interface RunOutcome {
  name: string;
  status: "ok" | "failed";
  options: ScenarioOptions;
  outDir: string;
  summary: RunSummary;
  /** The simulation result (partial when failed in the run; absent if build failed). */
  result?: RunResult;
  /** The error that failed the run (the original one: InputError, SolverError, …). */
  error?: unknown;
  reportPath?: string;
  /** Set when the run succeeded but writing the report did not. */
  reportError?: unknown;
}

/**
 * Resolves the options, builds the scenario's problem, simulates it into
 * <out>/<name>/ and writes the HTML report. Invalid options throw an InputError before
 * anything is written; any later failure (build, initial density, blow-up, scheme
 * error) is returned as a failed outcome, with summary.json written with status "failed"
 * and the report showing what was recorded up to the failure.
 */
export async function runScenario(
  scenario: Scenario,
  request: RunRequest = {},
): Promise<RunOutcome> {
  const options = resolveOptions(scenario, request.overrides);
  const outRoot = request.out ?? "output";
  const outDir = join(outRoot, scenario.name);
  const command = commandFor(scenario.name, options);
  const meta = {
    name: scenario.name,
    title: scenario.title,
    description: scenario.description,
    options,
    command,
  };
  const outcome = (
    status: "ok" | "failed",
    summary: RunSummary,
    extra: Partial<RunOutcome>,
  ): RunOutcome => ({ name: scenario.name, status, options, outDir, summary, ...extra });

  let problem: Problem;
  const b0 = performance.now();
  try {
    problem = scenario.build(options);
  } catch (error) {
    // Bad input found while building (a spec value only the grid can check, a formula that
    // is not real somewhere): nothing is written, the CLI answers with exit code 2.
    if (error instanceof InputError) throw error;
    const summary = failedSummary(meta, error, "build");
    prepareOutDir(outDir);
    writeJsonAtomic(join(outDir, "summary.json"), summary, 2);
    return withReport(outcome("failed", summary, { error }), outRoot, request);
  }
  const buildSeconds = (performance.now() - b0) / 1000;

  let result: RunResult;
  try {
    result = simulate(problem, {
      outDir,
      saveDensity: request.saveDensity ?? false,
      onProgress: request.onProgress,
      meta: { ...meta, buildSeconds },
    });
  } catch (error) {
    if (error instanceof RunFailedError) {
      const out = outcome("failed", error.result.summary, {
        result: error.result,
        error: error.cause ?? error,
      });
      return withReport(out, outRoot, request);
    }
    // Rejected before the run started (invalid ρ0 or output times): nothing else was written.
    const summary = failedSummary(meta, error, "setup");
    prepareOutDir(outDir);
    writeJsonAtomic(join(outDir, "summary.json"), summary, 2);
    return withReport(outcome("failed", summary, { error }), outRoot, request);
  }
  return withReport(outcome("ok", result.summary, { result }), outRoot, request);
}

function withReport(o: RunOutcome, outRoot: string, request: RunRequest): RunOutcome {
  if (request.report === false) return o;
  try {
    o.reportPath = writeRunReport(o.outDir, outRoot);
  } catch (err) {
    o.reportError = err;
  }
  return o;
}

import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { InputError } from "../errors.js";
import { writeRunReport } from "../report/runReport.js";
import { writeJsonAtomic } from "../io/atomicWrite.js";
import { buildProblem } from "../problem/build.js";
import "../problem/catalog.js";
import { validateSpec } from "../problem/spec.js";
import { readCheckpoint } from "./checkpoint.js";
import { commandFor, resolveOptions } from "./options.js";
import { RunFolder } from "./runFolder.js";
import type { Problem, Scenario, ScenarioOptions } from "./scenario.js";
import { processInterrupt } from "./signals.js";
import {
  RunFailedError,
  RunInterruptedError,
  simulateAsync,
  type ProgressInfo,
  type ResumeState,
  type RunMeta,
  type RunResult,
  type SimulateOptions,
} from "./simulate.js";
import { isSpecScenario } from "./specScenario.js";
import { failedSummary, readJson, type RunSummary, type RunTrace } from "./summary.js";

export interface RunRequest {
  /** Options overriding the scenario's defaults (validated, see resolveOptions). */
  overrides?: Partial<ScenarioOptions>;
  /** Output root; the run's result goes to <out>/<scenario.name>/ (default "output"). */
  out?: string;
  saveDensity?: boolean;
  /** Write report.html (default true). */
  report?: boolean;
  onProgress?: (p: ProgressInfo) => void;
  /**
   * Let a failed or interrupted run replace an ok result in <out>/<name>/ (default false:
   * the ok result stays and the new run goes to <out>/<name>.failed/ or .interrupted/).
   */
  force?: boolean;
  /**
   * Stops the run at the next step boundary (status "interrupted"). Default: the process's
   * SIGINT/SIGTERM/SIGHUP when the CLI entry installed them (src/run/signals.ts).
   */
  signal?: AbortSignal;
  /** Receives warnings (a stale lock taken over, an ok result kept, …); default: stderr. */
  onWarning?: (message: string) => void;
  /**
   * Where the report's shared plotly bundle lives (<assetRoot>/assets/plotly.js; default the
   * output root). Compared runs, one folder deeper, share the base run's.
   */
  assetRoot?: string;
}

export type RunOutcomeStatus = "ok" | "failed" | "interrupted";

export interface RunOutcome {
  name: string;
  status: RunOutcomeStatus;
  options: ScenarioOptions;
  /** The folder holding this run's files (<out>/<name>/, or .failed / .interrupted beside it). */
  outDir: string;
  summary: RunSummary;
  /** The simulation result (partial when failed in the run; absent if build failed). */
  result?: RunResult;
  /** The error that failed the run (the original one: InputError, SolverError, …). */
  error?: unknown;
  reportPath?: string;
  /** Set when the run succeeded but writing the report did not. */
  reportError?: unknown;
  /** The ok result left in place because this run did not succeed (see RunRequest.force). */
  keptOk?: string;
}

/**
 * Resolves the options, builds the scenario's problem, simulates it and writes the HTML
 * report — all into a staging folder that replaces <out>/<name>/ only when the run ends,
 * under the lock <out>/<name>.lock (src/run/runFolder.ts; docs/outputs.md). Invalid options,
 * a bad output root and a folder locked by a live run throw an InputError before anything
 * is written; any later failure (build, initial density, blow-up, scheme error) is returned
 * as a failed outcome, with summary.json written with status "failed" and the report
 * showing what was recorded up to the failure. An interrupted run (request.signal, or the
 * process's SIGINT/SIGTERM) is returned with status "interrupted", its snapshots and
 * checkpoint kept (`measureflow resume` continues it). A failed or interrupted run never
 * replaces an ok result unless request.force.
 */
export async function runScenario(
  scenario: Scenario,
  request: RunRequest = {},
): Promise<RunOutcome> {
  const options = resolveOptions(scenario, request.overrides);
  const outRoot = request.out ?? "output";
  const command = commandFor(scenario.name, options);
  const meta: RunMeta = {
    name: scenario.name,
    title: scenario.title,
    description: scenario.description,
    options,
    command,
    source: isSpecScenario(scenario) ? resolve(scenario.source) : null,
  };
  return execute({
    name: scenario.name,
    outRoot,
    options,
    meta,
    request,
    lockCommand: command,
    build: () => scenario.build(options),
    simulateOptions: { saveDensity: request.saveDensity ?? false },
  });
}

/** What `resumeRun` accepts besides the run folder. */
export type ResumeRequest = Pick<
  RunRequest,
  "report" | "onProgress" | "force" | "signal" | "onWarning"
>;

/**
 * Continues an unfinished run — status "interrupted", or "failed" by a step limit
 * (errorKind "RunLimitError") — from its checkpoint to its final time, with the spec
 * recorded in its summary.json, as a new run of the same name into the same output root
 * (the parent of `runDir`): the result goes where `runScenario` would put it. The explicit
 * finite-volume schemes continue bit for bit as the uninterrupted run; see
 * src/run/checkpoint.ts for what a checkpoint does not hold. Folders that cannot be resumed
 * are InputErrors naming the folder and why.
 */
export async function resumeRun(runDir: string, request: ResumeRequest = {}): Promise<RunOutcome> {
  const summaryPath = join(runDir, "summary.json");
  if (!existsSync(summaryPath)) {
    throw new InputError(runDir, "not a run folder (it has no summary.json)");
  }
  const summary = readRunJson<RunSummary>(summaryPath);
  resumable(runDir, summary);
  const { meta: cp, rho } = readCheckpoint(runDir);
  const trace = readRunJson<RunTrace>(join(runDir, "trace.json"));
  if (cp.outputs > trace.outputs.length || cp.outputs > summary.snapshots.length) {
    throw new InputError(
      join(runDir, "checkpoint.json"),
      `counts ${cp.outputs} output times but trace.json and summary.json record fewer`,
    );
  }
  const snapshots = summary.snapshots.slice(0, cp.outputs);
  for (const ref of snapshots) {
    if (!existsSync(join(runDir, ref.file))) {
      throw new InputError(join(runDir, ref.file), "missing (listed in summary.json)");
    }
  }
  const name = summary.name;
  const options = (summary.options ?? {}) as ScenarioOptions;
  const source = cp.source;
  const resume: ResumeState = {
    t: cp.t,
    step: cp.step,
    rho,
    outputs: trace.outputs.slice(0, cp.outputs),
    snapshots,
    series: trace.series,
    summary,
  };
  return execute({
    name,
    outRoot: dirname(runDir),
    options,
    meta: {
      name,
      title: summary.title,
      description: summary.description,
      options,
      command: summary.command ?? undefined,
      source,
    },
    request,
    lockCommand: `measureflow resume ${runDir}`,
    build: () => rebuild(runDir, summary, source, cp.cells),
    prepare: (staging) => {
      for (const ref of snapshots) {
        mkdirSync(dirname(join(staging, ref.file)), { recursive: true });
        copyFileSync(join(runDir, ref.file), join(staging, ref.file));
      }
    },
    simulateOptions: { saveDensity: cp.saveDensity, resume },
  });
}

/** Refuses run folders that cannot be continued, saying why. */
function resumable(runDir: string, s: RunSummary): void {
  if (s.status === "interrupted") return;
  if (s.status === "failed" && s.errorKind === "RunLimitError") return;
  const why =
    s.status === "ok"
      ? "the run is complete (status ok): nothing to resume"
      : s.status === "running"
        ? "the run is still in progress (status running), or its process was killed: the next run or resume into the same output folder marks a killed run interrupted"
        : `the run failed (${s.error ?? s.errorKind ?? "unknown error"}): continuing would repeat the failure; run it again with other options`;
  throw new InputError(runDir, why);
}

/** The problem of a run, rebuilt from the spec its summary.json records. */
function rebuild(runDir: string, s: RunSummary, source: string | null, cells: number): Problem {
  let spec;
  try {
    spec = validateSpec(s.spec as Parameters<typeof validateSpec>[0]);
  } catch (err) {
    throw new InputError(
      runDir,
      `cannot be resumed: its summary.json spec is not a problem spec (runs of hand-built scenarios cannot be resumed): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const folder = source ? dirname(source) : runDir;
  const problem = buildProblem(spec, {
    readText: (p) => readFileSync(isAbsolute(p) ? p : resolve(folder, p), "utf8"),
  });
  const same =
    problem.grid.size === cells &&
    problem.outputTimes.length === s.outputTimes.length &&
    problem.outputTimes.every((t, i) => t === s.outputTimes[i]);
  if (!same) {
    throw new InputError(
      runDir,
      "cannot be resumed: its spec now builds a different grid or different output times (the code changed since the run)",
    );
  }
  return problem;
}

function readRunJson<T>(path: string): T {
  try {
    return readJson<T>(path);
  } catch (err) {
    throw new InputError(path, `unreadable: ${err instanceof Error ? err.message : String(err)}`);
  }
}

interface Execution {
  name: string;
  outRoot: string;
  options: ScenarioOptions;
  meta: RunMeta;
  request: RunRequest;
  /** Recorded in the lock file. */
  lockCommand: string;
  build: () => Problem;
  /** Fills the staging folder before the run (resume: the snapshots so far). */
  prepare?: (staging: string) => void;
  simulateOptions: Pick<SimulateOptions, "saveDensity" | "resume">;
}

/** Locks the run folder, runs into a staging folder, writes the report and puts it in place. */
async function execute(x: Execution): Promise<RunOutcome> {
  const { name, outRoot, options, meta, request } = x;
  const warn = request.onWarning ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  const signal = request.signal ?? processInterrupt();
  const outcome = (
    status: RunOutcomeStatus,
    summary: RunSummary,
    outDir: string,
    extra: Partial<RunOutcome>,
  ): RunOutcome => ({ name, status, options, outDir, summary, ...extra });
  const failedMeta = { ...meta, name, options };

  if (signal?.aborted) {
    // Interrupted before it started (e.g. the next scenario of a gallery): nothing written.
    const summary: RunSummary = {
      ...failedSummary(failedMeta, null, "start"),
      status: "interrupted",
      error: `${name}: interrupted before it started`,
      errorKind: "RunInterruptedError",
    };
    return outcome("interrupted", summary, join(outRoot, name), {});
  }
  const folder = RunFolder.open(outRoot, name, { command: x.lockCommand, onWarning: warn });
  let staging: string | null = null;
  let ended = false;
  try {
    let problem: Problem;
    const b0 = performance.now();
    try {
      problem = x.build();
    } catch (error) {
      // Bad input found while building (a spec value only the grid can check, a formula
      // that is not real somewhere): nothing is written, the CLI answers with exit code 2.
      if (error instanceof InputError) throw error;
      const summary = failedSummary(failedMeta, error, "build");
      staging = folder.createStaging();
      writeJsonAtomic(join(staging, "summary.json"), summary, 2);
      ended = true;
      return finish(folder, staging, outcome("failed", summary, staging, { error }), x);
    }
    const buildSeconds = (performance.now() - b0) / 1000;
    staging = folder.createStaging();
    x.prepare?.(staging);
    let o: RunOutcome;
    try {
      const result = await simulateAsync(problem, {
        ...x.simulateOptions,
        outDir: staging,
        onProgress: request.onProgress,
        meta: { ...meta, buildSeconds },
        signal,
      });
      o = outcome("ok", result.summary, staging, { result });
    } catch (error) {
      if (error instanceof RunFailedError) {
        const status = error instanceof RunInterruptedError ? "interrupted" : "failed";
        o = outcome(status, error.result.summary, staging, {
          result: error.result,
          error: error.cause ?? error,
        });
      } else {
        // Rejected before the run started (invalid ρ0 or output times).
        const summary = failedSummary(failedMeta, error, "setup");
        rmSync(staging, { recursive: true, force: true });
        mkdirSync(staging);
        writeJsonAtomic(join(staging, "summary.json"), summary, 2);
        o = outcome("failed", summary, staging, { error });
      }
    }
    ended = true;
    return finish(folder, staging, o, x);
  } catch (err) {
    // A run that ended keeps its staging folder even if it could not be put in place: the
    // next run into the folder recovers it (runFolder.ts).
    if (staging !== null && !ended) rmSync(staging, { recursive: true, force: true });
    throw err;
  } finally {
    folder.release();
  }
}

/** Writes the report into the staging folder, puts the folder in place, says where. */
function finish(folder: RunFolder, staging: string, o: RunOutcome, x: Execution): RunOutcome {
  const { request, outRoot } = x;
  const warn = request.onWarning ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  if (request.report !== false) {
    try {
      writeRunReport(staging, request.assetRoot ?? outRoot);
    } catch (err) {
      o.reportError = err;
    }
  }
  const placed = folder.place(staging, o.summary.status, request.force ?? false);
  o.outDir = placed.dir;
  if (request.report !== false && o.reportError === undefined) {
    o.reportPath = join(placed.dir, "report.html");
  }
  if (placed.keptOk !== null) {
    o.keptOk = placed.keptOk;
    warn(
      `the ok result in ${placed.keptOk} was kept; this ${o.status} run is in ${placed.dir} (--force replaces the ok result)`,
    );
  }
  if (o.status === "interrupted" && existsSync(join(placed.dir, "checkpoint.json"))) {
    warn(
      `${basename(placed.dir)} stopped early; \`measureflow resume ${placed.dir}\` continues it`,
    );
  }
  return o;
}

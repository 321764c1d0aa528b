import { InputError, SolverError } from "../../errors.js";
import { checksSummary } from "../../report/checks.js";
import type { CliIO } from "../commands/io.js";
import { loadTarget } from "../commands/target.js";
import { runWithComparisons } from "../compare.js";
import { memoryBudget } from "../memoryBudget.js";
import { preflight } from "../preflight.js";
import { parseSet } from "../setOverrides.js";

/**
 * One point of a sweep, run as `measureflow run` runs it:
 *
 *   measureflow run <target> --set <fixed>… --set <point>… --out <sweep>/points/<label> --force
 *
 * — the same steps as src/run/commands/run.ts: the target loaded with the `--set` overrides
 * applied to its raw spec (loadTarget), the memory and options checked (preflight), the run
 * and its compared runs (runWithComparisons → runScenario → simulateAsync), so that a point
 * gives bit for bit the files of that command. Two differences, neither touching the
 * computation: the reports load the plotly bundle from the sweep folder (one copy for all
 * points instead of one per point), and what `run` prints is returned instead.
 *
 * `--force`: a point runs only when its folder holds no ok result of the same spec (see
 * state.ts), so whatever it leaves — ok, failed or interrupted — is the point's latest state.
 *
 * The task is plain data (it crosses to a worker thread); `signal` stops the run at its next
 * step boundary (status "interrupted").
 */
export interface PointTask {
  /** A spec file (absolute path) or a scenario name. */
  target: string;
  /** Folder of the scenarios (undefined: the repository's). */
  scenariosDir?: string;
  /** Every `--set` argument, the sweep's fixed ones first, then the point's. */
  sets: string[];
  /** The output root of the point: <sweep>/points/<label>. */
  out: string;
  /** Where the reports find assets/plotly.js: the sweep folder. */
  assetRoot: string;
  saveDensity: boolean;
  /** `--max-memory` in GiB (undefined: the default budget). */
  maxMemoryGiB?: number;
}

/** What a point's run ended with. */
export interface PointResult {
  status: "ok" | "failed" | "interrupted";
  /** The exit code `measureflow run` would give (0 ok, 1 failed or a check missed, 2 bad input). */
  exitCode: number;
  /** The folder holding the point's run (null when bad input stopped it before anything was written). */
  dir: string | null;
  /** Why it failed (an error message, or the checks it missed). */
  error: string | null;
  warnings: string[];
  /** Wall time of the whole point (load, build, run, report), seconds. */
  seconds: number;
}

/** A stream that keeps nothing (the runs' progress is the sweep's, on the main thread). */
const SINK = { write: (): boolean => true, isTTY: false };

/** Runs one point (in a worker thread or in the sweep's own thread). */
export async function runPoint(task: PointTask, signal?: AbortSignal): Promise<PointResult> {
  const t0 = performance.now();
  const warnings: string[] = [];
  const io: CliIO = {
    stdout: SINK,
    stderr: SINK,
    progressMinSeconds: Infinity,
    ...(task.scenariosDir !== undefined ? { scenariosDir: task.scenariosDir } : {}),
  };
  const done = (r: Omit<PointResult, "warnings" | "seconds">): PointResult => ({
    ...r,
    warnings,
    seconds: (performance.now() - t0) / 1000,
  });
  try {
    const scenario = await loadTarget(task.target, io, task.sets.map(parseSet));
    const runnable = preflight(scenario, {}, memoryBudget(task.maxMemoryGiB), (m) =>
      warnings.push(m),
    );
    const { base, runs } = await runWithComparisons(runnable, {
      overrides: {},
      out: task.out,
      saveDensity: task.saveDensity,
      force: true,
      assetRoot: task.assetRoot,
      onWarning: (m) => warnings.push(m),
      ...(signal ? { signal } : {}),
    });
    if (base.status === "failed" && base.error instanceof InputError && !base.result) {
      return done({ status: "failed", exitCode: 2, dir: null, error: base.error.message });
    }
    const all = [base, ...runs.map((r) => r.outcome)];
    const interrupted = all.some((o) => o.status === "interrupted");
    const failed = all.find((o) => o.status === "failed");
    const missed = all.flatMap((o) =>
      o.status === "ok" && (o.summary.checks ?? []).some((c) => !c.pass)
        ? [`${o.name}: ${checksSummary(o.summary.checks!)}`]
        : [],
    );
    for (const o of all) if (o.reportError) warnings.push(`report: ${String(o.reportError)}`);
    if (interrupted) {
      return done({ status: "interrupted", exitCode: 1, dir: base.outDir, error: null });
    }
    if (failed) {
      const code = failed.error instanceof InputError ? 2 : 1;
      const error = failed.summary.error ?? "run failed";
      return done({ status: "failed", exitCode: code, dir: base.outDir, error });
    }
    return done({
      status: "ok",
      exitCode: missed.length > 0 ? 1 : 0,
      dir: base.outDir,
      error: missed.length > 0 ? missed.join("; ") : null,
    });
  } catch (err) {
    // Bad input (exit code 2) or an internal error: the point failed, the sweep goes on.
    const input = err instanceof InputError;
    const message =
      input || err instanceof SolverError
        ? err.message
        : `internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
    return done({ status: "failed", exitCode: input ? 2 : 1, dir: null, error: message });
  }
}

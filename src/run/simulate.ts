import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { writeJsonAtomic } from "../io/atomicWrite.js";
import { provenance } from "../io/runFiles.js";
import { removeCheckpoint, writeCheckpoint } from "./checkpoint.js";
import type { Grid } from "../grid/grid.js";
import { runSteps, type RunOptions, type RunResult, type RunSink } from "./runLoop.js";
import type { Problem } from "./scenario.js";
import { snapshotViews } from "./snapshotViews.js";

/**
 * `simulate`: the run loop (src/run/runLoop.ts, which needs no Node module) with the run's
 * files. With an `outDir`, summary.json, trace.json and the snapshot views are written
 * there atomically as each output time is reached, so an interrupted or failed run leaves
 * valid files with its status; a checkpoint is kept until the run completes.
 */

export {
  RunFailedError,
  RunInterruptedError,
  RunLimitError,
  runProblem,
  runSteps,
  type CheckpointState,
  type ProgressInfo,
  type Provenance,
  type ResumeState,
  type RunMeta,
  type RunOptions,
  type RunResult,
  type RunSink,
  type RunState,
  type Snapshot,
} from "./runLoop.js";

export interface SimulateOptions extends RunOptions {
  /**
   * Run folder (e.g. output/heat-1d). When given, summary.json, trace.json and the snapshot
   * views are written there atomically as each output time is reached, so an interrupted
   * or failed run leaves valid files with its status.
   */
  outDir?: string;
  /** Also write the final density at full precision to outDir/density.json. */
  saveDensity?: boolean;
  /**
   * With outDir: write the full-precision checkpoint (src/run/checkpoint.ts) at every output
   * time and where a run stops early (interrupted or step limit), and remove it when the run
   * completes, so `measureflow resume` can continue an unfinished run (default true).
   */
  checkpoint?: boolean;
}

/**
 * Runs a problem from t = 0 to the last output time (see runProblem in src/run/runLoop.ts
 * for the loop, the records and the errors), writing the run's files into `outDir` when
 * given. The summary records the package version and git commit (provenance()).
 */
export function simulate(problem: Problem, options: SimulateOptions = {}): RunResult {
  const steps = runSteps(problem, withFiles(problem, options));
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `simulate`, yielding to the event loop every `options.yieldInterval` seconds of stepping
 * (0.05 by default) so that signal handlers and timers run between steps: what lets
 * SIGINT/SIGTERM stop a run at a step boundary (src/run/signals.ts).
 */
export async function simulateAsync(
  problem: Problem,
  options: SimulateOptions = {},
): Promise<RunResult> {
  const steps = runSteps(problem, withFiles(problem, options));
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The loop's options with the provenance and, with an outDir, the file sink. */
function withFiles(problem: Problem, options: SimulateOptions): RunOptions {
  const { outDir, saveDensity, checkpoint, ...rest } = options;
  const run: RunOptions = { ...rest, provenance: provenance() }; // git lookups, before timing
  if (outDir === undefined) return run;
  const meta = { ...options.meta, name: options.meta?.name ?? basename(outDir) };
  return {
    ...run,
    meta,
    sink: fileSink(problem.grid, outDir, saveDensity ?? false, checkpoint ?? true),
  };
}

/** Writes a run's records into its folder (docs/outputs.md). */
function fileSink(
  grid: Grid,
  outDir: string,
  saveDensity: boolean,
  checkpointOn: boolean,
): RunSink {
  return {
    location: ` in ${outDir}`,
    start: () => prepareOutDir(outDir),
    snapshot(index, t, step, rho, exact) {
      const file = `snapshots/snap-${String(index).padStart(3, "0")}.json`;
      writeJsonAtomic(join(outDir, file), snapshotViews(grid, index, t, step, rho, exact));
      return file;
    },
    records(trace, summary) {
      writeJsonAtomic(join(outDir, "trace.json"), trace);
      writeJsonAtomic(join(outDir, "summary.json"), summary(), 2);
    },
    checkpoint(state, rho) {
      if (checkpointOn) writeCheckpoint(outDir, { ...state, saveDensity }, rho);
    },
    density(record) {
      if (!saveDensity) return null;
      writeJsonAtomic(join(outDir, "density.json"), record());
      return "density.json";
    },
    complete: () => removeCheckpoint(outDir),
  };
}

/**
 * Creates the run folder and removes the files a previous run left there (only the names
 * a run writes: snapshots/snap-NNN.json, trace.json, density.json, report.html, the
 * checkpoint). The run layer gives every run a fresh staging folder (src/run/runFolder.ts);
 * this matters for callers of simulate that reuse a folder.
 */
export function prepareOutDir(outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  removeCheckpoint(outDir);
  const snapDir = join(outDir, "snapshots");
  try {
    for (const f of readdirSync(snapDir)) {
      if (/^snap-\d+\.json$/.test(f)) rmSync(join(snapDir, f), { force: true });
    }
  } catch {
    /* no previous snapshots */
  }
  for (const f of ["density.json", "report.html", "trace.json"]) {
    rmSync(join(outDir, f), { force: true });
  }
}

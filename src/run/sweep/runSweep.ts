import { isAbsolute, join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { InputError } from "../../errors.js";
import { writeFileAtomic, writeJsonAtomic } from "../../io/atomicWrite.js";
import { fmtSeconds } from "../../report/html.js";
import { ensurePlotlyAsset } from "../../report/plotlyAsset.js";
import {
  renderSweepPage,
  SWEEP_FORMAT,
  type SweepPointRecord,
  type SweepRecord,
} from "../../report/sweepPage.js";
import type { CliIO } from "../commands/io.js";
import { loadTarget } from "../commands/target.js";
import { memoryBudget } from "../memoryBudget.js";
import { resolveOptions } from "../options.js";
import { preflight } from "../preflight.js";
import { RunFolder } from "../runFolder.js";
import { parseSet, type SetOverride } from "../setOverrides.js";
import { processInterrupt } from "../signals.js";
import { isSpecScenario } from "../specScenario.js";
import { planPoints, type SweepPoint } from "./plan.js";
import { runPoint, type PointResult, type PointTask } from "./point.js";
import { SweepPool } from "./pool.js";
import { canonicalJson, inspectPoint, type PointState } from "./state.js";
import { pointRecord, summaryText, sweepOrders } from "./summary.js";
import { parseVariations, type Variation } from "./variations.js";
import type { WorkerResult } from "./worker.js";

/**
 * `measureflow sweep`: the product of the variations, each point an independent
 * `measureflow run` (point.ts) into <out>/<name>.sweep/points/<label>/<name>/, on a pool of
 * worker threads (pool.ts), then the summary.
 *
 * 1. Plan: the variations (variations.ts) and their product (plan.ts); every point's spec is
 *    validated and its memory estimated before anything runs, so a bad value is an InputError
 *    (exit code 2) naming the point, and nothing is written.
 * 2. Lock the sweep folder (<out>/<name>.sweep.lock, as a run folder is locked: a second
 *    sweep into it is refused while the first one's process lives).
 * 3. Inspect every point's folder (state.ts): points finished with the same spec are kept
 *    untouched; the others run, `jobs` at a time — on worker threads (started as soon as the
 *    target loads) when `jobs` > 1, else one after another in this thread. Each point's end
 *    is a line on stderr (points done / to run, ETA) and rewrites sweep.json (atomically), so
 *    a sweep killed at any moment leaves the status of every point as it last knew it; the
 *    folders say the rest.
 * 4. SIGINT/SIGTERM/SIGHUP (or `request.signal`): the running points stop at their next step
 *    boundary (status "interrupted", resumable), points not started stay as they were, and
 *    the summary is written with status "interrupted". Re-running the same command resumes.
 * 5. Summary (summary.ts): sweep.json, summary.txt (also printed) and report.html.
 *
 * Modes: `summary` writes the summary of the points as their folders are, running nothing (for
 * points run elsewhere: a cluster, docs/scaling.md); `commands` prints the `measureflow run`
 * command of every point, one per line, and writes nothing.
 */
export interface SweepRequest {
  /** Spec file or scenario name, as typed. */
  target: string;
  /** Fixed `--set` arguments. */
  sets: string[];
  /** `--vary` arguments. */
  vary: string[];
  jobs: number;
  /** Output root (the sweep folder is <out>/<name>.sweep). */
  out: string;
  saveDensity: boolean;
  maxMemoryGiB?: number;
  mode: "run" | "summary" | "commands";
  /** The command line, recorded in sweep.json. */
  command: string;
  /** Stops the sweep (default: the process's SIGINT/SIGTERM/SIGHUP, src/run/signals.ts). */
  signal?: AbortSignal;
  /** Called after each point that ran (tests). */
  onPoint?: (label: string, result: PointResult) => void;
}

/** A point with what it runs. */
interface Planned extends SweepPoint {
  /** Output root of its runs: <sweep>/points/<label>. */
  root: string;
  /** Its run's name (the folder under root). */
  name: string;
  /** canonicalJson of its validated spec. */
  spec: string;
  /** The `measureflow run` command of the point alone. */
  command: string;
}

/** A shell word: as is when plain, else single-quoted. */
export function shellWord(s: string): string {
  return /^[\w.,=+\-/:@%]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** The spec file as the worker threads load it (absolute); scenario names stay names. */
function targetPath(target: string): string {
  const path = /[/\\]/.test(target) || /\.(json|ts|mts|js|mjs)$/.test(target);
  return path && !isAbsolute(target) ? resolve(target) : target;
}

/** Plans the sweep and validates every point (nothing is written). */
async function plan(
  req: SweepRequest,
  io: CliIO,
  /** Called once the target loads, before the points are validated one by one. */
  onTarget: () => void,
): Promise<{
  name: string;
  title: string;
  variations: Variation[];
  points: Planned[];
  /** The warnings printed (the points' runs give them again). */
  warned: Set<string>;
}> {
  const variations = parseVariations(req.vary);
  if (variations.length === 0) {
    throw new InputError(
      "--vary",
      "a sweep needs at least one --vary path=v1,v2,… (e.g. --vary grid.n=64,128,256); for a single run use measureflow run",
    );
  }
  const fixed: SetOverride[] = req.sets.map(parseSet);
  for (const v of variations) {
    const f = fixed.find((s) => JSON.stringify(s.path) === JSON.stringify(v.path));
    if (f) {
      throw new InputError(
        `--vary ${v.arg}`,
        `varies ${v.pathText}, which --set ${f.arg} fixes: give one of them`,
      );
    }
  }
  // Loaded here as typed (messages name it so); the worker threads get its absolute path.
  const base = await loadTarget(req.target, io, fixed);
  if (!isSpecScenario(base)) {
    throw new InputError(
      "sweep",
      `scenario ${base.name} is a TypeScript scenario without a problem spec; a sweep varies fields of a spec: give a spec file or a spec scenario (see measureflow list)`,
    );
  }
  onTarget();
  const sweepDir = join(req.out, `${base.name}.sweep`);
  const budget = memoryBudget(req.maxMemoryGiB);
  const warnings = new Map<string, string[]>();
  const points: Planned[] = [];
  for (const p of planPoints(variations, base.spec.grid.n.length)) {
    let name: string;
    let spec: string;
    try {
      const s = await loadTarget(req.target, io, [...fixed, ...p.sets.map(parseSet)]);
      preflight(s, {}, budget, (m) => warnings.set(m, [...(warnings.get(m) ?? []), p.label]));
      if (!isSpecScenario(s)) throw new InputError("sweep", "not a spec scenario");
      name = s.name;
      spec = canonicalJson(s.specFor(resolveOptions(s, {})));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      throw new InputError(`sweep point ${p.label}`, `(${p.sets.join(", ")}) ${err.message}`);
    }
    const root = join(sweepDir, "points", p.label);
    const words = [
      "measureflow",
      "run",
      req.target,
      ...[...req.sets, ...p.sets].flatMap((s) => ["--set", s]),
      "--out",
      root,
      ...(req.saveDensity ? ["--save-density"] : []),
      ...(req.maxMemoryGiB !== undefined ? ["--max-memory", String(req.maxMemoryGiB)] : []),
    ];
    points.push({ ...p, root, name, spec, command: words.map(shellWord).join(" ") });
  }
  for (const [m, labels] of warnings) {
    const which = labels.length === points.length ? "every point" : labels.join(", ");
    io.stderr.write(`warning: ${which}: ${m}\n`);
  }
  return {
    name: base.name,
    title: base.title,
    variations,
    points,
    warned: new Set(warnings.keys()),
  };
}

/** Runs (or summarises, or lists) a sweep; returns the exit code. */
export async function runSweep(req: SweepRequest, io: CliIO): Promise<number> {
  const t0 = performance.now();
  // The worker threads start as soon as the target loads: they load their modules while this
  // thread validates the points, takes the lock and inspects the folders.
  const threads: { pool: SweepPool | null } = { pool: null };
  try {
    const { name, title, variations, points, warned } = await plan(req, io, () => {
      // This thread runs points too (it has its modules loaded): jobs − 1 worker threads.
      if (req.mode === "run" && req.jobs > 1) threads.pool = new SweepPool(req.jobs - 1);
    });
    if (req.mode === "commands") {
      for (const p of points) io.stdout.write(`${p.command}\n`);
      return 0;
    }
    const sweepDir = join(req.out, `${name}.sweep`);
    const lock = RunFolder.open(req.out, `${name}.sweep`, {
      command: req.command,
      onWarning: (m) => io.stderr.write(`warning: ${m}\n`),
    });
    try {
      const ctx = { name, title, variations, points, warned, sweepDir, t0 };
      return await execute(req, io, ctx, threads.pool);
    } finally {
      lock.release();
    }
  } finally {
    await threads.pool?.destroy();
  }
}

interface Context {
  name: string;
  title: string;
  variations: Variation[];
  points: Planned[];
  warned: Set<string>;
  sweepDir: string;
  t0: number;
}

/** Runs the points not finished (on `pool`, or in this thread without one), then the summary. */
async function execute(
  req: SweepRequest,
  io: CliIO,
  c: Context,
  pool: SweepPool | null,
): Promise<number> {
  const { points, sweepDir } = c;
  const signal = req.signal ?? processInterrupt();
  const startedAt = new Date().toISOString();
  const asset = ensurePlotlyAsset(sweepDir);
  const recordOf = (
    p: Planned,
    state: PointState,
    extra: { reused: boolean; error: string | null },
  ): SweepPointRecord =>
    pointRecord(
      {
        label: p.label,
        texts: p.texts,
        sets: p.sets,
        dir: relative(sweepDir, join(p.root, p.name)).split("\\").join("/"),
        command: p.command,
      },
      state,
      extra,
    );
  const inspect = (p: Planned): PointState => inspectPoint(p.root, p.name, p.spec);
  const states = points.map(inspect);
  const records = points.map((p, i) =>
    recordOf(p, states[i], { reused: states[i].status === "ok", error: null }),
  );
  const toRun = req.mode === "run" ? points.filter((_, i) => states[i].status !== "ok") : [];
  // Points at once: the pool's threads and this one, at most the points to run.
  const jobs = pool === null ? 1 : Math.max(1, Math.min(pool.jobs + 1, toRun.length));

  const sweepRecord = (status: SweepRecord["status"]): SweepRecord => ({
    format: SWEEP_FORMAT,
    name: c.name,
    title: c.title,
    target: req.target,
    command: req.command,
    status,
    startedAt,
    updatedAt: new Date().toISOString(),
    jobs,
    seconds: (performance.now() - c.t0) / 1000,
    set: req.sets,
    vary: c.variations.map((v) => ({ path: v.pathText, values: v.texts })),
    points: records,
    orders: sweepOrders(c.variations, records),
  });
  const writeRecord = (status: SweepRecord["status"]): SweepRecord => {
    const r = sweepRecord(status);
    writeJsonAtomic(join(sweepDir, "sweep.json"), r, 2);
    return r;
  };

  if (req.mode === "run") {
    const kept = points.length - toRun.length;
    io.stderr.write(
      `sweep ${c.name}: ${points.length} points${kept > 0 ? ` (${kept} finished earlier, kept)` : ""}, ${toRun.length} to run${toRun.length > 0 ? ` on ${jobs > 1 ? `${jobs} threads (this one and ${jobs - 1} worker${jobs > 2 ? "s" : ""})` : "this thread"}` : ""}\n`,
    );
  }
  writeRecord(req.mode === "run" && toRun.length > 0 ? "running" : "complete");

  // Run the points that are not finished.
  let done = 0;
  let pointSeconds = 0;
  const tRun = performance.now();
  const taskOf = (p: Planned): PointTask => ({
    target: targetPath(req.target),
    ...(io.scenariosDir !== undefined ? { scenariosDir: io.scenariosDir } : {}),
    sets: [...req.sets, ...p.sets],
    out: p.root,
    assetRoot: sweepDir,
    saveDensity: req.saveDensity,
    ...(req.maxMemoryGiB !== undefined ? { maxMemoryGiB: req.maxMemoryGiB } : {}),
  });
  const started = (p: Planned): void => {
    records[p.index] = { ...records[p.index], status: "running", reused: false, error: null };
    writeRecord("running");
  };
  const finished = (p: Planned, r: WorkerResult): void => {
    if (r.status === "pending") return;
    done++;
    const state = inspect(p);
    const stale =
      state.status === "stale"
        ? "it ran another spec than the sweep planned: was the spec file edited meanwhile? It runs again next time"
        : null;
    const rec = recordOf(p, state, { reused: false, error: r.error ?? stale });
    // Bad input found only by the build writes no folder: say so all the same.
    records[p.index] = r.status === "failed" && r.dir === null ? { ...rec, status: "failed" } : rec;
    for (const w of r.warnings) {
      // Said at plan time; or the advice to `measureflow resume` an interrupted point, where
      // re-running the sweep is the way (said at the end).
      if (c.warned.has(w) || /stopped early; `measureflow resume/.test(w)) continue;
      io.stderr.write(`warning: ${p.label}: ${w}\n`);
    }
    // ETA: the points left at the mean time of a point so far, `jobs` at a time.
    pointSeconds += r.seconds;
    const elapsed = (performance.now() - tRun) / 1000;
    const left = toRun.length - done;
    const eta =
      left > 0 && !signal?.aborted
        ? ` · ETA ${fmtSeconds(((pointSeconds / done) * left) / jobs)}`
        : "";
    io.stderr.write(
      `sweep ${c.name} [${done}/${toRun.length}] ${p.label}: ${records[p.index].status} in ${fmtSeconds(r.seconds)}${records[p.index].error ? ` (${records[p.index].error})` : ""} · ${fmtSeconds(elapsed)} elapsed${eta}\n`,
    );
    writeRecord("running");
    req.onPoint?.(p.label, r);
  };
  if (pool !== null) {
    await runOnPool(pool, toRun, jobs, signal, { taskOf, started, finished });
  } else {
    for (const p of toRun) {
      if (signal?.aborted) break;
      started(p);
      finished(p, await runPoint(taskOf(p), signal));
    }
  }

  for (const p of toRun) {
    // Points the stop kept from starting: as their folders are.
    if (records[p.index].status === "running") {
      records[p.index] = recordOf(p, inspect(p), { reused: false, error: null });
    }
  }
  const allOk = records.every((r) => r.status === "ok");
  // Complete: every point ended ok or failed (a failed point runs again next time, but
  // nothing was cut short).
  const ended = records.every((r) => r.status === "ok" || r.status === "failed");
  const status: SweepRecord["status"] =
    req.mode === "summary"
      ? allOk
        ? "complete"
        : "incomplete"
      : ended
        ? "complete"
        : "interrupted";
  const record = writeRecord(status);
  const text = summaryText(record);
  writeFileAtomic(join(sweepDir, "summary.txt"), text);
  const pagePath = join(sweepDir, "report.html");
  writeFileAtomic(
    pagePath,
    renderSweepPage(record, relative(sweepDir, asset).split("\\").join("/")),
  );
  io.stdout.write(text);
  io.stdout.write(`  sweep:   ${join(sweepDir, "sweep.json")}\n  report:  ${pagePath}\n`);
  if (status === "interrupted") {
    io.stderr.write(
      `sweep ${c.name} interrupted: run the same command again to finish it (finished points are kept)\n`,
    );
  }
  // Exit code 1 also for a point that ended ok but missed one of the spec's checks (as `run`).
  return allOk && records.every((r) => r.error === null) ? 0 : 1;
}

/**
 * Runs the points `lanes` at a time until done or stopped: lane 0 in this thread (its modules
 * are loaded, so it starts at once; simulateAsync yields every 50 ms, so the other lanes'
 * results are taken promptly), the others on the pool's worker threads.
 */
async function runOnPool(
  pool: SweepPool,
  queue: readonly Planned[],
  lanes: number,
  signal: AbortSignal | undefined,
  hooks: {
    taskOf: (p: Planned) => PointTask;
    started: (p: Planned) => void;
    finished: (p: Planned, r: WorkerResult) => void;
  },
): Promise<void> {
  const stop = (): void => pool.stop();
  signal?.addEventListener("abort", stop);
  try {
    let next = 0;
    // `jobs` lanes, each taking the next point when its last one ends.
    const lane = async (_: unknown, index: number): Promise<void> => {
      while (next < queue.length && !signal?.aborted) {
        const p = queue[next++];
        hooks.started(p);
        let r: WorkerResult;
        try {
          r =
            index === 0 ? await runPoint(hooks.taskOf(p), signal) : await pool.run(hooks.taskOf(p));
        } catch (err) {
          // The worker thread died (out of memory, a crash): the point failed, the sweep goes on.
          const msg = err instanceof Error ? err.message : String(err);
          r = {
            status: "failed",
            exitCode: 1,
            dir: null,
            error: `worker thread: ${msg}`,
            warnings: [],
            seconds: 0,
          };
        }
        hooks.finished(p, r);
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    signal?.removeEventListener("abort", stop);
  }
}

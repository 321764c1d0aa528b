import { InputError, SolverError } from "../errors.js";
import { checkDensity, mass } from "../grid/density.js";
import { errorNorms } from "../metrics/errors.js";
import {
  DENSITY_FORMAT,
  DENSITY_ORDER,
  SUMMARY_FORMAT,
  type DensityFile,
  type OutputRecord,
  type RunMetrics,
  type ResumeRecord,
  type RunStatus,
  type RunSummary,
  type RunTimings,
  type RunTrace,
  type SnapshotRef,
  type TraceSeries,
} from "../io/runFormats.js";
import { evaluateChecks, type ChecksInput } from "./checks.js";
import { computeMetrics } from "./runMetrics.js";
import type { Problem, ScenarioOptions } from "./scenario.js";

/**
 * The run loop: steps a Problem through its output times and records what summary.json,
 * trace.json and the snapshots hold. It needs no Node module (no file system, no process),
 * so the same loop runs the CLI (src/run/simulate.ts adds the files, the checkpoint and the
 * provenance) and the browser playground (src/web/, which posts the records to the page).
 * Where the records go is a {@link RunSink}.
 */

/** What a progress callback receives (throttled, see RunOptions.progressInterval). */
export interface ProgressInfo {
  t: number;
  tEnd: number;
  step: number;
  /** Last step size. */
  dt: number;
  /** t / tEnd. */
  fraction: number;
  elapsedSeconds: number;
  /** True on the last call of a run (completed or failed). */
  done: boolean;
}

/** Descriptive fields copied into summary.json (the runner fills them from the scenario). */
export interface RunMeta {
  name?: string;
  title?: string;
  description?: string;
  options?: ScenarioOptions;
  command?: string;
  buildSeconds?: number;
  /** The spec file the problem came from (recorded in the checkpoint for `measureflow resume`). */
  source?: string | null;
}

/**
 * Where a resumed run starts: a checkpoint's state (src/run/checkpoint.ts) and the records
 * of the run so far (trace.json, summary.json). The clock, the step count and the series are
 * restored and the loop continues towards outputTimes[outputs.length], so the steps that
 * follow are those the uninterrupted run would have taken from this state.
 */
export interface ResumeState {
  t: number;
  step: number;
  rho: Float64Array;
  /** Output records and snapshot files of the run so far (as many as the checkpoint counts). */
  outputs: OutputRecord[];
  snapshots: SnapshotRef[];
  /** The per-step series so far (points up to `step`). */
  series: TraceSeries;
  /** From summary.json: creation time, timings and earlier resumes are carried over. */
  summary: Pick<RunSummary, "createdAt" | "timings" | "resumed">;
}

export interface RunOptions {
  /** Called at most every `progressInterval` seconds, at each output time and at the end. */
  onProgress?: (p: ProgressInfo) => void;
  /** Seconds between progress calls (default 0.1). */
  progressInterval?: number;
  meta?: RunMeta;
  /** Most points kept in the per-step series before decimation (default 1024, min 16; the reports plot at most 400). */
  traceCap?: number;
  /**
   * Largest fraction of the stepping time the per-step energy/mass/health checks may cost
   * (default 0.05). When they cost more, the recording stride doubles (earlier points are
   * kept). Infinity records every step until the cap.
   */
  traceBudget?: number;
  /** Abort with a SolverError after this many steps (default: no limit). */
  maxSteps?: number;
  /** Keep every snapshot's density in memory (default true); false keeps only the last. */
  keepSnapshots?: boolean;
  /**
   * Once aborted, the run stops at the next step boundary with status "interrupted", every
   * snapshot so far kept and a checkpoint of the state where it stopped handed to the
   * sink; the run then throws a RunInterruptedError. The run layer passes the process's
   * SIGINT/SIGTERM here (src/run/signals.ts), the playground its Stop button. A signal can
   * only be noticed between steps when the event loop runs: drive {@link runSteps}, which
   * yields every `yieldInterval` (simulateAsync does in Node).
   */
  signal?: AbortSignal;
  /** Continue from a saved state instead of starting from problem.rho0 at t = 0. */
  resume?: ResumeState;
  /** runSteps: seconds of stepping between yields to the caller (default 0.05). */
  yieldInterval?: number;
  /** Where the records go as the run proceeds (default: nowhere; the result holds them). */
  sink?: RunSink;
  /** Recorded in the summary (default: version "unknown", no git commit). */
  provenance?: Provenance;
}

/** The provenance fields of summary.json. */
export type Provenance = Pick<RunSummary, "version" | "gitCommit" | "gitDirty" | "node">;

/** What a checkpoint records besides the density (src/run/checkpoint.ts). */
export interface CheckpointState {
  name: string;
  t: number;
  step: number;
  /** Output times recorded so far. */
  outputs: number;
  source: string | null;
}

/**
 * Where a run's records go while it runs: files (src/run/simulate.ts) or messages to a page
 * (src/web/). Every method is optional; the loop calls them in this order:
 * `start` (a fresh run, not a resumed one), then `records` once before the first step; at
 * each output time `snapshot`, `records`, `checkpoint`; where a run stops early and can be
 * continued (interrupted, step limit) `checkpoint`; when it completes, `density` then
 * `records` then `complete`; when it fails or stops, `records` (with that status).
 */
export interface RunSink {
  /** Said in error messages: where the records are (" in output/heat-1d"), or "". */
  readonly location?: string;
  /** A fresh run starts. */
  start?(): void;
  /** The state at an output time; returns the snapshot's file name for the summary ("" if none). */
  snapshot?(
    index: number,
    t: number,
    step: number,
    rho: Float64Array,
    exact: Float64Array | null,
  ): string;
  /** The records so far (the summary is built on demand: it costs a few allocations). */
  records?(trace: RunTrace, summary: () => RunSummary): void;
  /** A state the run can be continued from (at a step boundary). */
  checkpoint?(state: CheckpointState, rho: Float64Array): void;
  /** A completed run's final density; returns its file name for the summary, or null. */
  density?(record: () => DensityFile): string | null;
  /** The run completed and its final records are written. */
  complete?(): void;
}

/** The state between two steps, as {@link runSteps} yields it (ρ is read-only, live). */
export interface RunState {
  t: number;
  step: number;
  tEnd: number;
  rho: Float64Array;
}

export interface Snapshot {
  t: number;
  step: number;
  rho: Float64Array;
}

export interface RunResult {
  status: RunStatus;
  error?: string;
  /**
   * Densities at the output times reached (or only the last one, see keepSnapshots); for a
   * resumed run, those reached after the resume (the earlier ones are files on disk).
   */
  snapshots: Snapshot[];
  outputs: OutputRecord[];
  series: TraceSeries;
  steps: number;
  /** Time reached. */
  t: number;
  /** Density at time t (a copy owned by the caller). */
  rho: Float64Array;
  metrics: RunMetrics;
  timings: RunTimings;
  summary: RunSummary;
}

/**
 * Thrown by the run loop (`simulate`, `runProblem`) when a run fails after it started
 * (non-finite density, negative mass, a scheme error, …). `result` holds everything recorded
 * up to the failure; when the sink writes files (simulate's outDir), they are already in
 * their final "failed" state.
 */
export class RunFailedError extends SolverError {
  constructor(
    message: string,
    readonly result: RunResult,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = "RunFailedError";
  }
}

/**
 * A step limit (RunOptions.maxSteps) stopped the run. The state is valid, so the run is
 * resumable (summary.json errorKind "RunLimitError").
 */
export class RunLimitError extends SolverError {
  constructor(message: string) {
    super(message);
    this.name = "RunLimitError";
  }
}

/**
 * Thrown by the run loop when RunOptions.signal stopped the run: `result.status` is
 * "interrupted", the snapshots so far are kept and the sink's checkpoint (simulate's outDir)
 * holds the state where the run stopped.
 */
export class RunInterruptedError extends RunFailedError {
  constructor(message: string, result: RunResult, cause?: unknown) {
    super(message, result, cause);
    this.name = "RunInterruptedError";
  }
}

/** Raised inside the loop when the abort signal is seen (becomes a RunInterruptedError). */
class Interrupt extends Error {
  constructor(reason: unknown) {
    super(
      `interrupted by ${typeof reason === "string" ? reason : reason instanceof Error ? reason.message : "an abort signal"}`,
    );
    this.name = "RunInterruptedError";
  }
}

const UNKNOWN_PROVENANCE: Provenance = {
  version: "unknown",
  gitCommit: null,
  gitDirty: null,
  node: "unknown",
};

/** Relative slack when deciding that a step took the whole dtMax. */
const HIT_RTOL = 1e-12;
/**
 * A step ending within SNAP_RTOL·t_next of the output time t_next counts as reaching it
 * (the gap is accumulated rounding of t += dt), so no sliver step of ~1e-17 follows.
 */
const SNAP_RTOL = 1e-10;

/**
 * Runs a problem from t = 0 to the last output time.
 *
 * The loop asks the scheme for a step of at most dtMax = t_next − t, where t_next is the
 * next output time, so every output time is reached exactly (the clock is set to t_next
 * when the scheme takes the whole dtMax, or ends within 1e-10·t_next of it). At each output time it records F(ρ), the mass,
 * min ρ, the observables and, if the problem has an exact solution, the L1, L∞ and relative
 * L2 errors against its cell averages, and stores a snapshot. Energy, mass and min ρ are
 * also recorded per step while that costs less than `traceBudget` (5 %) of the stepping
 * time, else every 2nd, 4th, … step, and decimated once `traceCap` points are stored (see
 * TraceSeries), so these checks stay cheap and the series bounded. The energy-monotonicity
 * flag is checked on the recorded points (and the output times) only.
 *
 * Blow-up detection: a non-finite value or a negative mass at any recorded point stops the
 * run with a RunFailedError (a SolverError) whose message gives the time, step and cause.
 * Snapshots recorded before the failure are kept, in memory and on disk.
 *
 * Interruption: once `options.signal` is aborted the run stops at the next step boundary
 * (status "interrupted", RunInterruptedError); a step limit stops it with a RunLimitError.
 * Both hand the sink a checkpoint of the state (the CLI's `measureflow resume` continues
 * from it, `options.resume`).
 *
 * Throws InputError (before anything is written) for an invalid ρ0 or output times.
 * In Node, src/run/simulate.ts runs this loop with the run's files.
 */
export function runProblem(problem: Problem, options: RunOptions = {}): RunResult {
  const steps = runSteps(problem, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The run as a generator: it yields the state every `options.yieldInterval` seconds of
 * stepping (0.05 by default), so that the caller can let its event loop run (signals, a
 * Stop button, live plots) between steps, and returns the result ({@link runProblem}).
 */
export function* runSteps(
  problem: Problem,
  options: RunOptions = {},
): Generator<RunState, RunResult, undefined> {
  const prov = options.provenance ?? UNKNOWN_PROVENANCE;
  const sink: RunSink = options.sink ?? {};
  const wallStart = performance.now();
  const { grid, energy, scheme, exact, observables = {} } = problem;
  const resume = options.resume;
  const rho = Float64Array.from(resume?.rho ?? problem.rho0);
  checkDensity(grid, rho, resume ? "checkpoint density" : "rho0");
  const outputTimes = validateOutputTimes(problem.outputTimes);
  const tEnd = outputTimes[outputTimes.length - 1];
  if (resume) checkResumeState(resume, outputTimes);
  const signal = options.signal;
  const yieldMs = (options.yieldInterval ?? 0.05) * 1000;
  const prior = resume?.summary.timings ?? null;
  const resumed: ResumeRecord[] = resume?.summary.resumed?.slice() ?? [];
  const cap = Math.max(16, Math.floor(options.traceCap ?? 1024));
  const budget = options.traceBudget ?? 0.05;
  const maxSteps = options.maxSteps ?? Infinity;
  const keepSnapshots = options.keepSnapshots ?? true;
  const progressInterval = (options.progressInterval ?? 0.1) * 1000;
  const onProgress = options.onProgress;
  const meta = options.meta ?? {};
  const name = meta.name ?? "run";
  const observableNames = Object.keys(observables);
  const cellVolume = grid.cellVolume;
  /** Shell measures of a radial grid (mass Σρ_iV_i), null on Cartesian grids. */
  const measures = grid.cellMeasures;

  const series: TraceSeries = resume
    ? cloneSeries(resume.series, resume.step)
    : { cap, stride: 1, step: [], t: [], dt: [], energy: [], mass: [], minDensity: [] };
  const outputs: OutputRecord[] = resume?.outputs.slice() ?? [];
  const snapshots: Snapshot[] = [];
  const snapshotRefs: SnapshotRef[] = resume?.snapshots.slice() ?? [];
  let t = resume?.t ?? 0;
  let step = resume?.step ?? 0;
  let dt = 0;
  let steppingMs = 0;
  let traceMs = 0;
  let outputMs = 0;
  let status: RunStatus = "running";
  let errorMessage: string | undefined;
  let errorKind: string | undefined;
  let densityFile: string | null = null;
  const createdAt = resume?.summary.createdAt ?? new Date().toISOString();
  if (resume) {
    resumed.push({ t, step, outputs: outputs.length, at: new Date().toISOString() });
  }

  /** One pass over ρ: mass, min, and the first non-finite cell (or −1). */
  const health = { mass: 0, min: 0, bad: -1 };
  const checkHealth = (): void => {
    let s = 0;
    let mn = Infinity;
    for (let i = 0; i < rho.length; i++) {
      const v = rho[i];
      s += v;
      if (v < mn) mn = v;
    }
    health.bad = -1;
    if (!Number.isFinite(s)) {
      for (let i = 0; i < rho.length; i++) {
        if (!Number.isFinite(rho[i])) {
          health.bad = i;
          break;
        }
      }
    }
    health.mass = measures ? grid.integrate(rho) : s * cellVolume;
    health.min = mn;
    if (health.bad >= 0) {
      throw new SolverError(
        `density became non-finite: cell ${health.bad} = ${rho[health.bad]} (last dt = ${fmt(dt)})`,
      );
    }
    if (health.mass < 0) {
      throw new SolverError(`mass became negative (${health.mass.toExponential(3)})`);
    }
  };

  const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

  // Cost control of the per-step records: time spent recording vs stepping since the
  // stride last changed, over at least 8 records.
  let windowRecords = 0;
  let windowTrackMs = 0;
  let windowStepMs0 = 0;
  const resetWindow = (): void => {
    windowRecords = 0;
    windowTrackMs = 0;
    windowStepMs0 = steppingMs;
  };
  const recordSeries = (final = false): void => {
    const r0 = performance.now();
    checkHealth();
    series.step.push(step);
    series.t.push(t);
    series.dt.push(dt);
    series.energy.push(finiteOrNull(energy.value(rho)));
    series.mass.push(health.mass);
    series.minDensity.push(health.min);
    const took = performance.now() - r0;
    windowTrackMs += took;
    traceMs += took;
    windowRecords++;
    if (final) return;
    if (series.step.length >= cap) {
      decimate(series);
      resetWindow();
    } else if (windowRecords >= 8 && windowTrackMs > budget * (steppingMs - windowStepMs0)) {
      series.stride *= 2; // record less often from now on; keep the points already taken
      resetWindow();
    }
  };

  // A resumed run's timings include those of the run it continues.
  const timings = (): RunTimings => {
    const steppingSeconds = steppingMs / 1000 + (prior?.steppingSeconds ?? 0);
    return {
      ...(meta.buildSeconds !== undefined ? { buildSeconds: meta.buildSeconds } : {}),
      simulateSeconds: (performance.now() - wallStart) / 1000 + (prior?.simulateSeconds ?? 0),
      steppingSeconds,
      traceSeconds: traceMs / 1000 + (prior?.traceSeconds ?? 0),
      outputSeconds: outputMs / 1000 + (prior?.outputSeconds ?? 0),
      cellUpdatesPerSecond: steppingSeconds > 0 ? (step * grid.size) / steppingSeconds : null,
    };
  };

  const summaryMetrics = (): Pick<RunSummary, "metrics" | "checks"> => {
    const metrics =
      series.step.length || outputs.length
        ? computeMetrics(series, outputs, problem.conservesMass ?? true)
        : null;
    if (status !== "ok" || metrics === null) return { metrics };
    return { metrics, checks: evaluateChecks(problem.spec.checks as ChecksInput, metrics) };
  };
  const summary = (): RunSummary => ({
    format: SUMMARY_FORMAT,
    name,
    title: meta.title ?? name,
    description: meta.description ?? "",
    status,
    ...(errorMessage !== undefined ? { error: errorMessage, errorKind } : {}),
    options: meta.options ?? null,
    spec: problem.spec,
    grid: { ...grid.toSpec(), dim: grid.dim, cells: grid.size },
    energy: energy.name,
    scheme: scheme.name,
    outputTimes,
    tEnd,
    t,
    steps: step,
    snapshots: snapshotRefs.slice(),
    ...summaryMetrics(),
    timings: timings(),
    ...(scheme.stats ? { schemeStats: finiteStats(scheme.stats()) } : {}),
    command: meta.command ?? null,
    ...prov,
    createdAt,
    ...(resumed.length > 0 ? { resumed } : {}),
    files: {
      trace: "trace.json",
      ...(densityFile !== null && status === "ok" ? { density: densityFile } : {}),
    },
  });

  const flush = (): void => {
    if (!sink.records) return;
    const trace: RunTrace = { name, series, outputs };
    sink.records(trace, summary);
  };

  const recordOutput = (): void => {
    const o0 = performance.now();
    checkHealth();
    const e = energy.value(rho);
    const rec: OutputRecord = {
      t,
      step,
      energy: finiteOrNull(e),
      mass: health.mass,
      minDensity: health.min,
      observables: {},
    };
    let ex: Float64Array | null = null;
    if (exact) {
      ex = exact(t);
      grid.checkLength("exact(t)", ex);
      const norms = errorNorms(grid, rho, ex);
      Object.assign(rec, { l1: norms.l1, linf: norms.linf, relL2: norms.l2rel });
    }
    for (const key of observableNames)
      rec.observables[key] = finiteOrNull(observables[key](rho, t));
    outputs.push(rec);
    const snap = { t, step, rho: Float64Array.from(rho) };
    if (keepSnapshots) snapshots.push(snap);
    else snapshots[0] = snap;
    const index = snapshotRefs.length;
    const file = sink.snapshot?.(index, t, step, rho, ex) ?? "";
    snapshotRefs.push({ index, t, step, file });
    flush();
    saveCheckpoint();
    outputMs += performance.now() - o0;
  };

  const saveCheckpoint = (): void => {
    sink.checkpoint?.({ name, t, step, outputs: outputs.length, source: meta.source ?? null }, rho);
  };

  let lastProgress = performance.now();
  const progress = (done: boolean): void => {
    if (!onProgress) return;
    lastProgress = performance.now();
    onProgress({
      t,
      tEnd,
      step,
      dt,
      fraction: tEnd > 0 ? t / tEnd : 1,
      elapsedSeconds: (lastProgress - wallStart) / 1000,
      done,
    });
  };

  if (!resume) sink.start?.();
  flush();

  let failure: unknown = null;
  let lastYield = performance.now();
  try {
    let k = 0;
    if (resume) k = outputs.length;
    else {
      recordSeries();
      if (outputTimes[0] === 0) {
        recordOutput();
        k = 1;
      }
    }
    for (; k < outputTimes.length; k++) {
      const tNext = outputTimes[k];
      while (t < tNext) {
        if (signal?.aborted) throw new Interrupt(signal.reason);
        const dtMax = tNext - t;
        const s0 = performance.now();
        dt = scheme.step(rho, dtMax);
        const s1 = performance.now();
        steppingMs += s1 - s0;
        if (!(dt > 0) || dt > dtMax * (1 + HIT_RTOL)) {
          throw new SolverError(
            `scheme ${scheme.name} returned dt = ${dt} for dtMax = ${dtMax} (must be in (0, dtMax])`,
          );
        }
        step++;
        if (dt >= dtMax * (1 - HIT_RTOL) || tNext - (t + dt) <= SNAP_RTOL * tNext) t = tNext;
        else {
          const tn = t + dt;
          if (tn === t) {
            throw new SolverError(`time step underflow: dt = ${dt} no longer advances t`);
          }
          t = tn;
        }
        if (step % series.stride === 0) recordSeries();
        if (step >= maxSteps && t < tEnd) {
          throw new RunLimitError(
            `stopped after maxSteps = ${maxSteps} steps before tEnd = ${fmt(tEnd)} (last dt = ${fmt(dt)})`,
          );
        }
        if (onProgress && s1 - lastProgress > progressInterval) progress(false);
        if (s1 - lastYield > yieldMs) {
          yield { t, step, tEnd, rho };
          lastYield = performance.now();
        }
      }
      recordOutput();
      if (onProgress) progress(false);
    }
    if (series.step[series.step.length - 1] !== step) recordSeries(true);
    status = "ok";
  } catch (err) {
    failure = err;
    status = err instanceof Interrupt ? "interrupted" : "failed";
    errorKind = err instanceof Error ? err.name : "Error";
    const msg = err instanceof Error ? err.message : String(err);
    errorMessage = `${name}: ${msg} (at t = ${fmt(t)} after ${step} steps)`;
    // The state is valid at a step boundary: keep it for `measureflow resume`.
    if (err instanceof Interrupt || err instanceof RunLimitError) saveCheckpoint();
  }

  if (status === "ok" && sink.density) {
    densityFile = sink.density(() => ({
      format: DENSITY_FORMAT,
      name,
      grid: {
        lo: [...grid.lo],
        hi: [...grid.hi],
        n: [...grid.n],
        boundary: [...grid.boundary],
        ...(grid.radial ? { radial: { dim: grid.radial.dim } } : {}),
      },
      order: DENSITY_ORDER,
      t,
      mass: mass(grid, rho),
      massInitial: mass(grid, problem.rho0),
      scheme: scheme.name,
      energy: energy.name,
      steps: step,
      wallSeconds: (performance.now() - wallStart) / 1000,
      spec: problem.spec,
      version: prov.version,
      gitCommit: prov.gitCommit,
      createdAt,
      density: Array.from(rho),
    }));
  }
  flush();
  if (status === "ok") sink.complete?.();
  progress(true);

  const final = summary();
  const result: RunResult = {
    status,
    ...(errorMessage !== undefined ? { error: errorMessage } : {}),
    snapshots,
    outputs,
    series,
    steps: step,
    t,
    rho: Float64Array.from(rho),
    metrics: final.metrics ?? computeMetrics(series, outputs, problem.conservesMass ?? true),
    timings: final.timings!,
    summary: final,
  };
  if (failure !== null) {
    const kept = snapshotRefs.length
      ? `; ${snapshotRefs.length} snapshot(s) up to t = ${fmt(snapshotRefs[snapshotRefs.length - 1].t)} kept`
      : "";
    const where = sink.location ?? "";
    if (failure instanceof Interrupt) {
      throw new RunInterruptedError(`${errorMessage}${kept}${where}`, result, failure);
    }
    throw new RunFailedError(`${errorMessage}${kept}${where}`, result, failure);
  }
  return result;
}

/** A copy of a series with the points after `step` dropped (recorded after a checkpoint). */
function cloneSeries(s: TraceSeries, step: number): TraceSeries {
  const n = s.step.findIndex((v) => v > step);
  const end = n < 0 ? s.step.length : n;
  return {
    cap: s.cap,
    stride: s.stride,
    step: s.step.slice(0, end),
    t: s.t.slice(0, end),
    dt: s.dt.slice(0, end),
    energy: s.energy.slice(0, end),
    mass: s.mass.slice(0, end),
    minDensity: s.minDensity.slice(0, end),
  };
}

/** A resume state lies between the output times it says it has recorded and the next one. */
function checkResumeState(r: ResumeState, outputTimes: number[]): void {
  const k = r.outputs.length;
  const bad = (why: string): never => {
    throw new InputError("checkpoint", why);
  };
  if (r.snapshots.length !== k) {
    bad(`has ${k} output records but ${r.snapshots.length} snapshots`);
  }
  if (k >= outputTimes.length) bad("the run already reached its last output time");
  if (!(Number.isFinite(r.t) && r.t < outputTimes[k] && (k === 0 || r.t >= outputTimes[k - 1]))) {
    bad(
      `t = ${r.t} does not lie between output times ${k === 0 ? "0" : outputTimes[k - 1]} and ${outputTimes[k]}`,
    );
  }
  if (!(Number.isInteger(r.step) && r.step >= 0))
    bad(`step must be an integer >= 0, got ${r.step}`);
}

/** Keeps every second series point (those at multiples of twice the stride). */
function decimate(s: TraceSeries): void {
  const stride = s.stride * 2;
  let w = 0;
  for (let r = 0; r < s.step.length; r++) {
    if (s.step[r] % stride !== 0) continue;
    s.step[w] = s.step[r];
    s.t[w] = s.t[r];
    s.dt[w] = s.dt[r];
    s.energy[w] = s.energy[r];
    s.mass[w] = s.mass[r];
    s.minDensity[w] = s.minDensity[r];
    w++;
  }
  for (const arr of [s.step, s.t, s.dt, s.energy, s.mass, s.minDensity]) arr.length = w;
  s.stride = stride;
}

function validateOutputTimes(times: number[]): number[] {
  if (!Array.isArray(times) || times.length === 0) {
    throw new InputError("outputTimes", "must be a non-empty ascending list of times >= 0");
  }
  for (let i = 0; i < times.length; i++) {
    const v = times[i];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new InputError("outputTimes", `entry ${i} must be a finite time >= 0, got ${v}`);
    }
    if (i > 0 && !(v > times[i - 1])) {
      throw new InputError(
        "outputTimes",
        `must be strictly ascending, but entry ${i} (${v}) <= entry ${i - 1} (${times[i - 1]})`,
      );
    }
  }
  return times.slice();
}

function fmt(t: number): string {
  return Number.isFinite(t) ? String(Number(t.toPrecision(6))) : String(t);
}

/** Scheme statistics for JSON: non-finite values (no proposal yet, …) become null. */
function finiteStats(stats: Record<string, number>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(stats)) out[k] = Number.isFinite(v) ? v : null;
  return out;
}

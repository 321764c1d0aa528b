import type { GridSpec } from "../grid/grid.js";

/*
 * The shapes and format tags of the files a run writes, with no Node dependency (the browser
 * build and the run loop read them); reading files and the provenance of a run are in
 * runFiles.ts, which re-exports everything here.
 */

/** The run options recorded in summary.json (the CLI's resolved options; see src/run/options.ts). */
export interface RunOptionsRecord {
  scheme?: string;
  tEnd?: number;
  n?: number;
}

/**
 * The files a run leaves in its folder output/<name>/ and their JSON shapes
 * (documented for users in docs/outputs.md):
 *
 * - summary.json — {@link RunSummary}: status, resolved spec, metrics, timings, provenance;
 * - trace.json — {@link RunTrace}: per-step series (decimated) and one record per output time;
 * - snapshots/snap-NNN.json — {@link SnapshotFile}: plot-ready views of ρ at each output time;
 * - density.json (on request) — {@link DensityFile}: the final density, full precision;
 * - checkpoint.json + checkpoint-NNNNNN.f64 (runs not finished) — the full-precision state
 *   `measureflow resume` continues from (src/run/checkpoint.ts);
 * - report.html — the plotly report (written by src/report from the files above).
 */

/** Version tag of the summary format; bump when a field changes meaning. */
export const SUMMARY_FORMAT = "measureflow-summary/1";

/**
 * "running" while the run is in progress (a process killed with SIGKILL leaves it so), then
 * "ok", "failed", or "interrupted" (stopped by SIGINT/SIGTERM/SIGHUP at a step boundary, every
 * snapshot so far kept; `measureflow resume` continues it, see docs/outputs.md).
 */
export type RunStatus = "running" | "ok" | "failed" | "interrupted";

/** Diagnostics at one output time. Errors are present only when the problem has an exact solution. */
export interface OutputRecord {
  t: number;
  step: number;
  /** F(ρ) (null if not finite). */
  energy: number | null;
  mass: number;
  minDensity: number;
  /** Σ|ρ − e|·|cell| against the exact cell averages e. */
  l1?: number;
  /** max |ρ − e|. */
  linf?: number;
  /** ‖ρ − e‖₂ / ‖e‖₂ (discrete, cell volumes cancel). */
  relL2?: number;
  observables: Record<string, number | null>;
}

/**
 * Per-step diagnostics, recorded every `stride` steps. The stride starts at 1 and doubles
 * (a) when recording costs more than a set fraction of the stepping time (earlier points
 * are kept) and (b) when `cap` points are stored, in which case only the points at
 * multiples of the new stride are kept. So the series stays below `cap` points spread over
 * the whole run. `dt` is the step that led to the point (0 at step 0).
 */
export interface TraceSeries {
  cap: number;
  stride: number;
  step: number[];
  t: number[];
  dt: number[];
  energy: (number | null)[];
  mass: number[];
  minDensity: number[];
}

/** trace.json */
export interface RunTrace {
  name: string;
  series: TraceSeries;
  outputs: OutputRecord[];
}

/** Headline numbers of a run (all taken from the trace; null when not available). */
export interface RunMetrics {
  /** Errors at the last output time reached (tEnd for a completed run). */
  l1: number | null;
  linf: number | null;
  relL2: number | null;
  /** Largest L1 error over the output times. */
  l1Max: number | null;
  massInitial: number;
  massFinal: number;
  /**
   * max over recorded points of |m(t) − m(0)| / m(0); null for flows that do not conserve
   * mass (Problem.conservesMass = false).
   */
  massDrift: number | null;
  energy: {
    initial: number | null;
    final: number | null;
    /**
     * True if no recorded increase exceeds `tolerance` = 1e-10 · max|F| over the run
     * (a rounding-level allowance for sums over all cells).
     */
    monotone: boolean;
    /** Largest increase F(t_{j+1}) − F(t_j) between consecutive recorded points (≤ 0 if decreasing). */
    maxIncrease: number | null;
    tolerance: number;
    /** Number of recorded energies the check used. */
    points: number;
  };
  /** Smallest cell value seen at any recorded point. */
  minDensity: number;
  /** Observables at the last output time. */
  observables: Record<string, number | null>;
}

export interface RunTimings {
  /** Scenario build (grid, initial density, energy, scheme), when run through the runner. */
  buildSeconds?: number;
  /** Whole simulate() call, including diagnostics and file writes. */
  simulateSeconds: number;
  /** Time inside scheme.step only. */
  steppingSeconds: number;
  /** Per-step records (energy, mass, health check). */
  traceSeconds: number;
  /** Output-time records: diagnostics, exact solution, snapshot views and file writes. */
  outputSeconds: number;
  /** steps · cells / steppingSeconds. */
  cellUpdatesPerSecond: number | null;
}

export interface SnapshotRef {
  index: number;
  t: number;
  step: number;
  file: string;
}

/** One of the spec's checks evaluated on a finished run (src/run/checks.ts). */
export interface CheckResult {
  name: "l1" | "massDrift" | "energyMonotone";
  /** What the run measured (null: not available, which fails the check). */
  value: number | boolean | null;
  /** The spec's threshold (a number: value ≤ threshold; true: the energy must not rise). */
  threshold: number | boolean;
  pass: boolean;
}

/** summary.json */
export interface RunSummary {
  format: string;
  name: string;
  title: string;
  description: string;
  status: RunStatus;
  /** Error message when status is "failed" (or what stopped an "interrupted" run). */
  error?: string;
  /**
   * Class of the error ("SolverError", "InputError", …) when failed; "RunLimitError" when a
   * step limit stopped it (resumable), "RunInterruptedError" when interrupted.
   */
  errorKind?: string;
  /** Resolved scenario options (what the CLI options resolved to). */
  options: RunOptionsRecord | null;
  /** The problem's own resolved parameters (Problem.spec). */
  spec: Record<string, unknown>;
  grid: (GridSpec & { dim: number; cells: number }) | null;
  energy: string | null;
  scheme: string | null;
  outputTimes: number[];
  tEnd: number | null;
  /** Time reached (tEnd when ok). */
  t: number;
  steps: number;
  snapshots: SnapshotRef[];
  metrics: RunMetrics | null;
  /** The spec's checks (thresholds) evaluated at the end of a completed run; [] if none. */
  checks?: CheckResult[];
  timings: RunTimings | null;
  /** Statistics the scheme reports (Scheme.stats: particle count, acceptance rate, …). */
  schemeStats?: Record<string, number | null>;
  /** A CLI command that repeats the run, when known. */
  command: string | null;
  version: string;
  gitCommit: string | null;
  /** True if the working tree had uncommitted changes (null if unknown). */
  gitDirty: boolean | null;
  node: string;
  createdAt: string;
  /** Each time the run was continued by `measureflow resume`: from where, and when. */
  resumed?: ResumeRecord[];
  files: { trace?: string; density?: string; report?: string };
}

/** One `measureflow resume` of a run: the state it continued from. */
export interface ResumeRecord {
  t: number;
  step: number;
  /** Output records (snapshots) the run had when it was continued. */
  outputs: number;
  /** When it was resumed (ISO time). */
  at: string;
}

/** One line (1D cut) through the grid: axis `axis`, other axes fixed at `fixed`. */
export interface LineView {
  axis: number;
  fixed: { axis: number; index: number; x: number }[];
  /** Cell centres along the line (of the coarser points when resampled). */
  x: number[];
  /** Rounded to 10⁻⁷ of the largest |value| of density and exact (src/run/snapshotViews.ts). */
  density: number[];
  exact: number[] | null;
  /** Cells per plotted point: 1 = every cell; n/m when resampled onto m points (may be fractional). */
  bin: number;
}

/**
 * A 2D cut: axes [a, b], values row-major with a slowest (values[i·nb + j] at x_a[i], x_b[j]),
 * resampled conservatively to at most 48 points per side (32 for the planes of a 3D run) and
 * rounded to 10⁻⁴ of the largest value (errors: 10⁻³ of the largest |error|) — plotting
 * precision (src/run/snapshotViews.ts); density.json has full precision.
 */
export interface PlaneView {
  axes: [number, number];
  fixed: { axis: number; index: number; x: number } | null;
  xa: number[];
  xb: number[];
  density: number[];
  /** ρ − exact, same layout (computed in full precision before rounding). */
  error: number[] | null;
  bin: [number, number];
}

/** snapshots/snap-NNN.json */
export interface SnapshotFile {
  index: number;
  t: number;
  step: number;
  dim: number;
  grid: { n: number[]; lo: number[]; hi: number[] };
  /** 1D: the whole density; 2D/3D: lines through the centre cell along each axis. */
  lines: LineView[];
  /** 2D: the whole field; 3D: the three central planes; 1D: none. */
  planes: PlaneView[];
}

/** Version tag of the density-file format; bump when a field changes meaning. */
export const DENSITY_FORMAT = "measureflow-density/1";

/**
 * density.json (written with --save-density): the final density at full precision and
 * what produced it, so that the file is self-describing and can be the initial data of
 * another run (initial kind "file") or an input of `measureflow ot`.
 */
export interface DensityFile {
  format: string;
  /** The run's name. */
  name: string;
  /** `radial`: a radial grid of that space dimension (shell averages, docs/radial.md). */
  grid: { lo: number[]; hi: number[]; n: number[]; boundary: string[]; radial?: { dim: number } };
  order: string;
  /** Time of the density, counted from the start of the run that wrote it. */
  t: number;
  /** Mass ∫ρ of the density. */
  mass: number;
  /** Mass of the run's initial density ρ0. */
  massInitial: number;
  /** The scheme (Scheme.name) and energy (Energy.name) of the run. */
  scheme: string;
  energy: string;
  steps: number;
  /** Wall-clock seconds of simulate() up to the final density. */
  wallSeconds: number;
  /** The problem's resolved spec (Problem.spec; for spec runs the validated problem spec). */
  spec: Record<string, unknown>;
  version: string;
  gitCommit: string | null;
  createdAt: string;
  /** Cell averages in {@link DENSITY_ORDER}, length Π n. */
  density: number[];
}

export const DENSITY_ORDER = "row-major, first axis slowest (index = (i0*n1 + i1)*n2 + i2)";

import type { RunSummary, RunTrace, SnapshotFile } from "../io/runFormats.js";

/**
 * Messages between the playground page and its Web Worker (src/web/worker.ts). The page
 * never runs numerics: it sends the spec as raw JSON, the worker validates it with the same
 * validateSpec as the CLI, builds it with the same buildProblem and steps it with the same
 * run loop (src/run/runLoop.ts), and posts back what the run's files would hold (summary,
 * trace, snapshot views), which the page draws with the reports' plot code
 * (src/report/runPlots.ts). Every message carries the id of the request it answers.
 */

/** An error of the spec: the JSON path at fault ("(spec)" for the whole) and the message. */
export interface SpecProblem {
  path: string;
  message: string;
}

/** Page → worker. */
export type ToWorker =
  /** Validate a spec (raw JSON value); answered by "validated". */
  | { type: "validate"; id: number; spec: unknown }
  /** Validate, build and run a spec; answered by "started", "snapshot"/"progress", "done". */
  | { type: "run"; id: number; spec: unknown }
  /** Stop the run `id` at its next step boundary (it ends with status "interrupted"). */
  | { type: "stop"; id: number };

/** Worker → page. */
export type FromWorker =
  | { type: "ready"; wasm: { band: boolean; bandedRows: boolean } }
  | { type: "validated"; id: number; problem: SpecProblem | null; cells: number | null }
  /** The run could not start: the spec is invalid or does not build. */
  | { type: "invalid"; id: number; problem: SpecProblem }
  | { type: "started"; id: number; dim: number; cells: number; outputTimes: number[] }
  /** An output time was reached: its snapshot view (ρ and the exact solution). */
  | { type: "snapshot"; id: number; view: SnapshotFile }
  /**
   * Live state between output times (a few times a second): the current density as a
   * snapshot view (index −1), the trace so far and the summary so far.
   */
  | {
      type: "progress";
      id: number;
      live: SnapshotFile;
      trace: RunTrace;
      summary: RunSummary;
    }
  /** The run ended: ok, failed or interrupted (the summary says which, and why). */
  | { type: "done"; id: number; summary: RunSummary; trace: RunTrace };

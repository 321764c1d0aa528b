import { InputError } from "../errors.js";
import { buildProblem } from "../problem/build.js";
import "../problem/catalog.js";
import { validateSpec, type ProblemSpec } from "../problem/spec.js";
import type { RunSummary, RunTrace } from "../io/runFormats.js";
import {
  RunFailedError,
  runSteps,
  type Provenance,
  type RunResult,
  type RunSink,
} from "../run/runLoop.js";
import type { Problem } from "../run/scenario.js";
import { snapshotViews } from "../run/snapshotViews.js";
import type { FromWorker, SpecProblem } from "./protocol.js";

/**
 * What the playground's worker does with a spec, apart from the messaging itself (worker.ts):
 * validate it, or validate, build and run it while posting the records. Written against a
 * small host interface so that Node tests run it without a browser.
 */
export interface RunHost {
  post(message: FromWorker): void;
  /** Lets the host's event loop run (a Stop message is handled there); resolves soon after. */
  pause(): Promise<void>;
  /** Recorded in the summary. */
  provenance: Provenance;
  /** Clock in milliseconds (performance.now). */
  now(): number;
}

/** Seconds between live frames at least, and the largest share of the time they may take. */
const LIVE_INTERVAL_MS = 150;
const LIVE_BUDGET = 0.1;

/** An error as the page shows it: the JSON path at fault and the message. */
export function specProblem(err: unknown): SpecProblem {
  if (err instanceof InputError) {
    const prefix = `${err.field}: `;
    const message = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    return { path: err.field, message };
  }
  return { path: "(spec)", message: err instanceof Error ? err.message : String(err) };
}

/** Validates a raw spec (validateSpec: the CLI's rules and messages). */
export function checkSpec(raw: unknown): { problem: SpecProblem | null; cells: number | null } {
  try {
    const spec = validateSpec(raw);
    return { problem: null, cells: spec.grid.n.reduce((a, b) => a * b, 1) };
  } catch (err) {
    return { problem: specProblem(err), cells: null };
  }
}

/** The spec and problem of a raw spec, or the problem with it (posted as "invalid"). */
function prepare(raw: unknown): { spec: ProblemSpec; problem: Problem } | SpecProblem {
  try {
    const spec = validateSpec(raw);
    // No file access in a page: a spec reading a file gets a clear build error.
    const problem = buildProblem(spec, {
      readText: (p) => {
        throw new InputError("initial", `the playground cannot read files (asked for ${p})`);
      },
    });
    return { spec, problem };
  } catch (err) {
    return specProblem(err);
  }
}

/**
 * Runs a raw spec to its end, or until `signal` aborts it, posting "started", a "snapshot"
 * at each output time, "progress" with a live frame a few times a second (at most ~10 % of
 * the time: a frame evaluates the exact solution) and "done" with the final summary and
 * trace (status ok, failed or interrupted). An invalid spec posts "invalid" only.
 */
export async function runSpec(
  id: number,
  raw: unknown,
  host: RunHost,
  signal: AbortSignal,
): Promise<RunSummary | null> {
  const t0 = host.now();
  const prepared = prepare(raw);
  if ("path" in prepared) {
    host.post({ type: "invalid", id, problem: prepared });
    return null;
  }
  const { spec, problem } = prepared;
  const { grid } = problem;
  host.post({
    type: "started",
    id,
    dim: grid.dim,
    cells: grid.size,
    outputTimes: problem.outputTimes,
  });
  // The records as of the last output time (the series keeps growing in place).
  const latest: { trace: RunTrace | null; summary: (() => RunSummary) | null } = {
    trace: null,
    summary: null,
  };
  const sink: RunSink = {
    snapshot(index, t, step, rho, exact) {
      host.post({ type: "snapshot", id, view: snapshotViews(grid, index, t, step, rho, exact) });
      return "";
    },
    records(trace, summary) {
      latest.trace = trace;
      latest.summary = summary;
    },
  };
  const name = spec.name ?? "playground";
  const steps = runSteps(problem, {
    sink,
    signal,
    provenance: host.provenance,
    meta: {
      name,
      title: spec.title ?? name,
      description: spec.description ?? "",
      buildSeconds: (host.now() - t0) / 1000,
    },
  });
  let result: RunResult;
  let lastLive = host.now();
  let liveCost = 0;
  try {
    for (;;) {
      const r = steps.next();
      if (r.done) {
        result = r.value;
        break;
      }
      const now = host.now();
      const { trace, summary } = latest;
      if (trace && summary && now - lastLive > Math.max(LIVE_INTERVAL_MS, liveCost / LIVE_BUDGET)) {
        const { t, step, rho } = r.value;
        const live = snapshotViews(grid, -1, t, step, rho, problem.exact?.(t) ?? null);
        host.post({ type: "progress", id, live, trace, summary: summary() });
        lastLive = host.now();
        liveCost = lastLive - now;
      }
      await host.pause();
    }
  } catch (err) {
    if (!(err instanceof RunFailedError)) throw err;
    result = err.result;
  }
  host.post({
    type: "done",
    id,
    summary: result.summary,
    trace: { name, series: result.series, outputs: result.outputs },
  });
  return result.summary;
}

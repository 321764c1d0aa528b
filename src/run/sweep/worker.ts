import { runPoint, type PointResult, type PointTask } from "./point.js";

/**
 * The worker-thread entry of the sweep pool (pool.ts; tinypool calls the default export once
 * per task). A task is one point; the worker runs it with runPoint, the code path of
 * `measureflow run` in the main thread.
 *
 * Stopping: a worker thread gets no process signals, so the main thread shares a flag with
 * every task (an Int32Array over a SharedArrayBuffer): 0 go on, 1 stop. It is read when the
 * task starts — a point queued after the stop does not run (status "pending") — and every
 * 100 ms while it runs, where it aborts the run's signal: the run ends at its next step
 * boundary with status "interrupted", its snapshots and checkpoint written (simulateAsync
 * yields to the event loop every 50 ms, so the timer gets to run).
 */
export interface WorkerTask extends PointTask {
  /** Int32Array(1) over a SharedArrayBuffer: 1 = stop. */
  stop: Int32Array;
}

/** A point's result, or "pending" when the stop came before it started. */
export type WorkerResult = PointResult | { status: "pending" };

/** How often a running point looks at the stop flag (ms). */
const POLL_MS = 100;

export default async function runWorkerTask(task: WorkerTask): Promise<WorkerResult> {
  const { stop, ...point } = task;
  if (Atomics.load(stop, 0) !== 0) return { status: "pending" };
  const controller = new AbortController();
  const timer = setInterval(() => {
    if (Atomics.load(stop, 0) !== 0) controller.abort("a signal to the sweep");
  }, POLL_MS);
  try {
    return await runPoint(point, controller.signal);
  } finally {
    clearInterval(timer);
  }
}

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import Tinypool from "tinypool";
import type { PointTask } from "./point.js";
import type { WorkerResult, WorkerTask } from "./worker.js";

/**
 * The worker_threads pool of a sweep (tinypool): `jobs` threads, each running one point at a
 * time (worker.ts), every run single-threaded as `measureflow run` is; a sweep with --jobs N
 * uses N − 1 of them beside the command's own thread (runSweep.ts). Each worker loads the modules once and runs the points it is given one after
 * another; a point's results depend only on its spec, not on the thread or on the order.
 *
 * **The worker module.** From the built package (dist/run/sweep/pool.js) the worker is the
 * compiled dist/run/sweep/worker.js beside this module. From the sources (`npx tsx
 * src/cli.ts`, the tests) this module is pool.ts and the worker is worker.ts, which a new
 * thread cannot import by itself: module hooks registered by tsx (or vitest) in the main
 * thread do not reach worker threads in Node 20, nor does `--import tsx` in their execArgv.
 * The thread then starts from a two-line ES module (a data: URL) that registers tsx's loader
 * in the thread (tsx/esm/api, a development dependency, resolved from here) and imports
 * worker.ts. Which case applies follows from this module's own URL (.ts or .js), so both
 * work from any working directory.
 */

/** The default number of jobs: the cores Node may use (os.availableParallelism()). */
export function defaultJobs(): number {
  return availableParallelism();
}

/** The module tinypool loads in each thread (see the module comment). */
export function workerModule(here: string = import.meta.url): string {
  if (!new URL(here).pathname.endsWith(".ts")) return new URL("./worker.js", here).href;
  const api = tsxApi(here);
  const worker = new URL("./worker.ts", here).href;
  const source = [
    `const api = await import(${JSON.stringify(api)});`,
    `(api.register ?? api.default.register)();`,
    `export default (await import(${JSON.stringify(worker)})).default;`,
  ].join("\n");
  return `data:text/javascript,${encodeURIComponent(source)}`;
}

/**
 * The file URL of tsx's ES-module API (`tsx/esm/api`, the "import" condition of its exports
 * map: the CommonJS one cannot register the loader from a data: module).
 */
function tsxApi(here: string): string {
  const pkgPath = createRequire(here).resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as {
    exports: Record<string, { import?: { default?: string } }>;
  };
  const entry = pkg.exports["./esm/api"]?.import?.default;
  if (entry === undefined) throw new Error(`${pkgPath} has no "./esm/api" import entry`);
  return pathToFileURL(join(dirname(pkgPath), entry)).href;
}

/** A pool running sweep points on worker threads. */
export class SweepPool {
  private readonly pool: Tinypool;
  /** 0 go on, 1 stop: shared with every task (worker.ts). */
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));

  constructor(readonly jobs: number) {
    this.pool = new Tinypool({
      filename: workerModule(),
      minThreads: jobs,
      maxThreads: jobs,
      // Workers live as long as the sweep: no idle shutdown between points.
      idleTimeout: Infinity,
      // A worker's memory is the runs' arrays: keep Node's own defaults (no resourceLimits).
    });
  }

  /** Runs one point on the next free worker (queued while all are busy). */
  run(task: PointTask): Promise<WorkerResult> {
    const t: WorkerTask = { ...task, stop: this.stopFlag };
    return this.pool.run(t) as Promise<WorkerResult>;
  }

  /** Running points stop at their next step boundary; queued ones return "pending". */
  stop(): void {
    Atomics.store(this.stopFlag, 0, 1);
  }

  /** Ends the worker threads (after the points have returned). */
  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}

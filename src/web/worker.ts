import type { Provenance } from "../run/runLoop.js";
import type { FromWorker, ToWorker } from "./protocol.js";
import { wasmKernels } from "./wasmSupport.js";
import { checkSpec, runSpec } from "./workerRun.js";

/**
 * The playground's Web Worker: every number the page shows is computed here, by the same
 * modules as the CLI, so the page stays responsive while a run steps. Built as a classic
 * (IIFE) script and started from a Blob URL (scripts/buildBrowser.ts), which also works for
 * a page opened from disk (file://), where Chromium refuses module workers and worker files.
 */

/** Set by the bundler (scripts/buildBrowser.ts) to the package version. */
declare const __MEASUREFLOW_VERSION__: string | undefined;

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

const provenance: Provenance = {
  version: typeof __MEASUREFLOW_VERSION__ === "string" ? __MEASUREFLOW_VERSION__ : "unknown",
  gitCommit: null,
  gitDirty: null,
  node: `browser (${globalThis.navigator?.userAgent ?? "unknown"})`,
};

// A macrotask queue without timer clamping (setTimeout(0) waits ≥ 4 ms once nested): the run
// yields through it every 50 ms of stepping so that a "stop" message can be handled.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const pause = (): Promise<void> =>
  new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

const host = {
  post: (m: FromWorker) => scope.postMessage(m),
  pause,
  provenance,
  now: () => performance.now(),
};

let current: { id: number; controller: AbortController; done: Promise<unknown> } | null = null;

/** Reports a failure of the worker itself as a failed run (the page shows the message). */
function internalError(id: number, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  scope.postMessage({ type: "invalid", id, problem: { path: "(internal)", message } });
}

scope.onmessage = (event) => {
  const msg = event.data;
  switch (msg.type) {
    case "validate": {
      const { problem, cells } = checkSpec(msg.spec);
      scope.postMessage({ type: "validated", id: msg.id, problem, cells });
      break;
    }
    case "run": {
      // One run at a time: a new run stops the previous one first.
      const previous = current;
      previous?.controller.abort("a new run");
      const controller = new AbortController();
      const start = async (): Promise<void> => {
        await previous?.done;
        if (controller.signal.aborted) return;
        await runSpec(msg.id, msg.spec, host, controller.signal).catch((err: unknown) =>
          internalError(msg.id, err),
        );
      };
      const run = { id: msg.id, controller, done: start() };
      current = run;
      void run.done.then(() => {
        if (current === run) current = null;
      });
      break;
    }
    case "stop":
      if (current?.id === msg.id) current.controller.abort("the Stop button");
      break;
  }
};

scope.postMessage({ type: "ready", wasm: wasmKernels() });

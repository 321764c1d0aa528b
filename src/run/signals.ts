/**
 * SIGINT, SIGTERM and SIGHUP for a `measureflow` process.
 *
 * The CLI entry (src/cli.ts, bin/measureflow.js) runs the command inside
 * {@link withInterrupts}. The first signal aborts the process's interrupt signal
 * ({@link processInterrupt}); a run in progress (src/run/runScenario.ts) sees it at its
 * next step boundary — simulateAsync yields to the event loop every 50 ms so the handler
 * can run — and ends with status "interrupted", every snapshot so far and a checkpoint
 * kept, its lock released. The process then exits with 128 + the signal's number: 130
 * (SIGINT), 143 (SIGTERM), 129 (SIGHUP), as a shell reports a process killed by it.
 * A second signal restores the default handling and raises the signal again, which ends
 * the process at once (the staging folder then stays as the last output time left it;
 * the next run into the same folder recovers it, see docs/outputs.md).
 *
 * The solver runs in this very process (no child process), so a signal sent to it reaches
 * the solver and nothing survives it. Nor does it survive its parent: a wrapper killed
 * without passing the signal on (`npx` on SIGTERM, a shell killed with SIGKILL) leaves this
 * process orphaned, so its parent pid is watched (every 250 ms) and a change counts as
 * SIGHUP ("its parent process ended"). Write errors on stdout/stderr (EPIPE once the
 * reader is gone) are ignored meanwhile, so they cannot cut the interrupted run's
 * bookkeeping short.
 */

/** Signals handled, with their numbers (exit code 128 + number). */
export const INTERRUPT_SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
export type InterruptSignal = keyof typeof INTERRUPT_SIGNALS;

/** Exit code of a process ended by `signal`: 128 + its number. */
export function signalExitCode(signal: InterruptSignal): number {
  return 128 + INTERRUPT_SIGNALS[signal];
}

let current: AbortSignal | undefined;

/**
 * The interrupt signal of the process while {@link withInterrupts} runs (undefined
 * otherwise, e.g. in a library or a test): aborted, with the signal's name as its reason,
 * when SIGINT/SIGTERM/SIGHUP arrives.
 */
export function processInterrupt(): AbortSignal | undefined {
  return current;
}

/** How often the parent pid is checked (ms). */
const PARENT_WATCH_MS = 250;

/** Where the one-line notice of a first signal goes. */
export interface NoticeStream {
  write(chunk: string): unknown;
}

/**
 * Runs `command` (a CLI command returning its exit code) with the signal handlers
 * installed, and removes them afterwards. Returns the command's exit code, or 128 + the
 * signal's number if a signal interrupted it.
 */
export async function withInterrupts(
  command: () => Promise<number>,
  stderr: NoticeStream = process.stderr,
): Promise<number> {
  const controller = new AbortController();
  let received: InterruptSignal | null = null;
  const names = Object.keys(INTERRUPT_SIGNALS) as InterruptSignal[];
  const ignore = (): void => undefined;
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent && received === null)
      interrupt("SIGHUP", "its parent process ended");
  }, PARENT_WATCH_MS);
  watch.unref();
  const remove = (): void => {
    for (const s of names) process.removeListener(s, handler);
    clearInterval(watch);
    process.stdout.removeListener("error", ignore);
    process.stderr.removeListener("error", ignore);
  };
  function interrupt(s: InterruptSignal, why?: string): void {
    received = s;
    const what = why ? `${s} (${why})` : s;
    try {
      stderr.write(
        `\n${what}: stopping at the next step boundary (send it again to stop at once)\n`,
      );
    } catch {
      /* the reader is gone */
    }
    controller.abort(what);
  }
  function handler(signal: NodeJS.Signals): void {
    const s = signal as InterruptSignal;
    if (received !== null) {
      // Second signal: stop now, with the default action of the signal.
      remove();
      process.kill(process.pid, s);
      return;
    }
    interrupt(s);
  }
  for (const s of names) process.on(s, handler);
  process.stdout.on("error", ignore);
  process.stderr.on("error", ignore);
  const previous = current;
  current = controller.signal;
  try {
    const code = await command();
    return received !== null ? signalExitCode(received) : code;
  } finally {
    current = previous;
    remove();
  }
}

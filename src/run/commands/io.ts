import { InputError, SolverError } from "../../errors.js";
import type { ProgressStream } from "../progress.js";

/**
 * What every `measureflow` command shares: where it writes, the exit codes, and how an
 * error becomes one line on stderr.
 */

/** Where the commands write, and test hooks. */
export interface CliIO {
  stdout: ProgressStream;
  stderr: ProgressStream;
  /** Folder scanned for scenarios (default: the repository's scenarios/). */
  scenariosDir?: string;
  /** Runs shorter than this show no progress (seconds, default 1). */
  progressMinSeconds?: number;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr };
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Prints an error and returns its exit code: InputError 2, SolverError 1, others 1 + stack. */
export function reportError(err: unknown, io: CliIO): number {
  if (err instanceof InputError) {
    io.stderr.write(`error: ${err.message}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof SolverError) {
    io.stderr.write(`error: ${err.message}\n`);
    return EXIT_FAILED;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  io.stderr.write(`internal error: ${e.message}\n${e.stack ?? ""}\n`);
  return EXIT_FAILED;
}

/** Wraps text to lines of at most `width` characters (words are not split). */
export function wrap(text: string, width: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join("\n");
}

/** Refuses positionals beyond the expected ones. */
export function noMorePositionals(command: string, rest: string[]): void {
  if (rest.length > 0) throw new InputError(command, `unexpected argument '${rest[0]}'`);
}

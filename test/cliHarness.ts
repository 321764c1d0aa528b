import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { main, type CliIO } from "../src/run/commands.js";

/** The `measureflow` entry run in process, with captured output (tests only). */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `measureflow <argv>` through `main(argv, io)`; `scenariosDir` replaces the
 * repository's scenarios/ folder (undefined: the repository's). No progress lines.
 */
export async function runCli(argv: string[], scenariosDir?: string): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s), isTTY: false },
    ...(scenariosDir !== undefined ? { scenariosDir } : {}),
    progressMinSeconds: Infinity,
  };
  const code = await main(argv, io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

/** A new temporary folder, removed after the test file's tests. */
export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/**
 * The `measureflow` command line (run through bin/measureflow.js, or `tsx src/cli.ts …`).
 * Commands: run, resume, spec, describe, ot, list, gallery, report, help — see
 * src/run/commands.ts (one module per command in src/run/commands/) and docs/cli.md.
 */
import { main, type CliIO } from "./run/commands.js";
import { isMainModule } from "./run/registry.js";
import { withInterrupts } from "./run/signals.js";

export { main as cli };
export type { CliIO };

/**
 * Runs a command line as the process's command: SIGINT/SIGTERM/SIGHUP stop a run at its
 * next step boundary and the exit code is then 128 + the signal's number (src/run/signals.ts).
 */
export function runProcess(argv: string[]): Promise<number> {
  return withInterrupts(() => main(argv));
}

if (isMainModule(import.meta.url)) {
  process.exitCode = await runProcess(process.argv.slice(2));
}

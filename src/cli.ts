/**
 * The `measureflow` command line (run through bin/measureflow.js, or `tsx src/cli.ts …`).
 * Commands: run, spec, describe, ot, list, gallery, report, help — see src/run/commands.ts
 * (one module per command in src/run/commands/) and docs/cli.md.
 */
import { main, type CliIO } from "./run/commands.js";
import { isMainModule } from "./run/registry.js";

export { main as cli };
export type { CliIO };

if (isMainModule(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}

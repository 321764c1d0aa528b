#!/usr/bin/env node
// The `measureflow` command. Runs the TypeScript CLI in this same process through tsx's
// in-process loader (no child process), so that a signal sent to this process reaches the
// solver — SIGINT/SIGTERM stop a run at its next step with status "interrupted" — and no
// solver process can outlive it (src/run/signals.ts).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const here = dirname(fileURLToPath(import.meta.url));
register({ tsconfig: join(here, "..", "tsconfig.json") });
const { runProcess } = await import("../src/cli.ts");
process.exitCode = await runProcess(process.argv.slice(2));

#!/usr/bin/env node
// The `measureflow` command. Runs the built CLI (dist/cli.js, written by `npm run build`,
// which `npm install` runs through `prepare`) in this same process — no child process, no
// TypeScript loader — so that a signal sent to this process reaches the solver: SIGINT and
// SIGTERM stop a run at its next step with status "interrupted", and no solver process can
// outlive it (src/run/signals.ts). In a clone, `npx tsx src/cli.ts …` runs the sources.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..") + "/";

/** Newest modification time (ms) under a folder, or 0 when it does not exist. */
function newest(dir) {
  let t = 0;
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
  } catch {
    return 0;
  }
  return t;
}

if (!existsSync(`${root}dist/cli.js`)) {
  process.stderr.write(
    `measureflow is not built (no ${root}dist/cli.js): run \`npm run build\` in ${root}\n`,
  );
  process.exit(1);
}
// A clone (src/ is not in the package): say so when the sources changed after the build.
let built;
try {
  built = statSync(`${root}dist/build.json`).mtimeMs;
} catch {
  built = 0;
}
if (newest(`${root}src`) > built) {
  process.stderr.write(
    "measureflow: dist/ is older than src/: run `npm run build` (or `npx tsx src/cli.ts`)\n",
  );
}
const { runProcess } = await import("../dist/cli.js");
process.exitCode = await runProcess(process.argv.slice(2));

import { spawnSync } from "node:child_process";
import { mkdirSync, rmdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { newestMtime } from "../../scripts/newestMtime.js";

/**
 * dist/ as `npm run build` writes it, for the tests of what users run: the packed tarball,
 * the CLI through bin/measureflow.js, the browser bundle and the playground. In CI dist/ is
 * fresh (`npm ci` builds through `prepare`); in a working copy whose sources changed after
 * the last build, it is rebuilt once (under a lock, so test files running in parallel wait
 * for one build instead of racing). A build that fails fails the test that needed it.
 */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DIST = join(ROOT, "dist");

/** What the build reads. */
const INPUTS = [
  "src",
  "scenarios",
  "scripts/build.ts",
  "scripts/buildBrowser.ts",
  "package.json",
  "tsconfig.json",
  "tsconfig.build.json",
];

/** True when dist/build.json is missing or older than a source of the build. */
export function distIsStale(): boolean {
  const built = newestMtime(join(DIST, "build.json"));
  return built === 0 || INPUTS.some((p) => newestMtime(join(ROOT, p)) > built);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Builds dist/ if it is stale; returns the seconds the build took (0: it was fresh). */
export async function ensureBuilt(): Promise<number> {
  if (!distIsStale()) return 0;
  const lock = join(
    tmpdir(),
    `measureflow-build-${Buffer.from(ROOT).toString("hex").slice(-24)}.lock`,
  );
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than any build is left over from a killed run.
      if (Date.now() - newestMtime(lock) > 10 * 60_000) rmdirSync(lock);
      else if (i > 3000) throw new Error(`another build holds ${lock} for over 5 minutes`);
      else await sleep(100);
    }
  }
  try {
    if (!distIsStale()) return 0; // built by another test file meanwhile
    const t0 = Date.now();
    const r = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
    if (r.status !== 0) {
      throw new Error(`npm run build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
    const seconds = (Date.now() - t0) / 1000;
    console.log(`dist/ was older than the sources: rebuilt in ${seconds.toFixed(1)} s`);
    return seconds;
  } finally {
    rmdirSync(lock);
  }
}

/**
 * `npm run build` (also run by `prepare`, so `npm ci`, `npm pack` and installing from git
 * build): dist/ from src/ — ESM JavaScript with declarations (tsc, tsconfig.build.json),
 * then dist/problem/formulaMath.js replaced by one esbuild bundle of that module (the
 * mathjs subset that formulas use: as ES modules mathjs loads several hundred files, ~0.5 s
 * of every command's start; bundled ~0.04 s), then the browser bundle and the playground
 * (scripts/buildBrowser.ts) — and
 * dist/build.json, whose time tells tests and bin/measureflow.js whether dist/ is older than
 * the sources. dist/ is emptied first, so no module removed from src/ survives.
 */
import { spawnSync } from "node:child_process";
import { build } from "esbuild";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const dist = join(root, "dist");

const started = Date.now();
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const r = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], {
  stdio: "inherit",
});
if (r.status !== 0) {
  console.error("build: tsc failed");
  process.exit(r.status ?? 1);
}
console.log(`tsc → dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await build({
  entryPoints: [join(root, "src", "problem", "formulaMath.ts")],
  bundle: true,
  format: "esm",
  platform: "neutral",
  mainFields: ["module", "main"],
  outfile: join(dist, "problem", "formulaMath.js"),
  allowOverwrite: true,
  logLevel: "warning",
});
await import("./buildBrowser.js");
mkdirSync(dist, { recursive: true });
writeFileSync(
  join(dist, "build.json"),
  `${JSON.stringify({ builtAt: new Date().toISOString() })}\n`,
);

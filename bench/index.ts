/**
 * `npm run bench [names…]`: runs the default export of every bench/<name>.ts (except this
 * file and files starting with "_") in turn, or only the named ones, each under a header
 * with its wall time. A failing bench is reported and the others still run; the exit code
 * is 1 if any failed, 2 for an unknown name.
 */
import { readdirSync } from "node:fs";
import { basename } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

const dir = fileURLToPath(new URL("./", import.meta.url));

/** Bench names (file names without .ts), sorted. */
function listBenches(): string[] {
  return readdirSync(dir)
    .filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && f !== "index.ts" && !f.startsWith("_"),
    )
    .map((f) => basename(f, ".ts"))
    .sort();
}

async function runBenches(argv: string[]): Promise<number> {
  const all = listBenches();
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(
      `Usage: npm run bench [-- name …]\nBenches: ${all.join(", ") || "(none)"}\n`,
    );
    return 0;
  }
  const unknown = argv.filter((a) => !all.includes(a));
  if (unknown.length > 0) {
    process.stderr.write(
      `error: unknown bench ${unknown.map((u) => `'${u}'`).join(", ")}; available: ${all.join(", ") || "(none)"}\n`,
    );
    return 2;
  }
  const names = argv.length > 0 ? argv : all;
  const failed: string[] = [];
  for (const name of names) {
    process.stdout.write(`\n=== bench/${name}.ts ${"=".repeat(Math.max(0, 60 - name.length))}\n`);
    const t0 = performance.now();
    try {
      const mod = (await import(pathToFileURL(`${dir}${name}.ts`).href)) as {
        default?: () => unknown;
      };
      if (typeof mod.default !== "function") {
        throw new Error(`bench/${name}.ts has no default-exported function`);
      }
      await mod.default();
      process.stdout.write(`--- ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    } catch (err) {
      failed.push(name);
      const msg = err instanceof Error ? (err.stack ?? err.message) : String(err);
      process.stdout.write(`--- ${name}: FAILED\n`);
      process.stderr.write(`bench ${name} failed: ${msg}\n`);
    }
  }
  if (names.length === 0) process.stdout.write("no benches in bench/\n");
  if (failed.length > 0)
    process.stdout.write(`\n${failed.length} bench(es) failed: ${failed.join(", ")}\n`);
  return failed.length > 0 ? 1 : 0;
}

process.exitCode = await runBenches(process.argv.slice(2));

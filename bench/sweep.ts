/**
 * Sweeps on every core (issue 12, item 4), acceptance: "a sweep of 4 independent points on 2
 * cores finishes in ≤ 0.6× the time of running them one after another (measured), with
 * results identical to the sequential runs bit for bit".
 *
 * The sweep: the benchmark problem P1 (docs/benchmarks.md: 2D Fokker–Planck ∂ρ/∂t = Δρ +
 * div(ρ∇V), V = |x|²/2 on [−5, 5]², no-flux walls, exact Ornstein–Uhlenbeck solution) on 256²
 * cells to t = 0.5 by fv2/Heun, from 4 starting points — `--vary
 * initial.mean=[1,0],[-1,0],[0,1],[0,-1]` — four runs of equal cost (~3–5 s each on a 2-core
 * machine), as a parameter study has. The spec is written by this file into a temporary
 * folder (a scenario of scenarios/ may change its scheme or add compared runs). Timed as a
 * user runs them, each a separate `measureflow` process (wall time from spawn to exit, so
 * start-up, planning, the summary and the reports are in every figure):
 *
 * - sequential: `measureflow sweep … --jobs 1` — the 4 points one after another in one process;
 * - pool:       `measureflow sweep … --jobs 2` — 2 worker threads, 2 points at a time;
 * - separate:   4 × `measureflow run p1-sweep.json --set initial.mean=…` one after another
 *   (what the sweep replaces; each process starts anew).
 *
 * ratio = pool / sequential (the acceptance: ≤ 0.6); the best (minimum) of `--rounds`
 * interleaved rounds of each (default 2). Bit identity: every point's snapshots byte for
 * byte, its density.json without the fields that record when, how fast and from which commit
 * it ran (wallSeconds, createdAt, gitCommit, gitDirty), and the output records of its
 * trace.json (the per-step series is thinned by timing), equal across the three.
 *
 * The command is the built CLI (`node bin/measureflow.js`, what an installed package runs)
 * when dist/ is newer than src/ (or with `--dist`, whatever its age), else `npx tsx
 * src/cli.ts` (the worker threads then compile the sources at start-up, ~2–4 s more per
 * sweep); the first line says which.
 *
 * Run alone: `npx tsx bench/sweep.ts [--rounds N] [--dist]`, or `npm run bench -- sweep`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { newestMtime } from "../scripts/newestMtime.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** The problem's name: its run folders are <out>/p1-sweep(.sweep)/. */
const SCENARIO = "p1-sweep";
const SPEC = {
  name: SCENARIO,
  grid: { n: [256, 256], lo: [-5, -5], hi: [5, 5] },
  initial: { kind: "gaussian", mean: [1, 0], cov: 0.5 },
  energy: [{ kind: "kl", V: { kind: "quadratic", A: [[1, 0], [0, 1]] } }],
  geometry: { kind: "wasserstein" },
  scheme: { kind: "fv", flux: "fv2", method: "heun" },
  output: { tEnd: 0.5, snapshots: 3 },
  exact: { kind: "ornstein-uhlenbeck", A: [[1, 0], [0, 1]] },
}; // prettier-ignore
const MEANS = ["[1,0]", "[-1,0]", "[0,1]", "[0,-1]"];

/** The measureflow command: the build when it is fresh, else the sources through tsx. */
function cli(): { cmd: string; args: string[]; what: string } {
  const built = newestMtime(join(ROOT, "dist", "build.json"));
  const forced = process.argv.includes("--dist") && built > 0;
  if (forced || (built > 0 && built >= newestMtime(join(ROOT, "src")))) {
    return {
      cmd: process.execPath,
      args: [join(ROOT, "bin", "measureflow.js")],
      what: "node bin/measureflow.js (dist)",
    };
  }
  return {
    cmd: "npx",
    args: ["tsx", join(ROOT, "src", "cli.ts")],
    what: "npx tsx src/cli.ts (dist/ missing or older than src/: `npm run build` to time the package)",
  };
}

/** Runs the CLI; returns the wall time in seconds (throws on a non-zero exit). */
function timed(argv: string[]): number {
  const c = cli();
  const t0 = performance.now();
  const r = spawnSync(c.cmd, [...c.args, ...argv], { cwd: ROOT, encoding: "utf8" });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0)
    throw new Error(`measureflow ${argv.join(" ")} exited ${r.status}:\n${r.stderr}`);
  return s;
}

/** A run folder's files that must be identical, keyed by relative path. */
function resultFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const rel = relative(dir, p);
      if (e.isDirectory()) walk(p);
      else if (rel.startsWith("snapshots")) out.set(rel, readFileSync(p, "latin1"));
      else if (rel === "trace.json") {
        // The output records; the per-step series is thinned by timing (src/run/runLoop.ts).
        const t = JSON.parse(readFileSync(p, "utf8")) as { outputs: unknown };
        out.set(rel, JSON.stringify(t.outputs));
      } else if (rel === "density.json") {
        const d = JSON.parse(readFileSync(p, "utf8")) as Record<string, unknown>;
        // When, how fast and from which commit it ran (others may commit during the bench).
        for (const k of ["wallSeconds", "createdAt", "gitCommit", "gitDirty"]) delete d[k];
        out.set(rel, JSON.stringify(d));
      }
    }
  };
  walk(dir);
  return out;
}

function same(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size || a.size === 0) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

export default function main(argv: string[] = process.argv.slice(2)): void {
  const i = argv.indexOf("--rounds");
  const rounds = i >= 0 ? Math.max(1, Number(argv[i + 1])) : 2;
  const tmp = mkdtempSync(join(tmpdir(), "mf-bench-sweep-"));
  const spec = join(tmp, `${SCENARIO}.json`);
  writeFileSync(spec, JSON.stringify(SPEC));
  const c = cli();
  console.log(
    `sweep bench: P1 (2D Fokker–Planck), fv2/Heun, 256², t_end 0.5, 4 starting points; ${c.what}; ` +
      `${availableParallelism()} cores, load average ${loadavg()[0].toFixed(2)} at start`,
  );
  const sweep = (jobs: number, out: string): string[] => [
    "sweep",
    spec,
    "--vary",
    `initial.mean=${MEANS.join(",")}`,
    "--save-density",
    "--jobs",
    String(jobs),
    "--out",
    out,
  ];
  const best = { seq: Infinity, pool: Infinity, separate: Infinity };
  try {
    for (let r = 0; r < rounds; r++) {
      const seq = timed(sweep(1, join(tmp, `seq-${r}`)));
      const pool = timed(sweep(2, join(tmp, `pool-${r}`)));
      let separate = 0;
      MEANS.forEach((m, k) => {
        const out = join(tmp, `run-${r}`, String(k));
        const run = ["run", spec, "--set", `initial.mean=${m}`, "--save-density"];
        separate += timed([...run, "--out", out]);
      });
      console.log(
        `round ${r + 1}: sequential (--jobs 1) ${seq.toFixed(2)} s, pool (--jobs 2) ${pool.toFixed(2)} s, ` +
          `4 separate runs ${separate.toFixed(2)} s, load ${loadavg()[0].toFixed(2)}`,
      );
      best.seq = Math.min(best.seq, seq);
      best.pool = Math.min(best.pool, pool);
      best.separate = Math.min(best.separate, separate);
    }
    // Bit identity, from the last round's folders.
    const r = rounds - 1;
    const points = readdirSync(join(tmp, `pool-${r}`, `${SCENARIO}.sweep`, "points")).sort();
    const sweepPoint = (kind: string, label: string): Map<string, string> =>
      resultFiles(join(tmp, `${kind}-${r}`, `${SCENARIO}.sweep`, "points", label, SCENARIO));
    const labels = MEANS.map((m) => `mean-${m.replace(/[[\]]/g, "").replace(/,/g, "x")}`);
    let identical = points.length === 4;
    labels.forEach((label, k) => {
      const pool = sweepPoint("pool", label);
      const ok =
        same(pool, sweepPoint("seq", label)) &&
        same(pool, resultFiles(join(tmp, `run-${r}`, String(k), SCENARIO)));
      if (!ok) console.log(`  point ${label}: NOT identical`);
      identical &&= ok;
    });
    const ratio = best.pool / best.seq;
    console.log(
      `best of ${rounds}: sequential ${best.seq.toFixed(2)} s, pool ${best.pool.toFixed(2)} s, ` +
        `ratio ${ratio.toFixed(2)} (target ≤ 0.6: ${ratio <= 0.6 ? "met" : "MISSED"}); ` +
        `4 separate runs ${best.separate.toFixed(2)} s (pool / separate ${(best.pool / best.separate).toFixed(2)})`,
    );
    console.log(
      `bit identity (density, snapshots, output records of all 4 points; pool = sequential = separate runs): ${identical ? "yes" : "NO"}`,
    );
    if (!identical) process.exitCode = 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main();

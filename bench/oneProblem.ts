/**
 * One-problem timings for side-by-side rounds with a reference script (docs/benchmarks.md,
 * "Side by side"): P3 N = 128, ε = 16h², tol 1e-6 (the default multiscale solver, median of 9
 * solves after ≥ 1 s of warm-up; and the same with `precision: "float64"`, no single-precision
 * start, for its gain) and P4 2D N = 128 (median time per JKO step over 3 flows of
 * 50 steps, warm-started — the default — and cold), printed as one JSON line so that a driver
 * can alternate it with the reference's one-problem scripts and quote the range of ratios.
 *
 * Run: `npx tsx bench/oneProblem.ts`, or `npm run bench -- oneProblem`.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { multiscaleSinkhorn } from "../src/ot/multiscaleSinkhorn.js";
import { p3Problem } from "./p3.js";
import { heatRun } from "./p4.js";
import { median } from "./_stats.js";

/**
 * P3 N = 128, ε = 16h²: median ms of 9 solves, the final-grid iterations and how many of them
 * ran in single precision.
 */
export function p3Ms(precision: "auto" | "float64" = "auto"): {
  ms: number;
  iterations: number;
  float32Iterations: number;
} {
  const N = 128;
  const { grid, a, b } = p3Problem(N);
  const eps = 16 / (N * N);
  const solve = () => multiscaleSinkhorn(grid, a, b, eps, { tol: 1e-6, omega: "auto", precision });
  const w0 = performance.now();
  let res = solve();
  while (performance.now() - w0 < 1000) res = solve();
  const ts: number[] = [];
  for (let r = 0; r < 9; r++) {
    const t0 = performance.now();
    res = solve();
    ts.push(performance.now() - t0);
  }
  return { ms: median(ts), iterations: res.iterations, float32Iterations: res.float32Iterations };
}

/** P4 2D N = 128: median ms per step, warm-started (default) or cold. */
export function p4Ms(cold: boolean): number {
  const h = 10 / 128;
  heatRun(2, 128, 0.01, 4 * h * h, { tEnd: 0.05, cold });
  const per: number[] = [];
  for (let r = 0; r < 3; r++) per.push(heatRun(2, 128, 0.01, 4 * h * h, { cold }).msPerStep);
  return median(per);
}

export default async function main(): Promise<void> {
  const p3 = p3Ms();
  const f64 = p3Ms("float64");
  const out = {
    p3_ms: p3.ms,
    p3_iterations: p3.iterations,
    p3_float32_iterations: p3.float32Iterations,
    p3_float64_ms: f64.ms,
    p4_warm_ms: p4Ms(false),
    p4_cold_ms: p4Ms(true),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}

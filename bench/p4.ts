/**
 * P4 of docs/benchmarks.md: entropic JKO steps for the heat flow (Peyré 2015) on [−5,5]^d,
 * ρ0 = N(0, 0.5 I) (cell-centre samples, normalised), τ = 0.01, ε = (2h)², 50 steps to
 * t = 0.5; one step solves min_q W_ε(p, q)/(2τ) + Σ q log q with the inner loop
 * a = p/(Kb); z = Kᵀa; q = b·z; b = z^(−κ), κ = 2τ/(2τ+ε), stopped when
 * ‖q − q_prev‖₁/‖q‖₁ < 1e-8 (EntropicJko, separable kernel in the scaling domain). Prints time
 * per step (median over the 50 steps of a run, median of 5 runs after a warm-up), inner
 * iterations per step, and the L1 error against the heat kernel at t = 0.5 (cell averages of
 * N(0, (0.5 + 1) I)), for 1D N = 512 and 2D N = 128, in two modes:
 * - "warm" (what users get, EntropicJko's default): each step starts from the potentials of
 *   the previous steps (extrapolated linearly from the last two) — the numpy anchor's warm
 *   mode starts from the previous step's potentials;
 * - "cold": EntropicJko.reset() before every step (start from the cold-start potentials).
 * The ω column: the over-relaxation of the inner b-update ("auto", the default: searched
 * across the steps, src/ot/relaxationSearch.ts; 1: the plain iteration of the anchor, for
 * comparison). A cold step starts its search afresh (reset() forgets it).
 * Anchors (numpy, cold start): 14.5 ms / 151 it / L1 0.0104 (1D); 14.2 ms / 19 it / L1 0.247 (2D).
 *
 * A second table is the accuracy study of docs/jko.md: 2D N = 128 heat flow, L1 error vs
 * the heat kernel at t = 0.5 for several (ε, τ), plain and blur-corrected
 * (entropy weight 1 − ε/(4τ)), with the exact §H recursion's prediction for the variance.
 *
 * Run alone: `npx tsx bench/p4.ts [--quick]`, or `npm run bench -- p4`.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { Entropy } from "../src/energy/entropy.js";
import { erf } from "../src/exact/erf.js";
import { Gaussian } from "../src/exact/gaussian.js";
import { Grid } from "../src/grid/grid.js";
import { EntropicJko } from "../src/ot/entropicJko.js";
import { entropicJkoHeatVariances } from "../src/ot/jkoGaussian.js";
import { median } from "./_stats.js";

interface HeatRun {
  msPerStep: number;
  itersPerStep: number;
  l1: number;
}

/** One P4-style run: `steps` JKO heat steps of length τ from sampled N(0, 0.5 I). */
export function heatRun(
  dim: number,
  N: number,
  tau: number,
  eps: number,
  options: {
    blurCorrection?: boolean;
    tol?: number;
    tEnd?: number;
    cold?: boolean;
    omega?: number | "auto";
  } = {},
): HeatRun {
  const grid = new Grid({
    n: new Array(dim).fill(N),
    lo: new Array(dim).fill(-5),
    hi: new Array(dim).fill(5),
  });
  const rho = grid.sample((x) => {
    let q = 0;
    for (const v of x) q += v * v;
    return Math.exp(-q / (2 * 0.5));
  });
  let m = 0;
  for (const v of rho) m += v;
  m *= grid.cellVolume;
  for (let i = 0; i < rho.length; i++) rho[i] /= m;
  const jko = new EntropicJko(grid, new Entropy(grid), {
    tau,
    eps,
    tol: options.tol ?? 1e-8,
    blurCorrection: options.blurCorrection,
    omega: options.omega,
  });
  const tEnd = options.tEnd ?? 0.5;
  const steps = Math.round(tEnd / tau);
  const ts: number[] = [];
  let its = 0;
  for (let k = 0; k < steps; k++) {
    if (options.cold) jko.reset(); // forget the previous steps' potentials
    const t0 = performance.now();
    its += jko.step(rho, rho).iterations;
    ts.push(performance.now() - t0);
  }
  const exact = new Gaussian(new Array(dim).fill(0), 0.5 + 2 * tEnd).cellAverages(grid);
  let l1 = 0;
  for (let i = 0; i < rho.length; i++) l1 += Math.abs(rho[i] - exact[i]);
  return { msPerStep: median(ts), itersPerStep: its / steps, l1: l1 * grid.cellVolume };
}

/** L1 between N(0, a) and N(0, b) in d = 1, 2 (isotropic), for the recursion prediction. */
function gaussL1(a: number, b: number, d: number): number {
  const r2 = (d * a * b * Math.log(a / b)) / (a - b);
  if (d === 2) return 2 * Math.abs(Math.exp(-r2 / (2 * a)) - Math.exp(-r2 / (2 * b)));
  const r = Math.sqrt(r2);
  return 2 * Math.abs(erf(r / Math.sqrt(2 * a)) - erf(r / Math.sqrt(2 * b)));
}

export default async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const quick = argv.includes("--quick");
  const runs = quick ? 1 : 5;
  const out: string[] = [];
  out.push(
    "P4 (docs/benchmarks.md): entropic JKO heat flow, τ = 0.01, ε = (2h)², 50 steps, tol 1e-8",
  );
  out.push("   d    N  start     ω  ms/step  inner it/step  L1 vs heat kernel (t=0.5)   anchor");
  for (const [dim, N, anchor] of [
    [1, 512, "14.5 ms, 151 it, 0.0104"],
    [2, 128, "14.2 ms, 19 it, 0.247"],
  ] as const) {
    const h = 10 / N;
    const rows: [boolean, number | "auto"][] = [
      [false, "auto"],
      [false, 1],
      [true, "auto"],
    ];
    for (const [cold, omega] of rows) {
      heatRun(dim, N, 0.01, 4 * h * h, { tEnd: 0.05, cold, omega }); // warm-up
      const rs: HeatRun[] = [];
      for (let r = 0; r < runs; r++) rs.push(heatRun(dim, N, 0.01, 4 * h * h, { cold, omega }));
      const ms = median(rs.map((r) => r.msPerStep));
      out.push(
        `  ${dim}D ${String(N).padStart(4)} ${(cold ? "cold" : "warm").padStart(6)} ${String(omega).padStart(5)} ${ms
          .toFixed(2)
          .padStart(8)} ${rs[0].itersPerStep.toFixed(1).padStart(14)} ${rs[0].l1
          .toExponential(3)
          .padStart(26)}   ${cold ? anchor : "—"}`,
      );
    }
  }
  out.push("targets: ≤ 14.5 ms/step (1D N=512), ≤ 14.2 ms/step (2D N=128)");
  out.push("");
  out.push("Accuracy study (docs/jko.md): 2D N = 128 on [−5,5]², heat flow to t = 0.5, tol 1e-8");
  out.push(
    "      ε/h²      ε       τ  steps  correction  L1 vs heat kernel  §H prediction  ms/step",
  );
  const h = 10 / 128;
  const study: [number, number, boolean][] = quick
    ? [
        [4, 0.01, false],
        [4, 0.01, true],
      ]
    : [
        [4, 0.01, false],
        [1, 0.01, false],
        [4, 0.05, false],
        [1, 0.05, false],
        [4, 0.01, true],
        [2, 0.01, true],
        [4, 0.025, true],
        [2, 0.005, true],
      ];
  for (const [c, tau, corr] of study) {
    const eps = c * h * h;
    const r = heatRun(2, 128, tau, eps, { blurCorrection: corr });
    const nu = corr ? 1 - eps / (4 * tau) : 1;
    const steps = Math.round(0.5 / tau);
    // §H recursion from the discrete variance of the sampled start, then the L1 distance
    // between the predicted Gaussian and the heat kernel (isotropic 2D closed form).
    const v = entropicJkoHeatVariances(0.5, tau, eps, steps, nu)[steps];
    const pred = gaussL1(v, 1.5, 2);
    out.push(
      `  ${c.toFixed(0).padStart(8)} ${eps.toFixed(5)} ${tau.toFixed(3).padStart(7)} ${String(steps).padStart(6)} ${(corr ? "1−ε/4τ" : "none").padStart(11)} ${r.l1
        .toExponential(3)
        .padStart(18)} ${pred.toExponential(3).padStart(14)} ${r.msPerStep.toFixed(1).padStart(8)}`,
    );
  }
  out.push("accuracy goal: L1 ≤ 0.02 at N = 128 (naive P4: 0.247)");
  process.stdout.write(`${out.join("\n")}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}

/**
 * One Wasserstein–Fisher–Rao entropic JKO step at 128² (src/ot/wfrJko.ts: unbalanced
 * generalized Sinkhorn with the WFR cost, docs/unbalanced.md) next to the balanced entropic
 * JKO step of P4 (bench/p4.ts, src/ot/entropicJko.ts), on the same problem: [−5,5]², N = 128,
 * ρ0 = N(0, 0.5 I) sampled at the cell centres and normalised, τ = 0.01, ε = (2h)², inner
 * tolerance 1e-8, energy ∫ρ log ρ (P4: the heat flow; WFR with α = β = 1: ∂ρ/∂t = Δρ − ρ log ρ,
 * blur-corrected).
 *
 * For each scheme: the first (cold) step and the median of the next 5 (warm-started) steps —
 * CPU time (process.cpuUsage, robust to other load on the machine) and wall time, inner
 * iterations, absorptions, the kernel that finished, and for WFR the stencil size of the
 * log-stabilised radial kernel and the mass change of the step.
 *
 * Run alone: `npx tsx bench/unbalanced.ts`, or `npm run bench -- unbalanced`.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { Entropy } from "../src/energy/entropy.js";
import { Grid } from "../src/grid/grid.js";
import { EntropicJko } from "../src/ot/entropicJko.js";
import { StabilizedRadialKernel } from "../src/ot/stabilizedRadialKernel.js";
import { WfrEntropicJko } from "../src/ot/wfrJko.js";
import { median } from "./_stats.js";

interface StepTiming {
  cpuMs: number;
  wallMs: number;
  iterations: number;
  absorptions: number;
  kernel: string;
  massChange: number;
}

function startDensity(grid: Grid): Float64Array {
  const rho = grid.sample((x) => Math.exp(-(x[0] * x[0] + x[1] * x[1]) / (2 * 0.5)));
  let m = 0;
  for (const v of rho) m += v;
  m *= grid.cellVolume;
  for (let i = 0; i < rho.length; i++) rho[i] /= m;
  return rho;
}

/** Times `steps` steps of `step` (returning iterations, absorptions, kernel). */
function timeSteps(
  grid: Grid,
  steps: number,
  step: (rho: Float64Array) => { iterations: number; absorptions: number; kernel: string },
): StepTiming[] {
  const rho = startDensity(grid);
  const out: StepTiming[] = [];
  for (let k = 0; k < steps; k++) {
    let m0 = 0;
    for (const v of rho) m0 += v;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const info = step(rho);
    const wallMs = performance.now() - t0;
    const c = process.cpuUsage(c0);
    let m1 = 0;
    for (const v of rho) m1 += v;
    out.push({
      cpuMs: (c.user + c.system) / 1000,
      wallMs,
      iterations: info.iterations,
      absorptions: info.absorptions,
      kernel: info.kernel,
      massChange: (m1 - m0) / m0,
    });
  }
  return out;
}

function row(label: string, t: StepTiming[]): string[] {
  const warm = t.slice(1);
  const fmt = (x: number): string => x.toFixed(0).padStart(8);
  return [
    `  ${label.padEnd(34)} cold ${fmt(t[0].cpuMs)} ms cpu ${fmt(t[0].wallMs)} ms wall ` +
      `${String(t[0].iterations).padStart(5)} it ${String(t[0].absorptions).padStart(3)} abs  ${t[0].kernel}`,
    `  ${"".padEnd(34)} warm ${fmt(median(warm.map((s) => s.cpuMs)))} ms cpu ${fmt(median(warm.map((s) => s.wallMs)))} ms wall ` +
      `${median(warm.map((s) => s.iterations))
        .toFixed(0)
        .padStart(5)} it ${median(warm.map((s) => s.absorptions))
        .toFixed(0)
        .padStart(3)} abs  ${warm[warm.length - 1].kernel}  (median of ${warm.length})`,
  ];
}

export default async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const quick = argv.includes("--quick");
  const N = 128;
  const grid = new Grid({ n: [N, N], lo: [-5, -5], hi: [5, 5] });
  const h = grid.h[0];
  const tau = 0.01;
  const eps = 4 * h * h;
  const steps = quick ? 3 : 6;
  const energy = new Entropy(grid);
  const out: string[] = [];
  out.push(
    `Unbalanced (WFR) vs balanced (P4) entropic JKO step, 2D N = ${N} on [−5,5]², τ = ${tau}, ε = (2h)² = ${eps.toFixed(5)}, tol 1e-8`,
  );
  const balanced = new EntropicJko(grid, energy, { tau, eps, tol: 1e-8 });
  const tb = timeSteps(grid, steps, (rho) => balanced.step(rho, rho));
  const wfr = new WfrEntropicJko(grid, energy, {
    alpha: 1,
    beta: 1,
    tau,
    eps,
    blurCorrection: true,
    tol: 1e-8,
  });
  const tw = timeSteps(grid, steps, (rho) => wfr.step(rho, rho));
  out.push(...row("P4 balanced (W_ε, heat)", tb));
  out.push(...row("WFR α = β = 1 (Δρ − ρ log ρ)", tw));
  const ops = (wfr.core as unknown as { ops: unknown[] | null }).ops;
  const k = ops?.[0];
  if (k instanceof StabilizedRadialKernel) {
    out.push(
      `  WFR stencil kernel: ${k.stencilSize} offsets (tail L = ${k.tail.toFixed(0)}), ` +
        `${((k.stencilSize * grid.size * 8) / 2 ** 20).toFixed(0)} MB of entries per operator (2 operators)`,
    );
  }
  out.push(
    `  WFR mass change per step (first, last): ${tw[0].massChange.toExponential(3)}, ` +
      `${tw[tw.length - 1].massChange.toExponential(3)}; balanced: ${tb[tb.length - 1].massChange.toExponential(1)}`,
  );
  process.stdout.write(`${out.join("\n")}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}

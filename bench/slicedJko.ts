/**
 * Cost of the sliced-Wasserstein JKO step (src/ot/slicedJko.ts) against the number of cells
 * n = N² and of directions L, on the 2D Fokker–Planck problem of scenarios/
 * sw-jko-fokker-planck-2d.json: F = ∫ρ log ρ + ∫|x|²/2 ρ on [−5, 5]², ρ0 = N((1, 0), I/2),
 * τ = 0.1, the default tolerance. For each (model, N, L): the construction (projections
 * and sorts, once per grid), then one warm-up step and 5 timed steps from t = 0.1; printed: the
 * median time per step, the objective evaluations per step (each one SW₂² and its gradient,
 * plus F and ψ), and the time per evaluation per cell and direction.
 *
 * The sweep is O(L n) per evaluation once the sort orders are cached (the sort is
 * O(L n log n), once); the segments model does about twice the work of the points model per
 * evaluation (2n mesh intervals, two passes) but needs fewer evaluations per step.
 *
 * Run alone: `npx tsx bench/slicedJko.ts [--quick]`, or `npm run bench -- slicedJko`.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { Entropy } from "../src/energy/entropy.js";
import { Potential } from "../src/energy/potential.js";
import { EnergySum } from "../src/energy/sum.js";
import { Grid } from "../src/grid/grid.js";
import { SlicedJko } from "../src/ot/slicedJko.js";
import type { SliceModel } from "../src/ot/slicedWasserstein.js";
import { median } from "./_stats.js";

interface Row {
  buildMs: number;
  msPerStep: number;
  evalsPerStep: number;
  nsPerCellDirection: number;
}

/** Timings of one (model, N, L) configuration. */
export function slicedJkoCost(model: SliceModel, N: number, L: number, steps = 5): Row {
  const grid = new Grid({ n: [N, N], lo: [-5, -5], hi: [5, 5] });
  const energy = new EnergySum([
    new Entropy(grid),
    new Potential(grid, (x) => 0.5 * (x[0] ** 2 + x[1] ** 2)),
  ]);
  const rho = grid.sample((x) => Math.exp(-((x[0] - 1) ** 2 + x[1] ** 2)));
  const m = grid.integrate(rho);
  for (let i = 0; i < rho.length; i++) rho[i] /= m;
  const t0 = performance.now();
  const jko = new SlicedJko(grid, energy, { tau: 0.1, directions: L, model });
  const buildMs = performance.now() - t0;
  jko.step(rho, rho); // warm-up (JIT, step size)
  const times: number[] = [];
  let evals = 0;
  for (let k = 0; k < steps; k++) {
    const t1 = performance.now();
    evals += jko.step(rho, rho).evaluations;
    times.push(performance.now() - t1);
  }
  const msPerStep = median(times);
  const evalsPerStep = evals / steps;
  return {
    buildMs,
    msPerStep,
    evalsPerStep,
    nsPerCellDirection: (msPerStep * 1e6) / (evalsPerStep * N * N * L),
  };
}

export default async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const quick = argv.includes("--quick");
  const sizes = quick ? [32, 64] : [32, 64, 128];
  const counts = quick ? [8, 32] : [8, 32, 128];
  const out: string[] = [
    "sliced-Wasserstein JKO step, 2D Fokker–Planck (τ = 0.1, tol 1e-5), median of 5 steps",
    "  model       N     L   build ms   ms/step   evals/step   ns/(cell·dir·eval)",
  ];
  for (const model of ["segments", "points"] as SliceModel[]) {
    for (const N of sizes) {
      for (const L of counts) {
        const r = slicedJkoCost(model, N, L);
        out.push(
          `  ${model.padEnd(9)} ${String(N).padStart(4)} ${String(L).padStart(5)} ${r.buildMs
            .toFixed(1)
            .padStart(10)} ${r.msPerStep.toFixed(1).padStart(9)} ${r.evalsPerStep
            .toFixed(1)
            .padStart(12)} ${r.nsPerCellDirection.toFixed(1).padStart(20)}`,
        );
      }
    }
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}

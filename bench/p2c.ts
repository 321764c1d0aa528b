/**
 * Benchmark P2c (issue 12): the porous-medium equation ∂ρ/∂t = Δρ² on [−1.9, 1.9]², N = 128,
 * no-flux walls, from the Barenblatt profile (m = 2, mass 1) at t0 = 0.5 (exact cell
 * averages) for a time 0.5, compared with the Barenblatt cell averages at t = 1.0. The
 * support radius grows from 1.50 to 1.79: it covers 49 % → 70 % of the box, so unlike P2b
 * (bench/p1p2.ts, support ≤ 20 % of the box) most cells are computed at every stage and
 * the time measures the cost of the nonlinear flux itself.
 *
 * Anchor: py-pde's explicit Euler (numba, one thread) on the same problem with the stability
 * number dt·2·max ρ0/h² ≈ 0.115 of its P2b script (max ρ0 = 0.282, h = 3.8/128: dt ≈ 1.8e-4,
 * ~2780 steps). Its figures are taken by the shared anchor script in the same session; pass
 * them as MF_P2C_ANCHOR="<time s>,<L1>" to fill the ratio columns.
 *
 * Rows as in bench/p1p2.ts (one warm-up run to t_end/20, then the median of 5 runs), plus
 * "cells/stage" (cells whose fluxes the sweep computed, averaged over all stages: the compact
 * ν = 0 sweep visits only the support and its neighbours) and "ns/cell" = time / (cells
 * computed over all stages): the cost per computed cell per stage, sweep and update included.
 *
 * Second block, "P2c m=3": the same box and times with m = 3, ∂ρ/∂t = Δρ³ (Barenblatt m = 3,
 * mass 1, 0.5 → 1.0). Its support radius grows from 1.13 to 1.27 (28 % → 35 % of the box; it
 * fits with a margin of 0.6, but covers less of the box than the m = 2 rows); ψ = 3/2·ρ² is
 * evaluated on the active region only (src/geometry/pointwisePsi.ts, included in "ns/cell")
 * and the sweep is the monotone-ψ one (src/geometry/monotoneSweep.ts). No py-pde anchor.
 *
 * Run alone: `npx tsx bench/p2c.ts`, or `npm run bench -- p2c`.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { GeneralizedEntropy } from "../src/energy/generalizedEntropy.js";
import { Barenblatt } from "../src/exact/index.js";
import { WassersteinGeometry, type WassersteinFlux } from "../src/geometry/wasserstein.js";
import { Grid } from "../src/grid/grid.js";
import { l1Error } from "../src/metrics/errors.js";
import { ExplicitScheme } from "../src/schemes/explicit.js";
import type { RkMethod } from "../src/schemes/rungeKutta.js";
import { median } from "./_stats.js";

interface Variant {
  /** Porous-medium exponent (default 2). */
  m?: 2 | 3;
  flux: WassersteinFlux;
  method: RkMethod;
  /** Fraction of the forward-Euler limit (default 0.9). */
  cfl?: number;
}

const VARIANTS: Variant[] = [
  { flux: "fv2", method: "euler" },
  { flux: "fv2", method: "euler", cfl: 0.8 },
  { flux: "fv2", method: "euler", cfl: 1 },
  { flux: "fv2", method: "heun" },
  { flux: "fv1", method: "euler" },
  { m: 3, flux: "fv2", method: "euler" },
  { m: 3, flux: "fv2", method: "heun" },
];

function fmt(x: number, digits = 2): string {
  return x.toExponential(digits);
}

/**
 * The P2c problem (m = 2; m = 3 for the second block): grid, ρ0 = Barenblatt cell averages at
 * t0 = 0.5, exact ones at 1.0.
 */
export function p2cProblem(m: 2 | 3 = 2): {
  grid: Grid;
  rho0: Float64Array;
  tEnd: number;
  exact: Float64Array;
} {
  const grid = new Grid({ n: [128, 128], lo: [-1.9, -1.9], hi: [1.9, 1.9] });
  const B = new Barenblatt({ dim: 2, m, mass: 1 });
  return { grid, rho0: B.cellAverages(grid, 0.5), tEnd: 0.5, exact: B.cellAverages(grid, 1.0) };
}

function anchor(): { time: number; l1: number } | null {
  const a = process.env.MF_P2C_ANCHOR?.split(",").map(Number);
  return a && a.length === 2 && a.every((x) => x > 0) ? { time: a[0], l1: a[1] } : null;
}

export default async function main(): Promise<void> {
  const problems = { 2: p2cProblem(2), 3: p2cProblem(3) };
  const p = problems[2];
  const anc = anchor();
  const run = (
    v: Variant,
    tEnd: number,
  ): { rho: Float64Array; steps: number; stages: number; cells: number } => {
    const p = problems[v.m ?? 2];
    const geometry = new WassersteinGeometry(new GeneralizedEntropy(p.grid, v.m ?? 2), {
      flux: v.flux,
    });
    const scheme = new ExplicitScheme(geometry, p.grid, { method: v.method, cfl: v.cfl ?? 0.9 });
    const rho = p.rho0.slice();
    let t = 0;
    while (t < tEnd * (1 - 1e-14)) t += scheme.step(rho, tEnd - t);
    const stages = (scheme.steps + scheme.restarts) * scheme.method.a.length;
    return { rho, steps: scheme.steps, stages, cells: geometry.sweptCells };
  };
  process.stdout.write(
    `\nP2c 2D PME N=128 [−1.9,1.9]², Barenblatt 0.5 → 1.0: ${p.grid.size} cells, t_end = ${p.tEnd}; ` +
      (anc
        ? `anchor py-pde L1 ${fmt(anc.l1, 1)} in ${anc.time} s\n`
        : "anchor: set MF_P2C_ANCHOR\n"),
  );
  process.stdout.write(
    `${"scheme".padEnd(18)}${"steps".padStart(7)}${"time s".padStart(9)}${"cell-upd/s".padStart(12)}` +
      `${"cells/stage".padStart(12)}${"ns/cell".padStart(9)}${"L1".padStart(11)}` +
      `${"L1/anchor".padStart(11)}${"t-ratio".padStart(9)}  time-to-accuracy\n`,
  );
  for (const v of VARIANTS) {
    const m = v.m ?? 2;
    if (m === 3 && v === VARIANTS.find((u) => u.m === 3)) {
      process.stdout.write(`P2c m=3 (Δρ³, Barenblatt m = 3 0.5 → 1.0, no anchor)\n`);
    }
    const label = `${v.flux}/${v.method}${v.cfl ? ` cfl=${v.cfl}` : ""}`;
    run(v, p.tEnd / 20); // warm-up
    const times: number[] = [];
    let last = run(v, 0);
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      last = run(v, p.tEnd);
      times.push((performance.now() - t0) / 1000);
    }
    const time = median(times);
    const l1 = l1Error(p.grid, last.rho, problems[m].exact);
    const perCell = (time * 1e9) / last.cells;
    let ratios = `${"–".padStart(11)}${"–".padStart(9)}  –`;
    if (anc && m === 2) {
      const tRatio = time / anc.time;
      const tta =
        l1 <= anc.l1
          ? `${tRatio.toFixed(2)}${tRatio <= 1 ? " (meets target)" : " (slower)"}`
          : "miss (L1 > anchor)";
      ratios = `${(l1 / anc.l1).toFixed(2).padStart(11)}${tRatio.toFixed(2).padStart(9)}  ${tta}`;
    }
    process.stdout.write(
      `${label.padEnd(18)}${String(last.steps).padStart(7)}${time.toFixed(3).padStart(9)}` +
        `${fmt((last.steps * p.grid.size) / time).padStart(12)}` +
        `${Math.round(last.cells / last.stages)
          .toString()
          .padStart(12)}${perCell.toFixed(2).padStart(9)}${fmt(l1).padStart(11)}${ratios}\n`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}

/**
 * Radial grids (docs/radial.md) on the porous-medium cases of Fan, Zhang, Taghvaei & Chen,
 * "Variational Wasserstein gradient flow" (ICML 2022): ∂ρ/∂t = Δρ² (m = 2) from the Barenblatt
 * profile at t0 = 10⁻³ whose support radius is 0.4 (d = 3) or 0.6 (d = 6) — masses 0.85786…
 * and 0.67811… — for 0.025 time units (50 of their JKO steps of 5·10⁻⁴), to Barenblatt time
 * 0.026 (radius 0.767 and 0.902). All runs: fv2 (mc) + Heun at cfl 0.9, adaptive
 * positivity-limited steps; L1 = Σ|ρ_i − exact average_i|·|cell| against the exact averages
 * of the Barenblatt profile at 0.026 (shells on radial grids, cubes on the Cartesian one).
 *
 * Rows:
 * - d = 6, radial, n = 1024 on [0, 1] (the figure), and n = 256 (the scenario
 *   barenblatt-radial-6d);
 * - d = 3, the same problem three ways: the 3D Cartesian grid 64³ on [−1, 1]³ (h = 1/32, the
 *   box just holding the final support), the radial grid at the same h (32 shells on [0, 1])
 *   and the radial grid at n = 1024.
 * Compared: wall time of the time stepping alone (initial and exact averages excluded), steps,
 * L1 at the final time, mass drift. One run each (the long rows take tens of seconds).
 *
 * Run alone: `npx tsx bench/radial.ts [--quick]` (--quick skips the two n = 1024 rows), or
 * `npm run bench -- radial`.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { GeneralizedEntropy } from "../src/energy/generalizedEntropy.js";
import { Barenblatt, radialPowerMoment } from "../src/exact/barenblatt.js";
import { wassersteinFor } from "../src/geometry/wassersteinFor.js";
import { mass } from "../src/grid/density.js";
import { Grid } from "../src/grid/grid.js";
import { l1Error } from "../src/metrics/errors.js";
import { ExplicitScheme } from "../src/schemes/explicit.js";

const M_EXP = 2;
const T0 = 1e-3;
const T_END = 0.025;

/** The Barenblatt profile of the seed case in d (support radius R0 at t0). */
function seedProfile(d: number): Barenblatt {
  const R0 = d === 3 ? 0.4 : 0.6;
  const alpha = d / (d * (M_EXP - 1) + 2);
  const k = (alpha * (M_EXP - 1)) / (2 * M_EXP * d);
  const C = k * R0 * R0 * T0 ** ((-2 * alpha) / d);
  return new Barenblatt({ dim: d, m: M_EXP, mass: radialPowerMoment(d, 0, 1, C, k) });
}

interface Row {
  what: string;
  cells: number;
  steps: number;
  seconds: number;
  l1: number;
  drift: number;
}

function run(what: string, grid: Grid, B: Barenblatt): Row {
  const rho = B.cellAverages(grid, T0);
  const m0 = mass(grid, rho);
  const scheme = new ExplicitScheme(
    wassersteinFor(new GeneralizedEntropy(grid, M_EXP), { flux: "fv2" }),
    grid,
    { method: "heun", cfl: 0.9 },
  );
  const start = performance.now();
  let t = 0;
  while (t < T_END * (1 - 1e-14)) t += scheme.step(rho, T_END - t);
  const seconds = (performance.now() - start) / 1000;
  return {
    what,
    cells: grid.size,
    steps: scheme.steps,
    seconds,
    l1: l1Error(grid, rho, B.cellAverages(grid, T0 + T_END)),
    drift: mass(grid, rho) / m0 - 1,
  };
}

export default async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const B6 = seedProfile(6);
  const B3 = seedProfile(3);
  const radial = (d: number, n: number) =>
    new Grid({ n: [n], lo: [0], hi: [1], radial: { dim: d } });
  const rows: Row[] = [];
  const push = (r: Row) => {
    rows.push(r);
    process.stdout.write(`  done: ${r.what} (${r.seconds.toFixed(1)} s)\n`);
  };
  if (!quick) push(run("d=6 radial n=1024", radial(6, 1024), B6));
  push(run("d=6 radial n=256", radial(6, 256), B6));
  push(
    run(
      "d=3 Cartesian 64³ [−1,1]³",
      new Grid({ n: [64, 64, 64], lo: [-1, -1, -1], hi: [1, 1, 1] }),
      B3,
    ),
  );
  push(run("d=3 radial n=32 (same h)", radial(3, 32), B3));
  if (!quick) push(run("d=3 radial n=1024", radial(3, 1024), B3));
  const header = ["run", "cells", "steps", "time s", "L1", "mass drift"];
  const table = rows.map((r) => [
    r.what,
    String(r.cells),
    String(r.steps),
    r.seconds.toFixed(2),
    r.l1.toExponential(3),
    r.drift.toExponential(1),
  ]);
  const w = header.map((h, k) => Math.max(h.length, ...table.map((r) => r[k].length)));
  const line = (r: string[]): string => r.map((v, k) => v.padStart(w[k])).join("  ");
  process.stdout.write(
    `Barenblatt m = 2 (Fan et al. 2022 cases), t0 = 1e-3 → 0.026, fv2 + Heun, one run each\n` +
      `masses: d = 3 ${B3.mass.toPrecision(10)}, d = 6 ${B6.mass.toPrecision(10)}\n` +
      `${line(header)}\n${table.map(line).join("\n")}\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}

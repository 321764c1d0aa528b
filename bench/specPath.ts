/**
 * The cost of building a run from a problem spec instead of by hand: the same P1 and P2b
 * problems (bench/p1p2.ts) stepped by the scheme that `buildProblem` makes from a spec
 * (validateSpec → registries → the same geometry and scheme classes) and by the classes
 * constructed directly. The step loops are the same closed-form code, so the two times
 * must agree within run-to-run noise; the build (validation, cell averages, formulas)
 * is reported separately.
 *
 * Run alone: `npx tsx bench/specPath.ts`, or `npm run bench -- specPath`.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { GeneralizedEntropy } from "../src/energy/generalizedEntropy.js";
import { RelativeEntropy } from "../src/energy/kl.js";
import { Barenblatt, Gaussian } from "../src/exact/index.js";
import { WassersteinGeometry } from "../src/geometry/wasserstein.js";
import { Grid } from "../src/grid/grid.js";
import { buildProblem, validateSpec } from "../src/problem/index.js";
import { ExplicitScheme } from "../src/schemes/explicit.js";
import type { Scheme } from "../src/schemes/scheme.js";

const P1 = {
  grid: { n: [128, 128], lo: [-5, -5], hi: [5, 5] },
  initial: { kind: "gaussian", mean: [1, 0], cov: 0.5 },
  energy: [{ kind: "kl", V: { kind: "quadratic", A: [[1, 0], [0, 1]] } }],
  geometry: { kind: "wasserstein" },
  scheme: { kind: "fv", flux: "sg", method: "euler" },
  output: { tEnd: 0.5, snapshots: 2 },
}; // prettier-ignore

const P2B = {
  grid: { n: [128, 128], lo: [-3, -3], hi: [3, 3] },
  initial: { kind: "barenblatt", m: 2, t0: 0.1 },
  energy: [{ kind: "generalized-entropy", m: 2 }],
  geometry: { kind: "wasserstein" },
  scheme: { kind: "fv", flux: "fv2", method: "heun" },
  output: { tEnd: 0.4, snapshots: 2 },
};

interface Built {
  grid: Grid;
  rho0: Float64Array;
  scheme: () => Scheme;
}

function direct(which: "P1" | "P2b"): Built {
  if (which === "P1") {
    const grid = new Grid({ n: [128, 128], lo: [-5, -5], hi: [5, 5] });
    const rho0 = new Gaussian([1, 0], 0.5).cellAverages(grid);
    const energy = new RelativeEntropy(grid, (x) => 0.5 * (x[0] * x[0] + x[1] * x[1]));
    const geo = () => new WassersteinGeometry(energy, { flux: "sg", limiter: "mc" });
    return {
      grid,
      rho0,
      scheme: () => new ExplicitScheme(geo(), grid, { method: "euler", cfl: 0.9 }),
    };
  }
  const grid = new Grid({ n: [128, 128], lo: [-3, -3], hi: [3, 3] });
  const rho0 = new Barenblatt({ dim: 2, m: 2 }).cellAverages(grid, 0.1);
  const energy = new GeneralizedEntropy(grid, 2);
  const geo = () => new WassersteinGeometry(energy, { flux: "fv2", limiter: "mc" });
  return {
    grid,
    rho0,
    scheme: () => new ExplicitScheme(geo(), grid, { method: "heun", cfl: 0.9 }),
  };
}

function fromSpec(raw: object): Built & { buildSeconds: number } {
  const t0 = performance.now();
  const spec = validateSpec(raw);
  const p = buildProblem(spec);
  const buildSeconds = (performance.now() - t0) / 1000;
  return { grid: p.grid, rho0: p.rho0, scheme: () => buildProblem(spec).scheme, buildSeconds };
}

function timeRun(b: Built, tEnd: number): { seconds: number; steps: number } {
  const scheme = b.scheme();
  const rho = b.rho0.slice();
  const t0 = performance.now();
  let t = 0;
  let steps = 0;
  while (t < tEnd * (1 - 1e-14)) {
    t += scheme.step(rho, tEnd - t);
    steps++;
  }
  return { seconds: (performance.now() - t0) / 1000, steps };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

export default function main(): void {
  const rows: string[][] = [["problem", "path", "build s", "steps", "median run s", "ratio"]];
  for (const [id, raw, tEnd] of [
    ["P1", P1, 0.5],
    ["P2b", P2B, 0.4],
  ] as const) {
    const d = direct(id);
    const s = fromSpec(raw);
    timeRun(d, tEnd / 20);
    timeRun(s, tEnd / 20);
    const td: number[] = [];
    const ts: number[] = [];
    let steps = 0;
    for (let k = 0; k < 5; k++) {
      // Interleaved, so that both paths see the same machine state.
      td.push(timeRun(d, tEnd).seconds);
      const r = timeRun(s, tEnd);
      ts.push(r.seconds);
      steps = r.steps;
    }
    const md = median(td);
    const ms = median(ts);
    rows.push([id, "direct", "-", String(steps), md.toFixed(4), "1"]);
    rows.push([
      id,
      "spec",
      s.buildSeconds.toFixed(3),
      String(steps),
      ms.toFixed(4),
      (ms / md).toFixed(3),
    ]);
  }
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  for (const r of rows) console.log(r.map((c, j) => c.padEnd(widths[j])).join("  "));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main();

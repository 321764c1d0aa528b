import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Grid } from "../../src/grid/grid.js";
import { multiscaleSinkhorn } from "../../src/ot/multiscaleSinkhorn.js";
import { runCli } from "../cliHarness.js";
import {
  readJson,
  type DensityFile,
  type RunSummary,
  type RunTrace,
} from "../../src/run/summary.js";

/**
 * Issue 8's acceptance, from the command line alone: each problem is a spec file written
 * here and varied with `--set`, run in process through `main(argv, io)` (the `measureflow`
 * entry). Grids are coarse; every bound is a measured figure with a margin, stated beside it.
 */

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const dir = mkdtempSync(join(tmpdir(), "mf-accept-"));
made.push(dir);

const cli = (argv: string[]) => runCli(argv);

/** Writes a spec file and returns its path. */
function specFile(name: string, spec: Record<string, unknown>): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(spec, null, 2));
  return file;
}

/** `measureflow run <file> --out <dir>/<out> [args]`; returns the run folder's files. */
async function run(file: string, out: string, args: string[] = []) {
  const root = join(dir, out);
  const r = await cli(["run", file, "--out", root, ...args]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const name = /^([a-z0-9-]+): ok/.exec(r.stdout)![1];
  const folder = join(root, name);
  return {
    folder,
    summary: readJson<RunSummary>(join(folder, "summary.json")),
    trace: readJson<RunTrace>(join(folder, "trace.json")),
    density: () => readJson<DensityFile>(join(folder, "density.json")),
  };
}

const set = (path: string, value: unknown): string[] => [
  "--set",
  `${path}=${typeof value === "string" ? value : JSON.stringify(value)}`,
];

describe("acceptance: problems as data from the CLI", () => {
  it("porous medium, m = 1.5 and 3, d = 1, 2, 3, from a Barenblatt at t0 on an off-centre box, vs Barenblatt", async () => {
    const file = specFile("porous", {
      name: "porous",
      grid: { n: [64], lo: [-1.5], hi: [2.5] },
      initial: { kind: "barenblatt", m: 2, t0: 0.1, center: [0.5] },
      energy: [{ kind: "generalized-entropy", m: 2 }],
      geometry: { kind: "wasserstein" },
      scheme: { kind: "fv", flux: "fv2" },
      output: { tEnd: 0.1, snapshots: 2 },
      exact: { kind: "barenblatt" },
    });
    // L1 errors at t = 0.1 (Barenblatt time 0.05 → 0.15) measured with fv2/ssprk3 on
    // 64 | 32² | 16³ cells of [−1.5, 2.5]^d, centre 0.5 (support radius ≤ 1.4 < 2: no wall):
    // m = 1.5: 8.27e-4, 3.99e-3, 1.46e-2; m = 3: 1.08e-3, 6.11e-3, 3.84e-2. Bounds: ×1.5.
    const measured: Record<string, number[]> = {
      "1.5": [8.27e-4, 3.99e-3, 1.46e-2],
      "3": [1.08e-3, 6.11e-3, 3.84e-2],
    };
    const cells = [64, 32, 16];
    for (const m of [1.5, 3]) {
      for (const d of [1, 2, 3]) {
        const r = await run(file, `porous-${m}-${d}`, [
          ...set("energy[0].m", m),
          ...set("initial.m", m),
          ...set("initial.t0", 0.05),
          ...set("grid.n", Array(d).fill(cells[d - 1])),
          ...set("grid.lo", Array(d).fill(-1.5)),
          ...set("grid.hi", Array(d).fill(2.5)),
          ...set("initial.center", Array(d).fill(0.5)),
        ]);
        const s = r.summary;
        expect(s.grid!.dim).toBe(d);
        expect((s.spec.initial as { m: number }).m).toBe(m);
        expect(s.metrics!.massDrift!).toBeLessThan(1e-12);
        expect(s.metrics!.energy.monotone).toBe(true);
        expect(s.metrics!.l1!, `m = ${m}, d = ${d}`).toBeLessThan(1.5 * measured[String(m)][d - 1]);
      }
    }
  }, 30_000);

  it("Fokker–Planck with a user SPD A and centre from a Gaussian, vs Ornstein–Uhlenbeck (order 2 in h)", async () => {
    const I = [
      [1, 0],
      [0, 1],
    ];
    const file = specFile("fokker-planck", {
      name: "fokker-planck",
      grid: { n: [32, 32], lo: [-4, -4], hi: [4, 4] },
      initial: { kind: "gaussian", mean: [0, 0], cov: I },
      energy: [{ kind: "entropy" }, { kind: "potential", V: { kind: "quadratic", A: I } }],
      geometry: { kind: "wasserstein" },
      scheme: { kind: "fv", flux: "fv2" },
      output: { tEnd: 0.5, snapshots: 3 },
      exact: { kind: "ornstein-uhlenbeck", A: I },
    });
    const A = [
      [1.5, 0.6],
      [0.6, 0.8],
    ];
    const c = [0.4, -0.3];
    const args = [
      ...set("energy[1].V.A", A),
      ...set("energy[1].V.center", c),
      ...set("exact.A", A),
      ...set("exact.center", c),
      ...set("initial.mean", [-1, 0.8]),
      ...set("initial.cov", [
        [0.4, 0.1],
        [0.1, 0.3],
      ]),
    ];
    const coarse = await run(file, "fp-32", args);
    const fine = await run(file, "fp-64", [...args, ...set("grid.n", [64, 64])]);
    const e32 = coarse.summary.metrics!.l1!;
    const e64 = fine.summary.metrics!.l1!;
    // Measured: L1 9.04e-3 (32²), 2.26e-3 (64²): order log2(4.00) = 2.00, fv2's order.
    expect(e32).toBeLessThan(1.2 * 9.04e-3);
    expect(e64).toBeLessThan(1.2 * 2.26e-3);
    expect(Math.log2(e32 / e64)).toBeGreaterThan(1.8);
    expect((fine.summary.spec.exact as { center: number[] }).center).toEqual(c);
  }, 20_000);

  it("a double-well potential given as an expression: mass kept, energy monotone, ρ → e^{−V}/Z", async () => {
    const file = specFile("double-well", {
      name: "double-well",
      grid: { n: [64], lo: [-2.5], hi: [2.5] },
      initial: { kind: "gaussian", mean: [0.6], cov: [[0.1]] },
      energy: [{ kind: "kl", V: { kind: "expression", expr: "x^2/2" } }],
      geometry: { kind: "wasserstein" },
      scheme: { kind: "fv", flux: "fv2" },
      output: { tEnd: 8, snapshots: 5, spacing: "geometric" },
    });
    const r = await run(file, "double-well", [
      ...set("energy[0].V.expr", "(x^2 - 1)^2"),
      "--save-density",
    ]);
    const m = r.summary.metrics!;
    // Measured mass drift 1.8e-13 over 2965 steps (rounding).
    expect(m.massDrift!).toBeLessThan(1e-11);
    expect(m.energy.monotone).toBe(true);
    // F = KL(ρ‖π), π = e^{−V}/Z on the grid: measured 0.866, 0.162, 0.031, 1.26e-3, 2.1e-6
    // at t = 0, 0.53, 1.6, 3.7, 8 (exponential decay to the stationary state).
    const energies = r.trace.outputs.map((o) => o.energy!);
    for (let k = 1; k < energies.length; k++) expect(energies[k]).toBeLessThan(energies[k - 1]);
    expect(energies[energies.length - 1]).toBeLessThan(1e-5);
    // Distance to e^{−V}/Z sampled at cell centres: measured L1 2.0e-3 (the O(h²) difference
    // between the scheme's discrete stationary state and the sampled one; h = 5/64).
    const d = r.density();
    const grid = new Grid({ n: d.grid.n, lo: d.grid.lo, hi: d.grid.hi });
    const x = (i: number) => grid.lo[0] + (i + 0.5) * grid.h[0];
    const gibbs = d.density.map((_, i) => Math.exp(-((x(i) ** 2 - 1) ** 2)));
    const Z = gibbs.reduce((a, b) => a + b, 0) * grid.h[0];
    const l1 = d.density.reduce((s, v, i) => s + Math.abs(v - gibbs[i] / Z), 0) * grid.h[0];
    expect(l1).toBeLessThan(4e-3);
  }, 20_000);

  it("aggregation–diffusion in 3D (coarse) reaches its steady state", async () => {
    const file = specFile("aggregation-3d", {
      name: "aggregation-3d",
      grid: { n: [16, 16, 16], lo: [-1.6, -1.6, -1.6], hi: [1.6, 1.6, 1.6] },
      initial: { kind: "gaussian", mean: [0, 0, 0], cov: 0.2 },
      energy: [
        { kind: "entropy", weight: 0.1 },
        { kind: "interaction", kernel: { kind: "power-law", a: 4, b: 2 } },
      ],
      geometry: { kind: "wasserstein" },
      scheme: { kind: "fv", flux: "fv2" },
      output: { tEnd: 2, snapshots: 3 },
      exact: { kind: "aggregation-steady-state" },
    });
    const r = await run(file, "aggregation-3d");
    const m = r.summary.metrics!;
    expect(r.summary.grid!.dim).toBe(3);
    expect(m.massDrift!).toBeLessThan(1e-12);
    expect(m.energy.monotone).toBe(true);
    // L1 to ρ∞ ∝ exp(−(|x|⁴/4 + c|x|²)/ν), ν = 0.1: measured 0.286 at t = 0, 0.0243 at
    // t = 1.14 and after (the 16³ grid's distance to the exact steady state).
    const l1 = r.trace.outputs.map((o) => o.l1!);
    expect(l1[0]).toBeGreaterThan(0.25);
    expect(l1[l1.length - 1]).toBeLessThan(0.03);
  }, 20_000);

  it("a run continued from an earlier run's density.json ends at the uninterrupted run's density", async () => {
    const file = specFile("restart", {
      name: "restart",
      grid: { n: [64], lo: [-4], hi: [4] },
      initial: { kind: "gaussian", mean: [0.5], cov: [[0.3]] },
      energy: [{ kind: "entropy" }, { kind: "potential", V: { kind: "quadratic", A: [[2]] } }],
      geometry: { kind: "wasserstein" },
      scheme: { kind: "fv", flux: "fv2", dt: 0.002 },
      output: { tEnd: 0.2, snapshots: 3 },
    });
    const whole = await run(file, "whole", ["--save-density"]);
    const half = ["--save-density", ...set("output.tEnd", 0.1), ...set("output.snapshots", 2)];
    const first = await run(file, "first", half);
    const firstFile = join(first.folder, "density.json");
    const second = await run(file, "second", [
      ...half,
      ...set("initial", { kind: "file", path: firstFile }),
    ]);
    expect(whole.summary.steps).toBe(100);
    expect(first.summary.steps + second.summary.steps).toBe(100);
    const a = whole.density();
    const b = second.density();
    expect(b.massInitial).toBeCloseTo(first.density().mass, 14);
    expect((b.spec.initial as { kind: string }).kind).toBe("file");
    let diff = 0;
    let norm = 0;
    a.density.forEach((v, i) => {
      diff += Math.abs(v - b.density[i]);
      norm += Math.abs(v);
    });
    // Same steps with the same dt: measured relative L1 6e-18 (the last step of each half
    // differs from dt by rounding of t).
    expect(diff / norm).toBeLessThan(1e-12);
  }, 20_000);

  it("`measureflow ot --json` equals the API's cost to 1e-12", async () => {
    const file = specFile("ot-pair", {
      name: "ot-pair",
      // Wide enough that both Gaussians have mass 1 to 1e-10 (the cost needs equal masses).
      grid: { n: [96], lo: [-6], hi: [6] },
      initial: { kind: "gaussian", mean: [-1], cov: [[0.3]] },
      energy: [{ kind: "entropy" }],
      geometry: { kind: "wasserstein" },
      scheme: { kind: "fv", flux: "fv2" },
      output: { tEnd: 0.05, snapshots: 2 },
    });
    const a = await run(file, "ot-a", ["--save-density"]);
    const b = await run(file, "ot-b", ["--save-density", ...set("initial.mean", [1.2])]);
    const fa = join(a.folder, "density.json");
    const fb = join(b.folder, "density.json");
    const eps = 0.02;
    const r = await cli(["ot", fa, fb, "--eps", String(eps), "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { cost: number; divergence: number; eps: number };
    const da = a.density();
    const grid = new Grid({ n: da.grid.n, lo: da.grid.lo, hi: da.grid.hi });
    const masses = (d: DensityFile) => Float64Array.from(d.density, (v) => v * grid.cellVolume);
    const api = multiscaleSinkhorn(grid, masses(da), masses(b.density()), eps, {
      tol: 1e-9,
      omega: "auto",
    });
    expect(out.eps).toBe(eps);
    expect(Math.abs(out.cost - api.transportCost) / api.transportCost).toBeLessThan(1e-12);
    // Means −1 and 1.2 (variances equal): S_ε ≈ W₂² = 2.2² = 4.84.
    expect(out.divergence).toBeGreaterThan(4.6);
    expect(out.divergence).toBeLessThan(5.0);
  }, 20_000);
});

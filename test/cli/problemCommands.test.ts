import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../cliHarness.js";
import { formatJson } from "../../src/run/commands/spec.js";
import { listScenarios } from "../../src/run/registry.js";
import { readJson, type DensityFile, type RunSummary } from "../../src/run/summary.js";

/** `measureflow run <spec.json>`, `spec`, `describe`, `ot` and the self-describing density.json. */

const scenariosDir = fileURLToPath(new URL("../run/fixtures/scenarios/", import.meta.url));

/** `scenarios` null: the repository's scenarios/. */
const cli = (argv: string[], scenarios: string | null = scenariosDir) =>
  runCli(argv, scenarios ?? undefined);

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const dir = mkdtempSync(join(tmpdir(), "mf-cli-problem-"));
made.push(dir);

/** 1D heat from a Gaussian on 32 cells (a few ms per run). */
const HEAT = {
  name: "heat-spec",
  grid: { n: [32], lo: [-5], hi: [5] },
  initial: { kind: "gaussian", mean: [0.25], cov: [[0.4]] },
  energy: [{ kind: "entropy" }],
  geometry: { kind: "wasserstein" },
  scheme: { kind: "fv", flux: "fv2" },
  output: { tEnd: 0.1, snapshots: 3 },
  exact: { kind: "heat" },
};
const heatFile = join(dir, "heat.json");
writeFileSync(heatFile, JSON.stringify(HEAT));

describe("measureflow run <spec.json>", () => {
  it("checks the spec's thresholds: exit 0 when they hold, 1 (files complete) when one fails", async () => {
    const out = join(dir, "out-checks");
    // 32 cells, fv2: L1 ≈ 7e-3 at t = 0.1, so 1e-1 holds and 1e-8 cannot.
    const ok = await cli(["run", heatFile, "--out", out, "--set", 'checks={"l1":0.1}']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/checks: l1 [\d.e-]+ ≤ 0\.1 ✓/);
    const bad = await cli(["run", heatFile, "--out", out, "--set", "checks.l1=1e-8"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/error: 1 of 1 failed: l1 [\d.e-]+ ≤ 1\.000e-8 ✗/);
    const s = readJson<RunSummary>(join(out, "heat-spec", "summary.json"));
    expect(s.status).toBe("ok");
    expect(s.checks).toEqual([{ name: "l1", value: s.metrics!.l1, threshold: 1e-8, pass: false }]);
  });

  it("a --set that changes the problem drops the spec's L1 threshold, not the others", async () => {
    const file = join(dir, "heat-checked.json");
    writeFileSync(file, JSON.stringify({ ...HEAT, checks: { l1: 1e-8, massDrift: 1e-11 } }));
    const out = join(dir, "out-stale");
    expect((await cli(["run", file, "--out", out])).code).toBe(1); // 1e-8 cannot hold
    const r = await cli(["run", file, "--out", out, "--set", "grid.n=[40]"]);
    expect(r.code).toBe(0);
    const s = readJson<RunSummary>(join(out, "heat-spec", "summary.json"));
    expect(s.checks!.map((c) => c.name)).toEqual(["massDrift"]);
    // Presentation fields and the number of snapshots leave the threshold in force.
    const kept = await cli(["run", file, "--out", out, "--set", "output.snapshots=4"]);
    expect(kept.code).toBe(1);
  });

  it("runs a spec file, with --set applied before validation, and records the spec", async () => {
    const out = join(dir, "out");
    const r = await cli([
      "run",
      heatFile,
      "--out",
      out,
      "--set",
      "grid.n=[48]",
      "--set",
      "scheme.flux=sg",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // method "auto" follows the flux: sg on a Wasserstein geometry steps with Euler.
    expect(r.stdout).toMatch(/^heat-spec: ok {2}\(sg\/euler, n = 48, t-end = 0\.1, \d+ steps, /);
    const s = readJson<RunSummary>(join(out, "heat-spec", "summary.json"));
    expect(s.grid!.n).toEqual([48]);
    expect(s.spec).toMatchObject({ grid: { n: [48] }, scheme: { kind: "fv", flux: "sg" } });
    // Heat from a Gaussian with sg/Euler on 48 cells (6 steps): measured L1 4.21e-3 (2.76e-3
    // with SSP-RK3: at this coarse step Euler's O(dt) is the larger error); bound 1.2×.
    expect(s.metrics!.l1!).toBeLessThan(5e-3);
  });

  it("--set on a TypeScript scenario without a spec is refused", async () => {
    const r = await cli(["run", "fake-heat", "--set", "grid.n=[64]"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: --set grid.n=[64]: scenario fake-heat is a TypeScript scenario without a problem spec; --set applies to spec files and spec scenarios (see measureflow list)\n",
    );
  });

  it("density.json is self-describing: mass, initial mass, scheme, spec, wall time, t", async () => {
    const out = join(dir, "dens");
    const r = await cli(["run", heatFile, "--out", out, "--save-density"]);
    expect(r.code).toBe(0);
    const d = readJson<DensityFile>(join(out, "heat-spec", "density.json"));
    expect(d.format).toBe("measureflow-density/1");
    expect(d.name).toBe("heat-spec");
    expect(d.t).toBe(0.1);
    expect(d.grid).toEqual({ lo: [-5], hi: [5], n: [32], boundary: ["noflux"] });
    expect(d.scheme).toMatch(/^wasserstein-fv2/);
    expect(d.energy).toBe("entropy");
    expect(d.steps).toBeGreaterThan(0);
    expect(d.wallSeconds).toBeGreaterThan(0);
    expect(d.spec).toMatchObject({
      initial: { kind: "gaussian", mean: [0.25] },
      exact: { kind: "heat" },
    });
    // The Gaussian's mass inside [−5, 5] is 1 − 4e-15; the heat flow keeps it (no-flux walls).
    expect(d.massInitial).toBeCloseTo(1, 12);
    expect(Math.abs(d.mass - d.massInitial)).toBeLessThan(1e-13);
    expect(d.density).toHaveLength(32);
    // The next run starts from it: initial kind "file" reads grid and density.
    const next = await cli([
      "run",
      heatFile,
      "--out",
      join(dir, "next"),
      "--set",
      `initial={"kind":"file","path":${JSON.stringify(join(out, "heat-spec", "density.json"))}}`,
      "--set",
      "exact=none",
    ]);
    expect(next.stderr).toBe("");
    expect(next.code).toBe(0);
  });
});

describe("measureflow spec", () => {
  it("prints the validated spec with defaults, which runs as it is", async () => {
    const r = await cli(["spec", heatFile, "--set", "grid.n=[40]", "--t-end", "0.05"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\n    "n": [40],\n');
    const spec = JSON.parse(r.stdout) as Record<string, Record<string, unknown>>;
    expect(spec.output).toEqual({ tEnd: 0.05, snapshots: 3, spacing: "linear" });
    expect(spec.scheme).toEqual({
      kind: "fv",
      flux: "fv2",
      limiter: "mc",
      method: "auto",
      cfl: 0.9,
    });
    expect(spec.initial.mass).toBe(1);
    // Printed, saved and run again: the same problem as the options gave.
    const file = join(dir, "printed.json");
    writeFileSync(file, r.stdout);
    const again = await cli(["spec", file]);
    expect(again.stdout).toBe(r.stdout);
    const a = await cli(["run", file, "--out", join(dir, "sa")]);
    const b = await cli([
      "run",
      heatFile,
      "--out",
      join(dir, "sb"),
      "--set",
      "grid.n=[40]",
      "--t-end",
      "0.05",
    ]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const la = readJson<RunSummary>(join(dir, "sa", "heat-spec", "summary.json")).metrics!.l1;
    const lb = readJson<RunSummary>(join(dir, "sb", "heat-spec", "summary.json")).metrics!.l1;
    expect(la).toBe(lb);
  });

  it("prints every gallery scenario as a spec that reads back to itself", async () => {
    const names = listScenarios();
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      const r = await cli(["spec", name], null);
      expect(r.stderr, name).toBe("");
      const file = join(dir, `${name}.json`);
      writeFileSync(file, r.stdout);
      expect((await cli(["spec", file])).stdout, name).toBe(r.stdout);
    }
  });

  it("formats JSON with short lists inline and long strings whole", () => {
    const v = {
      a: "x".repeat(120),
      n: [64, 64],
      m: [
        [1, 0],
        [0, 1],
      ],
      o: {},
      l: [],
      s: [{ k: 1 }],
    };
    const text = formatJson(v);
    expect(JSON.parse(text)).toEqual(v);
    expect(text).toBe(
      `{\n  "a": "${"x".repeat(120)}",\n  "n": [64, 64],\n  "m": [[1, 0], [0, 1]],\n  "o": {},\n  "l": [],\n  "s": [\n    {\n      "k": 1\n    }\n  ]\n}`,
    );
  });

  it("refuses TypeScript scenarios without a spec and unknown targets", async () => {
    const a = await cli(["spec", "fake-heat"]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(
      /^error: spec: scenario fake-heat is a TypeScript scenario without a problem spec/,
    );
    const b = await cli(["spec"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^error: spec: needs a scenario name or a spec file/);
  });
});

describe("measureflow describe", () => {
  it("lists the registries, one registry's kinds, and one kind's parameters", async () => {
    const all = await cli(["describe"]);
    expect(all.code).toBe(0);
    for (const r of [
      "energy",
      "geometry",
      "scheme",
      "initial",
      "exact",
      "potential",
      "kernel",
      "observable",
    ]) {
      expect(all.stdout).toMatch(new RegExp(`^${r} — `, "m"));
    }
    const energy = await cli(["describe", "energy"]);
    expect(energy.stdout).toMatch(/^ {2}generalized-entropy +generalized entropy 1\/\(m−1\)∫ρ\^m/m);
    const entry = await cli(["describe", "energy", "generalized-entropy"]);
    expect(entry.code).toBe(0);
    expect(entry.stdout).toMatch(/^ {2}m +number +> 1 +required +exponent m > 1/m);
    expect(entry.stdout).toMatch(/^ {2}weight +number +> 0 +1 +weight of the term/m);
    const scheme = await cli(["describe", "scheme", "jko"]);
    expect(scheme.stdout).toContain("steps the geometries: wasserstein");
  });

  it("names what is allowed for an unknown registry or kind", async () => {
    const a = await cli(["describe", "energies"]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(
      /^error: registry: unknown registry 'energies'; allowed: energy, geometry, scheme, initial, exact, potential, kernel, observable\n$/,
    );
    const b = await cli(["describe", "energy", "entropi"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(
      /^error: describe energy: unknown energy term 'entropi' \(did you mean 'entropy'\?\); allowed: entropy, /,
    );
    expect(b.stderr.split("\n")).toHaveLength(2);
  });
});

describe("measureflow ot", () => {
  const density = (name: string, n: number, lo: number, hi: number, f: (x: number) => number) => {
    const h = (hi - lo) / n;
    const d = Array.from({ length: n }, (_, i) => f(lo + (i + 0.5) * h));
    const m = d.reduce((a, b) => a + b, 0) * h;
    const file = join(dir, name);
    writeFileSync(
      file,
      JSON.stringify({ grid: { n: [n], lo: [lo], hi: [hi] }, density: d.map((v) => v / m) }),
    );
    return file;
  };
  const g = (mu: number) => (x: number) => Math.exp(-((x - mu) ** 2) / 0.5);
  const a = density("a.json", 64, -4, 4, g(-0.5));
  const b = density("b.json", 64, -4, 4, g(0.5));
  const c = density("c.json", 32, -4, 4, g(0.5));

  it("prints the transport cost and the Sinkhorn divergence", async () => {
    const r = await cli(["ot", a, b, "--eps", "0.01"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^entropic OT .*a\.json → .*b\.json {2}\(grid 64 on \[-4, 4\], ε = 0\.01, mass 1\)\n/,
    );
    expect(r.stdout).toMatch(
      /\n {2}transport cost <C,P> +1\.00\d+\n {2}Sinkhorn divergence +(1|0\.99\d+)\n/,
    );
    const j = await cli(["ot", a, b, "--eps", "0.01", "--json"]);
    const o = JSON.parse(j.stdout) as Record<string, unknown>;
    expect(Object.keys(o)).toEqual(
      expect.arrayContaining(["cost", "divergence", "eps", "iterations", "kernel", "grid"]),
    );
    // Equal Gaussians shifted by 1: S_ε = W₂² = 1 for a translation (the debiasing removes
    // the ε-blur); the cost ⟨C,P⟩ carries the blur (measured 1.0047).
    expect(Math.abs((o.divergence as number) - 1)).toBeLessThan(1e-6);
    expect(o.cost as number).toBeGreaterThan(o.divergence as number);
    const self = JSON.parse((await cli(["ot", a, a, "--eps", "0.01", "--json"])).stdout);
    expect(Math.abs(self.divergence)).toBeLessThan(1e-8);
    // at tol 1e-6 and ε = 0.5 the final solves start in f32 (at ε = 0.01 the scalings do not
    // fit f32); --float64: not at all. Both meet the rule, which alone would allow each W_ε to
    // move by ~max C·tol = 64e-6; the f64 iterations after the switch land much closer
    // (measured |ΔS| = 2.0e-9): bound 2e-8
    const loose = ["ot", a, b, "--eps", "0.5", "--json", "--tol", "1e-6"];
    const f = JSON.parse((await cli(loose)).stdout);
    const d = JSON.parse((await cli([...loose, "--float64"])).stdout);
    expect(o.float32Iterations).toBe(0); // tol 1e-9 < 2^-24: double precision throughout
    expect(f.float32Iterations).toBeGreaterThan(0);
    expect(d.float32Iterations).toBe(0);
    expect(Math.abs(d.divergence - f.divergence)).toBeLessThan(2e-8);
  });

  it("completes when over-relaxed Sinkhorn stalls (W_ε(b, b) of N(1, 1.5) on 64 cells, ε = 0.01)", async () => {
    // multiscaleSinkhorn with ω "auto" used to stall at a marginal error 4.8e-2 on this
    // self-transport (a stale column error after falling back to ω = 1; fixed in sinkhorn.ts and
    // scalingSinkhorn.ts): it now converges in one solve (7100 iterations vs 7091 at ω = 1).
    const gv = (mu: number, v: number) => (x: number) => Math.exp(-((x - mu) ** 2) / (2 * v));
    const p = density("p.json", 64, -6, 6, gv(0, 0.9));
    const q = density("q.json", 64, -6, 6, gv(1, 1.5));
    const r = await cli(["ot", p, q, "--eps", "0.01", "--json"]);
    expect(r.stderr).toBe("");
    const o = JSON.parse(r.stdout) as { divergence: number };
    // W₂² between the Gaussians: 1 + (√1.5 − √0.9)² = 1.0762 (cell averaging and ε shift it
    // by ~1e-3: measured 1.0773).
    expect(Math.abs(o.divergence - 1.0762)).toBeLessThan(2e-3);
  }, 20_000);

  it("refuses densities on different grids, naming both, and a missing --eps", async () => {
    const r = await cli(["ot", a, c, "--eps", "0.01"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: ot: ${a} is on the grid n = [64], lo = [-4], hi = [4] but ${c} is on n = [32], lo = [-4], hi = [4]: both densities must be on one grid\n`,
    );
    const e = await cli(["ot", a, b]);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/^error: --eps: is required/);
    const m = await cli(["ot", a, join(dir, "missing.json"), "--eps", "1"]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/missing\.json: cannot read the density file: no such file\n$/);
  });
});

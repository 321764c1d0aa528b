import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Grid } from "../../src/grid/grid.js";
import { l1Error } from "../../src/metrics/errors.js";
import { validateSpec } from "../../src/problem/spec.js";
import { comparedRuns, L1_TO_BASE, runWithComparisons } from "../../src/run/compare.js";
import { resolveOptions } from "../../src/run/options.js";
import { specScenario } from "../../src/run/specScenario.js";
import { runCli, tempDir } from "../cliHarness.js";
import { expectInputError } from "../expectInputError.js";

/** A coarse heat flow (64 cells) with an fv1 and a JKO run compared to the fv2 base. */
function spec(compare: unknown): Record<string, unknown> {
  return {
    name: "heat-compare",
    grid: { n: [64], lo: [-6], hi: [7] },
    initial: { kind: "gaussian", mean: [0.5], cov: 0.2 },
    energy: [{ kind: "entropy" }],
    geometry: { kind: "wasserstein" },
    scheme: { kind: "fv", flux: "fv2" },
    output: { tEnd: 0.2, snapshots: 3 },
    exact: { kind: "heat" },
    checks: { l1: 0.5, massDrift: 1e-11 },
    compare,
  };
}

const RUNS = [
  { label: "fv1", title: "first-order upwind", set: { "scheme.flux": "fv1" } },
  { label: "jko", set: { scheme: { kind: "jko", tau: 0.02, eps: 0.01 } } },
];

describe("spec compare field", () => {
  it("accepts a list of runs or an object with runs and sinkhornEps", () => {
    expect(validateSpec(spec(RUNS)).compare?.runs).toHaveLength(2);
    const s = validateSpec(spec({ runs: RUNS, sinkhornEps: 0.1 }));
    expect(s.compare?.sinkhornEps).toBe(0.1);
  });

  it("refuses duplicate labels, bad labels and unknown fields, naming the path", () => {
    expectInputError(() => validateSpec(spec([RUNS[0], RUNS[0]])), "compare.runs[1].label");
    expectInputError(
      () => validateSpec(spec([{ label: "Bad Label", set: {} }])),
      "compare.runs[0].label",
    );
    expectInputError(() => validateSpec(spec({ runs: RUNS, eps: 1 })), "compare");
  });

  it("builds each run from the resolved base spec with its overrides, dropping the l1 check", () => {
    const scenario = specScenario(spec(RUNS), "/tmp/heat-compare.json");
    const runs = comparedRuns(scenario, resolveOptions(scenario, { n: 32 }));
    expect(runs.map((r) => r.label)).toEqual(["fv1", "jko"]);
    const fv1 = runs[0].scenario.spec;
    expect(fv1.grid.n).toEqual([32]); // the base run's options apply to the compared runs
    expect(fv1.scheme).toMatchObject({ kind: "fv", flux: "fv1" });
    expect(fv1.checks).toEqual({ massDrift: 1e-11 });
    expect(fv1.compare).toBeUndefined();
    expect(runs[1].scenario.spec.scheme).toMatchObject({ kind: "jko", tau: 0.02 });
  });

  it("names the compared run and the field of an override that makes a bad spec", () => {
    const bad = specScenario(
      spec([{ label: "x", set: { "scheme.flux": "fv9" } }]),
      "/tmp/heat-compare.json",
    );
    expectInputError(
      () => comparedRuns(bad, resolveOptions(bad, {})),
      "compare.runs[0] → scheme.flux",
      /fv1.*fv2/,
    );
  });
});

describe("runWithComparisons", () => {
  const out = tempDir("mf-compare-");

  it("runs the compared runs after the base and records their distance to it", async () => {
    const scenario = specScenario(spec({ runs: RUNS, sinkhornEps: 0.5 }), "/tmp/x.json");
    const { base, runs, dir } = await runWithComparisons(scenario, { out });
    expect(base.status).toBe("ok");
    expect(runs.map((r) => [r.label, r.outcome.status])).toEqual([
      ["fv1", "ok"],
      ["jko", "ok"],
    ]);
    expect(dir).toBe(join(out, "heat-compare.compare"));
    // The recorded distance is the L1 distance between the two runs' densities at that time,
    // recomputed here from the kept densities (the same number, not merely a positive one).
    const grid = new Grid({ n: [64], lo: [-6], hi: [7] });
    const fv1 = runs[0].outcome.result!;
    for (const [k, snap] of fv1.snapshots.entries()) {
      const ref = base.result!.snapshots[k];
      expect(snap.t).toBeCloseTo(ref.t, 12);
      const recorded = fv1.outputs[k].observables[L1_TO_BASE];
      expect(recorded).toBe(l1Error(grid, snap.rho, ref.rho));
    }
    expect(fv1.outputs[0].observables[L1_TO_BASE]).toBe(0);
    expect(fv1.outputs[2].observables[L1_TO_BASE]).toBeGreaterThan(1e-4);
    const jkoLast = runs[1].outcome.result!.outputs.at(-1)!.observables;
    expect(jkoLast.sinkhornToBase).toBeGreaterThan(0);
    const report = readFileSync(join(out, "heat-compare", "report.html"), "utf8");
    expect(report).toContain("<h2>Comparison</h2>");
    expect(report).toContain('href="../heat-compare.compare/fv1/report.html"');
    const runReport = readFileSync(join(dir!, "fv1", "report.html"), "utf8");
    expect(runReport).toContain('src="../../assets/plotly.js"');
    const listing = JSON.parse(readFileSync(join(dir!, "comparison.json"), "utf8"));
    expect(listing.runs.map((r: { status: string }) => r.status)).toEqual(["ok", "ok"]);
  });

  it("is run by `measureflow run`, which prints every run and fails when a compared run fails", async () => {
    const file = join(out, "cmp.json");
    // The second compared run moves the initial Gaussian out of the box: its initial data has
    // no mass on the grid, which only the build finds; the other runs still run.
    writeFileSync(
      file,
      JSON.stringify(spec([RUNS[0], { label: "bad", set: { "initial.mean": [100] } }])),
    );
    const r = await runCli(["run", file, "--out", out]);
    expect(r.stdout).toContain("compared run fv1");
    expect(r.stdout).toContain("compared run bad");
    expect(r.stdout).toMatch(/compared run bad[^\n]*\nbad: failed/);
    expect(r.code).toBe(2);
  });
});

describe("a distance that cannot be computed", () => {
  const out = tempDir("mf-compare-null-");

  it("is recorded as null and does not fail the compared run", async () => {
    // A Gaussian (positive everywhere) against a box density (zero on most of [−8, 8]) at
    // ε = 0.05 on 256 cells: the banded kernel leaves rows with no reachable mass, the
    // Sinkhorn solve fails at its first iteration (measured), so S_ε is recorded as null.
    const raw = {
      ...spec({
        runs: [
          { label: "box", set: { initial: { kind: "uniform", lo: [-1], hi: [1] }, exact: "none" } },
        ],
        sinkhornEps: 0.05,
      }),
      grid: { n: [256], lo: [-8], hi: [8] },
      initial: { kind: "gaussian", mean: [0.5], cov: 1 },
      output: { tEnd: 0.01, snapshots: 2 },
    };
    delete (raw as { checks?: unknown }).checks;
    const { runs } = await runWithComparisons(specScenario(raw, "/tmp/x.json"), { out });
    const o = runs[0].outcome;
    expect(o.status, o.summary.error).toBe("ok");
    const first = o.result!.outputs[0].observables;
    expect(first.sinkhornToBase).toBeNull();
    expect(first[L1_TO_BASE]).toBeGreaterThan(0.5); // the two initial densities differ
  });
});

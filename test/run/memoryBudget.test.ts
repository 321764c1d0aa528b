import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { Grid } from "../../src/grid/grid.js";
import { MAX_CELLS } from "../../src/problem/spec.js";
import {
  allocationError,
  checkMemory,
  estimateMemory,
  estimateSpecRun,
  GIB,
  memoryBudget,
  schemeFields,
} from "../../src/run/memoryBudget.js";
import { resolveOptions } from "../../src/run/options.js";
import { preflight } from "../../src/run/preflight.js";
import { loadScenario } from "../../src/run/registry.js";
import type { Problem, Scenario } from "../../src/run/scenario.js";
import { isSpecScenario } from "../../src/run/specScenario.js";
import { tempDir } from "../cliHarness.js";

/**
 * The memory estimate checked before a run allocates (issue 10: a 3D `--n 2000` failed with
 * "Invalid typed array length", `--n 1000` grew silently). bytes = cells × fields × 8 with
 * the per-scheme field counts of src/run/memoryBudget.ts.
 */

const grid = (n: number[], h = n.map(() => 0.1)) => ({ n, h });

describe("memory estimate", () => {
  it("is cells × (scheme fields + snapshots) × 8 bytes", () => {
    const e = estimateMemory(grid([100, 100, 100]), "fv2", 5);
    expect(e.cells).toBe(1e6);
    expect(e.fields).toBe(12 + 5);
    expect(e.bytes).toBe(1e6 * 17 * 8);
    // sg: + 2d face coefficients + 1 outflow array.
    expect(schemeFields(grid([10, 10]), "sg")).toBe(12 + 2 * 2 + 1);
    expect(schemeFields(grid([10, 10, 10]), "sg")).toBe(12 + 2 * 3 + 1);
  });

  it("counts the two banded Gibbs kernels of jko: 162 fields in 2D, 222 in 3D at ε = 2h²", () => {
    // Band B = 2⌈√(46.05·2)⌉ + 3 = 23 per axis at θ = 1e-20, ε = 2h² (module comment).
    expect(schemeFields(grid([256, 256]), "jko")).toBe(Math.ceil(35 + 2 * (4 + 2 + 1.25 * 46)));
    expect(schemeFields(grid([256, 256]), "jko")).toBe(162);
    expect(schemeFields(grid([128, 128, 128]), "jko")).toBe(222);
    // A band never exceeds the axis (8 cells), and a larger ε widens it.
    expect(schemeFields(grid([8]), "jko")).toBe(Math.ceil(35 + 2 * (4 + 1 + 1.25 * 8)));
    expect(schemeFields(grid([256]), "jko", { eps: 0.08 })).toBeGreaterThan(
      schemeFields(grid([256]), "jko"),
    );
  });

  it("refuses an estimate above the budget with the estimate, the budget and --max-memory", () => {
    const e = estimateMemory(grid([1000, 1000, 1000]), "fv2", 5);
    const budget = memoryBudget(4);
    expect(budget.bytes).toBe(4 * GIB);
    let err: unknown;
    try {
      checkMemory(e, budget);
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      "memory: the run needs an estimated 127 GiB (1000×1000×1000 = 1.00e+9 cells × 17 fields × " +
        "8 bytes: 12 for the fv2 scheme, 5 for the snapshots), more than the memory budget of " +
        "4 GiB (--max-memory 4); use a smaller --n (or grid.n) or fewer --snapshots, or raise " +
        `the budget with --max-memory <GiB>; the grid is also above the limit of ${MAX_CELLS} ` +
        "cells of a problem spec (grid.n), which no budget lifts",
    );
    expect(() => checkMemory(estimateMemory(grid([64, 64, 64]), "fv2", 5), budget)).not.toThrow();
  });

  it("defaults to half of this machine's memory", () => {
    const b = memoryBudget();
    expect(b.bytes).toBe(totalmem() / 2);
    expect(b.text).toMatch(/^[\d.]+ GiB \(the default: half of this machine's [\d.]+ GiB\)$/);
  });

  it("reads the spec scenario's grid with --n applied, before anything is built", async () => {
    const s = await loadScenario("barenblatt-3d");
    const o = resolveOptions(s, { n: 2000 });
    // 8e9 cells: above MAX_CELLS and V8's typed-array length, yet estimated without allocating.
    if (!isSpecScenario(s)) throw new Error("barenblatt-3d is a spec scenario");
    const e = estimateSpecRun(s, o);
    expect(e.grid.n).toEqual([2000, 2000, 2000]);
    expect(e.cells).toBe(8e9);
  });

  it("turns an allocation failure into an InputError", () => {
    let raw: unknown;
    try {
      new Float64Array(2 ** 33);
    } catch (x) {
      raw = x;
    }
    expect(raw).toBeInstanceOf(RangeError);
    const e = allocationError(raw);
    expect(e).toBeInstanceOf(InputError);
    expect(e!.message).toMatch(/^memory: allocating the run's arrays failed \(.+\): the grid/);
    expect(allocationError(new RangeError("something else"))).toBeNull();
  });

  it("checks a TypeScript scenario's grid right after build", () => {
    // A scenario whose build returns a 1000³ grid without allocating it (a stub problem).
    const big = new Grid({ n: [4, 4, 4], lo: [0, 0, 0], hi: [1, 1, 1] });
    const stub = {
      grid: { ...big, n: [1000, 1000, 1000], h: [1e-3, 1e-3, 1e-3] },
      outputTimes: [0, 1],
    } as unknown as Problem;
    const scenario: Scenario = {
      name: "stub",
      title: "stub",
      description: "",
      defaults: {},
      schemes: ["fv2"],
      build: () => stub,
    };
    const guarded = preflight(scenario, {}, memoryBudget(1), () => undefined);
    expect(() => guarded.build(resolveOptions(scenario))).toThrow(
      /^memory: the run needs an estimated 104 GiB \(1000×1000×1000 = 1\.00e\+9 cells × 14 fields/,
    );
  });
});

describe("memory estimate against a measured run", () => {
  // The estimate must bound what a run really uses, and not by a factor that makes the
  // budget meaningless. Measured: the growth of the peak resident memory of a fresh process
  // running a 3D heat problem (fv2, Gaussian ρ0, no exact solution) on 96³ cells with 2
  // snapshots, files written — 80–89 bytes per cell at 96³–160³ when written, against the
  // estimate of 12 + 2 = 14 fields = 112 bytes per cell. Bounds: measured ≤ estimate (an
  // estimate below the use would let through a run that does not fit) and measured ≥ 0.4 ×
  // estimate (the fields count is not inflated beyond 2.5×).
  it("bounds the peak memory of a 3D fv2 run at 96³ from above, within 2.5×", () => {
    const dir = tempDir("mf-mem-");
    const n = 96;
    const src = (p: string) => fileURLToPath(new URL(`../../src/${p}`, import.meta.url));
    const script = join(dir, "measure.mts");
    const spec = {
      name: "mem-probe",
      grid: { n: [n, n, n], lo: [-3, -3, -3], hi: [3, 3, 3] },
      initial: { kind: "gaussian", mean: [0, 0, 0], cov: 0.5 },
      energy: [{ kind: "entropy" }],
      geometry: { kind: "wasserstein" },
      scheme: { kind: "fv", flux: "fv2" },
      output: { tEnd: 1e-4, snapshots: 2 },
    };
    writeFileSync(
      script,
      `import { specScenario } from ${JSON.stringify(src("run/specScenario.ts"))};
import { runScenario } from ${JSON.stringify(src("run/runScenario.ts"))};
const s = specScenario(${JSON.stringify(spec)}, ${JSON.stringify(join(dir, "mem-probe.json"))});
const base = process.resourceUsage().maxRSS;
const r = await runScenario(s, { out: ${JSON.stringify(dir)}, report: false });
console.log(JSON.stringify({ status: r.status, grew: (process.resourceUsage().maxRSS - base) * 1024 }));
`,
    );
    const tsx = createRequire(import.meta.url).resolve("tsx/cli");
    const child = spawnSync(process.execPath, [tsx, script], { encoding: "utf8", timeout: 60_000 });
    expect(child.status, child.stderr).toBe(0);
    const { status, grew } = JSON.parse(child.stdout.trim().split("\n").pop()!) as {
      status: string;
      grew: number;
    };
    expect(status).toBe("ok");
    const estimate = estimateMemory(grid([n, n, n]), "fv2", 2).bytes;
    expect(grew).toBeLessThanOrEqual(estimate);
    expect(grew).toBeGreaterThanOrEqual(0.4 * estimate);
  });
});

import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError, SolverError } from "../../src/errors.js";
import { resolveOptions } from "../../src/run/options.js";
import { RunFailedError, simulate, type ProgressInfo } from "../../src/run/simulate.js";
import { readJson, type DensityFile, type RunSummary } from "../../src/run/summary.js";
import type { ScenarioOptions } from "../../src/run/scenario.js";
import { cosineProblem } from "./fixtures/scenarios/_cosine.js";

const opts = (o: Partial<ScenarioOptions> = {}): ScenarioOptions =>
  resolveOptions({ name: "t", defaults: { n: 32, tEnd: 0.1, snapshots: 5 }, schemes: ["fv1"] }, o);
const made: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), "mf-sim-"));
  made.push(d);
  return d;
};
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("simulate", () => {
  it("hits every output time exactly and stores one snapshot per output time", () => {
    const problem = cosineProblem(opts({ snapshots: 5 }), { dtStep: 0.0137 });
    const r = simulate(problem);
    expect(r.status).toBe("ok");
    expect(r.outputs.map((o) => o.t)).toEqual(problem.outputTimes); // bitwise equal
    expect(r.snapshots.map((s) => s.t)).toEqual(problem.outputTimes);
    expect(r.t).toBe(0.1);
    // 0.025 per interval = 0.0137 + 0.0113: two steps per interval, four intervals.
    expect(r.steps).toBe(8);
    expect(r.snapshots[0].rho).toEqual(problem.rho0);
    expect(r.snapshots[0].rho).not.toBe(problem.rho0);
  });

  it("matches the exact solution to rounding and records a decreasing energy", () => {
    const problem = cosineProblem(opts(), { dtStep: 0.0137 });
    const r = simulate(problem);
    // The fixture scheme applies the exact decay: only rounding (~1e-16 per step) remains.
    for (const o of r.outputs) {
      expect(o.l1).toBeLessThan(1e-14);
      expect(o.linf).toBeLessThan(1e-14);
      expect(o.relL2).toBeLessThan(1e-14);
    }
    expect(r.metrics.l1).toBe(r.outputs[r.outputs.length - 1].l1);
    expect(r.metrics.massDrift).toBeLessThan(1e-14);
    expect(r.metrics.energy.monotone).toBe(true);
    expect(r.metrics.energy.maxIncrease!).toBeLessThan(0);
    expect(r.metrics.energy.final!).toBeLessThan(r.metrics.energy.initial!);
    // Entropy of 1 + c·u with Σu = 0 decays like c²: ratio e^{-2·4π²·0.1} over the run.
    const ratio = r.metrics.energy.final! / r.metrics.energy.initial!;
    expect(ratio).toBeGreaterThan(0.5 * Math.exp(-8 * Math.PI ** 2 * 0.1));
    expect(ratio).toBeLessThan(2 * Math.exp(-8 * Math.PI ** 2 * 0.1));
    expect(r.outputs[0].observables.max).toBeCloseTo(Math.max(...problem.rho0), 15);
  });

  it("does not store t = 0 when the first output time is later", () => {
    const problem = cosineProblem(opts());
    problem.outputTimes = [0.05, 0.1];
    const r = simulate(problem);
    expect(r.snapshots.map((s) => s.t)).toEqual([0.05, 0.1]);
    expect(r.series.t[0]).toBe(0);
  });

  it("decimates the per-step series beyond the cap and keeps the last step", () => {
    const problem = cosineProblem(opts({ snapshots: 3 }), { dtStep: 1e-4 });
    const r = simulate(problem, { traceCap: 16, traceBudget: Infinity });
    expect(r.steps).toBe(1000);
    const s = r.series;
    expect(s.step.length).toBeLessThanOrEqual(17);
    expect(s.step.length).toBeGreaterThanOrEqual(8);
    expect(s.step[0]).toBe(0);
    expect(s.step[s.step.length - 1]).toBe(1000);
    expect(Math.log2(s.stride) % 1).toBe(0);
    for (const k of s.step.slice(0, -1)) expect(k % s.stride).toBe(0);
    for (let i = 1; i < s.t.length; i++) expect(s.t[i]).toBeGreaterThan(s.t[i - 1]);
  });

  it("records less often when the per-step checks cost more than their budget", () => {
    // The fixture's step is one multiply per cell, cheaper than F(ρ) = Σρ log ρ|cell|.
    const problem = cosineProblem(opts({ n: 2048, snapshots: 2 }), { dtStep: 1e-5 });
    const r = simulate(problem, { traceBudget: 0.05 });
    expect(r.steps).toBe(10000);
    const s = r.series;
    expect(s.stride).toBeGreaterThan(1);
    expect(s.step.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(s.step.length).toBeLessThan(r.steps / 4);
    expect(s.step[s.step.length - 1]).toBe(10000);
    expect(r.metrics.energy.monotone).toBe(true);
  });

  it("reports progress and ends with a done call at fraction 1", () => {
    const calls: ProgressInfo[] = [];
    simulate(cosineProblem(opts()), { onProgress: (p) => calls.push(p), progressInterval: 0 });
    expect(calls.length).toBeGreaterThan(2);
    const last = calls[calls.length - 1];
    expect(last.done).toBe(true);
    expect(last.fraction).toBe(1);
    expect(calls.slice(0, -1).every((c) => !c.done)).toBe(true);
  });

  it("rejects an invalid initial density before writing anything", () => {
    const dir = join(tmp(), "run");
    const problem = cosineProblem(opts());
    problem.rho0[3] = -1;
    expect(() => simulate(problem, { outDir: dir })).toThrow(InputError);
    expect(() => simulate(problem, { outDir: dir })).toThrow(/rho0: entry 3 is negative/);
    expect(existsSync(dir)).toBe(false);
    const p2 = cosineProblem(opts());
    p2.outputTimes = [0, 0.1, 0.05];
    expect(() => simulate(p2)).toThrow(/outputTimes: must be strictly ascending/);
  });

  it("fails clearly when a scheme oversteps dtMax", () => {
    const problem = cosineProblem(opts());
    problem.scheme = { name: "bad", step: (_rho, dtMax) => 2 * dtMax };
    expect(() => simulate(problem)).toThrow(
      /scheme bad returned dt = .* \(must be in \(0, dtMax\]\)/,
    );
  });

  it("stops at a blow-up, keeps earlier snapshots on disk and marks the summary failed", () => {
    const dir = join(tmp(), "blow");
    const problem = cosineProblem(opts({ snapshots: 11 }), { blowUpAt: 0.065, dtStep: 0.004 });
    let caught: unknown;
    try {
      simulate(problem, { outDir: dir });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RunFailedError);
    expect(caught).toBeInstanceOf(SolverError);
    const err = caught as RunFailedError;
    expect(err.message).toMatch(/density became non-finite: cell 0 = NaN/);
    expect(err.message).toMatch(/at t = 0\.068 after 20 steps/);
    // Output times 0, 0.01, …, 0.06 were reached before the NaN (the NaN appears at t = 0.068).
    expect(err.result.snapshots.map((s) => s.t)).toEqual(problem.outputTimes.slice(0, 7));
    const summary = readJson<RunSummary>(join(dir, "summary.json"));
    expect(summary.status).toBe("failed");
    expect(summary.error).toMatch(/non-finite/);
    expect(summary.errorKind).toBe("SolverError");
    expect(summary.snapshots).toHaveLength(7);
    for (const s of summary.snapshots) expect(existsSync(join(dir, s.file))).toBe(true);
    expect(readdirSync(join(dir, "snapshots"))).toHaveLength(7);
    expect(summary.metrics!.l1).toBeLessThan(1e-14); // at the last good output (t = 0.06)
    expect(existsSync(join(dir, "trace.json"))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("writes density.json on request and clears files of an earlier run", () => {
    const dir = join(tmp(), "dens");
    mkdirSync(join(dir, "snapshots"), { recursive: true });
    writeFileSync(join(dir, "snapshots", "snap-099.json"), "{}");
    writeFileSync(join(dir, "snapshots", "keep-me.txt"), "user file");
    const problem = cosineProblem(opts({ n: 8 }));
    const r = simulate(problem, { outDir: dir, saveDensity: true });
    const d = readJson<DensityFile>(join(dir, "density.json"));
    expect(d.grid).toEqual({ lo: [0], hi: [1], n: [8], boundary: ["periodic"] });
    expect(d.order).toMatch(/^row-major, first axis slowest/);
    expect(d.t).toBe(0.1);
    expect(d.density).toEqual(Array.from(r.rho));
    expect(existsSync(join(dir, "snapshots", "snap-099.json"))).toBe(false);
    expect(existsSync(join(dir, "snapshots", "keep-me.txt"))).toBe(true);
    const summary = readJson<RunSummary>(join(dir, "summary.json"));
    expect(summary.status).toBe("ok");
    expect(summary.files.density).toBe("density.json");
    expect(summary.steps).toBe(r.steps);
    expect(summary.version).toMatch(/^\d+\.\d+\.\d+/);
    // A later run without --save-density removes the stale density file.
    simulate(problem, { outDir: dir });
    expect(existsSync(join(dir, "density.json"))).toBe(false);
  });
});

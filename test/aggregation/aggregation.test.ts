import { describe, expect, it } from "vitest";
import { mass } from "../../src/grid/density.js";
import { aggregationRadius } from "../../src/exact/aggregation.js";
import { meanRadius, twoClusters } from "../../src/metrics/clusters.js";
import { resolveOptions } from "../../src/run/options.js";
import { loadScenario } from "../../src/run/registry.js";
import type { Problem, Scenario, ScenarioOptions } from "../../src/run/scenario.js";

const aggregation1d = await loadScenario("aggregation-1d");
const aggregation2d = await loadScenario("aggregation-2d");

/** The scenario's problem at these options over its defaults (as the CLI resolves them). */
const build = (s: Scenario, o: Partial<ScenarioOptions>): Problem =>
  s.build(resolveOptions(s, { method: "ssprk3", cfl: 0.9, snapshots: 4, ...o }));

/**
 * Steps a problem to tEnd, checking at every step: ρ ≥ 0, mass conserved to 1e-12 relative
 * (the FV fluxes are conservative; only round-off accumulates), and the discrete energy
 * non-increasing up to its evaluation round-off (1e-13·|E|: E is an FFT sum of O(1) terms).
 */
function runChecked(
  problem: Problem,
  tEnd: number,
): {
  rho: Float64Array;
  steps: number;
  energy: number;
  worstIncrease: number;
  massDrift: number;
} {
  const { grid, energy, scheme } = problem;
  const rho = Float64Array.from(problem.rho0);
  const m0 = mass(grid, rho);
  let e = energy.value(rho);
  let worstIncrease = -Infinity;
  let massDrift = 0;
  let t = 0;
  let steps = 0;
  while (t < tEnd) {
    t += scheme.step(rho, tEnd - t);
    steps++;
    const e1 = energy.value(rho);
    worstIncrease = Math.max(worstIncrease, (e1 - e) / Math.abs(e));
    e = e1;
    massDrift = Math.max(massDrift, Math.abs(mass(grid, rho) - m0) / m0);
    let mn = Infinity;
    for (let i = 0; i < rho.length; i++) mn = Math.min(mn, rho[i]);
    expect(mn).toBeGreaterThanOrEqual(0);
  }
  return { rho, steps, energy: e, worstIncrease, massDrift };
}

describe("aggregation 1D, W = |x|⁴/4 − |x|²/2 (EXACT.md §G)", () => {
  for (const scheme of ["fv2", "fv1"] as const) {
    it(`${scheme}: two clusters at distance 1 ± 2h, energy non-increasing, mass conserved`, () => {
      const n = 150;
      const problem = build(aggregation1d, { n, tEnd: 40, scheme });
      const h = problem.grid.h[0];
      const r = runChecked(problem, 40);
      const c = twoClusters(problem.grid, r.rho);
      expect(Math.abs(c.distance - 1)).toBeLessThanOrEqual(2 * h);
      // Stable two-cluster states have masses in (1/3, 2/3).
      expect(c.massLeft).toBeGreaterThan(1 / 3);
      expect(c.massLeft).toBeLessThan(2 / 3);
      expect(r.worstIncrease).toBeLessThanOrEqual(1e-13);
      expect(r.massDrift).toBeLessThan(1e-12);
      // Energy close to its two-cluster value −w(1−w)/4 (clusters span ~2 cells: O(h²)).
      const w = c.massLeft;
      expect(Math.abs(r.energy + (w * (1 - w)) / 4)).toBeLessThan(4 * h * h);
    });
  }
});

describe("aggregation 2D: ring of radius 1/√3", () => {
  it("fv2, 32×32: mean radius within 2h, energy non-increasing, mass conserved", () => {
    const problem = build(aggregation2d, { n: 32, tEnd: 20, scheme: "fv2" });
    const h = problem.grid.h[0];
    const r = runChecked(problem, 20);
    const radius = meanRadius(problem.grid, r.rho);
    expect(Math.abs(radius - aggregationRadius(2))).toBeLessThanOrEqual(2 * h);
    expect(r.worstIncrease).toBeLessThanOrEqual(1e-13);
    expect(r.massDrift).toBeLessThan(1e-12);
  });
});

import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/run/registry.js";
import type { Scenario, ScenarioOptions } from "../../src/run/scenario.js";
import { runFinal, runToEnd } from "./runToEnd.js";

const fisherRaoKl1d = await loadScenario("fisher-rao-kl-1d");
const wfrKl2d = await loadScenario("wfr-kl-2d");

const order = (e0: number, e1: number): number => Math.log2(e0 / e1);

/** The scenario's observables at its end time (run in memory). */
function finalObservables(
  scenario: Scenario,
  over: Partial<ScenarioOptions>,
): Record<string, number> {
  const { problem, rho, tEnd } = runFinal(scenario, over);
  const out: Record<string, number> = {};
  for (const [k, f] of Object.entries(problem.observables ?? {})) out[k] = f(rho, tEnd);
  return out;
}

describe("Fisher–Rao and WFR scenarios vs their exact solutions", () => {
  it("fisher-rao-kl-1d: exact step = closed form of the grid ODE; O(h²) to exact cell averages", () => {
    // The exact multiplicative step has no time error: it equals the semi-discrete closed
    // form to rounding (bound 1e-12). The only error to the exact cell averages is the O(h²)
    // of π sampled at centres (measured L1 2.10e-3, 5.24e-4, 1.31e-4 at n = 128, 256, 512).
    const obs = finalObservables(fisherRaoKl1d, { scheme: "exact", n: 128 });
    expect(obs.semiDiscreteL1).toBeLessThan(1e-12);
    const e = [64, 128, 256].map((n) => runToEnd(fisherRaoKl1d, { scheme: "exact", n }).l1);
    expect(order(e[0], e[1])).toBeGreaterThan(1.9);
    expect(order(e[1], e[2])).toBeGreaterThan(1.9);
    // Explicit SSP-RK3 on the Fisher–Rao geometry: its time error (measured semi-discrete L1
    // 1.0e-4 at n = 256, relative to mass ~1.9: 5e-5) stays well below the O(h²) error.
    const rk = runToEnd(fisherRaoKl1d, { scheme: "explicit", n: 128 });
    expect(rk.l1).toBeLessThan(1.2 * e[1]);
  });

  it("wfr-kl-2d: fv2 and sg are second order against the Gaussian closed form", () => {
    // Measured L1 (fv2): 1.33e-2 (32²), 3.26e-3 (64²), 1.37e-3 (96²), 3.27e-4 (192²): orders
    // 2.03 (32→64), 2.06 (96→192); 24→48 is still pre-asymptotic (1.76). sg 32→64: 1.97.
    const e = [32, 64].map((n) => runToEnd(wfrKl2d, { scheme: "fv2", n }).l1);
    expect(order(e[0], e[1])).toBeGreaterThan(1.85);
    const g = [32, 64].map((n) => runToEnd(wfrKl2d, { scheme: "sg", n }).l1);
    expect(order(g[0], g[1])).toBeGreaterThan(1.85);
    const obs = finalObservables(wfrKl2d, { scheme: "fv2", n: 48 });
    // Mass created by the reaction, vs the closed form (quadrature to 1e-12): O(h²) too.
    expect(Math.abs(obs.massError)).toBeLessThan(5e-3);
  });
});

import { describe, expect, it } from "vitest";
import { resolveOptions } from "../../src/run/options.js";
import { loadScenario } from "../../src/run/registry.js";
import { simulate } from "../../src/run/simulate.js";

/**
 * Every foundation scenario runs with `--scheme jko --tau … --eps …` (issue 4 §4): a few coarse
 * JKO steps conserve mass to 1e-10, stay non-negative and decrease the energy. Accuracy of
 * the JKO step itself is tested against the §H recursions in heat.test.ts / fokkerPlanck.test.ts.
 */
const foundation = await Promise.all(
  ["heat-1d", "fokker-planck-2d", "porous-medium-1d", "porous-medium-2d"].map((n) =>
    loadScenario(n),
  ),
);

describe("foundation scenarios under the JKO scheme", () => {
  for (const scenario of foundation) {
    it(`${scenario.name} runs with --scheme jko`, () => {
      const o = resolveOptions(scenario, {
        scheme: "jko",
        n: 48,
        tEnd: 0.06,
        tau: 0.02,
        snapshots: 2,
      });
      const problem = scenario.build(o);
      const r = simulate(problem);
      expect(r.status).toBe("ok");
      expect(r.metrics.massDrift).toBeLessThan(1e-10);
      expect(r.metrics.minDensity).toBeGreaterThanOrEqual(0);
      expect(r.metrics.energy.monotone).toBe(true);
      expect(r.steps).toBe(3);
    });
  }
});

describe("JKO results do not depend on the number of snapshots (issue 10)", () => {
  // Before: output times that were not multiples of τ shortened steps, each adding the full
  // ε/2 blur (heat-1d jko at the defaults: L1 0.0548 with 6 snapshots, 0.0663 with 31). Now
  // the builder snaps output times to multiples of τ, so every step is a full step and the
  // final density is the same array whatever --snapshots is.
  it("heat-1d with --scheme jko: 6, 8 and 13 snapshots give the same final density", async () => {
    const heat = await loadScenario("heat-1d");
    const finals = [6, 8, 13].map((snapshots) => {
      const o = resolveOptions(heat, { scheme: "jko", n: 64, tEnd: 0.3, tau: 0.01, snapshots });
      const problem = heat.build(o);
      problem.outputTimes.forEach((t) => {
        // every output time is a whole number of steps τ
        expect(Math.abs(t / 0.01 - Math.round(t / 0.01))).toBeLessThan(1e-9);
      });
      const r = simulate(problem);
      return { rho: r.rho, steps: r.steps, l1: r.metrics.l1 };
    });
    expect(finals.map((f) => f.steps)).toEqual([30, 30, 30]);
    expect(finals[1].rho).toEqual(finals[0].rho);
    expect(finals[2].rho).toEqual(finals[0].rho);
    expect(finals[2].l1).toBe(finals[0].l1);
  });
});

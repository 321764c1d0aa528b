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

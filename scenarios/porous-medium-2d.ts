import { runScenarioMain } from "../src/run/registry.js";
import type { Scenario, ScenarioOptions } from "../src/run/scenario.js";
import { buildPorousMedium } from "./_porousMedium.js";

/**
 * Porous medium ∂ρ/∂t = Δ(ρ^m) in 2D from the Barenblatt profile at t0 = 0.1 to Barenblatt
 * time 0.5 on [−3, 3]², N = 128: benchmark P2b of ../shared/docs/BENCHMARKS.md for m = 2
 * (py-pde anchor: L1 cell-average error 7.1e-4 in 0.12 s). `porousMedium2d(3)` gives m = 3.
 */
export function porousMedium2d(m = 2): Scenario {
  return {
    name: "porous-medium-2d",
    title: `Porous medium in 2D from a Barenblatt profile`,
    description:
      `∂ρ/∂t = Δ(ρ^m) (default m = ${m}; --m sets it) on [−3, 3]² from the Barenblatt profile at t0 = 0.1 (unit mass), run ` +
      "for 0.4 time units (benchmark P2b for m = 2). Exact solution: the Barenblatt profile at " +
      "t0 + t, compared through exact cell averages; tracked: the second-moment error, the " +
      "front position in cells and the closed-form energy.",
    defaults: { n: 128, tEnd: 0.4, m },
    schemes: ["fv2", "fv1", "jko"],
    variants: m === 3 ? [] : [{ suffix: "m3", options: { m: 3 } }],
    build: (o: ScenarioOptions) =>
      buildPorousMedium(o, { dim: 2, m: o.m ?? m, t0: 0.1, halfWidth: 3 }),
  };
}

const scenario = porousMedium2d();
export default scenario;

await runScenarioMain(scenario, import.meta.url);

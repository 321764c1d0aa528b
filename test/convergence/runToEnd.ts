import { errorNorms } from "../../src/metrics/errors.js";
import { resolveOptions } from "../../src/run/options.js";
import type { Scenario, ScenarioOptions } from "../../src/run/scenario.js";

/**
 * Builds a scenario at the given overrides (exactly as the CLI would), steps its scheme to
 * the final output time in memory (no files) and returns the error norms against the exact
 * cell averages there, plus the cell width.
 */
export function runToEnd(
  scenario: Scenario,
  overrides: Partial<ScenarioOptions>,
): { l1: number; linf: number; l2rel: number; h: number } {
  const options = resolveOptions(scenario, overrides);
  const problem = scenario.build(options);
  if (!problem.exact) throw new Error(`${scenario.name} has no exact solution`);
  const rho = Float64Array.from(problem.rho0);
  const tEnd = problem.outputTimes[problem.outputTimes.length - 1];
  let t = 0;
  while (t < tEnd) {
    const dt = problem.scheme.step(rho, tEnd - t);
    t = tEnd - (t + dt) <= 1e-12 * tEnd ? tEnd : t + dt;
  }
  return { ...errorNorms(problem.grid, rho, problem.exact(tEnd)), h: problem.grid.h[0] };
}

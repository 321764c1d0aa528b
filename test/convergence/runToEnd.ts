import { errorNorms } from "../../src/metrics/errors.js";
import { resolveOptions } from "../../src/run/options.js";
import type { Problem, Scenario, ScenarioOptions } from "../../src/run/scenario.js";

/**
 * Builds a scenario at the given overrides (exactly as the CLI would) and steps its scheme
 * to the final output time in memory (no files); returns the problem, the final density and
 * that time.
 */
export function runFinal(
  scenario: Scenario,
  overrides: Partial<ScenarioOptions>,
): { problem: Problem; rho: Float64Array; tEnd: number } {
  const problem = scenario.build(resolveOptions(scenario, overrides));
  const rho = Float64Array.from(problem.rho0);
  const tEnd = problem.outputTimes[problem.outputTimes.length - 1];
  let t = 0;
  while (t < tEnd) {
    const dt = problem.scheme.step(rho, tEnd - t);
    t = tEnd - (t + dt) <= 1e-12 * tEnd ? tEnd : t + dt;
  }
  return { problem, rho, tEnd };
}

/** {@link runFinal}, then the error norms against the exact cell averages and the cell width. */
export function runToEnd(
  scenario: Scenario,
  overrides: Partial<ScenarioOptions>,
): { l1: number; linf: number; l2rel: number; h: number } {
  const { problem, rho, tEnd } = runFinal(scenario, overrides);
  if (!problem.exact) throw new Error(`${scenario.name} has no exact solution`);
  return { ...errorNorms(problem.grid, rho, problem.exact(tEnd)), h: problem.grid.h[0] };
}

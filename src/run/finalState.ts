import { errorNorms, type ErrorNorms } from "../metrics/errors.js";
import { resolveOptions } from "./options.js";
import type { Problem, Scenario, ScenarioOptions } from "./scenario.js";

/**
 * Builds a scenario at the given overrides (exactly as the CLI would) and steps its scheme
 * to the final output time in memory — no files, no diagnostics — returning the problem, the
 * final density and that time. What convergence studies need: only the end state.
 */
export function runFinal(
  scenario: Scenario,
  overrides: Partial<ScenarioOptions>,
): { problem: Problem; rho: Float64Array; tEnd: number; steps: number } {
  const problem = scenario.build(resolveOptions(scenario, overrides));
  const rho = Float64Array.from(problem.rho0);
  const tEnd = problem.outputTimes[problem.outputTimes.length - 1];
  let t = 0;
  let steps = 0;
  while (t < tEnd) {
    const dt = problem.scheme.step(rho, tEnd - t);
    steps++;
    t = tEnd - (t + dt) <= 1e-12 * tEnd ? tEnd : t + dt;
  }
  return { problem, rho, tEnd, steps };
}

/** {@link runFinal}, then the error norms against the exact cell averages, and h = h_0. */
export function runToEnd(
  scenario: Scenario,
  overrides: Partial<ScenarioOptions>,
): ErrorNorms & { h: number; steps: number } {
  const { problem, rho, tEnd, steps } = runFinal(scenario, overrides);
  if (!problem.exact) {
    throw new Error(`${scenario.name} has no exact solution to measure an error against`);
  }
  return { ...errorNorms(problem.grid, rho, problem.exact(tEnd)), h: problem.grid.h[0], steps };
}

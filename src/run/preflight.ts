import { resolutionWarnings } from "../problem/resolution.js";
import {
  allocationError,
  checkMemory,
  estimateMemory,
  estimateSpecRun,
  type MemoryBudget,
} from "./memoryBudget.js";
import { resolveOptions } from "./options.js";
import type { Problem, Scenario, ScenarioOptions } from "./scenario.js";
import { isSpecScenario } from "./specScenario.js";

/**
 * What `run` (and `gallery`) check before a run allocates anything, so that bad input is an
 * InputError (exit code 2) and doubtful input a warning:
 * - the options resolve (resolveOptions: ranges, options the scheme does not read, τ > t-end);
 * - the memory estimate fits the budget (memoryBudget.ts). A spec scenario is estimated from
 *   its spec and the options, before its problem is built; a TypeScript scenario, whose grid
 *   is known only once built, right after `build` (before the run's snapshots and files);
 * - the spec is valid with the options applied (grid cells, cross-field checks);
 * - initial data narrower than two cells gives a warning (src/problem/resolution.ts).
 * The returned scenario turns an allocation failure in `build` ("Invalid typed array
 * length") into the same kind of InputError.
 */
export function preflight(
  scenario: Scenario,
  overrides: Partial<ScenarioOptions>,
  budget: MemoryBudget,
  warn: (message: string) => void,
): Scenario {
  const options = resolveOptions(scenario, overrides);
  const spec = isSpecScenario(scenario);
  if (spec) {
    checkMemory(estimateSpecRun(scenario, options), budget);
    for (const w of resolutionWarnings(scenario.specFor(options))) {
      warn(`${w.path}: ${w.message}`);
    }
  }
  const build = (o: ScenarioOptions): Problem => {
    let p: Problem;
    try {
      p = scenario.build(o);
    } catch (err) {
      throw allocationError(err) ?? err;
    }
    if (!spec) {
      const g = { n: [...p.grid.n], h: [...p.grid.h] };
      const jko = o.eps !== undefined ? { eps: o.eps } : {};
      checkMemory(estimateMemory(g, o.scheme, p.outputTimes.length, jko), budget);
    }
    return p;
  };
  return { ...scenario, build };
}

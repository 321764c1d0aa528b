import type { Energy } from "../energy/energy.js";
import { requireNumber } from "../errors.js";
import { checkDensity } from "../grid/density.js";
import type { Grid } from "../grid/grid.js";
import { SlicedJko, type SlicedJkoOptions, type SlicedJkoStepInfo } from "../ot/slicedJko.js";
import { fixedStepLength } from "./fixedStep.js";
import type { Scheme } from "./scheme.js";

/**
 * The sliced-Wasserstein JKO scheme as a time-stepping Scheme: each call to `step` performs one
 * implicit step ρ ← argmin SW₂²(ρ, ρ_k)/(2τ) + F(ρ) over the cell weights (SlicedJko,
 * src/ot/slicedJko.ts; Bonet, Courty, Septier & Drumetz, TMLR 2022), in place.
 *
 * **Step length.** As for the entropic JKO (src/schemes/jko.ts): τ is fixed; a request
 * `dtMax < τ` (an output time that is not a multiple of τ) shortens that one step to dtMax,
 * and requests within 1e-9·τ of τ are full steps. The problem layer snaps output times to
 * multiples of τ (SchemeEntry.fixedStep), so spec runs take full steps only.
 *
 * Diagnostics of the last step are in `last`; `totalIterations` and `totalEvaluations` count
 * the inner (mirror-descent) iterations and objective evaluations since construction, and
 * `stats()` (summary.json's `schemeStats`) reports them per step with the number of steps that
 * reached maxIter or stalled.
 */
export class SlicedJkoScheme implements Scheme {
  readonly name: string;
  readonly tau: number;
  readonly solver: SlicedJko;
  time = 0;
  steps = 0;
  totalIterations = 0;
  totalEvaluations = 0;
  /** Steps that stopped at maxIter, and steps where no descent was found ("stalled"). */
  cappedSteps = 0;
  stalledSteps = 0;
  last: SlicedJkoStepInfo | null = null;
  private checked: Float64Array | null = null;

  constructor(
    readonly grid: Grid,
    readonly energy: Energy,
    options: SlicedJkoOptions,
  ) {
    this.tau = requireNumber("tau", options.tau, { min: 0, exclusiveMin: true });
    this.solver = new SlicedJko(grid, energy, options);
    this.name = `sliced-Wasserstein JKO (τ=${this.tau}, L=${this.solver.slices.count})`;
  }

  step(rho: Float64Array, dtMax: number): number {
    const { dt, taken } = fixedStepLength(this.tau, dtMax);
    if (rho !== this.checked) {
      checkDensity(this.grid, rho, "rho");
      this.checked = rho;
    }
    this.last = this.solver.step(rho, rho, dt);
    this.time += taken;
    this.steps++;
    this.totalIterations += this.last.iterations;
    this.totalEvaluations += this.last.evaluations;
    if (this.last.stop === "maxIter") this.cappedSteps++;
    if (this.last.stop === "stalled") this.stalledSteps++;
    return taken;
  }

  /** Inner-iteration statistics, recorded in summary.json as `schemeStats`. */
  stats(): Record<string, number> {
    const steps = Math.max(1, this.steps);
    return {
      directions: this.solver.slices.count,
      iterationsPerStep: this.totalIterations / steps,
      evaluationsPerStep: this.totalEvaluations / steps,
      stepsAtMaxIter: this.cappedSteps,
      stalledSteps: this.stalledSteps,
    };
  }
}

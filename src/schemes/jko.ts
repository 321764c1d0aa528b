import type { Energy } from "../energy/energy.js";
import { requireNumber } from "../errors.js";
import { checkDensity } from "../grid/density.js";
import type { Grid } from "../grid/grid.js";
import { EntropicJko, type EntropicJkoOptions, type JkoStepInfo } from "../ot/entropicJko.js";
import { fixedStepLength } from "./fixedStep.js";
import type { Scheme } from "./scheme.js";

/**
 * The entropic JKO scheme as a time-stepping Scheme: each call to `step` performs one
 * implicit step ρ ← argmin W_ε(ρ, ρ_k)/(2τ) + F(ρ) (EntropicJko, src/ot/entropicJko.ts;
 * Peyré 2015), in place.
 *
 * **Step length.** τ is fixed. When the run loop asks for a shorter step (`dtMax < τ`, to
 * land on an output time that is not a multiple of τ) the step is shortened to dtMax: the
 * last step before such an output time is a JKO step with τ' = dtMax (its entropic blur is
 * then ε/2 per step as for any step, i.e. relatively larger). Requests within 1e-9·τ of τ are
 * taken as τ (and reported as dtMax), so output times that are multiples of τ — up to
 * floating-point round-off of the accumulated time — are reached with full steps only.
 * Choose output times on multiples of τ for the cleanest comparison with the §H recursion.
 *
 * Diagnostics of the last step are in `last` (inner iterations, transport cost, the step's
 * objective F(ρ_{k+1}) + W_ε(ρ_{k+1}, ρ_k)/(2τ)); `totalIterations` counts inner iterations.
 */
export interface JkoSchemeOptions extends Omit<EntropicJkoOptions, "tau" | "eps"> {
  tau: number;
  eps: number;
}

export class JkoScheme implements Scheme {
  readonly name: string;
  readonly tau: number;
  readonly eps: number;
  readonly solver: EntropicJko;
  /** Time advanced and steps taken since construction. */
  time = 0;
  steps = 0;
  totalIterations = 0;
  last: JkoStepInfo | null = null;
  private checked: Float64Array | null = null;

  constructor(
    readonly grid: Grid,
    readonly energy: Energy,
    options: JkoSchemeOptions,
  ) {
    this.tau = requireNumber("--tau", options.tau, { min: 0, exclusiveMin: true });
    this.eps = requireNumber("--eps", options.eps, { min: 0, exclusiveMin: true });
    this.solver = new EntropicJko(grid, energy, options);
    const corr = options.blurCorrection ? ", blur-corrected" : "";
    this.name = `entropic JKO (τ=${this.tau}, ε=${Number(this.eps.toPrecision(4))}${corr})`;
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
    return taken;
  }
}

/**
 * `count` output times from 0 to tEnd (count ≥ 2), each snapped to a multiple of τ, so that a
 * JKO run reaches them with full steps only (tEnd itself is rounded to a multiple of τ).
 */
export function jkoOutputTimes(tEnd: number, tau: number, count: number): number[] {
  requireNumber("tEnd", tEnd, { min: 0, exclusiveMin: true });
  requireNumber("--tau", tau, { min: 0, exclusiveMin: true });
  const steps = Math.max(1, Math.round(tEnd / tau));
  const k = Math.max(2, Math.floor(count));
  const idx = new Set<number>();
  for (let i = 0; i < k; i++) idx.add(Math.round((steps * i) / (k - 1)));
  return [...idx].sort((a, b) => a - b).map((i) => i * tau);
}

import { InputError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import type { BackwardStep } from "./backwardSteps.js";
import type { PushForward } from "./pushForward.js";
import type { Scheme } from "./scheme.js";

/**
 * Forward–backward splitting of F = ∫Vρ + ν∫ρ log ρ in the Wasserstein space (the
 * "Wasserstein proximal gradient" of Salim, Korba & Luise, NeurIPS 2020; Wibisono, COLT 2018):
 *
 *   ρ_{k+1/2} = (I − γ∇V)#ρ_k      (forward: explicit gradient step on the potential energy),
 *   ρ_{k+1}   = B_γ(ρ_{k+1/2})      (backward: the entropy part),
 *
 * the push by PushForward, B by a BackwardStep: the proximal step JKO_{γνH} gives the
 * proximal gradient algorithm (unbiased: the target e^{−V} is its fixed point); the exact heat
 * flow for time γν gives the measure-space twin of the unadjusted Langevin algorithm (its
 * Gaussian recursion is ULA's, with ULA's O(γ) bias). Recursions: docs/sampling.md.
 *
 * **Step length.** γ is fixed. A request dtMax < γ (an output time that is not a multiple of
 * γ) is served by a step of length dtMax (push by dtMax∇V, backward for dtMax); requests
 * within 1e-9·γ of γ are taken as γ, as in JkoScheme.
 */
export class ForwardBackwardScheme implements Scheme {
  readonly name: string;
  readonly gamma: number;
  /** Time advanced and steps taken since construction. */
  time = 0;
  steps = 0;
  private readonly half: Float64Array;

  constructor(
    readonly grid: Grid,
    readonly push: PushForward,
    readonly backward: BackwardStep | null,
    options: { gamma: number; name: string },
  ) {
    this.gamma = requireNumber("gamma", options.gamma, { min: 0, exclusiveMin: true });
    this.name = options.name;
    this.half = new Float64Array(grid.size);
  }

  step(rho: Float64Array, dtMax: number): number {
    if (!(dtMax > 0)) throw new InputError("dtMax", `must be a number > 0, got ${dtMax}`);
    const g = this.gamma;
    let dt: number;
    let taken: number;
    if (dtMax >= g * (1 - 1e-9)) {
      dt = g;
      taken = dtMax <= g * (1 + 1e-9) ? dtMax : g;
    } else {
      dt = dtMax;
      taken = dtMax;
    }
    this.push.apply(rho, dt, this.half);
    rho.set(this.half);
    this.backward?.apply(rho, dt);
    this.time += taken;
    this.steps++;
    return taken;
  }
}

import type { Energy } from "../energy/energy.js";
import { InputError, requireNumber } from "../errors.js";
import { checkDensity } from "../grid/density.js";
import type { Grid } from "../grid/grid.js";
import { EntropicJko } from "../ot/entropicJko.js";
import { FisherRaoJko } from "../ot/fisherRaoJko.js";
import type { UnbalancedKernelMode } from "../ot/gibbsOperators.js";
import { type UnbalancedStepInfo, WfrEntropicJko } from "../ot/wfrJko.js";
import { fixedStepLength } from "./fixedStep.js";
import type { Scheme } from "./scheme.js";

/**
 * JKO steps in the Fisher–Rao and Wasserstein–Fisher–Rao geometries as a time-stepping
 * Scheme (docs/unbalanced.md):
 *
 * - α > 0, β > 0: the entropic WFR step by generalized Sinkhorn (WfrEntropicJko,
 *   src/ot/wfrJko.ts);
 * - α = 0 (the fisher-rao geometry, or wfr with α = 0): the pointwise Fisher–Rao step
 *   (FisherRaoJko, src/ot/fisherRaoJko.ts; ε is not used), balanced or spherical;
 * - β = 0: the balanced entropic JKO of W_ε at speed α, i.e. EntropicJko with step ατ.
 *
 * τ is fixed, with the same rule as JkoScheme (src/schemes/jko.ts) when the run loop asks for
 * a shorter step: requests within 1e-9·τ of τ are full steps, shorter ones a step of dtMax.
 * `last` holds the diagnostics of the last step (inner iterations, kernel, masses, the
 * step's squared distance and objective); `totalIterations` counts inner iterations.
 */
export interface UnbalancedJkoSchemeOptions {
  alpha: number;
  beta: number;
  spherical: boolean;
  tau: number;
  eps: number;
  blurCorrection?: boolean;
  tol?: number;
  maxIter?: number;
  kernel?: UnbalancedKernelMode;
  theta?: number;
  absorb?: number;
}

interface Stepper {
  step(rhoPrev: Float64Array, rhoNext: Float64Array, tau: number): UnbalancedStepInfo;
}

export class UnbalancedJkoScheme implements Scheme {
  readonly name: string;
  readonly tau: number;
  time = 0;
  steps = 0;
  totalIterations = 0;
  last: UnbalancedStepInfo | null = null;
  private readonly stepper: Stepper;
  private checked: Float64Array | null = null;

  constructor(
    readonly grid: Grid,
    readonly energy: Energy,
    options: UnbalancedJkoSchemeOptions,
  ) {
    const { alpha, beta, spherical } = options;
    this.tau = requireNumber("tau", options.tau, { min: 0, exclusiveMin: true });
    requireNumber("eps", options.eps, { min: 0, exclusiveMin: true });
    if (!(alpha >= 0) || !(beta >= 0) || alpha + beta === 0) {
      throw new InputError("alpha/beta", `must be >= 0 and not both 0, got ${alpha}, ${beta}`);
    }
    const corr = options.blurCorrection ? ", blur-corrected" : "";
    const eps = Number(options.eps.toPrecision(4));
    if (alpha === 0) {
      this.stepper = new FisherRaoJko(grid, energy, { rate: beta, tau: this.tau, spherical });
      this.name = `Fisher–Rao JKO (τ=${this.tau}${spherical ? ", spherical" : ""}${beta === 1 ? "" : `, β=${beta}`})`;
    } else if (spherical) {
      throw new InputError(
        "geometry.spherical",
        "the WFR JKO step is on non-negative measures (𝓜₊): spherical WFR is not available; " +
          "use the fv scheme, or the fisher-rao geometry for a spherical Fisher–Rao JKO",
      );
    } else if (beta === 0) {
      this.stepper = new BalancedAtSpeed(grid, energy, alpha, options);
      this.name = `entropic JKO at speed α=${alpha} (τ=${this.tau}, ε=${eps}${corr})`;
    } else {
      this.stepper = new WfrEntropicJko(grid, energy, { ...options, alpha, beta });
      this.name = `WFR entropic JKO (α=${alpha}, β=${beta}, τ=${this.tau}, ε=${eps}${corr})`;
    }
  }

  step(rho: Float64Array, dtMax: number): number {
    const { dt, taken } = fixedStepLength(this.tau, dtMax);
    if (rho !== this.checked) {
      checkDensity(this.grid, rho, "rho");
      this.checked = rho;
    }
    this.last = this.stepper.step(rho, rho, dt);
    this.time += taken;
    this.steps++;
    this.totalIterations += this.last.iterations;
    return taken;
  }

  stats(): Record<string, number> {
    return {
      innerIterations: this.totalIterations,
      innerIterationsPerStep: this.steps > 0 ? this.totalIterations / this.steps : 0,
    };
  }
}

/** The β = 0 case: balanced entropic JKO with step ατ (W₂²/α is the WFR distance then). */
class BalancedAtSpeed implements Stepper {
  private readonly jko: EntropicJko;

  constructor(
    grid: Grid,
    private readonly energy: Energy,
    private readonly alpha: number,
    options: UnbalancedJkoSchemeOptions,
  ) {
    const kernel = options.kernel === "scaling" ? "separable" : options.kernel;
    this.jko = new EntropicJko(grid, energy, {
      tau: alpha * options.tau,
      eps: options.eps,
      blurCorrection: options.blurCorrection,
      tol: options.tol,
      maxIter: options.maxIter,
      theta: options.theta,
      absorb: options.absorb,
      kernel,
    });
  }

  step(rhoPrev: Float64Array, rhoNext: Float64Array, tau: number): UnbalancedStepInfo {
    const g = this.energy.grid;
    let before = 0;
    for (const r of rhoPrev) before += r;
    const info = this.jko.step(rhoPrev, rhoNext, this.alpha * tau);
    let after = 0;
    for (const r of rhoNext) after += r;
    return {
      tau,
      iterations: info.iterations,
      marginalError: info.change,
      kernel: info.kernel,
      absorptions: info.absorptions,
      massBefore: before * g.cellVolume,
      massAfter: after * g.cellVolume,
      transported: after * g.cellVolume,
      distance2: info.transport / this.alpha,
      objective: info.objective,
      newton: 0,
    };
  }
}

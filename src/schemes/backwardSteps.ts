import { Entropy } from "../energy/entropy.js";
import { EnergySum } from "../energy/sum.js";
import { requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { EntropicJko, type EntropicJkoOptions, type JkoStepInfo } from "../ot/entropicJko.js";
import { HeatFlow } from "./heatFlow.js";

/**
 * The backward (diffusive) half of a forward–backward step for the entropy part ν∫ρ log ρ of
 * F = ∫Vρ + ν∫ρ log ρ: applied in place to the pushed density, for a step of length dt.
 */
export interface BackwardStep {
  readonly name: string;
  apply(rho: Float64Array, dt: number): void;
}

/**
 * The Wasserstein proximal step of the entropy, JKO_{dt·νH}(ρ) = argmin_μ W₂²(μ, ρ)/(2dt) +
 * ν∫μ log μ (the backward step of Salim, Korba & Luise 2020), by the entropic JKO solver
 * (src/ot/entropicJko.ts, Peyré 2015) with the blur correction: entropy weight ν − ε/(4dt),
 * which cancels the ε-blur D_eff = 1 + ε/(4dt) to first order. On a Gaussian N(μ, v) the
 * exact step gives N(μ, v′), v′ = ½(v + 2νdt + √(v² + 4νdt·v)) — NOT the heat flow's
 * v + 2νdt: the proximal step of the entropy is implicit (backward Euler in W₂), the heat flow
 * is its exact flow. The entropic step follows the finite-ε recursion of jkoGaussian.ts; with
 * the correction it differs from v′ by O(ε²/dt) per step, far below the grid's O(h²) at the
 * default ε = 2h².
 */
export class EntropicJkoBackward implements BackwardStep {
  readonly name: string;
  readonly solver: EntropicJko;
  /** Inner iterations summed over all steps, and the last step's diagnostics. */
  totalIterations = 0;
  last: JkoStepInfo | null = null;

  constructor(
    grid: Grid,
    readonly nu: number,
    options: EntropicJkoOptions,
  ) {
    requireNumber("entropy weight", nu, { min: 0, exclusiveMin: true });
    this.solver = new EntropicJko(grid, new EnergySum([[nu, new Entropy(grid)]]), options);
    const corr = options.blurCorrection ? ", blur-corrected" : "";
    this.name = `entropic JKO ε=${Number(options.eps.toPrecision(3))}${corr}`;
  }

  apply(rho: Float64Array, dt: number): void {
    this.last = this.solver.step(rho, rho, dt);
    this.totalIterations += this.last.iterations;
  }
}

/**
 * The exact heat flow ∂ρ/∂t = νΔρ for the time dt (HeatFlow: one convolution with the heat
 * kernel, by FFT or direct sums): the measure-space twin of ULA's Gaussian noise √(2νdt)ξ.
 * On N(μ, v) it gives N(μ, v + 2νdt), so push-then-heat follows ULA's recursion, not the
 * proximal gradient's.
 */
export class HeatBackward implements BackwardStep {
  readonly name = "exact heat flow";
  readonly heat: HeatFlow;

  constructor(
    grid: Grid,
    readonly nu: number,
  ) {
    requireNumber("entropy weight", nu, { min: 0 });
    this.heat = new HeatFlow(grid);
  }

  apply(rho: Float64Array, dt: number): void {
    this.heat.apply(rho, this.nu * dt);
  }
}

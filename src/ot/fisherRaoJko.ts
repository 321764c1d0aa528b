import type { Energy } from "../energy/energy.js";
import { InputError, SolverError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { CellVariation } from "./cellVariation.js";
import { type IncreasingFunction, increasingRoot } from "./monotoneRoot.js";
import type { UnbalancedStepInfo } from "./wfrJko.js";

/**
 * One JKO step of the Fisher–Rao (Hellinger) flow ∂ρ/∂t = −βρξ (docs/unbalanced.md):
 *
 *   ρ_{k+1} = argmin_ρ He²(ρ_k, ρ)/(2βτ) + F(ρ),   He²(μ, ν) = 4∫(√μ − √ν)²,
 *
 * i.e. the WFR step of wfrJko.ts in the limit α → 0, where the cost is +∞ off the diagonal
 * and the coupling is the identity: no transport, no entropic regularisation, and the step
 * decouples into one equation per cell (λ = βτ/2, t = log ρ_j, ξ = δF/δρ of cellVariation.ts):
 *
 *   1 − √(ρ_k/ρ) + λ (ξ(ρ) + m) = 0,      h(t) = 1 − e^{(t_k − t)/2} + λ(ξ(t) + m),
 *
 * increasing in t, solved by safeguarded Newton (monotoneRoot.ts). m = 0 on 𝓜₊. The
 * spherical (mass-preserving) step adds the multiplier m of the constraint Σ_j ρ_j|cell_j| =
 * ∫ρ_k, found by a safeguarded Newton iteration on m (the mass is decreasing in m), and
 * is a first-order scheme for ∂ρ/∂t = −βρ(ξ − ⟨ξ⟩_ρ).
 *
 * **Vacuum.** Where ρ_k = 0 the step minimises (2/(βτ))ρ + F(ρ), whose minimiser solves
 * 1 + λξ = 0: a JKO step creates the mass π e^{−2/(βτ)} in an empty cell for KL(ρ‖π)
 * (e^{−40} relative at βτ = 0.05), or none if ξ > −1/λ everywhere (e.g. no entropy).
 * The exact flow keeps the support; this is the discrete step's own behaviour.
 *
 * Cells are independent, so radial grids work as well (masses use the cell measures).
 */
export interface FisherRaoJkoOptions {
  /** β > 0 (the geometry's rate). */
  rate: number;
  tau: number;
  /** Mass-preserving step (default false). */
  spherical?: boolean;
}

export class FisherRaoJko {
  readonly beta: number;
  readonly tau: number;
  readonly spherical: boolean;
  info: UnbalancedStepInfo | null = null;
  private readonly fn = new CellStep();
  private readonly stats = new Float64Array(1);
  private last: Float64Array;

  constructor(
    readonly grid: Grid,
    readonly energy: Energy,
    options: FisherRaoJkoOptions,
  ) {
    if (energy.grid.size !== grid.size) {
      throw new InputError("energy", "lives on a different grid than the JKO scheme");
    }
    this.beta = requireNumber("rate", options.rate, { min: 0, exclusiveMin: true });
    this.tau = requireNumber("tau", options.tau, { min: 0, exclusiveMin: true });
    this.spherical = options.spherical ?? false;
    this.last = new Float64Array(grid.size).fill(NaN);
  }

  step(rhoPrev: Float64Array, rhoNext: Float64Array, tau = this.tau): UnbalancedStepInfo {
    requireNumber("tau", tau, { min: 0, exclusiveMin: true });
    const grid = this.grid;
    const N = grid.size;
    const w = grid.cellMeasures;
    const vol = (i: number): number => (w ? w[i] : grid.cellVolume);
    let massBefore = 0;
    for (let i = 0; i < N; i++) {
      const r = rhoPrev[i];
      if (!(r >= 0) || !Number.isFinite(r)) {
        throw new InputError("rho", `entry ${i} is ${r}; densities must be finite and >= 0`);
      }
      massBefore += r * vol(i);
    }
    if (!(massBefore > 0)) throw new InputError("rho", "has zero mass");
    const lambda = (this.beta * tau) / 2;
    const fn = this.fn;
    fn.variation = new CellVariation(this.energy, rhoPrev);
    fn.lambda = lambda;
    const prev = Float64Array.from(rhoPrev);
    const t = new Float64Array(N);
    const dt = new Float64Array(N);
    let newton = 0;
    // Solves every cell for the multiplier m; returns the mass and dMass/dm.
    const solve = (m: number): [number, number] => {
      fn.m = m;
      let mass = 0;
      let dmass = 0;
      for (let j = 0; j < N; j++) {
        fn.j = j;
        fn.tk = prev[j] > 0 ? Math.log(prev[j]) : -Infinity;
        const start = Number.isFinite(this.last[j]) ? this.last[j] : fn.tk;
        let tj: number;
        if (fn.tk === -Infinity && !fn.variation.unboundedBelow) {
          // No mass to start from and ξ bounded below: ρ = 0 unless 1 + λ(ξ(−∞) + m) < 0.
          tj = 1 + lambda * (fn.variation.lowerLimit(j) + m) >= 0 ? -Infinity : NaN;
          if (tj !== tj) tj = increasingRoot(fn, start, -Infinity, this.stats);
        } else {
          tj = increasingRoot(fn, start, -Infinity, this.stats);
        }
        if (this.stats[0] > newton) newton = this.stats[0];
        t[j] = tj;
        const rho = Math.exp(tj);
        mass += rho * vol(j);
        if (rho > 0) {
          fn.eval(tj, fn.out);
          dt[j] = -lambda / fn.out[1];
          dmass += rho * dt[j] * vol(j);
        }
      }
      return [mass, dmass];
    };
    let m = 0;
    let [mass, dmass] = solve(0);
    if (this.spherical) {
      // Safeguarded Newton on m: mass(m) is decreasing; bracket by doubling steps.
      let lo = -Infinity;
      let hi = Infinity;
      for (let it = 0; ; it++) {
        const r = mass - massBefore;
        if (Math.abs(r) <= 1e-14 * massBefore) break;
        if (it >= 200) {
          throw new SolverError(
            `spherical Fisher–Rao JKO: the mass constraint was not met after 200 iterations ` +
              `(relative error ${(r / massBefore).toExponential(3)})`,
          );
        }
        if (r > 0) lo = m;
        else hi = m;
        let next = dmass < 0 ? m - r / dmass : NaN;
        if (!(next > lo && next < hi)) {
          if (Number.isFinite(lo) && Number.isFinite(hi)) next = 0.5 * (lo + hi);
          else if (Number.isFinite(lo)) next = lo + Math.max(1, Math.abs(lo));
          else next = hi - Math.max(1, Math.abs(hi));
        }
        m = next;
        [mass, dmass] = solve(m);
      }
    }
    let he2 = 0;
    for (let j = 0; j < N; j++) {
      const r = Math.exp(t[j]);
      rhoNext[j] = r;
      he2 += 4 * (Math.sqrt(r) - Math.sqrt(prev[j])) ** 2 * vol(j);
    }
    this.last = t;
    const distance2 = he2 / this.beta;
    this.info = {
      tau,
      iterations: 0,
      marginalError: 0,
      kernel: "pointwise",
      absorptions: 0,
      massBefore,
      massAfter: mass,
      transported: 0,
      distance2,
      objective: distance2 / (2 * tau) + this.energy.value(rhoNext),
      newton,
    };
    return this.info;
  }
}

/** h(t) of one cell: 1 − e^{(t_k − t)/2} + λ(ξ(t) + m). */
class CellStep implements IncreasingFunction {
  variation!: CellVariation;
  lambda = 0;
  m = 0;
  j = 0;
  tk = 0;
  readonly out = new Float64Array(2);

  eval(t: number, out: Float64Array): void {
    this.variation.eval(this.j, t, out);
    const e = this.tk === -Infinity ? 0 : Math.exp(0.5 * (this.tk - t));
    out[0] = 1 - e + this.lambda * (out[0] + this.m);
    out[1] = 0.5 * e + this.lambda * out[1];
  }
}

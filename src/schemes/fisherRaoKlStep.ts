import type { RelativeEntropy } from "../energy/kl.js";
import { InputError, SolverError, requireNumber } from "../errors.js";
import { checkDensity } from "../grid/density.js";
import type { Grid } from "../grid/grid.js";
import { fisherRaoSettings, type FisherRaoOptions } from "../geometry/fisherRao.js";
import type { Scheme } from "./scheme.js";

/** β (`rate`) and `spherical` as for FisherRaoGeometry, plus an optional fixed step. */
export interface FisherRaoKlOptions extends FisherRaoOptions {
  /**
   * Fixed step; each call takes min(dt, dtMax). Unset: every call steps to dtMax exactly (the
   * step is exact for any length), which then must be finite.
   */
  dt?: number;
}

/**
 * Exact (multiplicative) time stepping of the Fisher–Rao gradient flow of KL(ρ‖π)
 * (docs/exact-solutions.md §D.1–2), cell by cell on the grid:
 *
 *   balanced:  ∂ρ/∂t = −β ρ log(ρ/π),     spherical: ∂ρ/∂t = −β ρ (log(ρ/π) − ⟨log(ρ/π)⟩_ρ).
 *
 * In u = log ρ the balanced flow is the linear relaxation u̇ = −β(u − log π), so one step of
 * length dt is exactly
 *
 *   log ρ ← e^{−βdt} log ρ + (1 − e^{−βdt}) log π       (geometric interpolation ρ^a π^{1−a}),
 *
 * and the spherical flow is the balanced one times a scalar c(t) (c solves a scalar ODE), so
 * its step is the same update followed by rescaling to the mass before the step
 * (Σρ_i|cell| — ratio of sums; the result is the normalised geometric interpolation
 * M₀ ρ₀^a π^{1−a} / ∫ρ₀^a π^{1−a}, independent of the normalisation of π). Both steps form
 * semigroups (e^{−βs}e^{−βt} = e^{−β(s+t)}), so n steps of dt equal one step of n·dt up to
 * rounding: there is no time-discretisation error, no stability limit, ρ stays > 0 on its
 * support and 0 (exactly) off it. π_i = e^{−U_i}/Z at the cell centres is read from the
 * RelativeEntropy (`minusLogPi`); in the balanced case its normalisation (log Z) matters.
 * (Lu, Lu & Nolen, "Accelerating Langevin sampling with birth-death", arXiv 2019, for the
 * geometric-interpolation solution.)
 *
 * Cost: one log and one exp per occupied cell per step; `step` allocates nothing.
 */
export class FisherRaoKlScheme implements Scheme {
  readonly name: string;
  readonly grid: Grid;
  readonly beta: number;
  readonly spherical: boolean;
  readonly fixedDt: number | undefined;
  /** Time advanced and steps taken since construction (or the last reset). */
  time = 0;
  steps = 0;
  private checked: Float64Array | null = null;

  constructor(
    readonly energy: RelativeEntropy,
    options: FisherRaoKlOptions = {},
  ) {
    if (!(energy.minusLogPi instanceof Float64Array)) {
      throw new InputError(
        "energy",
        "the exact Fisher–Rao KL step needs a RelativeEntropy (its minusLogPi = −log π)",
      );
    }
    this.grid = energy.grid;
    this.grid.checkLength("energy.minusLogPi", energy.minusLogPi);
    const { beta, spherical, suffix } = fisherRaoSettings(options);
    this.beta = beta;
    this.spherical = spherical;
    if (options.dt !== undefined) requireNumber("dt", options.dt, { min: 0, exclusiveMin: true });
    this.fixedDt = options.dt;
    this.name = `fisher-rao${suffix}/exact-kl`;
  }

  /** Resets the clock (and forgets the validated array). */
  reset(time = 0): void {
    this.time = time;
    this.steps = 0;
    this.checked = null;
  }

  step(rho: Float64Array, dtMax: number): number {
    if (!(dtMax > 0)) throw new InputError("dtMax", `must be a number > 0, got ${dtMax}`);
    if (rho !== this.checked) {
      checkDensity(this.grid, rho, "rho");
      this.checked = rho;
    }
    const dt = this.fixedDt === undefined ? dtMax : Math.min(this.fixedDt, dtMax);
    if (!Number.isFinite(dt)) {
      throw new InputError(
        "dt",
        "needs a fixed step dt or a finite dtMax (the exact step goes to dtMax when dt is unset)",
      );
    }
    const a = Math.exp(-this.beta * dt);
    const oneMinusA = -Math.expm1(-this.beta * dt); // 1 − a, accurate for small βdt
    const mlp = this.energy.minusLogPi;
    let before = 0;
    let after = 0;
    for (let i = 0; i < rho.length; i++) {
      const r = rho[i];
      if (r > 0) {
        before += r;
        const v = Math.exp(a * Math.log(r) - oneMinusA * mlp[i]);
        rho[i] = v;
        after += v;
      }
    }
    if (after - after !== 0) {
      throw new SolverError(
        `exact Fisher–Rao KL step at t = ${this.time} (dt = ${dt}): the density overflowed ` +
          `(ρ^a π^(1−a) is not finite; check the scale of π)`,
      );
    }
    if (this.spherical) {
      if (!(after > 0) || !Number.isFinite(after)) {
        throw new InputError(
          "rho",
          `the geometric interpolation ρ^a π^(1−a) has mass ${after * this.grid.cellVolume} ` +
            `after a step dt = ${dt}; it cannot be renormalised (ρ or π under/overflows)`,
        );
      }
      const s = before / after;
      for (let i = 0; i < rho.length; i++) rho[i] *= s;
    }
    this.time += dt;
    this.steps++;
    return dt;
  }
}

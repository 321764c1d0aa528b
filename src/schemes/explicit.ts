import { InputError, SolverError, requireNumber } from "../errors.js";
import { hasFusedEuler, type FusedEulerGeometry } from "../geometry/fusedEuler.js";
import type { Geometry } from "../geometry/geometry.js";
import { checkDensity } from "../grid/density.js";
import type { Grid } from "../grid/grid.js";
import { sspMethod, type RkMethod, type SspMethod } from "./rungeKutta.js";
import type { Scheme } from "./scheme.js";

export interface ExplicitOptions {
  /** SSP Runge–Kutta method (default "heun"). */
  method?: RkMethod;
  /** Fraction of the stable forward-Euler step used by the adaptive step, in (0, 1] (0.9). */
  cfl?: number;
  /** Fixed step instead of the adaptive one; refused if above the stability limit. */
  dt?: number;
}

/**
 * Explicit SSP Runge–Kutta time stepping of dρ/dt = L(ρ) for any Geometry whose `rate`
 * returns the largest positivity-preserving forward-Euler step dt_FE(ρ).
 *
 * Adaptive step: dt = min(dtMax, cfl · dt_FE(ρⁿ)). Each later stage u⁽ˢ⁾ is checked again:
 * if dt > dt_FE(u⁽ˢ⁾) the step is restarted from ρⁿ with dt = cfl · dt_FE(u⁽ˢ⁾), so every
 * forward-Euler sub-step, and hence (convex combination, rungeKutta.ts) every stage, keeps
 * ρ ≥ 0. A fixed step (`dt`) is never shrunk: if it exceeds dt_FE at any stage an
 * InputError("dt", …) reports the limit.
 *
 * The first density passed to `step` (and any new array) is validated with checkDensity.
 * A non-finite state raises a SolverError naming the time and the cell. `step` allocates
 * nothing: the stored state uⁿ and the stage rate are buffers created once.
 *
 * On a geometry that can fuse the stages with its rate evaluation (fusedEuler.ts; e.g.
 * Scharfetter–Gummel with a fixed potential, whose dt_FE is known in advance: one in-place
 * sweep per stage instead of rate + update) the stages go through it, with the same dt, the
 * same checks and a bit-identical result.
 */
export class ExplicitScheme implements Scheme {
  readonly name: string;
  readonly method: SspMethod;
  readonly cfl: number;
  readonly fixedDt: number | undefined;
  /** Time advanced since construction (or the last reset). */
  time = 0;
  /** Steps taken and restarts (a later stage needed a smaller dt) since the last reset. */
  steps = 0;
  restarts = 0;

  private readonly u0: Float64Array;
  private readonly k: Float64Array;
  private lastRho: Float64Array | null = null;
  private lastBad = false;
  private readonly idx: Int32Array;
  /** The geometry, if it can fuse the stages with its rate evaluation (fusedEuler.ts). */
  private readonly fused: FusedEulerGeometry | null;

  constructor(
    readonly geometry: Geometry,
    readonly grid: Grid,
    options: ExplicitOptions = {},
  ) {
    this.method = sspMethod(options.method ?? "heun");
    this.cfl = requireNumber("cfl", options.cfl ?? 0.9, { min: 0, max: 1, exclusiveMin: true });
    if (options.dt !== undefined) {
      requireNumber("dt", options.dt, { min: 0, exclusiveMin: true });
    }
    this.fixedDt = options.dt;
    this.name = `${geometry.name}/${this.method.name}`;
    this.u0 = new Float64Array(this.method.a.length > 1 ? grid.size : 0);
    this.k = new Float64Array(grid.size);
    this.idx = new Int32Array(grid.dim);
    this.fused = hasFusedEuler(geometry) ? geometry : null;
  }

  /** Resets the clock (and forgets the validated array). */
  reset(time = 0): void {
    this.time = time;
    this.steps = 0;
    this.restarts = 0;
    this.lastRho = null;
  }

  step(rho: Float64Array, dtMax: number): number {
    if (rho !== this.lastRho) {
      checkDensity(this.grid, rho, "rho");
      this.lastRho = rho;
    }
    if (!(dtMax > 0)) {
      throw new InputError("dtMax", `must be a number > 0, got ${dtMax}`);
    }
    const a = this.method.a;
    const S = a.length;
    const u0 = this.u0;
    const k = this.k;
    const fixed = this.fixedDt;
    const fused = this.fused;
    if (S > 1) u0.set(rho);
    let dt = 0;
    let cap = Infinity;
    for (let attempt = 0; ; attempt++) {
      let ok = true;
      for (let s = 0; s < S; s++) {
        let lim = fused !== null ? fused.eulerLimit(rho) : NaN;
        const useFused = lim > 0;
        if (!useFused) lim = this.geometry.rate(rho, k);
        if (!(lim > 0)) this.failRate(rho, lim, s, dt);
        if (s === 0) {
          if (fixed !== undefined) {
            dt = Math.min(fixed, dtMax);
            if (dt > lim) this.refuseDt(lim, s);
          } else {
            dt = Math.min(dtMax, this.cfl * lim, cap);
          }
        } else if (dt > lim) {
          if (fixed !== undefined) this.refuseDt(lim, s);
          ok = false;
          cap = this.cfl * lim;
          break;
        }
        const as = a[s];
        if (useFused) {
          // Same operations as below (a_1 = 0: ρ + dt·k), in the geometry's sweep.
          const bad = (fused as FusedEulerGeometry).eulerStage(rho, dt, as, u0);
          if (s === S - 1) this.lastBad = bad;
        } else if (s < S - 1) {
          if (s === 0) {
            for (let i = 0; i < rho.length; i++) rho[i] += dt * k[i];
          } else {
            const bs = 1 - as;
            const bdt = bs * dt;
            for (let i = 0; i < rho.length; i++) rho[i] = as * u0[i] + bs * rho[i] + bdt * k[i];
          }
        } else {
          // Last stage: combine and, in the same pass, flag any entry that is negative or
          // infinite (NaN cannot arise: the rate was checked finite and ρ, uⁿ are finite).
          let bad = false;
          if (s === 0) {
            for (let i = 0; i < rho.length; i++) {
              const v = rho[i] + dt * k[i];
              rho[i] = v;
              if (!(v >= 0 && v < Infinity)) bad = true;
            }
          } else {
            const bs = 1 - as;
            const bdt = bs * dt;
            for (let i = 0; i < rho.length; i++) {
              const v = as * u0[i] + bs * rho[i] + bdt * k[i];
              rho[i] = v;
              if (!(v >= 0 && v < Infinity)) bad = true;
            }
          }
          this.lastBad = bad;
        }
      }
      if (ok) break;
      this.restarts++;
      if (attempt >= 30) {
        throw new SolverError(
          `explicit ${this.method.name} step at t = ${this.time}: no stable step found after ` +
            `${attempt + 1} restarts (last dt = ${dt}); the forward-Euler limit keeps shrinking`,
        );
      }
      rho.set(u0);
    }
    if (this.lastBad) this.checkState(rho, dt);
    this.time += dt;
    this.steps++;
    return dt;
  }

  /**
   * Slow path after a step whose state sum is non-finite or whose minimum is negative:
   * names the non-finite cell, or zeroes round-off negatives of a cell emptied exactly.
   */
  private checkState(rho: Float64Array, dt: number): void {
    let sum = 0;
    let min = 0;
    for (let i = 0; i < rho.length; i++) {
      const v = rho[i];
      sum += v;
      if (v < min) min = v;
    }
    if (sum - sum !== 0) {
      for (let i = 0; i < rho.length; i++) {
        if (!Number.isFinite(rho[i])) {
          throw new SolverError(
            `density became non-finite at t = ${this.time + dt} (step dt = ${dt}, ` +
              `${this.name}): cell ${this.describeCell(i)} = ${rho[i]}`,
          );
        }
      }
    }
    if (min < 0) {
      // A cell emptied by a step of exactly its limit may land at −(round-off).
      const tol = 1e-13 * (Math.abs(sum) / rho.length + Number.MIN_VALUE);
      for (let i = 0; i < rho.length; i++) {
        const v = rho[i];
        if (v < 0) {
          if (v < -tol) {
            throw new SolverError(
              `density became negative at t = ${this.time + dt} (step dt = ${dt}, ` +
                `${this.name}): cell ${this.describeCell(i)} = ${v}`,
            );
          }
          rho[i] = 0;
        }
      }
    }
  }

  private failRate(rho: Float64Array, lim: number, stage: number, dt: number): never {
    for (let i = 0; i < rho.length; i++) {
      if (!Number.isFinite(rho[i])) {
        throw new SolverError(
          `density became non-finite at t = ${this.time} + stage ${stage} of a step dt = ${dt} ` +
            `(${this.name}): cell ${this.describeCell(i)} = ${rho[i]}`,
        );
      }
    }
    for (let i = 0; i < this.k.length; i++) {
      if (!Number.isFinite(this.k[i])) {
        throw new SolverError(
          `the rate dρ/dt is non-finite at t = ${this.time} (stage ${stage}, ${this.name}) ` +
            `in cell ${this.describeCell(i)} = ${this.k[i]}; the energy's first variation ` +
            `is probably not finite there`,
        );
      }
    }
    throw new SolverError(
      `no stable step at t = ${this.time} (stage ${stage}, ${this.name}): the geometry ` +
        `returned a forward-Euler limit of ${lim}`,
    );
  }

  private refuseDt(lim: number, stage: number): never {
    throw new InputError(
      "dt",
      `${this.fixedDt} must be <= ${lim.toPrecision(6)} for stability (the forward-Euler ` +
        `positivity limit of ${this.geometry.name} at t = ${this.time}` +
        `${stage > 0 ? `, stage ${stage + 1} of ${this.method.name}` : ""}); ` +
        `lower dt or leave it unset for the adaptive step`,
    );
  }

  private describeCell(i: number): string {
    const g = this.grid;
    g.unravel(i, this.idx);
    const ids = Array.from(this.idx);
    const x = ids.map((v, a) => g.center(a, v).toPrecision(4));
    return `${i} (index [${ids.join(", ")}], x = (${x.join(", ")}))`;
  }
}

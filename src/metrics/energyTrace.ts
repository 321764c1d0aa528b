import { InputError } from "../errors.js";

/**
 * A record of an energy (or any Lyapunov functional) along a run, with the checks a gradient
 * flow must pass: F(t) non-increasing, and agreement with an exact F(t) when one is known.
 */
export class EnergyTrace {
  readonly times: number[] = [];
  readonly values: number[] = [];

  /** Appends (t, F); times must increase. */
  push(t: number, value: number): void {
    const last = this.times.length > 0 ? this.times[this.times.length - 1] : -Infinity;
    if (!(t > last))
      throw new InputError("t", `must increase along a trace (got ${t} after ${last})`);
    this.times.push(t);
    this.values.push(value);
  }

  /** The largest increase F_{k+1} − F_k (≤ 0 for a monotone decay) and where it happens. */
  maxIncrease(): { increase: number; index: number } {
    return maxIncrease(this.values);
  }

  /** True if F never increases by more than `tol`·max(1, |F|). */
  isNonIncreasing(tol = 1e-12): boolean {
    return isNonIncreasing(this.values, tol);
  }

  /** max_k |F_k − F_exact(t_k)| / max(|F_exact(t_k)|, floor). */
  maxRelativeDeviation(exact: (t: number) => number, floor = 1e-300): number {
    let worst = 0;
    for (let k = 0; k < this.times.length; k++) {
      const e = exact(this.times[k]);
      worst = Math.max(worst, Math.abs(this.values[k] - e) / Math.max(Math.abs(e), floor));
    }
    return worst;
  }

  /** Discrete dissipation rates (F_{k+1} − F_k)/(t_{k+1} − t_k) at the midpoints. */
  rates(): { t: number; rate: number }[] {
    const out: { t: number; rate: number }[] = [];
    for (let k = 0; k + 1 < this.times.length; k++) {
      const dt = this.times[k + 1] - this.times[k];
      out.push({ t: this.times[k] + 0.5 * dt, rate: (this.values[k + 1] - this.values[k]) / dt });
    }
    return out;
  }
}

/** The largest increase values[k+1] − values[k] (−Infinity for fewer than two values). */
export function maxIncrease(values: ArrayLike<number>): { increase: number; index: number } {
  let increase = -Infinity;
  let index = -1;
  for (let k = 0; k + 1 < values.length; k++) {
    const d = values[k + 1] - values[k];
    if (d > increase) {
      increase = d;
      index = k;
    }
  }
  return { increase, index };
}

/** True if no step increases by more than tol·max(1, |value|). */
export function isNonIncreasing(values: ArrayLike<number>, tol = 1e-12): boolean {
  for (let k = 0; k + 1 < values.length; k++) {
    if (values[k + 1] - values[k] > tol * Math.max(1, Math.abs(values[k]))) return false;
  }
  return true;
}

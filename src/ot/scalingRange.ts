import type { SeparableGibbsKernel } from "./separableGibbsKernel.js";

/**
 * Shared bookkeeping of the scaling-domain paths (scalingSinkhorn.ts, scalingJko.ts): the
 * plan is P_ij = a_i K_ij b_j with a = e^{α − c}, b = e^{β + c}, α = f/ε, β = g/ε the
 * log-potentials (−∞ where a side has no mass) and c a balancing shift.
 */

/** Largest |log| of a scaling the paths accept (doubles reach e^{±709}). */
export const LOG_LIMIT = 700;

/** Shift c balancing the largest finite α − c against the largest finite β + c. */
export function balanceShift(alpha: Float64Array, beta: Float64Array): number {
  let ma = -Infinity;
  let mb = -Infinity;
  for (let i = 0; i < alpha.length; i++) {
    if (alpha[i] > ma) ma = alpha[i];
    if (beta[i] > mb) mb = beta[i];
  }
  return 0.5 * (ma - mb);
}

/**
 * s = e^{logs + shift} (0 where logs = −∞). Returns false if a finite entry falls outside
 * [e^{−LOG_LIMIT}, e^{LOG_LIMIT}] or the shift is not finite.
 */
export function loadScalings(logs: Float64Array, shift: number, s: Float64Array): boolean {
  let ok = Number.isFinite(shift);
  for (let i = 0; i < logs.length; i++) {
    const x = logs[i] + shift;
    if (logs[i] !== -Infinity && !(x > -LOG_LIMIT && x < LOG_LIMIT)) ok = false;
    s[i] = Math.exp(x);
  }
  return ok;
}

/**
 * a = e^{α − c}, b = e^{β + c} with c = balanceShift(α, β) (max a = max b). Returns c and
 * whether the scalings fit in [e^{−LOG_LIMIT}, e^{LOG_LIMIT}] (the shift is needed to read
 * the potentials back either way).
 */
export function loadBalanced(
  alpha: Float64Array,
  beta: Float64Array,
  a: Float64Array,
  b: Float64Array,
): { shift: number; ok: boolean } {
  const shift = balanceShift(alpha, beta);
  const okA = loadScalings(alpha, -shift, a);
  const okB = loadScalings(beta, shift, b);
  return { shift, ok: okA && okB };
}

/**
 * logs = log s − shift where that is finite. Where s = 0: −∞ if the cell carries no mass
 * (`mass` null: a zero scaling means no mass), else the previous value is kept (underflow),
 * as it is where s overflowed.
 */
export function saveScalings(
  s: Float64Array,
  shift: number,
  logs: Float64Array,
  mass: Float64Array | null,
): void {
  for (let i = 0; i < s.length; i++) {
    const l = Math.log(s[i]);
    if (Number.isFinite(l)) logs[i] = l - shift;
    else if (s[i] === 0 && (mass === null || !(mass[i] > 0))) logs[i] = -Infinity;
  }
}

/** Largest entry (0 for an empty or non-positive array). */
export function maxOf(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) if (x[i] > m) m = x[i];
  return m;
}

/**
 * Keeps the kernel's truncation safe as the scalings grow: every dropped pair has
 * K_ij < e^{−T}, so the plan mass on dropped pairs is ≤ N²·max a·max b·e^{−T}; T is kept
 * ≥ log(max a·max b) + 2 log N + log(10¹⁵/M) + 5 (dropped mass < 1e-15·M), raised with a
 * margin of 10 when needed.
 */
export class TailControl {
  private readonly kernel: SeparableGibbsKernel;
  private readonly slack: number;
  private tail = 0;

  constructor(kernel: SeparableGibbsKernel, N: number, mass: number) {
    this.kernel = kernel;
    this.slack = 2 * Math.log(N) + Math.log(1e15 / mass) + 5;
  }

  /** Adjusts the tail for the current maxima; false if it would exceed LOG_LIMIT. */
  update(maxA: number, maxB: number): boolean {
    const need = Math.log(maxA) + Math.log(maxB) + this.slack;
    if (!(need <= LOG_LIMIT)) return false;
    if (need > this.tail) {
      this.tail = Math.min(LOG_LIMIT, need + 10);
      this.kernel.setTail(this.tail);
    }
    return true;
  }
}

import { SolverError } from "../errors.js";

/**
 * An increasing function of one variable with its derivative: `eval(t, out)` writes g(t) to
 * out[0] and g'(t) > 0 to out[1]. g may be −∞ (or NaN) left of its domain; it must tend to
 * +∞ as t → ∞ and take negative values somewhere.
 */
export interface IncreasingFunction {
  eval(t: number, out: Float64Array): void;
}

const gd = new Float64Array(2);

/** g(t) with NaN (outside the domain) read as −∞. */
function value(fn: IncreasingFunction, t: number): number {
  fn.eval(t, gd);
  const g = gd[0];
  return g === g ? g : -Infinity;
}

/**
 * The root of an increasing function by Newton's method safeguarded by bisection (every
 * iterate stays inside a bracket [lo, hi] with g(lo) < 0 < g(hi)). The bracket is found from
 * `start` by steps doubling away from it (toward `floor` by halving the gap when a floor is
 * given, e.g. the left end of g's domain). Stops when a Newton step or the bracket is below
 * 1e-14·max(1, |t|). Used per cell by the unbalanced JKO steps (energyMarginalProx.ts,
 * fisherRaoJko.ts); returns the root and the number of iterations in `stats[0]`.
 */
export function increasingRoot(
  fn: IncreasingFunction,
  start: number,
  floor = -Infinity,
  stats?: Float64Array,
): number {
  let s = Number.isFinite(start) ? start : Number.isFinite(floor) ? floor + 1 : 0;
  if (s <= floor) s = floor + 1;
  let g = value(fn, s);
  let lo: number;
  let hi: number;
  if (g > 0) {
    hi = s;
    let step = 1;
    lo = s;
    for (let k = 0; k < 2200; k++) {
      lo = Number.isFinite(floor) && hi - step <= floor ? 0.5 * (floor + hi) : hi - step;
      if (value(fn, lo) < 0) break;
      hi = lo;
      step *= 2;
    }
  } else if (g < 0) {
    lo = s;
    let step = 1;
    hi = s;
    for (let k = 0; k < 2200; k++) {
      hi = lo + step;
      if (value(fn, hi) > 0) break;
      lo = hi;
      step *= 2;
    }
  } else {
    if (stats) stats[0] = 0;
    return s;
  }
  if (!(value(fn, lo) < 0) || !(value(fn, hi) > 0)) {
    throw new SolverError(`no sign change found for a per-cell equation near t = ${start}`);
  }
  let t = Number.isFinite(g) && g > 0 ? hi : lo;
  let it = 0;
  for (; it < 200; it++) {
    fn.eval(t, gd);
    g = gd[0] === gd[0] ? gd[0] : -Infinity;
    if (g > 0) hi = t;
    else if (g < 0) lo = t;
    else break;
    const tolT = 1e-14 * Math.max(1, Math.abs(t));
    const step = g / gd[1];
    // A Newton step below the tolerance ends the iteration (it may round to t itself,
    // which the bracket test below would otherwise reject).
    if (Math.abs(step) <= tolT) {
      t -= step;
      break;
    }
    let next = t - step;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    t = next;
    if (hi - lo <= tolT) break;
  }
  if (stats) stats[0] = it;
  return t;
}

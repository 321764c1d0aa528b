/**
 * When the scaling-domain Sinkhorn (scalingSinkhorn.ts) may iterate in single precision, and
 * when it must go back to double: the switch criterion of its float32 phase
 * (float32Phase.ts). u = 2^{−24} is f32's unit roundoff, w_a the kernel's kept half-widths,
 * M the total mass.
 *
 * **Precision.** A pass of the kernel sums at most 2w_a + 1 positive products, so its
 * outputs carry a relative rounding error of at most (2w_a + 2)·u; with the division and the
 * product a_i (Kb)_i every entry of the computed first marginal is within
 * δ = u·(Σ_a (2w_a + 2) + 2) of its exact-arithmetic value, relatively (first order). The f32
 * marginal error therefore says little about progress once it is ≲ δ·M: the phase hands over
 * to double precision when the error it measures falls to {@link SWITCH_FACTOR}·δ·M, when it
 * reaches the caller's tolerance (which only a double-precision iteration may certify), or
 * when it stops decreasing (less than 10 % in 4 iterations).
 *
 * **Target.** The phase is only used for a tolerance tol ≥ {@link FLOAT32_MIN_TOL} = u. Its
 * result carries a relative rounding noise of order u in every scaling, part of which lies in
 * the slowest modes of the iteration; a target far below u then costs more double-precision
 * iterations to clear that noise than the phase saved (measured on P3, N = 128, ε = 16h²,
 * multiscale: 52 against 37 final-grid iterations at tol 1e-9; equal counts from 1e-8 up).
 *
 * **Range.** In the phase the scalings are held as a·2^k and b·2^{−k} (an integer k: exact
 * rescaling, and the plan a_i K_ij b_j does not change). Every kernel output is at most
 * Π_a (2w_a + 1) times the largest input (all weights are ≤ 1), so no output can overflow
 * f32 (max ≈ 2^128) while every scaling is ≤ 2^H, H = 127 − ⌈log₂ Π_a (2w_a + 1)⌉; the
 * updates check this bound (and NaN) on every cell, and the phase ends at the last iterate
 * that met it. This bound is required at the start with a guard of {@link GUARD_BITS} bits,
 * so that the scalings can grow during the phase.
 * At the low end nothing can fail, only lose accuracy: a scaling below 2^{−126} is subnormal
 * or flushed to 0, with an absolute error of at most itself; its cell's marginal
 * a_i (Kb)_i = p_i (at the current iterate) is then off by at most p_i. So the cells whose
 * shifted scalings fall below 2^{−126} may carry at most a mass of δ·M in p and q together
 * (measured on the double-precision scalings the phase starts from): the loss is then within
 * the rounding level at which the phase stops anyway. k is chosen among the shifts that meet
 * the upper bound to minimise that mass; if none meets both bounds, the phase is not used.
 * (On P3, N = 128, ε = 16h², the final grid's scalings span 220 bits for a and 199 for b,
 * against f32's 253: no shift keeps both above 2^{−126}, but the cells below it carry
 * ~1e-20 of the mass.)
 */

/** Smallest relative tolerance for which the phase is used: f32's unit roundoff 2^−24. */
export const FLOAT32_MIN_TOL = 2 ** -24;

/** Guard bits kept below 2^H for the largest scaling at the start. */
export const GUARD_BITS = 8;

/** The phase ends once the measured first-marginal error is ≤ SWITCH_FACTOR·δ·M. */
export const SWITCH_FACTOR = 2;

/** The float32 plan: shift k (a·2^k, b·2^{−k}), the bound 2^H and the mass left below 2^{−126}. */
export interface Float32Plan {
  shift: number;
  hi: number;
  lostMass: number;
}

/** ⌈log₂ Π_a (2w_a + 1)⌉: the growth of a kernel output over its largest input. */
export function growthBits(halfWidths: readonly number[]): number {
  let bits = 0;
  for (const w of halfWidths) bits += Math.log2(2 * w + 1);
  return Math.ceil(bits - 1e-12);
}

/** δ of the module comment: the relative rounding bound of one f32 marginal entry. */
export function float32RoundingBound(halfWidths: readonly number[]): number {
  let terms = 2;
  for (const w of halfWidths) terms += 2 * w + 2;
  return 2 ** -24 * terms;
}

/** Binary exponents of normal doubles span −1022 … 1023 (subnormals read as −1023). */
const EXP_BIAS = 1024;
const BUCKETS = 2048;

/** One double and its bits, to read binary exponents without a logarithm. */
const word = new Float64Array(1);
const wordHigh = new Uint32Array(word.buffer, 4, 1);

/**
 * Cumulative masses of m by the binary exponent e of s (2^e ≤ s_i < 2^{e+1}) over the cells
 * with m_i > 0: below[j] = mass of the cells with e + EXP_BIAS < j (s_i = 0 counts as below
 * everything); and the largest exponent. Null if some s_i with m_i > 0 is negative, infinite
 * or NaN. (Little-endian: the high word of a double is its second 32-bit word.)
 */
function massBelow(s: Float64Array, m: Float64Array): { below: Float64Array; top: number } | null {
  const below = new Float64Array(BUCKETS + 1);
  let top = -Infinity;
  for (let i = 0; i < s.length; i++) {
    const mi = m[i];
    if (!(mi > 0)) continue;
    const v = s[i];
    if (!(v >= 0 && v < Infinity)) return null;
    word[0] = v;
    const e = ((wordHigh[0] >>> 20) & 0x7ff) - 1023;
    if (v > 0) {
      below[e + EXP_BIAS + 1] += mi;
      if (e > top) top = e;
    } else {
      below[0] += mi;
    }
  }
  // below[0] holds the zeros; shift so that below[j] sums buckets < j (zeros included).
  let acc = 0;
  for (let j = 0; j <= BUCKETS; j++) {
    acc += below[j];
    below[j] = acc;
  }
  return { below, top };
}

/**
 * The shift k and bound 2^H of the module comment for scalings a (masses p) and b (masses
 * q), or null if no shift keeps every scaling ≤ 2^{H − GUARD_BITS} with at most
 * `lostBudget` (default δ·M) of mass below 2^{−126}.
 */
export function float32Plan(
  a: Float64Array,
  p: Float64Array,
  b: Float64Array,
  q: Float64Array,
  halfWidths: readonly number[],
  M: number,
  lostBudget = float32RoundingBound(halfWidths) * M,
): Float32Plan | null {
  const ha = massBelow(a, p);
  const hb = massBelow(b, q);
  if (!ha || !hb || ha.top === -Infinity || hb.top === -Infinity) return null;
  const H = 127 - growthBits(halfWidths);
  // a_i 2^k < 2^{H−g+1} for all i: e_a + k ≤ H − g − 1; likewise e_b − k ≤ H − g − 1.
  const kHi = H - GUARD_BITS - 1 - ha.top;
  const kLo = hb.top - (H - GUARD_BITS - 1);
  if (kLo > kHi) return null;
  // A cell is lost if e + k < −126 (for a) or e − k < −126 (for b): the mass with
  // exponent < E is below[E + EXP_BIAS] (clamped to the table).
  const below = (c: Float64Array, e: number): number =>
    c[Math.min(BUCKETS, Math.max(0, e + EXP_BIAS))];
  // Least lost mass; among equals, the shift nearest the middle of [kLo, kHi] (most room for
  // the scalings to move either way).
  const mid = (kLo + kHi) / 2;
  let best: Float32Plan | null = null;
  for (let k = kLo; k <= kHi; k++) {
    const lost = below(ha.below, -126 - k) + below(hb.below, -126 + k);
    const better =
      !best ||
      lost < best.lostMass ||
      (lost === best.lostMass && Math.abs(k - mid) < Math.abs(best.shift - mid));
    if (better) best = { shift: k, hi: 2 ** H, lostMass: lost };
  }
  return best && best.lostMass <= lostBudget ? best : null;
}

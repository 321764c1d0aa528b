/**
 * Rounding numbers for plots and plot-ready files: fewer digits where the eye cannot see
 * them, so that reports and snapshot views stay small. Rounding is to a multiple of a power
 * of ten q = 10^e; dividing by 10^−e (an exact integer for e < 0) rather than multiplying
 * by 10^e keeps the printed decimals clean (1234 / 1e5 prints 0.01234; 1234 · 1e-5 may not).
 */

function roundTo(v: number, e: number): number {
  const n = Math.round(v / 10 ** e);
  if (n === 0) return 0;
  return e < 0 ? n / 10 ** -e : n * 10 ** e;
}

/** Largest magnitude and [lo, hi] of the finite values (max 0 and lo > hi when there are none). */
function stats(values: readonly (number | null)[]): { max: number; lo: number; hi: number } {
  let max = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    max = Math.max(max, Math.abs(v));
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { max, lo, hi };
}

/**
 * Rounds every finite value, in place, to a multiple of q = 10^(⌊log₁₀(max|v| · resolution)⌋)
 * (resolution a power of ten: the largest values keep −log₁₀(resolution) + 1 significant
 * digits, smaller ones proportionally fewer; values below q/2 become 0). Returns `values`.
 */
export function roundRelative<T extends number | null>(values: T[], resolution: number): T[] {
  const { max } = stats(values);
  if (max === 0) return values;
  const e = Math.floor(Math.log10(max * resolution) + 1e-9);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && Number.isFinite(v)) values[i] = roundTo(v, e) as T;
  }
  return values;
}

/**
 * Rounds every finite value (a copy) to a multiple of q = 10^⌊log₁₀ q₀⌋ with
 * q₀ = max((hi − lo) · resolution, max|v| · 10⁻¹²): resolution relative to the range the
 * values span, which is what a plot on a linear axis shows (an energy 1.41894 + 10⁻⁶·f(t)
 * keeps its variation; a density's far tail becomes 0).
 */
export function roundToRange(
  values: readonly (number | null)[],
  resolution: number,
): (number | null)[] {
  const { max, lo, hi } = stats(values);
  const q0 = Math.max((hi - lo) * resolution, max * 1e-12);
  if (!(q0 > 0)) return values.slice();
  const e = Math.floor(Math.log10(q0) + 1e-9);
  return values.map((v) => (v !== null && Number.isFinite(v) ? roundTo(v, e) : v));
}

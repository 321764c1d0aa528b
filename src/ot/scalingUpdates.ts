/**
 * The pointwise loops of the scaling (Sinkhorn-type) iterations of sinkhorn.ts and
 * entropicJko.ts, as small monomorphic functions on typed arrays: they are the part of every
 * iteration that is not the kernel application, and V8 optimises them far better as
 * standalone functions than as loops inside one large solver body.
 *
 * Scalings are kept inside [lo, hi] = [e^{−λ}, e^{λ}] by the solvers (absorption into the
 * log-domain potentials); each update reports whether some scaling left that range.
 */

/** Terms of the binomial series used by {@link powNear1}. */
const TERMS = 8;

/**
 * Coefficients c_k = (x − k + 1)/k, k = 1..8, of the nested binomial series
 * r^x = 1 + c_1 d(1 + c_2 d(1 + …)), d = r − 1 (computed once per exponent x).
 */
export function powCoefficients(x: number): Float64Array {
  const c = new Float64Array(TERMS);
  for (let k = 1; k <= TERMS; k++) c[k - 1] = (x - k + 1) / k;
  return c;
}

/**
 * r^x: the binomial series Σ_{k≤8} C(x, k)(r − 1)^k when |r − 1| < 0.02 (truncation error
 * below |C(x, 9)|·0.02⁹ < 1e-15 for |x| ≤ 2), else e^{x log r} (cheaper than Math.pow in V8). `c` = powCoefficients(x).
 */
export function powNear1(r: number, x: number, c: Float64Array): number {
  const d = r - 1;
  if (d > -0.02 && d < 0.02) {
    let t = 1 + c[7] * d;
    t = 1 + c[6] * d * t;
    t = 1 + c[5] * d * t;
    t = 1 + c[4] * d * t;
    t = 1 + c[3] * d * t;
    t = 1 + c[2] * d * t;
    t = 1 + c[1] * d * t;
    return 1 + c[0] * d * t;
  }
  return Math.exp(x * Math.log(r));
}

/**
 * The over-relaxation factor for a ratio r ∈ (1/2, 2): the 8-term binomial polynomial of r^ω
 * (`c` = powCoefficients(ω)). It equals r^ω to 1e-15 for |r − 1| < 0.02 and to better than
 * 1e-3 relative on (1/2, 2) for ω ∈ [1, 2), and is positive and increasing there; only its
 * value 1 and slope ω at r = 1 matter for the fixed point and the asymptotic rate.
 */
export function relaxFactor(r: number, c: Float64Array): number {
  const d = r - 1;
  let t = 1 + c[7] * d;
  t = 1 + c[6] * d * t;
  t = 1 + c[5] * d * t;
  t = 1 + c[4] * d * t;
  t = 1 + c[3] * d * t;
  t = 1 + c[2] * d * t;
  t = 1 + c[1] * d * t;
  return 1 + c[0] * d * t;
}

/**
 * Plain Sinkhorn update s_i = w_i / (K x)_i (w: target marginal divided by the kernel's output
 * factor). Returns true if a scaling with w_i > 0 left [lo, hi].
 */
export function divideUpdate(
  w: Float64Array,
  Kx: Float64Array,
  s: Float64Array,
  lo: number,
  hi: number,
): boolean {
  let out = false;
  for (let i = 0; i < s.length; i++) {
    const si = w[i] / Kx[i];
    s[i] = si;
    if (si > hi || (si < lo && w[i] > 0)) out = true;
  }
  return out;
}

/**
 * Over-relaxed update s_i ← s_i (w_i / (s_i (K x)_i))^ω (Thibault et al. 2021; ω = 1 is
 * {@link divideUpdate}); cells with w_i = 0 are left alone. `c` = powCoefficients(ω). The power
 * is {@link relaxFactor}; a cell whose ratio lies outside (1/2, 2) (far from equilibrium:
 * typically tail cells of negligible mass) takes the plain step instead, which keeps its
 * scaling from swinging out of range. Neither changes the fixed point (ratio 1).
 * Returns true if a scaling left [lo, hi].
 */
export function relaxUpdate(
  w: Float64Array,
  Kx: Float64Array,
  s: Float64Array,
  omega: number,
  c: Float64Array,
  lo: number,
  hi: number,
): boolean {
  let out = false;
  for (let i = 0; i < s.length; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    const r = wi / (s[i] * Kx[i]);
    const si = r > 0.5 && r < 2 ? s[i] * relaxFactor(r, c) : wi / Kx[i];
    s[i] = si;
    if (si > hi || si < lo) out = true;
  }
  return out;
}

/**
 * {@link relaxUpdate} that also returns, in err[0], the marginal error of the relaxed scaling:
 * Σ_i m_i |s_i (K x)_i / w_i − 1| (m the target masses). Returns the range flag.
 */
export function relaxUpdateWithError(
  w: Float64Array,
  Kx: Float64Array,
  s: Float64Array,
  m: Float64Array,
  omega: number,
  c: Float64Array,
  lo: number,
  hi: number,
  err: Float64Array,
): boolean {
  let out = false;
  let e = 0;
  for (let i = 0; i < s.length; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    const r = wi / (s[i] * Kx[i]);
    const si = r > 0.5 && r < 2 ? s[i] * relaxFactor(r, c) : wi / Kx[i];
    s[i] = si;
    e += m[i] * Math.abs((si * Kx[i]) / wi - 1);
    if (si > hi || si < lo) out = true;
  }
  err[0] = e;
  return out;
}

/** Σ_i |s_i (K x)_i f_i − m_i|: the marginal error of the plan diag(s) K̃ with output factors f. */
export function marginalError(
  s: Float64Array,
  Kx: Float64Array,
  f: Float64Array,
  m: Float64Array,
): number {
  let e = 0;
  for (let i = 0; i < s.length; i++) e += Math.abs(s[i] * Kx[i] * f[i] - m[i]);
  return e;
}

/**
 * Marginal of the plan diag(s)·K̃ with output factors f: out_j = s_j (K x)_j f_j. Also
 * returns in acc[0] the change Σ_j |out_j − prev_j| and in acc[1] the total Σ_j out_j, and
 * copies out into prev.
 */
export function planMarginal(
  s: Float64Array,
  Kx: Float64Array,
  f: Float64Array,
  out: Float64Array,
  prev: Float64Array,
  acc: Float64Array,
): void {
  let diff = 0;
  let total = 0;
  for (let j = 0; j < s.length; j++) {
    const c = s[j] * Kx[j] * f[j];
    out[j] = c;
    diff += Math.abs(c - prev[j]);
    total += c;
    prev[j] = c;
  }
  acc[0] = diff;
  acc[1] = total;
}

/**
 * Multiplicative update s_j ← s_j (Kx_j / ref_j)^x, then ref ← Kx (cells with s_j = 0 are
 * left alone). `c` = powCoefficients(x). Returns true if a scaling left [lo, hi] (or is NaN).
 */
export function ratioPowerUpdate(
  s: Float64Array,
  Kx: Float64Array,
  ref: Float64Array,
  x: number,
  c: Float64Array,
  lo: number,
  hi: number,
): boolean {
  let out = false;
  for (let j = 0; j < s.length; j++) {
    if (s[j] === 0) continue;
    const sj = s[j] * powNear1(Kx[j] / ref[j], x, c);
    ref[j] = Kx[j];
    s[j] = sj;
    if (!(sj <= hi && sj >= lo)) out = true;
  }
  return out;
}

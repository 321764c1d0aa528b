/**
 * The pointwise loops of the scaling (Sinkhorn-type) iterations of sinkhorn.ts and
 * entropicJko.ts, as small monomorphic functions on typed arrays: they are the part of every
 * iteration that is not the kernel application, and V8 optimises them far better as
 * standalone functions than as loops inside one large solver body.
 *
 * Scalings are kept inside [lo, hi] = [e^{−λ}, e^{λ}] by the solvers (absorption into the
 * log-domain potentials); each update reports whether some scaling left that range.
 */

/**
 * Binomial coefficients C(x, k), k = 1..8, at indices 1..8, and x itself at index 0: the
 * polynomial 1 + Σ_k C(x, k) d^k is the series of (1 + d)^x truncated after d⁸ (computed
 * once per exponent x).
 */
export function powCoefficients(x: number): Float64Array {
  const c = new Float64Array(9);
  c[0] = x;
  let binom = 1;
  for (let k = 1; k <= 8; k++) {
    binom *= (x - k + 1) / k;
    c[k] = binom;
  }
  return c;
}

/**
 * 1 + Σ_{k≤8} C(x, k) d^k by Estrin's scheme (short dependency chains: this runs once per
 * cell and iteration, and a nested Horner form is latency-bound).
 */
function binomialPolynomial(d: number, c: Float64Array): number {
  const d2 = d * d;
  const d4 = d2 * d2;
  const lo = 1 + c[1] * d + d2 * (c[2] + c[3] * d);
  const hi = c[4] + c[5] * d + d2 * (c[6] + c[7] * d);
  return lo + d4 * (hi + d4 * c[8]);
}

/**
 * r^x: the binomial series Σ_{k≤8} C(x, k)(r − 1)^k when |r − 1| < 0.02 (truncation error
 * below |C(x, 9)|·0.02⁹ < 1e-15 for |x| ≤ 2), else e^{x log r} (cheaper than Math.pow in V8).
 * `c` = powCoefficients(x).
 */
export function powNear1(r: number, c: Float64Array): number {
  const d = r - 1;
  if (d > -0.02 && d < 0.02) return binomialPolynomial(d, c);
  return Math.exp(c[0] * Math.log(r));
}

/**
 * The over-relaxation factor for a ratio r ∈ (1/2, 2): the 8-term binomial polynomial of r^ω
 * (`c` = powCoefficients(ω)). It equals r^ω to 1e-15 for |r − 1| < 0.02 and to better than
 * 1e-3 relative on (1/2, 2) for ω ∈ [1, 2), and is positive and increasing there; only its
 * value 1 and slope ω at r = 1 matter for the fixed point and the asymptotic rate.
 */
export function relaxFactor(r: number, c: Float64Array): number {
  return binomialPolynomial(r - 1, c);
}

/**
 * Plain Sinkhorn update s_i = w_i / (K x)_i (w: target marginal divided by the kernel's output
 * factor). Like every update below, returns the largest new scaling, or Infinity if a
 * scaling with w_i > 0 left [lo, hi] (or is NaN).
 */
export function divideUpdate(
  w: Float64Array,
  Kx: Float64Array,
  s: Float64Array,
  lo: number,
  hi: number,
): number {
  let max = 0;
  let out = false;
  for (let i = 0; i < s.length; i++) {
    const si = w[i] / Kx[i];
    s[i] = si;
    if (si > max) max = si;
    if (!(si <= hi && (si >= lo || w[i] === 0))) out = true;
  }
  return out ? Infinity : max;
}

/**
 * Over-relaxed update s_i ← s_i (w_i / (s_i (K x)_i))^ω (Thibault et al. 2021; ω = 1 is
 * {@link divideUpdate}); cells with w_i = 0 are left alone. `c` = powCoefficients(ω). The power
 * is {@link relaxFactor}; a cell whose ratio lies outside (1/2, 2) (far from equilibrium:
 * typically tail cells of negligible mass) takes the plain step instead, which keeps its
 * scaling from swinging out of range. Neither changes the fixed point (ratio 1).
 * If `err` is given, err[0] receives the marginal error of the relaxed scalings,
 * Σ_i m_i |s_i (K x)_i / w_i − 1| (m the target masses).
 */
export function relaxUpdate(
  w: Float64Array,
  Kx: Float64Array,
  s: Float64Array,
  c: Float64Array,
  lo: number,
  hi: number,
  m?: Float64Array,
  err?: Float64Array,
): number {
  // The polynomial of relaxFactor, inlined with its coefficients in locals (typed-array
  // stores to s could alias c, so V8 would reload c[k] for every cell otherwise).
  const c1 = c[1];
  const c2 = c[2];
  const c3 = c[3];
  const c4 = c[4];
  const c5 = c[5];
  const c6 = c[6];
  const c7 = c[7];
  const c8 = c[8];
  let max = 0;
  let out = false;
  let e = 0;
  for (let i = 0; i < s.length; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    const si0 = s[i];
    const ki = Kx[i];
    const r = wi / (si0 * ki);
    let si: number;
    if (r > 0.5 && r < 2) {
      const d = r - 1;
      const d2 = d * d;
      const d4 = d2 * d2;
      const low = 1 + c1 * d + d2 * (c2 + c3 * d);
      const high = c4 + c5 * d + d2 * (c6 + c7 * d);
      si = si0 * (low + d4 * (high + d4 * c8));
    } else {
      si = wi / ki;
    }
    s[i] = si;
    if (m) e += m[i] * Math.abs((si * ki) / wi - 1);
    if (si > max) max = si;
    if (!(si <= hi && si >= lo)) out = true;
  }
  if (err) err[0] = e;
  return out ? Infinity : max;
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
 * left alone). `c` = powCoefficients(x).
 */
export function ratioPowerUpdate(
  s: Float64Array,
  Kx: Float64Array,
  ref: Float64Array,
  c: Float64Array,
  lo: number,
  hi: number,
): number {
  // powNear1 inlined with its coefficients in locals (see relaxUpdate).
  const x = c[0];
  const c1 = c[1];
  const c2 = c[2];
  const c3 = c[3];
  const c4 = c[4];
  const c5 = c[5];
  const c6 = c[6];
  const c7 = c[7];
  const c8 = c[8];
  let max = 0;
  let out = false;
  for (let j = 0; j < s.length; j++) {
    const s0 = s[j];
    if (s0 === 0) continue;
    const k = Kx[j];
    const r = k / ref[j];
    const d = r - 1;
    let f: number;
    if (d > -0.02 && d < 0.02) {
      const d2 = d * d;
      const d4 = d2 * d2;
      const low = 1 + c1 * d + d2 * (c2 + c3 * d);
      const high = c4 + c5 * d + d2 * (c6 + c7 * d);
      f = low + d4 * (high + d4 * c8);
    } else {
      f = Math.exp(x * Math.log(r));
    }
    const sj = s0 * f;
    ref[j] = k;
    s[j] = sj;
    if (sj > max) max = sj;
    if (!(sj <= hi && sj >= lo)) out = true;
  }
  return out ? Infinity : max;
}

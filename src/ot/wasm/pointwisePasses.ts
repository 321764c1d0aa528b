/**
 * The pointwise updates of the scaling-domain Sinkhorn iterations (scalingSinkhorn.ts,
 * scalingJko.ts) on arrays that live in a SeparableGibbsKernel's memory: the WebAssembly SIMD
 * functions of band.wat (second half; two cells per instruction, obtained through
 * createBandPasses in bandPasses.ts), or JavaScript with the same
 * contract and the same summation order (lane 0 = even cells, lane 1 = odd cells, the two
 * lanes added at the end, then the last cell of an odd count), so both give identical results
 * bit for bit. The element-wise formulas are those of scalingUpdates.ts (divideUpdate,
 * relaxUpdate, marginalError, planMarginal, ratioPowerUpdate), restricted to unit output
 * factors.
 *
 * Pointers are byte offsets (8-byte aligned) into {@link PointwisePasses.buffer}; `coef` points
 * at the 9 values of powCoefficients(x). Every update returns the largest new scaling, or
 * Infinity if an updated scaling left [lo, hi] (or is NaN).
 */
export interface PointwisePasses {
  readonly wasm: boolean;
  readonly buffer: ArrayBuffer;
  /** s_i = w_i / kx_i; out of range: !(s_i ≤ hi && (s_i ≥ lo || w_i = 0)). */
  divide(w: number, kx: number, s: number, n: number, lo: number, hi: number): number;
  /**
   * For w_i ≠ 0: r = w_i/(s_i kx_i); s_i ← s_i·poly(r − 1) if ½ < r < 2, else s_i·r (= w_i/kx_i
   * up to rounding: one division per cell; w_i/kx_i itself where r is not finite). If hasErr ≠ 0, the f64 at `err` receives
   * Σ_i |s_i kx_i − w_i| over those cells (relaxUpdate's error with m = w).
   */
  relax(
    w: number,
    kx: number,
    s: number,
    n: number,
    lo: number,
    hi: number,
    coef: number,
    hasErr: number,
    err: number,
  ): number;
  /** Σ_i |s_i kx_i − m_i|. */
  marginalError(s: number, kx: number, m: number, n: number): number;
  /** c = s·kx; out = c; acc[0] = Σ|c − prev|, acc[1] = Σc; prev = c. */
  planMarginal(s: number, kx: number, out: number, prev: number, n: number, acc: number): void;
  /**
   * For s_j ≠ 0: r = kx_j/ref_j, f = poly(r − 1) if |r − 1| < 0.02 else e^{x log r};
   * s_j ← s_j f, ref_j ← kx_j. With `fastPow` = 1, e^{x log r} is {@link expSmall}(x ·
   * {@link logPositive}(r)) where 2^−1000 ≤ r ≤ 2^1000 and |x log r| ≤ 700 (SIMD in
   * WebAssembly; within a few ulps of Math.exp(x·Math.log(r))), else Math's.
   */
  ratioPower(
    s: number,
    kx: number,
    ref: number,
    n: number,
    coef: number,
    lo: number,
    hi: number,
    fastPow?: number,
  ): number;
  /**
   * In place s_i ← e^{s_i + shift} ({@link expSmall} where |s_i + shift| ≤ 700, Math.exp
   * elsewhere, so −∞ gives 0); returns 1 if every s_i ≠ −∞ had |s_i + shift| < lim, else 0.
   */
  expShift(s: number, n: number, shift: number, lim: number): number;
  /**
   * out_i = log s_i + shift ({@link logPositive} where 2^−1000 ≤ s_i ≤ 2^1000, Math.log
   * elsewhere: −∞ for s_i = 0).
   */
  logShift(s: number, out: number, n: number, shift: number): void;
}

/** The JavaScript fallback (same contract and summation order as band.wat's functions). */
export function jsPointwisePasses(buffer: ArrayBuffer): PointwisePasses {
  const M = new Float64Array(buffer, 0, Math.floor(buffer.byteLength / 8));
  /** The polynomial of scalingUpdates.ts (Estrin), coefficients at c … c + 8. */
  const poly = (d: number, c: number): number => {
    const d2 = d * d;
    const d4 = d2 * d2;
    const low = 1 + M[c + 1] * d + d2 * (M[c + 2] + M[c + 3] * d);
    const high = M[c + 4] + M[c + 5] * d + d2 * (M[c + 6] + M[c + 7] * d);
    return low + d4 * (high + d4 * M[c + 8]);
  };
  return {
    wasm: false,
    buffer,
    divide(w, kx, s, n, lo, hi) {
      const W = w / 8;
      const K = kx / 8;
      const S = s / 8;
      let max = 0;
      let out = false;
      for (let i = 0; i < n; i++) {
        const wi = M[W + i];
        const si = wi / M[K + i];
        M[S + i] = si;
        if (si > max) max = si;
        if (!(si <= hi && (si >= lo || wi === 0))) out = true;
      }
      return out ? Infinity : max;
    },
    relax(w, kx, s, n, lo, hi, coef, hasErr, err) {
      const W = w / 8;
      const K = kx / 8;
      const S = s / 8;
      const c = coef / 8;
      let max = 0;
      let out = false;
      const e = [0, 0];
      for (let i = 0; i < n; i++) {
        const wi = M[W + i];
        if (wi === 0) continue;
        const si0 = M[S + i];
        const ki = M[K + i];
        const r = wi / (si0 * ki);
        const si = r < Infinity ? si0 * (r > 0.5 && r < 2 ? poly(r - 1, c) : r) : wi / ki;
        M[S + i] = si;
        if (hasErr) e[i & 1] += Math.abs(si * ki - wi);
        if (si > max) max = si;
        if (!(si <= hi && si >= lo)) out = true;
      }
      if (hasErr) M[err / 8] = e[0] + e[1]; // the last cell of an odd count is in lane 0
      return out ? Infinity : max;
    },
    marginalError(s, kx, m, n) {
      const S = s / 8;
      const K = kx / 8;
      const Mi = m / 8;
      let e0 = 0;
      let e1 = 0;
      const even = n & ~1;
      for (let i = 0; i < even; i += 2) {
        e0 += Math.abs(M[S + i] * M[K + i] - M[Mi + i]);
        e1 += Math.abs(M[S + i + 1] * M[K + i + 1] - M[Mi + i + 1]);
      }
      let t = e0 + e1;
      if (n & 1) t += Math.abs(M[S + even] * M[K + even] - M[Mi + even]);
      return t;
    },
    planMarginal(s, kx, out, prev, n, acc) {
      const S = s / 8;
      const K = kx / 8;
      const O = out / 8;
      const P = prev / 8;
      const d = [0, 0];
      const t = [0, 0];
      const even = n & ~1;
      for (let j = 0; j < even; j++) {
        const c = M[S + j] * M[K + j];
        M[O + j] = c;
        d[j & 1] += Math.abs(c - M[P + j]);
        t[j & 1] += c;
        M[P + j] = c;
      }
      let diff = d[0] + d[1];
      let total = t[0] + t[1];
      if (n & 1) {
        const c = M[S + even] * M[K + even];
        M[O + even] = c;
        diff += Math.abs(c - M[P + even]);
        total += c;
        M[P + even] = c;
      }
      M[acc / 8] = diff;
      M[acc / 8 + 1] = total;
    },
    ratioPower(s, kx, ref, n, coef, lo, hi, fastPow = 0) {
      const S = s / 8;
      const K = kx / 8;
      const R = ref / 8;
      const c = coef / 8;
      const x = M[c];
      let max = 0;
      let out = false;
      for (let j = 0; j < n; j++) {
        const s0 = M[S + j];
        if (s0 === 0) continue;
        const k = M[K + j];
        const r = k / M[R + j];
        const d = r - 1;
        let f: number;
        if (d > -0.02 && d < 0.02) f = poly(d, c);
        else {
          const y = fastPow ? x * logPositive(r) : NaN;
          f =
            fastPow && r >= 2 ** -1000 && r <= 2 ** 1000 && Math.abs(y) <= 700
              ? expSmall(y)
              : Math.exp(x * Math.log(r));
        }
        const sj = s0 * f;
        M[R + j] = k;
        M[S + j] = sj;
        if (sj > max) max = sj;
        if (!(sj <= hi && sj >= lo)) out = true;
      }
      return out ? Infinity : max;
    },
    expShift(s, n, shift, lim) {
      const S = s / 8;
      let ok = 1;
      for (let i = 0; i < n; i++) {
        const x = M[S + i];
        const y = x + shift;
        if (x !== -Infinity && !(y < lim && y > -lim)) ok = 0;
        M[S + i] = Math.abs(y) <= 700 ? expSmall(y) : Math.exp(y);
      }
      return ok;
    },
    logShift(s, out, n, shift) {
      const S = s / 8;
      const O = out / 8;
      for (let i = 0; i < n; i++) {
        const x = M[S + i];
        M[O + i] = (x >= 2 ** -1000 && x <= 2 ** 1000 ? logPositive(x) : Math.log(x)) + shift;
      }
    },
  };
}

const bitsF64 = new Float64Array(1);
const bitsU32 = new Uint32Array(bitsF64.buffer); // [low word, high word] (little-endian)

/**
 * log r for a positive normal r, as $logv of band.wat (same operations in the same order,
 * so equal bit for bit): r = m·2^e, m in [√½, √2); s = (m − 1)/(m + 1), z = s² ≤ 0.0295;
 * log m = 2s Σ_{k=0}^{10} z^k/(2k+1) (the rest of the series is < 1e-17 of it; Estrin's
 * scheme); log r = e·ln 2 + log m. Relative error a few ulps (each step rounds once).
 */
export function logPositive(r: number): number {
  bitsF64[0] = r;
  const hi = bitsU32[1];
  let e = (hi >>> 20) - 1023;
  bitsU32[1] = (hi & 0x000fffff) | 0x3ff00000;
  let m = bitsF64[0];
  if (m > 1.4142135623730951) {
    m = m * 0.5;
    e = e + 1;
  }
  const s = (m - 1) / (m + 1);
  const z = s * s;
  const z2 = z * z;
  const z4 = z2 * z2;
  const c = LOG_COEFS;
  const t =
    c[0] +
    c[1] * z +
    (c[2] + c[3] * z) * z2 +
    (c[4] + c[5] * z + (c[6] + c[7] * z) * z2) * z4 +
    (c[8] + c[9] * z + c[10] * z2) * (z4 * z4);
  return e * Math.LN2 + (s + s) * t;
}
/** 1/(2k+1), k = 0 … 10. */
const LOG_COEFS = Array.from({ length: 11 }, (_, k) => 1 / (2 * k + 1));

/**
 * e^y for |y| ≤ 700, as $expv of band.wat (same operations, equal bit for bit): n = round(y /
 * ln 2) (ties to even: y/ln 2 + 1.5·2^52 − 1.5·2^52), t = (y − n·ln2_hi) − n·ln2_lo with
 * ln2_hi having 20 trailing zero bits (n·ln2_hi exact), |t| ≤ 0.35; e^t = Σ_{k≤13} t^k/k!
 * (remainder < 1e-17; Estrin's scheme); times 2^n from its exponent bits.
 */
export function expSmall(y: number): number {
  const k = y * 1.4426950408889634 + 6755399441055744;
  const n = k - 6755399441055744;
  const t = y - n * 0.6931471803691238 - n * 1.9082149292705877e-10;
  const t2 = t * t;
  const t4 = t2 * t2;
  const c = EXP_COEFS;
  const p =
    c[0] +
    c[1] * t +
    (c[2] + c[3] * t) * t2 +
    (c[4] + c[5] * t + (c[6] + c[7] * t) * t2) * t4 +
    (c[8] + c[9] * t + (c[10] + c[11] * t) * t2 + (c[12] + c[13] * t) * t4) * (t4 * t4);
  bitsU32[0] = 0;
  bitsU32[1] = (n + 1023) << 20;
  return p * bitsF64[0];
}
/** 1/k!, k = 0 … 13. */
const EXP_COEFS = (() => {
  const c = [1];
  let f = 1;
  for (let k = 1; k <= 13; k++) {
    f *= k;
    c.push(1 / f);
  }
  return c;
})();

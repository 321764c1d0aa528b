import type FFT from "fft.js";
import { fftOfSize } from "./fftCache.js";

/**
 * Forward DFT X_k = Σ_t x_t e^{−2πikt/P} of one complex line (interleaved re, im) of a
 * power-of-two length P, pruned for the two shapes the zero-padded convolution produces
 * (Skinner/Markel-style pruning by one radix-2 step, then fft.js on length P/2):
 *
 * - `padded`: only the first n ≤ P/2 inputs are non-zero. Decimation in frequency:
 *   X_{2m} = FFT_{P/2}(x)_m,  X_{2m+1} = FFT_{P/2}(x_t w^t)_m,  w = e^{−2πi/P};
 * - `pruned`: only the first m ≤ P/2 outputs are wanted. Decimation in time:
 *   X_t = E_t + w^t O_t,  E = FFT_{P/2}(x_{2s}),  O = FFT_{P/2}(x_{2s+1}).
 *
 * Two half-length transforms cost less than one full one (one radix-2 stage fewer, and
 * fft.js is faster on even powers of two), and the zero half is never touched. Lines too
 * short or not prunable fall back to the full fft.js transform. Work buffers are owned here.
 */
export class LineTransform {
  readonly P: number;
  private readonly full: FFT;
  private readonly half: FFT | null;
  /** w^t = (cos 2πt/P, −sin 2πt/P) for t < P/2. */
  private readonly tw: Float64Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly A: Float64Array;
  private readonly B: Float64Array;
  /** Full-length scratch lines for the unpruned fallback of `convolve`. */
  private readonly u: Float64Array;
  private readonly v: Float64Array;

  constructor(P: number) {
    this.P = P;
    this.full = fftOfSize(P);
    const h = P / 2;
    this.half = P >= 8 ? fftOfSize(h) : null;
    this.tw = new Float64Array(2 * h);
    for (let t = 0; t < h; t++) {
      this.tw[2 * t] = Math.cos((2 * Math.PI * t) / P);
      this.tw[2 * t + 1] = -Math.sin((2 * Math.PI * t) / P);
    }
    this.a = new Float64Array(2 * h);
    this.b = new Float64Array(2 * h);
    this.A = new Float64Array(2 * h);
    this.B = new Float64Array(2 * h);
    this.u = new Float64Array(2 * P);
    this.v = new Float64Array(2 * P);
  }

  /**
   * Fused filter of one line, in the conjugate form used by Convolver: with X the DFT of the
   * line (first n values from `inp`, the rest zero) and g_k = G[gOff + k] (real, k < P),
   * writes the first m values of DFT(conj(g·X)) — the complex conjugate of the unnormalised
   * inverse DFT of g·X — to `out` (2m doubles; out may be inp). When n, m ≤ P/2 the even and
   * odd frequencies are filtered separately and never interleaved:
   *   A = FFT_{P/2}(x), B = FFT_{P/2}(x·w^t);  E = FFT_{P/2}(conj(g_even·A)),
   *   O = FFT_{P/2}(conj(g_odd·B));  out_t = E_t + w^t O_t.
   */
  convolve(
    inp: Float64Array,
    n: number,
    G: Float64Array,
    gOff: number,
    out: Float64Array,
    m: number,
  ): void {
    const P = this.P;
    const h = P / 2;
    if (this.half === null || n > h || m > h) {
      const { u, v } = this;
      for (let t = 0; t < 2 * n; t++) u[t] = inp[t];
      u.fill(0, 2 * n);
      this.full.transform(v, u);
      for (let k = 0; k < P; k++) {
        const g = G[gOff + k];
        v[2 * k] *= g;
        v[2 * k + 1] *= -g;
      }
      this.full.transform(u, v);
      for (let t = 0; t < 2 * m; t++) out[t] = u[t];
      return;
    }
    const { a, b, A, B, tw } = this;
    for (let t = 0; t < n; t++) {
      const xr = inp[2 * t];
      const xi = inp[2 * t + 1];
      const c = tw[2 * t];
      const s = tw[2 * t + 1];
      a[2 * t] = xr;
      a[2 * t + 1] = xi;
      b[2 * t] = xr * c - xi * s;
      b[2 * t + 1] = xr * s + xi * c;
    }
    a.fill(0, 2 * n);
    b.fill(0, 2 * n);
    const half = this.half;
    half.transform(A, a);
    half.transform(B, b);
    for (let k = 0; k < h; k++) {
      const ge = G[gOff + 2 * k];
      const go = G[gOff + 2 * k + 1];
      A[2 * k] *= ge;
      A[2 * k + 1] *= -ge;
      B[2 * k] *= go;
      B[2 * k + 1] *= -go;
    }
    half.transform(a, A);
    half.transform(b, B);
    for (let t = 0; t < m; t++) {
      const c = tw[2 * t];
      const s = tw[2 * t + 1];
      const or = b[2 * t];
      const oi = b[2 * t + 1];
      out[2 * t] = a[2 * t] + or * c - oi * s;
      out[2 * t + 1] = a[2 * t + 1] + or * s + oi * c;
    }
  }

  /**
   * out (2P doubles) = DFT of the line whose first n complex values are in `inp` and the rest
   * zero. `inp` must hold 2P doubles (entries past 2n may be overwritten); out ≠ inp.
   */
  padded(inp: Float64Array, n: number, out: Float64Array): void {
    const P = this.P;
    const h = P / 2;
    if (this.half === null || n > h) {
      inp.fill(0, 2 * n, 2 * P);
      this.full.transform(out, inp);
      return;
    }
    const { a, b, A, B, tw } = this;
    for (let t = 0; t < n; t++) {
      const xr = inp[2 * t];
      const xi = inp[2 * t + 1];
      const c = tw[2 * t];
      const s = tw[2 * t + 1];
      a[2 * t] = xr;
      a[2 * t + 1] = xi;
      b[2 * t] = xr * c - xi * s;
      b[2 * t + 1] = xr * s + xi * c;
    }
    a.fill(0, 2 * n);
    b.fill(0, 2 * n);
    this.half.transform(A, a);
    this.half.transform(B, b);
    for (let m = 0; m < h; m++) {
      out[4 * m] = A[2 * m];
      out[4 * m + 1] = A[2 * m + 1];
      out[4 * m + 2] = B[2 * m];
      out[4 * m + 3] = B[2 * m + 1];
    }
  }

  /**
   * out[0..2m) = the first m values of the DFT of the full line `inp` (2P doubles);
   * out ≠ inp, out holds ≥ 2P doubles.
   */
  pruned(inp: Float64Array, m: number, out: Float64Array): void {
    const P = this.P;
    const h = P / 2;
    if (this.half === null || m > h) {
      this.full.transform(out, inp);
      return;
    }
    const { a, b, A, B, tw } = this;
    for (let s = 0; s < h; s++) {
      a[2 * s] = inp[4 * s];
      a[2 * s + 1] = inp[4 * s + 1];
      b[2 * s] = inp[4 * s + 2];
      b[2 * s + 1] = inp[4 * s + 3];
    }
    this.half.transform(A, a);
    this.half.transform(B, b);
    for (let t = 0; t < m; t++) {
      const c = tw[2 * t];
      const s = tw[2 * t + 1];
      const or = B[2 * t];
      const oi = B[2 * t + 1];
      out[2 * t] = A[2 * t] + or * c - oi * s;
      out[2 * t + 1] = A[2 * t + 1] + or * s + oi * c;
    }
  }
}

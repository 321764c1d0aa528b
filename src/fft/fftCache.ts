import FFT from "fft.js";

/**
 * One fft.js instance per transform size, shared by every convolver. fft.js instances hold
 * only their twiddle and bit-reversal tables (state during a call is synchronous), so
 * sharing is safe.
 */
const instances = new Map<number, FFT>();

/** The smallest power of two ≥ m (and ≥ 2, the smallest size fft.js accepts). */
export function nextPowerOfTwo(m: number): number {
  let p = 2;
  while (p < m) p *= 2;
  return p;
}

export function isPowerOfTwo(m: number): boolean {
  return m >= 2 && (m & (m - 1)) === 0;
}

/** The cached fft.js instance of size P (a power of two ≥ 2). */
export function fftOfSize(P: number): FFT {
  let f = instances.get(P);
  if (!f) {
    f = new FFT(P);
    instances.set(P, f);
  }
  return f;
}

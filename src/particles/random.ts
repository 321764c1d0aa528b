import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { requireNumber } from "../errors.js";

/** Largest seed accepted: seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffffffff;

const TWO_M26 = 2 ** -26;
const TWO_M53 = 2 ** -53;

/**
 * The one seeded random stream of a particle run, reproducible bit for bit on every machine.
 *
 * - Generator: xoroshiro128+ (D. Blackman & S. Vigna, ACM TOMS 47, 2021) of the `pure-rand`
 *   package. Its 128-bit state is filled from the unsigned 32-bit seed by four outputs of
 *   splitmix32 (`seedState`), as Vigna advises (seed a xorshift-family generator from a
 *   different one): pure-rand's own `xoroshiro128plus(seed)` puts the seed into the state as
 *   is, and its first outputs then follow the seed (seed 42 starts with u ≈ 1 − 2·10⁻⁹).
 *   Both are pure 32-bit integer arithmetic: the stream depends on the seed alone, never on
 *   the platform.
 * - Uniforms: u = (a·2²⁷ + b)·2⁻⁵³ with a, b the top 26 and 27 bits of two draws (the top
 *   bits: the lowest bits of xoroshiro128+ are its weakest), a multiple of 2⁻⁵³ in [0, 1)
 *   with 53 random bits.
 * - Normals: the Marsaglia polar method (G. Marsaglia & T. A. Bray, SIAM Rev. 6, 1964): draw
 *   v₁, v₂ = 2u − 1 until 0 < s = v₁² + v₂² < 1 (acceptance π/4), then v₁f and v₂f with
 *   f = √(−2 log s / s) are two independent N(0, 1). It needs only +, ×, /, √ (correctly
 *   rounded in IEEE 754) and Math.log, which V8 computes by its own software port of fdlibm:
 *   the same digits on every CPU and OS for a given Node version (no sin/cos, unlike
 *   Box–Muller). The second normal of a pair is kept for the next call, so the sequence of
 *   normals is the same however the calls are grouped (one by one or by `fillNormal`).
 */
export class Random {
  readonly seed: number;
  private readonly rng: RandomGenerator;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    this.seed = requireNumber("seed", seed, { min: 0, max: MAX_SEED, integer: true });
    this.rng = xoroshiro128plusFromState(seedState(seed));
  }

  /** Uniform in [0, 1), a multiple of 2⁻⁵³. */
  uniform(): number {
    const rng = this.rng;
    const a = rng.next() >>> 6; // top 26 bits
    const b = rng.next() >>> 5; // top 27 bits
    return a * TWO_M26 + b * TWO_M53;
  }

  /** One standard normal variate (Marsaglia polar method, see the class comment). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let v1: number;
    let v2: number;
    let s: number;
    do {
      v1 = 2 * this.uniform() - 1;
      v2 = 2 * this.uniform() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v2 * f;
    this.hasSpare = true;
    return v1 * f;
  }

  /** Fills out[from..to) with standard normals: the same numbers as calling `normal()` in turn. */
  fillNormal(out: Float64Array, from = 0, to = out.length): void {
    let i = from;
    if (i < to && this.hasSpare) {
      out[i++] = this.spare;
      this.hasSpare = false;
    }
    const rng = this.rng;
    while (i < to) {
      let v1: number;
      let v2: number;
      let s: number;
      do {
        // uniform() inlined (same arithmetic): 2u − 1 for u in [0, 1).
        v1 = 2 * ((rng.next() >>> 6) * TWO_M26 + (rng.next() >>> 5) * TWO_M53) - 1;
        v2 = 2 * ((rng.next() >>> 6) * TWO_M26 + (rng.next() >>> 5) * TWO_M53) - 1;
        s = v1 * v1 + v2 * v2;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      out[i++] = v1 * f;
      if (i < to) out[i++] = v2 * f;
      else {
        this.spare = v2 * f;
        this.hasSpare = true;
      }
    }
  }

  /** Fills out[from..to) with uniforms in [0, 1) (as `uniform()` in turn). */
  fillUniform(out: Float64Array, from = 0, to = out.length): void {
    for (let i = from; i < to; i++) out[i] = this.uniform();
  }
}

/**
 * The four 32-bit state words of xoroshiro128+ from a seed: successive outputs of splitmix32
 * (a Weyl sequence s += 0x9e3779b9 through the integer hash x ^= x >>> 16; x *= 0x21f0aaad;
 * x ^= x >>> 15; x *= 0x735a2d97; x ^= x >>> 15, C. Wellons' "lowbias32"). Nearby seeds give
 * unrelated states; the all-zero state (a fixed point of the generator) cannot occur, since
 * the hash is a bijection of distinct Weyl values and at most one of them maps to 0.
 */
export function seedState(seed: number): number[] {
  let s = seed | 0;
  const out: number[] = [];
  for (let k = 0; k < 4; k++) {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z ^= z >>> 16;
    z = Math.imul(z, 0x21f0aaad);
    z ^= z >>> 15;
    z = Math.imul(z, 0x735a2d97);
    z ^= z >>> 15;
    out.push(z | 0);
  }
  return out;
}

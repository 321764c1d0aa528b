import { gaussLegendre } from "../grid/gaussLegendre.js";

/**
 * Cell average at the origin of a homogeneous singular term,
 *   f_e(x) = |x|^e / e  (e ≠ 0)   or   f_0(x) = log|x|,   e > −d,
 * over the cell C = Π_a[−h_a/2, h_a/2]:  (1/|C|)∫_C f_e.
 *
 * By symmetry this is the average over B = Π_a[0, h_a/2]. B splits into ½B (the corner box at
 * the origin) and 2^d − 1 boxes of half size that stay at distance ≥ min_a h_a/4 from the
 * origin, where f_e is analytic and tensor Gauss–Legendre (16 points per axis) converges
 * to rounding. Homogeneity closes the recursion exactly:
 *   ∫_{sB} f_e = s^{d+e} ∫_B f_e                      ⇒  I = J / (1 − 2^{−(d+e)}),
 *   ∫_{sB} log|x| = s^d (∫_B log|y| dy + |B| log s)  ⇒  I = (J − 2^{−d}|B| log 2)/(1 − 2^{−d}),
 * with J the integral over B \ ½B.
 */
export function homogeneousOriginAverage(h: readonly number[], e: number): number {
  const d = h.length;
  if (!(e > -d)) throw new RangeError(`exponent must be > −d = ${-d}, got ${e}`);
  const { nodes, weights } = gaussLegendre(16);
  const q = nodes.length;
  const half = h.map((v) => v / 2);
  const quarter = h.map((v) => v / 4);
  const f = e === 0 ? (r2: number) => 0.5 * Math.log(r2) : (r2: number) => r2 ** (e / 2) / e;
  let J = 0;
  const x = new Float64Array(d);
  const qi = new Int32Array(d);
  const nq = q ** d;
  // Sub-boxes of B labelled by bits: bit a set → [h_a/4, h_a/2] on axis a, else [0, h_a/4].
  for (let mask = 1; mask < 1 << d; mask++) {
    let s = 0;
    for (let j = 0; j < nq; j++) {
      let r = j;
      let w = 1;
      let r2 = 0;
      for (let a = d - 1; a >= 0; a--) {
        qi[a] = r % q;
        r = (r - qi[a]) / q;
        const lo = mask & (1 << a) ? quarter[a] : 0;
        x[a] = lo + 0.5 * quarter[a] * (1 + nodes[qi[a]]);
        w *= 0.5 * quarter[a] * weights[qi[a]];
        r2 += x[a] * x[a];
      }
      s += w * f(r2);
    }
    J += s;
  }
  const volB = half.reduce((p, v) => p * v, 1);
  const I = e === 0 ? (J - 2 ** -d * volB * Math.LN2) / (1 - 2 ** -d) : J / (1 - 2 ** -(d + e));
  return I / volB;
}

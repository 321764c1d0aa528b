/**
 * Gamma function for positive real arguments, used by the Barenblatt constants
 * (Γ of half-integers and of p + 1 + d/2 for any m > 1).
 *
 * Method: shift the argument up with Γ(x) = Γ(x + n)/(x(x+1)…(x+n−1)) until z = x + n ≥ 10,
 * then Stirling's series
 *   ln Γ(z) = (z − ½) ln z − z + ½ ln 2π + Σ_{k=1}^{8} B_{2k} / (2k(2k−1) z^{2k−1}),
 * with the exact Bernoulli numbers B_{2k} (A&S 6.1.40). The first omitted term,
 * B_18/(18·17·z^17), is below 2e-18 at z ≥ 10; what remains is rounding.
 */

// B_{2k} / (2k(2k−1)), k = 1..8.
const STIRLING = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
];
const HALF_LOG_2PI = 0.9189385332046728; // ½ ln 2π
const SQRT_2PI = 2.5066282746310002; // √(2π)

/** The Stirling correction Σ B_{2k}/(2k(2k−1) z^{2k−1}). */
function stirlingSeries(z: number): number {
  const iz = 1 / z;
  const iz2 = iz * iz;
  let series = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) series = series * iz2 + STIRLING[k];
  return series * iz;
}

function stirlingLog(z: number): number {
  return (z - 0.5) * Math.log(z) - z + HALF_LOG_2PI + stirlingSeries(z);
}

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  let z = x;
  let logProd = 0;
  let prod = 1;
  while (z < 10) {
    prod *= z;
    z += 1;
    if (prod > 1e280) {
      logProd += Math.log(prod);
      prod = 1;
    }
  }
  return stirlingLog(z) - logProd - Math.log(prod);
}

/** Γ(x) for x > 0 (overflows to Infinity above x ≈ 171.6). */
export function gamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`gamma needs x > 0, got ${x}`);
  if (Number.isInteger(x) && x <= 171) {
    let f = 1;
    for (let k = 2; k < x; k++) f *= k;
    return f;
  }
  let z = x;
  let prod = 1;
  while (z < 10) {
    prod *= z;
    z += 1;
  }
  // √(2π) z^{z−½} e^{−z} e^{series}: each factor to ~1 ulp, no large logarithm to exponentiate.
  return (SQRT_2PI * Math.pow(z, z - 0.5) * Math.exp(-z) * Math.exp(stirlingSeries(z))) / prod;
}

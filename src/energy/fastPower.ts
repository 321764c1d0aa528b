/**
 * x ↦ x^e for the exponents e = m − 1 of the porous-medium and generalized entropies
 * F = ∫ρ^m/(m − 1), ψ = m/(m − 1)·ρ^{m−1}, evaluated per cell and stage. V8's Math.pow takes
 * ~40 ns for a non-integer exponent other than ½ (measured on the developers' VM, 2026-12-04,
 * 16 384 values: pow(x, 1.5) 40 ns, pow(x, 1/3) 40 ns, Math.sqrt 2.1 ns, Math.cbrt 6.6 ns), more
 * than the whole finite-volume sweep, so for x > 0 the common exponents use closed forms:
 *
 *   e = 1.5: x·√x,   e = 2.5: (x·x)·√x,   e = 1/3: ∛x,   e = 2/3: ∛x·∛x,   e = 4/3: x·∛x
 *
 * (thirds matched within 1e-12, since m = 4/3 gives e = 0.33333333333333326). Each is within
 * 2 ulp of x^e: √x and ∛x are within ½ and 1 ulp, and each product adds ½ ulp (measured for
 * e = 1.5 over 16 384 values in (0, 0.3): ≤ 1 ulp from Math.pow; test/energy/fastPower.test.ts
 * checks 3 ulp). Other exponents, and x ≤ 0 or NaN (where the signed-zero and NaN rules of
 * Math.pow apply), use Math.pow; e = ½ is Math.pow too (V8 computes it as √x already).
 */
export function powerOf(e: number): (x: number) => number {
  const third = (k: number): boolean => Math.abs(e - k / 3) < 1e-12;
  if (e === 1.5) return (x) => (x > 0 ? x * Math.sqrt(x) : Math.pow(x, e));
  if (e === 2.5) return (x) => (x > 0 ? x * x * Math.sqrt(x) : Math.pow(x, e));
  if (third(1)) return (x) => (x > 0 ? Math.cbrt(x) : Math.pow(x, e));
  if (third(2)) {
    return (x) => {
      if (!(x > 0)) return Math.pow(x, e);
      const c = Math.cbrt(x);
      return c * c;
    };
  }
  if (third(4)) return (x) => (x > 0 ? x * Math.cbrt(x) : Math.pow(x, e));
  return (x) => Math.pow(x, e);
}

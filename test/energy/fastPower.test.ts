import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { powerOf } from "../../src/energy/fastPower.js";

/**
 * energy/fastPower.ts replaces Math.pow(x, e) by closed forms (√, ∛ and products) for the
 * exponents e = m − 1 of common porous-medium energies. Claim: within 2 ulp of Math.pow for
 * x > 0 (√ and ∛ are within ½ and 1 ulp of the exact value, each product adds ½ ulp, and
 * Math.pow is itself within 1 ulp); checked here at 3 ulp of |x^e| over x from 1e-300 to
 * 1e300, where the result is a normal number (below that, within 4 of the smallest subnormal
 * steps), plus, for an exponent that is a third rounded to double (m − 1 for m = 4/3, 5/3,
 * 7/3), the change |e − k/3|·|ln x| from using the exact third (≤ 5e-14 at x = 1e-300,
 * ≤ 2e-15 for 1e-10 ≤ x ≤ 1e3). For x ≤ 0, ±0, NaN and ∞ the functions are Math.pow itself.
 */

const EXPONENTS = [1.5, 2.5, 1 / 3, 2 / 3, 4 / 3, 4 / 3 - 1, 5 / 3 - 1, 7 / 3 - 1, 0.5, 0.7, 2];

const positive = fc.oneof(
  fc.double({ min: 1e-300, max: 1e300, noNaN: true }),
  fc.double({ min: 1e-6, max: 10, noNaN: true }),
);

describe("powerOf: closed forms of x^e for the common porous-medium exponents", () => {
  it("within 3 ulp of Math.pow for x > 0", () => {
    fc.assert(
      fc.property(positive, fc.constantFrom(...EXPONENTS), (x, e) => {
        const got = powerOf(e)(x);
        const want = Math.pow(x, e);
        if (!Number.isFinite(want)) return Object.is(got, want);
        if (Math.abs(want) < 2 ** -1022) return Math.abs(got - want) <= 4 * 2 ** -1074;
        // A rounded third (m = 4/3 gives e = 0.33333333333333326) is taken as the exact third:
        // x^e and x^{k/3} differ by the factor e^{(e − k/3)·ln x}, i.e. |e − k/3|·|ln x|.
        const k = Math.round(3 * e);
        // (k/3 is itself rounded: up to ½ ulp, 2⁻⁵³·k/3, away from the exact third.)
        const dE = Math.abs(e - k / 3) + 2 ** -53 * (k / 3);
        const shift = Math.abs(e - k / 3) < 1e-12 ? 2 * dE * Math.abs(Math.log(x)) : 0;
        return Math.abs(got - want) <= (3 * 2 ** -52 + shift) * Math.abs(want);
      }),
      { seed: 20_261_207, numRuns: 4000 },
    );
  });

  it("is Math.pow itself for x ≤ 0, ±0, NaN, ±∞ and for other exponents", () => {
    for (const e of EXPONENTS) {
      const f = powerOf(e);
      for (const x of [0, -0, -1, -2.5, NaN, Infinity, -Infinity]) {
        expect(Object.is(f(x), Math.pow(x, e)), `${x}^${e}`).toBe(true);
      }
    }
    for (const x of [0.3, 2, 7.5]) expect(powerOf(0.7)(x)).toBe(Math.pow(x, 0.7));
  });

  it("takes m = 4/3, 5/3, 7/3 (e = m − 1 a rounded third) to the ∛ forms", () => {
    // 4/3 − 1 = 0.33333333333333326, not 1/3: matched within 1e-12, and ∛x differs from
    // Math.pow(x, 0.33333333333333326) only by that exponent's rounding (≤ 1e-15 relative).
    for (const m of [4 / 3, 5 / 3, 7 / 3]) {
      const x = 0.37;
      const got = powerOf(m - 1)(x);
      const exact = Math.cbrt(x) ** Math.round(3 * (m - 1));
      expect(Math.abs(got - exact)).toBeLessThanOrEqual(3 * 2 ** -52 * exact);
    }
  });
});

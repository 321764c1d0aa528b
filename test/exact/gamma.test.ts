import { describe, expect, it } from "vitest";
import { gamma, logGamma } from "../../src/exact/gamma.js";

// [x, Γ(x)]: mpmath 1.3 at 40 digits for the exact double x, rounded to the nearest double.
const REFERENCE: [number, number][] = [
  [0.5, 1.772453850905516],
  [1.5, 0.886226925452758],
  [2.5, 1.329340388179137],
  [0.3333333333333333, 2.678938534707748],
  [0.25, 3.625609908221908],
  [2.75, 1.6083594219855457],
  [4.5, 11.631728396567448],
  [7.3, 1271.4236336639087],
  [0.001, 999.4237724845955],
  [10.5, 1133278.3889487856],
];

describe("gamma", () => {
  it("matches 40-digit values to a few ulps", () => {
    for (const [x, g] of REFERENCE) {
      // Measured ≤ 2e-15 (the pow of a non-representable argument dominates).
      expect(Math.abs(gamma(x) / g - 1)).toBeLessThan(4e-15);
      expect(Math.abs(logGamma(x) - Math.log(g))).toBeLessThan(1e-14);
    }
  });

  it("is exact on integers and satisfies Γ(x+1) = xΓ(x)", () => {
    expect(gamma(1)).toBe(1);
    expect(gamma(6)).toBe(120);
    for (const x of [0.17, 0.5, 1.3, 2.9, 5.5]) {
      expect(Math.abs(gamma(x + 1) / (x * gamma(x)) - 1)).toBeLessThan(5e-15);
    }
    expect(() => gamma(0)).toThrow(RangeError);
  });
});

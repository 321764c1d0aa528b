import { describe, expect, it } from "vitest";
import { F_KINDS, fFunction, type FFunction, type FKind } from "../../src/energy/fFunctions.js";
import { InputError } from "../../src/errors.js";

/** Every f of the table, with the family members used across the f-divergence tests. */
const CASES: [FKind, number | undefined][] = [
  ["kl", undefined],
  ["reverse-kl", undefined],
  ["chi2", undefined],
  ["hellinger", undefined],
  ["js", undefined],
  ["alpha", 3],
  ["alpha", 2],
  ["alpha", 0.5],
  ["alpha", -0.5],
  ["p-relative", 1.5],
  ["p-relative", 1],
  ["p-relative", 0],
];

const R = [0.05, 0.3, 0.9, 1, 1.7, 4, 25];

/** Richardson-extrapolated central difference (error O(h⁴)) of g at r. */
function derivative(g: (r: number) => number, r: number): number {
  const h = 1e-3 * r;
  const d1 = (g(r + h) - g(r - h)) / (2 * h);
  const d2 = (g(r + h / 2) - g(r - h / 2)) / h;
  return (4 * d2 - d1) / 3;
}

describe("f table (fFunctions.ts)", () => {
  it("covers every kind", () => {
    const kinds = new Set(CASES.map(([k]) => k));
    for (const k of F_KINDS) expect(kinds.has(k), k).toBe(true);
  });

  for (const [kind, param] of CASES) {
    const f = fFunction(kind, param);
    it(`${f.name}: f(1) = f'(1) = 0, f' and f'' are the derivatives of f, f'' > 0`, () => {
      expect(Math.abs(f.f(1))).toBe(0);
      expect(Math.abs(f.df(1))).toBeLessThan(1e-15);
      for (const r of R) {
        // Richardson central differences with h = 1e-3 r: truncation O(h⁴) ≈ 1e-12 relative,
        // rounding ≈ 1e-16·|f|/h ≤ 1e-11; 1e-8 leaves a wide margin yet fails on any wrong
        // derivative formula (those are off by O(1)).
        const scaleF = Math.max(1, Math.abs(f.df(r)));
        expect(Math.abs(derivative(f.f, r) - f.df(r)) / scaleF, `f' at ${r}`).toBeLessThan(1e-8);
        const scale2 = Math.max(1, Math.abs(f.d2f(r)));
        expect(Math.abs(derivative(f.df, r) - f.d2f(r)) / scale2, `f'' at ${r}`).toBeLessThan(1e-8);
        expect(f.d2f(r)).toBeGreaterThan(0);
        // The split f' = ν log r + g (rounding only).
        expect(f.logWeight * Math.log(r) + f.smooth(r)).toBeCloseTo(f.df(r), 12);
      }
    });

    it(`${f.name}: vacuum behaviour "${f.vacuum}" is what f'(r) does as r → 0`, () => {
      const a = f.df(1e-8);
      const b = f.df(1e-16);
      if (f.vacuum === "finite") {
        expect(Number.isFinite(f.df(0))).toBe(true);
        expect(Math.abs(b - f.df(0))).toBeLessThan(1e-6);
        expect(Number.isFinite(f.smooth(0))).toBe(true);
      } else {
        expect(f.df(0)).toBe(-Infinity);
        // log: f' drops by ν·log(1e8) ≈ 18.4ν between 1e-8 and 1e-16; algebraic: by far more.
        const drop = a - b;
        if (f.vacuum === "logarithmic") {
          expect(drop).toBeCloseTo(f.logWeight * Math.log(1e8), 6);
          expect(Number.isFinite(f.smooth(0))).toBe(true);
        } else {
          expect(drop).toBeGreaterThan(1e3);
          expect(f.smooth(0)).toBe(-Infinity);
        }
      }
      // r f''(r) − ν > 0 somewhere iff extraDiffusion.
      const excess = Math.max(...[1e-6, 0.1, 1, 10, 1e3].map((r) => r * f.d2f(r) - f.logWeight));
      expect(excess > 1e-12).toBe(f.extraDiffusion);
    });
  }

  it("members of the power family: α = 2 is ½χ², α = ½ is 2·hellinger, p = 1, 0 are kl, reverse-kl", () => {
    const chi2 = fFunction("chi2");
    const hel = fFunction("hellinger");
    const a2 = fFunction("alpha", 2);
    const ah = fFunction("alpha", 0.5);
    for (const r of [0, ...R]) {
      // expm1-based evaluation: rounding of a few ulps of the terms.
      expect(a2.f(r)).toBeCloseTo(0.5 * chi2.f(r), 12);
      expect(ah.f(r)).toBeCloseTo(2 * hel.f(r), 12);
      expect(fFunction("p-relative", 1).f(r)).toBe(fFunction("kl").f(r));
      expect(fFunction("p-relative", 0).f(r)).toBe(fFunction("reverse-kl").f(r));
    }
  });

  it("the α-family tends to kl as α → 1 and to reverse-kl as α → 0, at first order", () => {
    const gap = (f: FFunction, g: FFunction): number =>
      Math.max(...R.map((r) => Math.abs(f.f(r) - g.f(r)) + Math.abs(f.df(r) - g.df(r))));
    const kl = fFunction("kl");
    const rkl = fFunction("reverse-kl");
    for (const [limit, at] of [
      [kl, 1],
      [rkl, 0],
    ] as const) {
      const e = [1e-2, 1e-3, 1e-4].map((d) =>
        Math.min(gap(fFunction("alpha", at + d), limit), gap(fFunction("alpha", at - d), limit)),
      );
      // f_α − f_limit = (α − α*)·∂f/∂α + O((α − α*)²): the gap shrinks tenfold per decade
      // (measured e = 0.78, 0.078, 0.0078 toward kl and 0.43, 0.043, 0.0043 toward reverse-kl,
      // max over r ∈ [0.05, 25] of |Δf| + |Δf'|, where ∂f/∂α ~ log²r).
      expect(e[2]).toBeLessThan(0.02);
      expect(e[0] / e[1]).toBeGreaterThan(8);
      expect(e[0] / e[1]).toBeLessThan(12);
      expect(e[1] / e[2]).toBeGreaterThan(8);
      expect(e[1] / e[2]).toBeLessThan(12);
    }
  });

  it("refuses α ∈ {0, 1} and a missing parameter, naming the field", () => {
    expect(() => fFunction("alpha", 1, "energy[0].alpha")).toThrow(InputError);
    expect(() => fFunction("alpha", 0, "energy[0].alpha")).toThrow(/energy\[0\]\.alpha/);
    expect(() => fFunction("p-relative", undefined, "energy[0].p")).toThrow(/energy\[0\]\.p/);
    expect(() => fFunction("alpha", NaN)).toThrow(InputError);
  });
});

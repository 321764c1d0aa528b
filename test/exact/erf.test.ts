import { describe, expect, it } from "vitest";
import { erf, erfc, expMinusSquare, gaussianIntervalMass } from "../../src/exact/erf.js";
import { gaussLegendre } from "../../src/grid/gaussLegendre.js";

// [x, erf(x), erfc(x)]: mpmath 1.3 values at 40 digits for the exact double x, rounded to the
// nearest double.
const REFERENCE: [number, number, number][] = [
  [1e-12, 1.1283791670955126e-12, 0.9999999999988716],
  [0.1, 0.1124629160182849, 0.887537083981715],
  [0.3, 0.3286267594591274, 0.6713732405408726],
  [0.49, 0.511668261188523, 0.4883317388114769],
  [0.5, 0.5204998778130465, 0.4795001221869535],
  [0.75, 0.7111556336535151, 0.28884436634648486],
  [1, 0.8427007929497149, 0.15729920705028513],
  [1.3, 0.9340079449406524, 0.06599205505934755],
  [2, 0.9953222650189527, 0.004677734981047266],
  [2.5, 0.999593047982555, 0.0004069520174449589],
  [3.7, 0.9999998328489421, 1.6715105790914599e-7],
  [5, 0.9999999999984626, 1.537459794428035e-12],
  [7, 1.0, 4.183825607779414e-23],
  [10, 1.0, 2.088487583762545e-45],
  [15, 1.0, 7.212994172451207e-100],
  [20, 1.0, 5.395865611607901e-176],
  [26, 1.0, 5.663192408856143e-296],
  [-0.2, -0.22270258921047847, 1.2227025892104784],
  [-0.6, -0.6038560908479259, 1.6038560908479258],
  [-1.7, -0.9837904585907745, 1.9837904585907746],
  [-4, -0.9999999845827421, 1.999999984582742],
];

describe("erf / erfc", () => {
  it("match 40-digit reference values to ~1e-16 relative (erfc also deep in the tail)", () => {
    let worst = 0;
    for (const [x, e, c] of REFERENCE) {
      worst = Math.max(worst, Math.abs(erf(x) - e) / Math.abs(e), Math.abs(erfc(x) - c) / c);
    }
    // A dense scan against mpmath gave ≤ 5e-16; allow a few ulps more.
    expect(worst).toBeLessThan(1e-15);
  });

  it("agree with an independent quadrature of (2/√π)e^{−t²}", () => {
    // Composite 20-point Gauss–Legendre on [x, x + 12] in 48 panels: error far below 1e-16.
    const { nodes, weights } = gaussLegendre(20);
    const tail = (x: number): number => {
      const panels = 48;
      const w = 12 / panels;
      let s = 0;
      for (let p = 0; p < panels; p++)
        for (let k = 0; k < nodes.length; k++) {
          const t = x + (p + 0.5 * (nodes[k] + 1)) * w;
          s += 0.5 * w * weights[k] * Math.exp(-t * t);
        }
      return (2 / Math.sqrt(Math.PI)) * s;
    };
    for (const x of [0.2, 0.9, 1.7, 3.3, 4.6]) {
      expect(Math.abs(erfc(x) - tail(x)) / tail(x)).toBeLessThan(2e-15);
    }
  });

  it("satisfy the symmetries erf(−x) = −erf(x), erfc(−x) = 2 − erfc(x), erf + erfc = 1", () => {
    for (let x = -6; x <= 6; x += 0.173) {
      expect(erf(-x)).toBe(-erf(x));
      expect(Math.abs(erfc(-x) - (2 - erfc(x)))).toBeLessThan(4e-16);
      expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThan(4e-16);
    }
    expect(erf(0)).toBe(0);
    expect(erfc(30)).toBe(0);
    expect(erf(Infinity)).toBe(1);
    expect(Number.isNaN(erf(NaN))).toBe(true);
  });

  it("expMinusSquare avoids the rounding of x² (relative error ~1e-16 at x = 25)", () => {
    // e^{−x²} for x = 25.25 (exact double, x² = 637.5625 exactly): plain Math.exp is also exact here.
    expect(Math.abs(expMinusSquare(25.25) / Math.exp(-637.5625) - 1)).toBeLessThan(4e-16);
    // For x = 10.05 (not exact), compare with e^{−x_h²}·e^{−x_l(2x_h + x_l)} written out in
    // two exactly representable parts.
    const x = 10.05;
    const xh = 10;
    const xl = x - xh; // exact (Sterbenz)
    const ref = Math.exp(-100) * Math.exp(-xl * (2 * xh + xl));
    expect(Math.abs(expMinusSquare(x) / ref - 1)).toBeLessThan(4e-16);
  });
});

describe("gaussianIntervalMass", () => {
  it("sums to 1 over a partition of a ±12σ box and keeps tail cells accurate", () => {
    const mu = 0.3;
    const s = 0.7;
    let sum = 0;
    for (let i = 0; i < 240; i++)
      sum += gaussianIntervalMass(
        mu - 12 * s + i * 0.1 * s,
        mu - 12 * s + (i + 1) * 0.1 * s,
        mu,
        s,
      );
    expect(Math.abs(sum - 1)).toBeLessThan(1e-14);
    // A far-tail cell: P(X ∈ [μ + 8σ, μ + 8.1σ]) = ½(erfc(8/√2) − erfc(8.1/√2)), relative accuracy kept.
    const tailCell = gaussianIntervalMass(mu + 8 * s, mu + 8.1 * s, mu, s);
    const ref = 0.5 * (erfc(8 / Math.SQRT2) - erfc(8.1 / Math.SQRT2));
    expect(tailCell).toBeGreaterThan(0);
    expect(Math.abs(tailCell / ref - 1)).toBeLessThan(1e-14);
    // Mirror symmetry.
    expect(gaussianIntervalMass(-3, -2, 0, 1)).toBeCloseTo(gaussianIntervalMass(2, 3, 0, 1), 16);
  });
});

import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import {
  GaussianKernel,
  InverseMultiquadricKernel,
  LaplaceKernel,
  PowerLawKernel,
} from "../../src/fft/kernels.js";
import { homogeneousOriginAverage } from "../../src/fft/originAverage.js";

describe("kernels", () => {
  it("values follow the documented formulas", () => {
    const r2 = 0.37;
    const r = Math.sqrt(r2);
    expect(new GaussianKernel(0.6).value(r2)).toBeCloseTo(Math.exp(-r2 / (2 * 0.36)), 15);
    expect(new LaplaceKernel(0.6).value(r2)).toBeCloseTo(Math.exp(-r / 0.6), 15);
    expect(new InverseMultiquadricKernel(0.5).value(r2)).toBeCloseTo(1 / Math.sqrt(0.25 + r2), 14);
    expect(new InverseMultiquadricKernel(0.5, 1.5).value(r2)).toBeCloseTo((0.25 + r2) ** -1.5, 14);
    expect(new PowerLawKernel(4, 2, 2).value(r2)).toBeCloseTo(r ** 4 / 4 - r ** 2 / 2, 15);
    expect(new PowerLawKernel(2, 0, 2).value(r2)).toBeCloseTo(r ** 2 / 2 - Math.log(r), 15);
    expect(new PowerLawKernel(1, -0.5, 1).value(r2)).toBeCloseTo(r + r ** -0.5 / 0.5, 14);
  });

  it("ranges bound the tail below 1e-20", () => {
    const g = new GaussianKernel(0.3);
    expect(g.value(g.range ** 2)).toBeLessThan(1.0001e-20);
    const l = new LaplaceKernel(0.3);
    expect(l.value(l.range ** 2)).toBeLessThan(1.0001e-20);
    expect(new PowerLawKernel(4, 2, 1).range).toBe(Infinity);
  });

  it("reject bad parameters with InputError naming the field", () => {
    expect(() => new GaussianKernel(0)).toThrow(/kernel.sigma/);
    expect(() => new LaplaceKernel(-1)).toThrow(InputError);
    expect(() => new InverseMultiquadricKernel(0.5, 0)).toThrow(/kernel.beta/);
    expect(() => new InverseMultiquadricKernel(NaN)).toThrow(/kernel.c/);
    expect(() => new PowerLawKernel(2, 3, 2)).toThrow(/kernel.a/); // a ≤ b
    expect(() => new PowerLawKernel(2, -2, 2)).toThrow(/kernel.b/); // b ≤ −d
    expect(() => new PowerLawKernel(2, -1, 1)).toThrow(/kernel.b/);
    expect(() => new PowerLawKernel(2, 1, 4)).toThrow(/kernel.dim/);
  });
});

describe("cell average of singular terms at the origin", () => {
  // Closed forms: 1D (2/h)∫_0^{h/2} x^e/e = (h/2)^e/(e(e+1)); (2/h)∫_0^{h/2} log x = log(h/2) − 1.
  // 2D square of half-width a: average of log|x| = log a + (ln 2 − 3 + π/2)/2, from
  // ∫_0^1∫_0^1 ln(x² + y²) dx dy = ln 2 − 3 + π/2.
  it("1D power and log", () => {
    const h = 0.3;
    for (const e of [-0.7, -0.2, 0.5, 2, 4]) {
      expect(homogeneousOriginAverage([h], e)).toBeCloseTo((h / 2) ** e / (e * (e + 1)), 12);
    }
    expect(homogeneousOriginAverage([h], 0)).toBeCloseTo(Math.log(h / 2) - 1, 13);
  });

  it("2D log on a square", () => {
    const h = 0.25;
    const a = h / 2;
    const exact = Math.log(a) + (Math.LN2 - 3 + Math.PI / 2) / 2;
    expect(Math.abs(homogeneousOriginAverage([h, h], 0) - exact)).toBeLessThan(1e-13);
  });

  it("2D |x|² and 3D |x|^{-1} against closed forms", () => {
    // |x|²/2 over a box: Σ_a h_a²/12 / 2.
    const h = [0.2, 0.35];
    expect(homogeneousOriginAverage(h, 2)).toBeCloseTo((0.04 / 12 + 0.1225 / 12) / 2, 14);
    // 3D: ∫_{[−½,½]³} dx/|x| = 3 ln(2 + √3) − π/2 (potential at the centre of a unit cube);
    // the term is |x|^{−1}/(−1), and the average over a cube of side s scales like 1/s.
    const A = homogeneousOriginAverage([0.2, 0.2, 0.2], -1);
    const B = homogeneousOriginAverage([0.4, 0.4, 0.4], -1);
    expect(A / B).toBeCloseTo(2, 12);
    expect(Math.abs(-A * 0.2 - (3 * Math.log(2 + Math.sqrt(3)) - Math.PI / 2))).toBeLessThan(1e-12);
  });
});

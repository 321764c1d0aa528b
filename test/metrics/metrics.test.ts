import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { Gaussian } from "../../src/exact/gaussian.js";
import { Grid } from "../../src/grid/grid.js";
import { EnergyTrace, isNonIncreasing, maxIncrease } from "../../src/metrics/energyTrace.js";
import { errorNorms, l1Error, linfError, relativeL2Error } from "../../src/metrics/errors.js";
import { massDrift } from "../../src/metrics/mass.js";
import { secondMoment } from "../../src/metrics/moments.js";

describe("error norms", () => {
  const grid = new Grid({ n: [2, 2], lo: [0, 0], hi: [1, 2] }); // |cell| = 0.5
  const rho = Float64Array.from([1, 2, 3, 4]);
  const ex = Float64Array.from([1, 1, 3, 6]);
  it("L1 = Σ|ρ − e||cell|, L∞ = max|ρ − e|, relative L2 = ‖ρ − e‖₂/‖e‖₂", () => {
    expect(l1Error(grid, rho, ex)).toBe(1.5);
    expect(linfError(grid, rho, ex)).toBe(2);
    expect(relativeL2Error(grid, rho, ex)).toBeCloseTo(Math.sqrt(5 / 47), 15);
    expect(errorNorms(grid, rho, ex)).toEqual({
      l1: 1.5,
      linf: 2,
      l2rel: relativeL2Error(grid, rho, ex),
    });
  });
  it("rejects wrong lengths and a zero reference", () => {
    expect(() => l1Error(grid, rho, new Float64Array(3))).toThrow(InputError);
    expect(() => relativeL2Error(grid, rho, new Float64Array(4))).toThrow(/identically 0/);
  });
});

describe("mass drift and energy traces", () => {
  it("massDrift is relative", () => {
    const grid = new Grid({ n: [4], lo: [0], hi: [2] });
    expect(massDrift(grid, Float64Array.from([1, 1, 1, 1.01]), 2)).toBeCloseTo(0.0025, 15);
    expect(() => massDrift(grid, new Float64Array(4), 0)).toThrow(/mass0/);
  });
  it("EnergyTrace detects increases and compares with an exact F(t)", () => {
    const tr = new EnergyTrace();
    for (let k = 0; k <= 10; k++) tr.push(0.1 * k, Math.exp(-0.1 * k));
    expect(tr.isNonIncreasing()).toBe(true);
    expect(tr.maxIncrease().increase).toBeLessThan(0);
    expect(tr.maxRelativeDeviation((t) => Math.exp(-t))).toBeLessThan(1e-15);
    expect(tr.rates()[0].rate).toBeCloseTo((Math.exp(-0.1) - 1) / 0.1, 14);
    expect(() => tr.push(0.5, 0)).toThrow(/increase/);
    expect(isNonIncreasing([3, 2, 2.5])).toBe(false);
    expect(maxIncrease([3, 2, 2.5])).toEqual({ increase: 0.5, index: 1 });
  });
});

describe("second moment of cell averages", () => {
  it("the h²/12 correction recovers M(|μ|² + tr Σ) exactly for Gaussians (up to aliasing)", () => {
    const g = new Gaussian(
      [0.3, -0.2],
      [
        [0.5, 0],
        [0, 0.3],
      ],
      1.6,
    );
    const grid = new Grid({ n: [48, 40], lo: [-6, -5], hi: [6, 5] });
    const avg = g.cellAverages(grid);
    const raw = secondMoment(grid, avg);
    const corrected = secondMoment(grid, avg, { cellAverageCorrection: true });
    const bias = (1.6 * (grid.h[0] ** 2 + grid.h[1] ** 2)) / 12;
    expect(Math.abs(raw - corrected - bias)).toBeLessThan(1e-14);
    // h = 0.25 ≈ σ/2.2: aliasing terms e^{−2π²σ²/h²} ≈ 1e-34; the box is ≥ 8σ.
    expect(Math.abs(corrected - g.secondMoment())).toBeLessThan(1e-12);
    const aboutMean = secondMoment(grid, avg, { center: [0.3, -0.2], cellAverageCorrection: true });
    expect(Math.abs(aboutMean - 1.6 * 0.8)).toBeLessThan(1e-12);
  });
});

import { describe, expect, it } from "vitest";
import { Gaussian } from "../../src/exact/gaussian.js";
import { covariance, mass } from "../../src/grid/density.js";
import { Grid } from "../../src/grid/grid.js";
import { HeatFlow, LatticeHeatKernel } from "../../src/schemes/heatFlow.js";

/*
 * The backward half of the ULA twin: the exact heat flow by one FFT convolution with the
 * lattice-normalised heat kernel, walls reflected by mirroring (src/schemes/heatFlow.ts).
 * Measured (this file's configurations):
 *   1D, N(0.5, 0.3) on [−8, 9], t = 0.4, n = 100/200/301: L1 to the exact cell averages of
 *     N(0.5, 1.1) 1.2e-15/1.7e-15/2.9e-15; variance change − 2t: 5e-15/1e-15/2e-15;
 *   wall at 0, N(0.8, 0.01), t = 0.3 (the solution reaches the wall): L1 to the method of
 *     images (N(0.8, 0.61) + N(−0.8, 0.61) + the image across x = 6) 2.6e-15;
 *   2D 64² on [−6, 7]×[−6, 6], non-diagonal Σ, t = 0.25: covariance change − 2tI ≤ 1.7e-10
 *     (the box holds ≥ 6 standard deviations; the remainder is its truncation).
 * The same figures, to within round-off, by FFT on the mirrored box and by direct sums.
 * Bounds are ~10× these round-off-level figures (FFT round-off varies with the length); a
 * kernel off by one cell, a missing image or a lost normalisation gives errors ≥ 1e-3.
 */

function l1(grid: Grid, a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s * grid.cellVolume;
}

describe.each(["fft", "direct"] as const)("HeatFlow (%s)", (method) => {
  it("1D: the cell averages of the heat flow of a Gaussian, to round-off", () => {
    for (const n of [100, 200, 301]) {
      const grid = new Grid({ n: [n], lo: [-8], hi: [9] });
      const rho = new Gaussian([0.5], 0.3).cellAverages(grid);
      const v0 = covariance(grid, rho)[0][0];
      new HeatFlow(grid, { method }).apply(rho, 0.4);
      expect(l1(grid, rho, new Gaussian([0.5], 1.1).cellAverages(grid))).toBeLessThan(3e-14);
      expect(Math.abs(covariance(grid, rho)[0][0] - v0 - 0.8)).toBeLessThan(5e-14);
    }
  });

  it("no-flux wall: reflects (method of images), mass and positivity kept", () => {
    const grid = new Grid({ n: [200], lo: [0], hi: [6] });
    const rho = new Gaussian([0.8], 0.01).cellAverages(grid);
    const m0 = mass(grid, rho);
    const t = 0.3;
    new HeatFlow(grid, { method }).apply(rho, t);
    const images = [0.8, -0.8, 11.2].map((m) => new Gaussian([m], 0.01 + 2 * t).cellAverages(grid));
    const exact = images[0].map((v, i) => v + images[1][i] + images[2][i]);
    expect(l1(grid, rho, exact)).toBeLessThan(3e-14);
    expect(Math.abs(mass(grid, rho) - m0)).toBeLessThan(1e-15);
    expect(Math.min(...rho)).toBeGreaterThanOrEqual(0);
  });

  it("2D: the covariance grows by 2tI; a periodic box keeps mass and positivity", () => {
    const grid = new Grid({ n: [64, 64], lo: [-6, -6], hi: [7, 6] });
    const rho = new Gaussian([0.5, -0.2], [[0.4, 0.1], [0.1, 0.3]]).cellAverages(grid); // prettier-ignore
    const C0 = covariance(grid, rho);
    new HeatFlow(grid, { method }).apply(rho, 0.25);
    const C = covariance(grid, rho);
    for (const [a, b] of [[0, 0], [1, 1], [0, 1]]) {
      expect(Math.abs(C[a][b] - C0[a][b] - (a === b ? 0.5 : 0))).toBeLessThan(2e-9);
    } // prettier-ignore
    const torus = new Grid({ n: [64, 48], lo: [-3, -2], hi: [3, 2], boundary: "periodic" });
    const wrapped = new Gaussian([2.5, 1.5], [[0.2, 0.05], [0.05, 0.1]]).cellAverages(torus); // prettier-ignore
    const m0 = mass(torus, wrapped);
    new HeatFlow(torus, { method }).apply(wrapped, 0.2);
    expect(Math.abs(mass(torus, wrapped) - m0) / m0).toBeLessThan(1e-14);
    expect(Math.min(...wrapped)).toBeGreaterThanOrEqual(0);
  });
});

describe("LatticeHeatKernel", () => {
  it("the kernel is normalised on the lattice, also when 2t < h² (where (4πt)^{−1/2} is not)", () => {
    const h = 0.1;
    for (const t of [1e-4, 1e-3, 0.01, 0.3]) {
      const k = new LatticeHeatKernel(t, [h]);
      let lattice = 0;
      let continuous = 0;
      for (let j = -400; j <= 400; j++) {
        lattice += k.value((j * h) ** 2) * h;
        continuous += (Math.exp(-((j * h) ** 2) / (4 * t)) / Math.sqrt(4 * Math.PI * t)) * h;
      }
      expect(Math.abs(lattice - 1)).toBeLessThan(1e-15);
      // Poisson summation: the continuous normalisation's lattice sum is 1 + 2e^{−4π²t/h²} + …
      // (1 + 2e^{−3.95} ≈ 1.038 at t = 1e-3): the reason the kernel is normalised on the lattice.
      if (t === 1e-3)
        expect(continuous - 1).toBeCloseTo(2 * Math.exp((-4 * Math.PI ** 2 * t) / h ** 2), 3);
    }
  });
});

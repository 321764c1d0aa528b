import { describe, expect, it } from "vitest";
import { HalfMMD } from "../../src/energy/mmd.js";
import { InputError } from "../../src/errors.js";
import { GaussianKernel, LaplaceKernel } from "../../src/fft/kernels.js";
import { Grid } from "../../src/grid/grid.js";

/** M·N(μ, Σ) density in 2D (Σ = [[a, c], [c, b]]). */
function gauss2(M: number, mu: number[], S: number[][]): (x: Float64Array) => number {
  const det = S[0][0] * S[1][1] - S[0][1] * S[1][0];
  const inv = [
    [S[1][1] / det, -S[0][1] / det],
    [-S[1][0] / det, S[0][0] / det],
  ];
  return (x) => {
    const u = x[0] - mu[0];
    const v = x[1] - mu[1];
    const q = inv[0][0] * u * u + 2 * inv[0][1] * u * v + inv[1][1] * v * v;
    return (M / (2 * Math.PI * Math.sqrt(det))) * Math.exp(-q / 2);
  };
}

/**
 * E k(X, Y) for independent X ~ N(μ1, Σ1), Y ~ N(μ2, Σ2) and k = exp(−|x|²/(2σ²)) (EXACT.md §F):
 * det(I + (Σ1+Σ2)/σ²)^{−1/2} exp(−½ δᵀ(σ²I + Σ1 + Σ2)^{−1} δ).
 */
function expectedKernel(
  mu1: number[],
  S1: number[][],
  mu2: number[],
  S2: number[][],
  s2: number,
): number {
  const A = [
    [s2 + S1[0][0] + S2[0][0], S1[0][1] + S2[0][1]],
    [S1[1][0] + S2[1][0], s2 + S1[1][1] + S2[1][1]],
  ];
  const detA = A[0][0] * A[1][1] - A[0][1] * A[1][0];
  const d = [mu1[0] - mu2[0], mu1[1] - mu2[1]];
  const q = (A[1][1] * d[0] * d[0] - 2 * A[0][1] * d[0] * d[1] + A[0][0] * d[1] * d[1]) / detA;
  return Math.sqrt((s2 * s2) / detA) * Math.exp(-q / 2);
}

describe("HalfMMD ½MMD²(ρ, π)", () => {
  it("matches the Gaussian closed form of EXACT.md §F (masses 0.8 / 1.1)", () => {
    // Point samples of Gaussians on a box of ±8 standard deviations: the midpoint rule is
    // spectrally accurate for these smooth, rapidly decaying integrands (the error is far
    // below 1e-10, the tolerance used).
    const sigma = 0.8;
    const mu1 = [0.3, -0.2];
    const S1 = [
      [0.5, 0.2],
      [0.2, 0.4],
    ];
    const mu2 = [-0.4, 0.5];
    const S2 = [
      [0.3, -0.1],
      [-0.1, 0.6],
    ];
    const grid = new Grid({ n: [96, 96], lo: [-7, -7], hi: [7, 7] });
    const rho = grid.sample(gauss2(0.8, mu1, S1));
    const pi = grid.sample(gauss2(1.1, mu2, S2));
    const F = new HalfMMD(grid, new GaussianKernel(sigma), pi);
    const s2 = sigma * sigma;
    const exact =
      0.64 * expectedKernel(mu1, S1, mu1, S1, s2) +
      1.21 * expectedKernel(mu2, S2, mu2, S2, s2) -
      2 * 0.88 * expectedKernel(mu1, S1, mu2, S2, s2);
    expect(Math.abs(F.mmd2(rho) - exact)).toBeLessThan(1e-10 * exact);
    expect(F.value(pi)).toBe(0);
  });

  it("ξ = k*(ρ−π) is the gradient of the discrete value (central differences)", () => {
    // F_h is quadratic: the central difference is exact up to round-off (1e-9 relative).
    const grid = new Grid({
      n: [20, 18],
      lo: [-2, -2],
      hi: [2, 2],
      boundary: ["noflux", "periodic"],
    });
    const pi = grid.sample((x) => Math.exp(-((x[0] - 0.5) ** 2) - x[1] ** 2));
    const rho = grid.sample((x) => Math.exp(-2 * (x[0] + 0.3) ** 2 - 0.5 * x[1] ** 2));
    const v = grid.sample((x) => Math.sin(3 * x[0]) * Math.cos(2 * x[1]));
    for (const kernel of [new GaussianKernel(0.5), new LaplaceKernel(0.4)]) {
      const F = new HalfMMD(grid, kernel, pi);
      const xi = grid.zeros();
      F.firstVariation(rho, xi);
      const eps = 1e-3;
      const fd =
        (F.value(rho.map((r, i) => r + eps * v[i])) - F.value(rho.map((r, i) => r - eps * v[i]))) /
        (2 * eps);
      let dir = 0;
      for (let i = 0; i < v.length; i++) dir += xi[i] * v[i];
      dir *= grid.cellVolume;
      expect(Math.abs(fd - dir)).toBeLessThan(1e-9 * Math.abs(dir));
    }
  });

  it("rejects a negative or mismatched target", () => {
    const grid = new Grid({ n: [8], lo: [0], hi: [1] });
    const k = new GaussianKernel(0.2);
    expect(() => new HalfMMD(grid, k, new Float64Array(7))).toThrow(InputError);
    const bad = new Float64Array(8);
    bad[3] = -1;
    expect(() => new HalfMMD(grid, k, bad)).toThrow(/mmd.target/);
  });
});

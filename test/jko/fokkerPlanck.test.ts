import { describe, expect, it } from "vitest";
import { Entropy } from "../../src/energy/entropy.js";
import { Potential } from "../../src/energy/potential.js";
import { energySum } from "../../src/energy/sum.js";
import { covariance, mass, mean } from "../../src/grid/density.js";
import { EntropicJko } from "../../src/ot/entropicJko.js";
import { entropicJkoFpStationaryVariance, entropicJkoFpStep } from "../../src/ot/jkoGaussian.js";
import { cube, l1, sampledGaussian } from "./helpers.js";

/*
 * Fokker–Planck F = ∫ρ log ρ + ∫(κ/2)(x − x_c)²ρ (EXACT.md §H, "Fokker–Planck variant").
 * From point samples of a Gaussian the grid scheme follows the mean/variance recursion to
 * spectral accuracy (ε = 18.75 h² here), and its stationary state is the Gaussian with the
 * entropically biased variance a_∞ (larger root of (λ²−1)a² − (2λτ + ελ/2)a + τ² + ετ/2),
 * not e^{−V}/Z (variance 1/κ): with κ = 2, τ = 0.1, ε = 0.03, a_∞ = 0.537761 vs 0.5.
 */
describe("entropic JKO Fokker–Planck", () => {
  const kappa = 2;
  const xc = -0.4;
  const tau = 0.1;
  const eps = 0.03;

  it("follows the §H mean/variance recursion and reaches the biased stationary state", () => {
    const grid = cube(1, 300, 6);
    const V = (x: Float64Array): number => 0.5 * kappa * (x[0] - xc) ** 2;
    const energy = energySum(new Entropy(grid), new Potential(grid, V));
    const jko = new EntropicJko(grid, energy, { tau, eps, tol: 1e-14 });
    const rho = sampledGaussian(grid, 0.3, [0.5]);
    let mu = 0.5;
    let s2 = 0.3;
    for (let k = 0; k < 5; k++) {
      jko.step(rho, rho);
      ({ mu, s2 } = entropicJkoFpStep(mu, s2, tau, eps, kappa, xc));
    }
    expect(Math.abs(mean(grid, rho)[0] - mu)).toBeLessThan(1e-11);
    expect(Math.abs(covariance(grid, rho)[0][0] - s2)).toBeLessThan(1e-11);
    for (let k = 0; k < 195; k++) jko.step(rho, rho);
    const aInf = entropicJkoFpStationaryVariance(tau, eps, kappa);
    expect(aInf).toBeCloseTo(0.537761, 6);
    // stationary: the biased Gaussian to ~1e-10 (t = 20: transient e^{−2κt} gone) …
    expect(l1(grid, rho, sampledGaussian(grid, aInf, [xc]))).toBeLessThan(1e-9);
    // … which is at the entropic-bias distance from e^{−V}/Z (variance 1/κ):
    // L1 between N(x_c, a) and N(x_c, 1/κ) ≈ 0.484·|a κ − 1| = 0.037.
    const gibbs = l1(grid, rho, sampledGaussian(grid, 1 / kappa, [xc]));
    expect(gibbs).toBeGreaterThan(0.03);
    expect(gibbs).toBeLessThan(0.045);
    expect(Math.abs(mass(grid, rho) - 1)).toBeLessThan(1e-10);
  });

  it("2D: stationary state e^{−V}/Z within the entropic bias; closer with the blur correction", () => {
    const grid = cube(2, 64, 5);
    const h = grid.h[0];
    const e = 2 * h * h;
    const t = 0.1;
    const V = (x: Float64Array): number => 0.5 * kappa * ((x[0] - xc) ** 2 + x[1] ** 2);
    const energy = energySum(new Entropy(grid), new Potential(grid, V));
    const gibbs = sampledGaussian(grid, 1 / kappa, [xc, 0]);
    // Exact L1 distance between N(0, aI) and N(0, bI) in 2D: the densities cross at
    // r0² = 2ab log(a/b)/(a − b), and L1 = 2|e^{−r0²/(2a)} − e^{−r0²/(2b)}|.
    const l1Iso = (a: number, b: number): number => {
      const r2 = (2 * a * b * Math.log(a / b)) / (a - b);
      return 2 * Math.abs(Math.exp(-r2 / (2 * a)) - Math.exp(-r2 / (2 * b)));
    };
    const results: number[] = [];
    for (const blurCorrection of [false, true]) {
      const jko = new EntropicJko(grid, energy, { tau: t, eps: e, tol: 1e-12, blurCorrection });
      const rho = sampledGaussian(grid, 0.5, [xc + 0.3, 0.2]);
      // 120 steps: the mean offset contracts by (1 + τκ)^{−120} ≈ 3e-10
      for (let k = 0; k < 120; k++) jko.step(rho, rho);
      const nu = jko.entropyWeight(t);
      const aInf = entropicJkoFpStationaryVariance(t, e, kappa, nu);
      // stationary Gaussian of the recursion (per axis) to spectral accuracy
      expect(l1(grid, rho, sampledGaussian(grid, aInf, [xc, 0]))).toBeLessThan(1e-8);
      const dist = l1(grid, rho, gibbs);
      // … so its distance to e^{−V}/Z is the bias between the two Gaussians (the grid sum
      // of |·| is a midpoint rule of a function with a kink at r0: O(h²) ≈ 1e-5 agreement)
      expect(Math.abs(dist - l1Iso(aInf, 1 / kappa))).toBeLessThan(5e-5);
      results.push(dist);
    }
    // plain: variance bias ≈ ε/(4τ)/κ (12 %), L1 ≈ 0.09
    expect(results[0]).toBeGreaterThan(0.05);
    // corrected: the O(ε/τ) bias cancels, leaving O(ετ) terms
    expect(results[1]).toBeLessThan(0.1 * results[0]);
  });
});

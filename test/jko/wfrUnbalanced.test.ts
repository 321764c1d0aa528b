import { describe, expect, it } from "vitest";
import { RelativeEntropy } from "../../src/energy/kl.js";
import { Gaussian } from "../../src/exact/gaussian.js";
import { WfrKlGaussian } from "../../src/exact/wfrGaussian.js";
import { Grid } from "../../src/grid/grid.js";
import { WfrEntropicJko } from "../../src/ot/wfrJko.js";

/**
 * The entropic WFR JKO step (src/ot/wfrJko.ts) against the Gaussian closed form of the WFR
 * flow of KL(ρ‖π) (docs/exact-solutions.md §E), α = 0.7, β = 1.3, compared through exact
 * cell averages. Error sources: the JKO time error O(τ), the entropic bias (O(ε/τ) without the
 * blur correction, O(ε²/τ) with it; docs/unbalanced.md) and O(h²) from the grid.
 */
const alpha = 0.7;
const beta = 1.3;

interface Outcome {
  l1: number;
  massError: number;
  iterations: number;
}

function run1d(tau: number, eps: number, N: number, blur: boolean, T = 0.5): Outcome {
  const target = new Gaussian([0.5], 0.8, 1.5);
  const initial = new Gaussian([-1], 0.4, 0.6);
  const exact = new WfrKlGaussian({ alpha, beta, initial, target });
  const grid = new Grid({ n: [N], lo: [-6], hi: [6] });
  const kl = new RelativeEntropy(
    grid,
    grid.sample((x) => -target.logDensity(x)),
    0,
  );
  const jko = new WfrEntropicJko(grid, kl, {
    alpha,
    beta,
    tau,
    eps,
    blurCorrection: blur,
    tol: 1e-11,
  });
  const rho = initial.cellAverages(grid);
  let iterations = 0;
  for (let k = 0; k < Math.round(T / tau); k++) iterations += jko.step(rho, rho).iterations;
  const e = exact.cellAverages(grid, T);
  const h = grid.h[0];
  let l1 = 0;
  let m = 0;
  for (let i = 0; i < N; i++) {
    l1 += Math.abs(rho[i] - e[i]) * h;
    m += rho[i] * h;
  }
  return { l1, massError: m - exact.mass(T), iterations };
}

describe("WFR entropic JKO of KL(ρ‖π) vs the §E Gaussian closed form", () => {
  it("(τ, ε) → 0 with ε = 0.4τ, h ≤ √(ε/2): first order in τ for the density and the mass", () => {
    const seq: [number, number, number][] = [
      [0.1, 0.04, 86],
      [0.05, 0.02, 120],
      [0.025, 0.01, 170],
    ];
    const r = seq.map(([tau, eps, N]) => run1d(tau, eps, N, true, 0.3));
    // Measured at t = 0.3: L1 2.509e-2, 1.329e-2, 6.860e-3 (orders 0.92, 0.95); mass errors
    // 8.11e-3, 4.30e-3, 2.21e-3 (orders 0.92, 0.96). At t = 0.5 the sequence continued to
    // τ = 0.0125 gives orders 0.94, 0.97, 0.99 (L1) and 0.90, 0.95, 0.98 (mass)
    // (docs/unbalanced.md). Bounds: orders > 0.85, last errors within 10 % of the measured.
    for (let k = 1; k < r.length; k++) {
      expect(Math.log2(r[k - 1].l1 / r[k].l1)).toBeGreaterThan(0.85);
      expect(Math.log2(Math.abs(r[k - 1].massError / r[k].massError))).toBeGreaterThan(0.85);
    }
    expect(r[2].l1).toBeLessThan(7.6e-3);
    expect(Math.abs(r[2].massError)).toBeLessThan(2.45e-3);
  });

  it("without the blur correction the mass error grows like ε/τ at fixed ε", () => {
    // N = 128, ε = 2h²: measured mass errors +3.96e-2 (τ = 0.1), +7.61e-2 (τ = 0.05), i.e.
    // ∝ 1/τ (ratio 1.92): the plan's entropy, ε/(2ατ)·∫(ρ log ρ − ρ) per step, acts as an extra
    // energy whose Fisher–Rao part creates mass. With the correction: +4.5e-3, +2.3e-3.
    const h = 12 / 128;
    const eps = 2 * h * h;
    const naive = [0.1, 0.05].map((tau) => run1d(tau, eps, 128, false));
    const ratio = naive[1].massError / naive[0].massError;
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
    const corrected = run1d(0.05, eps, 128, true);
    expect(Math.abs(corrected.massError)).toBeLessThan(0.05 * naive[1].massError);
  });

  it("2D, non-commuting covariances (the wfr-kl-2d data) on 24², t = 0.3", () => {
    const target = new Gaussian(
      [0.5, -0.3],
      [
        [1, 0.4],
        [0.4, 0.6],
      ],
      1.5,
    );
    const initial = new Gaussian(
      [-1.2, 0.8],
      [
        [0.3, -0.1],
        [-0.1, 0.5],
      ],
      0.6,
    );
    const exact = new WfrKlGaussian({ alpha, beta, initial, target });
    const grid = new Grid({ n: [24, 24], lo: [-5, -5], hi: [5, 5] });
    const kl = new RelativeEntropy(
      grid,
      grid.sample((x) => -target.logDensity(x)),
      0,
    );
    const h = grid.h[0];
    const jko = new WfrEntropicJko(grid, kl, {
      alpha,
      beta,
      tau: 0.1,
      eps: 2 * h * h,
      blurCorrection: true,
    });
    const rho = initial.cellAverages(grid);
    for (let k = 0; k < 3; k++) jko.step(rho, rho);
    const e = exact.cellAverages(grid, 0.3);
    let l1 = 0;
    let m = 0;
    for (let i = 0; i < rho.length; i++) {
      l1 += Math.abs(rho[i] - e[i]) * h * h;
      m += rho[i] * h * h;
    }
    // Measured: L1 5.76e-2 (τ = 0.1, ε = 2h² = 0.35 on this coarse grid), bound 10 % above.
    // The mass error is −1.2e-3 here but −1.09e-2 one step later (the O(τ) and O(ε²/τ)
    // biases have opposite signs); the bound 1.3e-2 covers both. The step runs on the stencil
    // kernel (the FFT rounding budget is exceeded by the Gaussian tails).
    expect(l1).toBeLessThan(6.4e-2);
    expect(Math.abs(m - exact.mass(0.3))).toBeLessThan(1.3e-2);
    expect(jko.info?.kernel).toBe("stabilized");
  });

  it("equilibrium: a step from π loses mass O(ε²/τ) with the correction (doubling ε ×4)", () => {
    const grid = new Grid({ n: [160], lo: [-5], hi: [5] });
    const target = new Gaussian([0], 0.8, 1.5);
    const kl = new RelativeEntropy(
      grid,
      grid.sample((x) => -target.logDensity(x)),
      0,
    );
    const h = grid.h[0];
    const drift = [1, 2].map((c) => {
      const jko = new WfrEntropicJko(grid, kl, {
        alpha,
        beta,
        tau: 0.05,
        eps: c * h * h,
        blurCorrection: true,
        tol: 1e-13,
      });
      const rho = grid.sample((x) => Math.exp(target.logDensity(x)));
      const m0 = rho.reduce((s, v) => s + v, 0);
      jko.step(rho, rho);
      return (rho.reduce((s, v) => s + v, 0) - m0) / m0;
    });
    // Measured relative drifts −5.3e-7 and −2.07e-6 (ratio 3.9 ≈ 4): second order in ε.
    expect(drift[0]).toBeLessThan(0);
    expect(drift[1] / drift[0]).toBeGreaterThan(3.5);
    expect(drift[1] / drift[0]).toBeLessThan(4.5);
  });
});

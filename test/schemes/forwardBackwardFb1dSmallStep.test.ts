import { describe, expect, it } from "vitest";
import { order, runGaussian1d } from "./forwardBackwardRuns.js";

/*
 * Grid forward–backward (push, then the blur-corrected entropic JKO step of the entropy at
 * ε = 2h²) on the Gaussian problem of forwardBackwardRuns.ts (π = N(0.5, 1), ρ0 = N(−1, 0.25),
 * t = 8), against the §I recursion of docs/sampling.md, whose fixed point is σ² = 1 for
 * γ ≤ σ² (no bias). Measured (n = 120 → 240, h = 0.133 → 0.0667):
 *
 *   γ     max_k |var − v_k|    final var − σ²       L1 at t = 8   grid model (final)
 *   0.1   7.05e-4 → 7.85e-5    5.20e-4 → 4.79e-5    2.46e-5       2.9e-11
 *   0.3   8.60e-4 → 1.69e-4    5.04e-4 → 9.10e-5    4.45e-5       5.1e-12
 *   0.8   4.84e-3 → 1.18e-3    3.08e-3 → 7.36e-4    3.74e-4       1.7e-5
 *
 * Orders of the variance error 3.2, 2.3, 2.0: second order, with an O(h⁴/γ) part at small γ.
 * The error is the grid JKO's: it moves cell masses as points at the centres, so it acts on
 * the discrete variance D = v + h²/12 as the entropic recursion J_{ε,ν} acts on v, while the
 * push moves v itself; the "grid model" D_{k+1} = J_{ε,ν}(c²(D_k − h²/12) + h²/12) predicts the
 * grid's variance to the last column (its fixed point exceeds σ² + h²/12 by about
 * (J′ − 1)(1 − c²)h²/12/(1 − J′c²), J′ = dJ/dv at c²σ²: ≈ h²/6 at γ = 0.8), i.e. the error is
 * understood, not noise. Bounds: 2× the measured figures; orders above 1.8; the model
 * explains ≥ 95% of the error (measured ≥ 97.6%). This file: γ = 0.1 (80 steps, the slowest);
 * γ = 0.3, 0.8 are in forwardBackwardFb1d.test.ts.
 */

describe("grid forward–backward vs the §I recursion (1D Gaussian target, γ/σ² = 0.1)", () => {
  const measured = {
    0.1: { maxVar: 7.85e-5, stat: 4.79e-5, l1: 2.46e-5 },
    0.3: { maxVar: 1.69e-4, stat: 9.1e-5, l1: 4.45e-5 },
    0.8: { maxVar: 1.18e-3, stat: 7.36e-4, l1: 3.74e-4 },
  } as const;
  for (const gamma of [0.1] as const) {
    it(`γ/σ² = ${gamma}: second order in h, stationary variance σ², mass and positivity`, () => {
      const [coarse, fine] = [120, 240].map((n) => runGaussian1d("fb", gamma, n, 8));
      const m = measured[gamma];
      expect(fine.maxVarianceError).toBeLessThan(2 * m.maxVar);
      expect(order(coarse.maxVarianceError, fine.maxVarianceError)).toBeGreaterThan(1.8);
      // Stationary: the recursion is at σ² = 1 to 1e-7 by t = 8 (c^{2k} ≤ 0.81^80).
      expect(Math.abs(fine.recursion - 1)).toBeLessThan(1e-7);
      const statCoarse = Math.abs(coarse.variance - 1);
      const statFine = Math.abs(fine.variance - 1);
      expect(statFine).toBeLessThan(2 * m.stat);
      expect(order(statCoarse, statFine)).toBeGreaterThan(1.8);
      expect(fine.modelError).toBeLessThan(0.05 * statFine);
      expect(fine.l1).toBeLessThan(2 * m.l1);
      // The mean follows μ_k (push exact for affine T; the JKO keeps the mean): measured ≤ 1.7e-6.
      expect(fine.maxMeanError).toBeLessThan(4e-6);
      // Round-off over ≤ 80 steps of push + Sinkhorn: measured ≤ 1e-14.
      expect(fine.massDrift).toBeLessThan(1e-13);
      expect(fine.min).toBeGreaterThanOrEqual(0);
    });
  }
});

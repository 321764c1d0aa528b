import { describe, expect, it } from "vitest";
import { ulaStationaryVariance } from "../../src/exact/proximalGradientGaussian.js";
import { order, runGaussian1d } from "./forwardBackwardRuns.js";

/*
 * The grid ULA twin (push, then the exact heat flow for time γ) on the Gaussian problem of
 * forwardBackwardRuns.ts (π = N(0.5, 1), ρ0 = N(−1, 0.25), t = 12), against ULA's Gaussian
 * recursion v′ = c²v + 2γ (docs/sampling.md), stationary σ²/(1 − γ/(2σ²)). Measured
 * (n = 120 → 240, h = 0.133 → 0.0667):
 *
 *   γ     max_k |var − v_k|    final var − v∞         L1 at t = 12
 *   0.1   9.79e-6 → 1.45e-7    −1.7e-8 → −8.8e-12     2.45e-5 → 1.56e-6
 *   0.3   5.42e-6 → 2.94e-8    3.3e-9 → −1.9e-12      3.30e-6 → 2.05e-7
 *   0.8   4.30e-9 → 4.18e-9    −4.1e-9 → −3.9e-9      6.3e-10 → 6.1e-10
 *
 * Nothing here is second order: the push moves the variance exactly for an affine map and the
 * heat step adds exactly 2γ to the discrete variance, so the variance error is the push's
 * O(h⁴) remainder (orders ≥ 6 measured), and the L1 error is fourth order (3.97, 4.0): the
 * push's O(h²) error per step sits in the high frequencies that the heat kernel damps. At
 * γ = 0.8 both grids are at the box-truncation floor (~4e-9: ±6.2 standard deviations).
 * Bounds: 2× the measured figures (the floor: 1e-8); orders above 3.5.
 */

describe("grid ULA twin vs ULA's recursion (1D Gaussian target)", () => {
  const measured = {
    0.1: { maxVar: 1.45e-7, l1: 1.56e-6 },
    0.3: { maxVar: 2.94e-8, l1: 2.05e-7 },
    0.8: { maxVar: 4.18e-9, l1: 6.12e-10 },
  } as const;
  for (const gamma of [0.1, 0.3, 0.8] as const) {
    it(`γ/σ² = ${gamma}: follows v′ = c²v + 2γ; stationary variance σ²/(1 − γ/(2σ²))`, () => {
      const [coarse, fine] = [120, 240].map((n) => runGaussian1d("ula", gamma, n, 12));
      const m = measured[gamma];
      expect(fine.maxVarianceError).toBeLessThan(Math.max(2 * m.maxVar, 1e-8));
      expect(fine.l1).toBeLessThan(Math.max(2 * m.l1, 1e-8));
      if (gamma !== 0.8) {
        expect(order(coarse.maxVarianceError, fine.maxVarianceError)).toBeGreaterThan(3.5);
        expect(order(coarse.l1, fine.l1)).toBeGreaterThan(3.5);
      }
      const vInf = ulaStationaryVariance({ kappa: 1, center: 0.5, nu: 1, gamma });
      expect(vInf).toBeCloseTo(1 / (1 - gamma / 2), 14);
      // The bias is there: ULA's stationary variance is not σ² = 1 (0.053, 0.18, 0.67).
      expect(Math.abs(fine.variance - 1)).toBeGreaterThan(0.05);
      expect(Math.abs(fine.variance - vInf)).toBeLessThan(1e-8);
      // measured mean errors ≤ 7.5e-7; mass to round-off; heat weights are positive.
      expect(fine.maxMeanError).toBeLessThan(2e-6);
      expect(fine.massDrift).toBeLessThan(1e-13);
      expect(fine.min).toBeGreaterThanOrEqual(0);
    });
  }
});

import { describe, expect, it } from "vitest";
import { Gaussian } from "../../src/exact/gaussian.js";
import { HeatGaussian } from "../../src/exact/heat.js";
import { derivative4, laplacian4 } from "./finiteDifference.js";

describe("HeatGaussian: ρ_t = M N(μ₀, Σ₀ + 2tI)", () => {
  const start = new Gaussian(
    [0.3, -0.4],
    [
      [0.3, 0.12],
      [0.12, 0.2],
    ],
    1.3,
  );
  const heat = new HeatGaussian(start);

  it("solves ∂ρ/∂t = Δρ (fourth-order finite-difference residual)", () => {
    for (const t of [0.05, 0.4, 1.5]) {
      for (const x of [
        [0.3, -0.4],
        [1.1, 0.2],
        [-0.6, -1.3],
      ]) {
        const dt = derivative4((s) => heat.density(s, x), t, 1e-3);
        const lap = laplacian4((y) => heat.density(t, y), x, 2e-3);
        // Truncation O(δ⁴) ≈ 1e-9 (the O(δ²) stencil left 2e-4 at t = 0.05), rounding
        // ε|ρ|/δ² ≈ 2e-11: the residual must be at that level, not at O(1).
        expect(Math.abs(dt - lap)).toBeLessThan(1e-7 * (1 + Math.abs(dt)));
      }
    }
  });

  it("entropy decays at the de Bruijn rate −M tr((Σ₀ + 2tI)⁻¹)", () => {
    for (const t of [0.1, 0.7, 2]) {
      const fd = derivative4((s) => heat.entropy(s), t, 1e-3);
      // O(δ⁴) truncation ~1e-10, rounding ε|H|/δ ~ 1e-12.
      expect(Math.abs(fd - heat.entropyRate(t)) / Math.abs(heat.entropyRate(t))).toBeLessThan(1e-9);
    }
    expect(heat.entropyRate(0)).toBeLessThan(0);
  });

  it("has covariance Σ₀ + 2tI, fixed mean and mass", () => {
    const c = heat.cov(0.25);
    expect(c[0][0]).toBeCloseTo(0.8, 15);
    expect(c[0][1]).toBeCloseTo(0.12, 15);
    expect(heat.mean(3)).toEqual([0.3, -0.4]);
    expect(heat.at(3).mass).toBe(1.3);
    expect(() => heat.at(-0.2)).toThrow(/collapses/);
  });
});

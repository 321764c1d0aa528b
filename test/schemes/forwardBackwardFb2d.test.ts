import { describe, expect, it } from "vitest";
import { Gaussian } from "../../src/exact/gaussian.js";
import { orderFor, runGaussianNd } from "./forwardBackwardRuns.js";

/*
 * 2D grid forward–backward (blur-corrected entropic JKO backward, ε = 2h²) against the matrix
 * recursion of docs/sampling.md, Σ′ = ½(W + 2γI + (W² + 4γW)^{1/2}), W = CΣC,
 * C = I − γΣπ⁻¹, for Σπ = diag(1, 0.6) on [−7, 7]² from N((1, −0.5), diag(0.3, 0.2)),
 * γ = 0.3, 13 steps. Measured max over the steps of the largest covariance error:
 *   32² 4.00e-2, 48² 1.20e-2, 64² 5.28e-3   (orders 3.0, 2.8)
 * second order asymptotically: the grid JKO's cell-average term (forwardBackwardFb1d.test.ts),
 * with the entropic O(h⁴/γ) part still visible at these coarse h. Bounds: 2× the finest
 * figure; orders above 1.8.
 */

describe("2D grid forward–backward vs the matrix recursion", () => {
  it("diagonal target: second order, mass and positivity", () => {
    const start = new Gaussian([1, -0.5], [[0.3, 0], [0, 0.2]]); // prettier-ignore
    const runs = [32, 48, 64].map(
      (n) =>
      runGaussianNd("fb", [n, n], [-7, -7], [7, 7], [[1, 0], [0, 0.6]], start, 0.3, 13), // prettier-ignore
    );
    expect(runs[2].maxError).toBeLessThan(1.1e-2);
    expect(orderFor(runs[0].maxError, runs[1].maxError, 1.5)).toBeGreaterThan(1.8);
    expect(orderFor(runs[1].maxError, runs[2].maxError, 4 / 3)).toBeGreaterThan(1.8);
    for (const r of runs) {
      expect(r.massDrift).toBeLessThan(1e-13); // round-off over 13 steps of push + Sinkhorn
      expect(r.min).toBeGreaterThanOrEqual(0);
    }
  });
});

import { describe, expect, it } from "vitest";
import { Gaussian } from "../../src/exact/gaussian.js";
import { orderFor, runGaussianNd } from "./forwardBackwardRuns.js";

/*
 * 3D grid ULA twin (push, then the heat flow by direct sums: the kernel is ~30 cells wide)
 * against Σ′ = CΣC + 2γI for Σπ = diag(1, 0.5, 2) on [−6, 6]²×[−7, 7], from
 * N((0, 0.5, 0), diag(0.5, 0.3, 0.8)), γ = 0.3, 10 steps. Measured max over the steps of the
 * largest covariance error: 24³ 6.85e-3, 32³ 1.16e-3 (h = 0.5 → 0.375, order 6.2 at these
 * coarse grids; 48³ gives 1.13e-4). Bounds: 2× the measured figures; order above 1.8.
 */

describe("3D grid ULA twin vs the matrix recursion", () => {
  it("follows the recursion; mass and positivity", () => {
    const Sigma = [[1, 0, 0], [0, 0.5, 0], [0, 0, 2]]; // prettier-ignore
    const start = new Gaussian([0, 0.5, 0], [[0.5, 0, 0], [0, 0.3, 0], [0, 0, 0.8]]); // prettier-ignore
    const [a, b] = [24, 32].map((n) =>
      runGaussianNd("ula", [n, n, n], [-6, -6, -7], [6, 6, 7], Sigma, start, 0.3, 10),
    );
    expect(a.maxError).toBeLessThan(1.4e-2);
    expect(b.maxError).toBeLessThan(2.4e-3);
    expect(orderFor(a.maxError, b.maxError, 4 / 3)).toBeGreaterThan(1.8);
    expect(b.massDrift).toBeLessThan(1e-13);
    expect(b.min).toBeGreaterThanOrEqual(0);
  });
});

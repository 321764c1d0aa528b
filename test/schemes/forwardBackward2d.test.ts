import { describe, expect, it } from "vitest";
import { Gaussian } from "../../src/exact/gaussian.js";
import { orderFor, runGaussianNd } from "./forwardBackwardRuns.js";

/*
 * 2D grid ULA twin against the matrix recursion of docs/sampling.md for π = N(0, Σπ):
 * Σ′ = CΣC + 2γI, C = I − γΣπ⁻¹ (runGaussianNd). Problem: box [−7, 7]²,
 * ρ0 = N((1, −0.5), diag(0.3, 0.2)), γ = 0.3, 13 steps (t = 3.9). Measured max over the steps
 * of the largest covariance error (diagonal entries minus h²/12):
 *   Σπ = diag(1, 0.6):           64² 3.05e-5, 128² 2.26e-6   (order 3.8)
 *   Σπ = [[1, 0.4], [0.4, 0.6]]: 64² 5.91e-4, 128² 1.49e-4   (order 1.99)
 * The correlated case is second order: the push moves each cell as an axis-aligned box and
 * drops the cell's own shear, an error O(γ|∂²V/∂x∂y|h²) per step (src/schemes/pushForward.ts).
 * Bounds: 2× the measured figures; orders above 3 (diagonal) and 1.8 (correlated).
 */

const START = new Gaussian([1, -0.5], [[0.3, 0], [0, 0.2]]); // prettier-ignore
const square = (n: number, Sigma: number[][]) =>
  runGaussianNd("ula", [n, n], [-7, -7], [7, 7], Sigma, START, 0.3, 13);

describe("2D grid ULA twin vs the matrix recursion", () => {
  it("diagonal target: covariance to O(h³) or better, mass and positivity", () => {
    const [a, b] = [64, 128].map((n) => square(n, [[1, 0], [0, 0.6]])); // prettier-ignore
    expect(b.maxError).toBeLessThan(4.5e-6);
    expect(orderFor(a.maxError, b.maxError, 2)).toBeGreaterThan(3);
    for (const r of [a, b]) {
      expect(r.massDrift).toBeLessThan(1e-13); // round-off over 13 steps
      expect(r.min).toBeGreaterThanOrEqual(0);
    }
  });

  it("correlated target: second order (the cell's own shear)", () => {
    const [a, b] = [64, 128].map((n) => square(n, [[1, 0.4], [0.4, 0.6]])); // prettier-ignore
    expect(b.maxError).toBeLessThan(3e-4);
    expect(orderFor(a.maxError, b.maxError, 2)).toBeGreaterThan(1.8);
  });
});

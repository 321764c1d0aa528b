import { describe, expect, it } from "vitest";
import { matMul, sqrtmPsd, symmetricEigen, trace } from "../../src/exact/symmetricMatrix.js";
import { brenierMapGaussians, w2Gaussians, w2GaussiansSquared } from "../../src/metrics/bures.js";

describe("W2 between Gaussians (Bures)", () => {
  it("commuting covariances: |Δμ|² + Σ(√a_i − √b_i)²", () => {
    const w2 = w2GaussiansSquared(
      [1, 0],
      [
        [4, 0],
        [0, 1],
      ],
      [0, 2],
      [
        [1, 0],
        [0, 9],
      ],
    );
    expect(w2).toBeCloseTo(1 + 4 + (2 - 1) ** 2 + (1 - 3) ** 2, 13);
  });

  it("the Brenier map certifies the cost: T SPD, TΣ₁T = Σ₂, E|X − TX|² = W₂² (centred)", () => {
    const S1 = [
      [1.2, 0.5],
      [0.5, 0.7],
    ];
    const S2 = [
      [0.4, -0.3],
      [-0.3, 1.9],
    ];
    const T = brenierMapGaussians(S1, S2);
    expect(symmetricEigen(T).values[0]).toBeGreaterThan(0);
    const TST = matMul(matMul(T, S1), T);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) expect(TST[i][j]).toBeCloseTo(S2[i][j], 13);
    // E|X − TX|² = tr((I − T)Σ₁(I − T)) for X ~ N(0, Σ₁).
    const ImT = [
      [1 - T[0][0], -T[0][1]],
      [-T[1][0], 1 - T[1][1]],
    ];
    const cost = trace(matMul(matMul(ImT, S1), ImT));
    expect(Math.abs(cost - w2GaussiansSquared([0, 0], S1, [0, 0], S2))).toBeLessThan(1e-13);
  });

  it("no other Gaussian coupling is cheaper: tr C ≤ tr (Σ₂^{1/2}Σ₁Σ₂^{1/2})^{1/2} over C = Σ₁^{1/2}KΣ₂^{1/2}, K orthogonal", () => {
    const S1 = [
      [1.2, 0.5],
      [0.5, 0.7],
    ];
    const S2 = [
      [0.4, -0.3],
      [-0.3, 1.9],
    ];
    const w2 = w2GaussiansSquared([0, 0], S1, [0, 0], S2);
    const r1 = sqrtmPsd(S1);
    const r2 = sqrtmPsd(S2);
    let best = -Infinity;
    for (let k = 0; k < 20000; k++) {
      const th = (2 * Math.PI * k) / 20000;
      for (const sgn of [1, -1]) {
        const K = [
          [Math.cos(th), -sgn * Math.sin(th)],
          [Math.sin(th), sgn * Math.cos(th)],
        ];
        best = Math.max(best, trace(matMul(matMul(r1, K), r2)));
      }
    }
    const bruteW2 = trace(S1) + trace(S2) - 2 * best;
    // Angular grid 3e-4 rad: the maximum is quadratic, so the brute force is ~1e-7 high.
    expect(bruteW2 - w2).toBeGreaterThanOrEqual(-1e-12);
    expect(bruteW2 - w2).toBeLessThan(1e-6);
    expect(w2Gaussians([0, 0], S1, [0, 0], S1)).toBeLessThan(1e-7);
  });
});

import { describe, expect, it } from "vitest";
import { Gaussian } from "../../src/exact/gaussian.js";
import { klGaussians } from "../../src/exact/klGaussian.js";
import { OrnsteinUhlenbeck } from "../../src/exact/ornsteinUhlenbeck.js";
import { cellAverages, mass } from "../../src/grid/density.js";
import { Grid } from "../../src/grid/grid.js";
import { derivative4, laplacian4, partial4 } from "./finiteDifference.js";

// EXACT.md §B test case: A non-diagonal, off-centre non-diagonal start.
const A = [
  [1.5, 0.6],
  [0.6, 0.8],
];
const m = [0.5, -0.3];
const start = new Gaussian(
  [-1, 1.2],
  [
    [0.3, -0.1],
    [-0.1, 0.5],
  ],
  1.4,
);
const ou = new OrnsteinUhlenbeck({ A, center: m, initial: start });
const V = (x: number[]): number => {
  const u = [x[0] - m[0], x[1] - m[1]];
  return 0.5 * (A[0][0] * u[0] ** 2 + 2 * A[0][1] * u[0] * u[1] + A[1][1] * u[1] ** 2);
};
// π has covariance A⁻¹ with σ_max ≈ 1.45: a ±13 box is ≥ 8.7σ from m on every side.
const bigBox = { lo: [-13, -13], hi: [13, 13] };

describe("OrnsteinUhlenbeck", () => {
  it("closed forms solve μ' = −A(μ − m) and Σ' = 2I − AΣ − ΣA", () => {
    for (const t of [0, 0.3, 0.7, 2.5]) {
      const mu = ou.mean(t);
      const S = ou.cov(t);
      for (let i = 0; i < 2; i++) {
        const drift = -(A[i][0] * (mu[0] - m[0]) + A[i][1] * (mu[1] - m[1]));
        // Fourth-order differences: truncation ~1e-12, rounding ~1e-13.
        expect(Math.abs(derivative4((s) => ou.mean(s)[i], t, 1e-3) - drift)).toBeLessThan(1e-10);
        for (let j = 0; j < 2; j++) {
          let rhs = i === j ? 2 : 0;
          for (let k = 0; k < 2; k++) rhs -= A[i][k] * S[k][j] + S[i][k] * A[k][j];
          expect(Math.abs(derivative4((s) => ou.cov(s)[i][j], t, 1e-3) - rhs)).toBeLessThan(1e-10);
        }
      }
    }
    expect(ou.mean(0)[0]).toBeCloseTo(-1, 14);
    expect(ou.cov(0)[0][1]).toBeCloseTo(-0.1, 14);
  });

  it("solves ∂ρ/∂t = Δρ + div(ρ∇V) pointwise (fourth-order finite differences)", () => {
    const d = 2e-3;
    for (const t of [0.2, 0.7]) {
      for (const x of [
        [0, 0.5],
        [0.8, -0.6],
        [-1.2, 1.4],
      ]) {
        const f = (y: number[]): number => ou.density(t, y);
        const dt = derivative4((s) => ou.density(s, x), t, 1e-3);
        // div(ρ∇V) = ∇ρ·∇V + ρΔV with ∇V = A(x − m), ΔV = tr A.
        const gv = [
          A[0][0] * (x[0] - m[0]) + A[0][1] * (x[1] - m[1]),
          A[1][0] * (x[0] - m[0]) + A[1][1] * (x[1] - m[1]),
        ];
        const rhs =
          laplacian4(f, x, d) +
          partial4(f, x, 0, d) * gv[0] +
          partial4(f, x, 1, d) * gv[1] +
          f(x) * (A[0][0] + A[1][1]);
        expect(Math.abs(dt - rhs)).toBeLessThan(1e-7 * (1 + Math.abs(dt)));
      }
    }
  });

  it("converges to π = M N(m, A⁻¹); Z = (2π)^{d/2}det(A)^{−1/2} matches quadrature", () => {
    expect(klGaussians(ou.at(40), ou.stationary())).toBeLessThan(1e-20);
    const grid = new Grid({ n: [130, 130], ...bigBox });
    const e = cellAverages(grid, (x) => Math.exp(-V([x[0], x[1]])), 8);
    // h = 0.2 ≈ σ_min/2.9 with 8 Gauss points per axis: quadrature error far below 1e-13.
    expect(Math.abs(mass(grid, e) / ou.normaliser() - 1)).toBeLessThan(1e-13);
  });

  it("KL(ρ_t‖π) on 𝓜₊ matches quadrature; it decays at rate −𝓘(ρ_t|π); Bakry–Émery holds", () => {
    const grid = new Grid({ n: [160, 160], ...bigBox });
    const rt = ou.at(0.7);
    for (const piMass of [1.4, 1]) {
      const pi = ou.stationary(piMass);
      const integrand = cellAverages(
        grid,
        (x) => {
          const r = rt.density(x);
          return r * (rt.logDensity(x) - pi.logDensity(x)) - r + pi.density(x);
        },
        8,
      );
      expect(Math.abs(mass(grid, integrand) / ou.kl(0.7, piMass) - 1)).toBeLessThan(1e-11);
    }
    for (const t of [0.1, 0.7, 2]) {
      const fd = derivative4((s) => ou.kl(s), t, 1e-3);
      expect(Math.abs(fd / ou.klRate(t) - 1)).toBeLessThan(1e-9);
    }
    for (let t = 0; t <= 5; t += 0.25) {
      expect(ou.kl(t)).toBeLessThanOrEqual(ou.bakryEmeryBound(t) * (1 + 1e-12));
    }
  });

  it("rejects a non-SPD A and a wrong-sized centre", () => {
    expect(
      () =>
        new OrnsteinUhlenbeck({
          A: [
            [1, 2],
            [2, 1],
          ],
          initial: start,
        }),
    ).toThrow(/A: must be positive definite/);
    expect(() => new OrnsteinUhlenbeck({ A, center: [0], initial: start })).toThrow(/center/);
  });
});

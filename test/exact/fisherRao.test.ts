import { describe, expect, it } from "vitest";
import {
  FisherRaoKlGaussian,
  frInclusiveKl,
  frInclusiveKlSpherical,
  frKl,
  frKlGaussian,
  frKlRate,
  frKlSpherical,
  hellingerSq,
  klMplus,
} from "../../src/exact/fisherRao.js";
import { Gaussian } from "../../src/exact/gaussian.js";
import { naturalFromGaussian } from "../../src/exact/gaussianParameters.js";
import { klGaussians } from "../../src/exact/klGaussian.js";
import { mass } from "../../src/grid/density.js";
import { Grid } from "../../src/grid/grid.js";
import { derivative4 } from "./finiteDifference.js";
import { expectInputError } from "../expectInputError.js";

// EXACT.md §D verification setting: 1D grid, non-Gaussian mixtures ρ₀ and π of unequal masses.
const grid1 = new Grid({ n: [200], lo: [-8], hi: [8] });
const normal = (x: number, m: number, s: number): number =>
  Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
const rho0 = grid1.sample(([x]) => 0.7 * normal(x, -1.5, 0.6) + 0.5 * normal(x, 1.2, 0.9));
const pi = grid1.sample(([x]) => 1.8 * (0.6 * normal(x, 0.5, 1.1) + 0.4 * normal(x, -2, 0.7)));
// A copy of ρ₀ with a hole (support test): cells 90..109 set to 0.
const rho0Hole = rho0.slice();
rho0Hole.fill(0, 90, 110);

type Rhs = (y: Float64Array, out: Float64Array) => void;

/** Classical RK4 for y' = f(y) from 0 to T with n equal steps. */
function rk4(f: Rhs, y0: Float64Array, T: number, n: number): Float64Array {
  const h = T / n;
  const m = y0.length;
  const y = y0.slice();
  const k1 = new Float64Array(m);
  const k2 = new Float64Array(m);
  const k3 = new Float64Array(m);
  const k4 = new Float64Array(m);
  const z = new Float64Array(m);
  for (let s = 0; s < n; s++) {
    f(y, k1);
    for (let i = 0; i < m; i++) z[i] = y[i] + 0.5 * h * k1[i];
    f(z, k2);
    for (let i = 0; i < m; i++) z[i] = y[i] + 0.5 * h * k2[i];
    f(z, k3);
    for (let i = 0; i < m; i++) z[i] = y[i] + h * k3[i];
    f(z, k4);
    for (let i = 0; i < m; i++) y[i] += (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }
  return y;
}

const sum = (f: Float64Array): number => f.reduce((s, v) => s + v, 0);

/** ∂ρ_i/∂t = −κρ_i(ξ_i − [spherical] Σρξ/Σρ), ξ = log(ρ/π); ρ_i = 0 is a fixed point. */
const klRhs =
  (p: Float64Array, kappa: number, spherical: boolean): Rhs =>
  (y, out) => {
    let m = 0;
    let m1 = 0;
    for (let i = 0; i < y.length; i++) {
      out[i] = y[i] > 0 ? Math.log(y[i]) - Math.log(p[i]) : 0;
      m += y[i];
      m1 += y[i] * out[i];
    }
    const bar = spherical ? m1 / m : 0;
    for (let i = 0; i < y.length; i++) out[i] = -kappa * y[i] * (out[i] - bar);
  };

/** Inclusive: ∂ρ/∂t = κ(π − ρ) or κ(π − ρΣπ/Σρ). */
const inclusiveRhs =
  (p: Float64Array, kappa: number, spherical: boolean): Rhs =>
  (y, out) => {
    const ratio = spherical ? sum(p) / sum(y) : 1;
    for (let i = 0; i < y.length; i++) out[i] = kappa * (p[i] - ratio * y[i]);
  };

/** max_i |a_i − b_i|/|b_i| over cells with b_i > 0 (all cells where the flow lives). */
function maxRel(a: Float64Array, b: Float64Array): number {
  let e = 0;
  for (let i = 0; i < a.length; i++) if (b[i] > 0) e = Math.max(e, Math.abs(a[i] - b[i]) / b[i]);
  return e;
}

/**
 * Compares an exact flow with RK4 at n and 2n steps. RK4's global error is C·Δt⁴, so the
 * error of the 2n-step run is ≈ |y_n − y_2n|/15 (Richardson); we require the exact solution
 * to be within 2× that estimate plus a rounding floor of 1e-12 (≈ 2n·ε, 2n ≤ 8000 steps), and
 * the observed order log2(err_n/err_2n) to be 4 when the errors are above that floor.
 */
function checkAgainstRk4(
  exact: Float64Array,
  f: Rhs,
  y0: Float64Array,
  T: number,
  n: number,
): { err: number; estimate: number } {
  const yn = rk4(f, y0, T, n);
  const y2n = rk4(f, y0, T, 2 * n);
  const estimate = maxRel(yn, y2n) / 15;
  const err = maxRel(y2n, exact);
  expect(err).toBeLessThanOrEqual(2 * estimate + 1e-12);
  const errN = maxRel(yn, exact);
  if (err > 1e-11) {
    const order = Math.log2(errN / err);
    expect(order).toBeGreaterThan(3.8);
    expect(order).toBeLessThan(4.2);
  }
  return { err, estimate };
}

describe("pointwise Fisher–Rao flows of KL (EXACT.md §D)", () => {
  const T = 1.3;

  it("balanced flow: log ρ_t = e^{−t} log ρ₀ + (1 − e^{−t}) log π matches RK4 of ∂ρ = −ρ log(ρ/π)", () => {
    const exact = frKl(rho0, pi, T);
    // |log(ρ₀/π)| reaches 23 in the tails, so the ODE is stiff there (∂f/∂ρ = −1 − ξ): RK4
    // is in its asymptotic regime from Δt ≈ 6e-3. Coarse steps (errors ~1e-6, far above
    // rounding) show the observed order 4; fine steps give the headline figure.
    checkAgainstRk4(exact, klRhs(pi, 1, false), rho0, T, 208);
    const { err } = checkAgainstRk4(exact, klRhs(pi, 1, false), rho0, T, 4000);
    expect(err).toBeLessThan(1e-11);
    // κ = 4 (He² = ∫(√−√)²) equals RK4 of ∂ρ = −4ρ log(ρ/π), and rate κ at t is rate 1 at κt.
    const ex4 = frKl(rho0, pi, 0.3, { rate: 4 });
    expect(checkAgainstRk4(ex4, klRhs(pi, 4, false), rho0, 0.3, 4000).err).toBeLessThan(1e-11);
    expect(maxRel(ex4, frKl(rho0, pi, 1.2))).toBeLessThan(1e-14);
  });

  it("balanced flow preserves the support of ρ₀ and tends to π", () => {
    const r = frKl(rho0Hole, pi, 2);
    for (let i = 0; i < r.length; i++) {
      if (rho0Hole[i] === 0) expect(r[i]).toBe(0);
      else expect(r[i]).toBeGreaterThan(0);
    }
    checkAgainstRk4(r, klRhs(pi, 1, false), rho0Hole, 2, 4000);
    expect(maxRel(frKl(rho0, pi, 40), pi)).toBeLessThan(1e-14);
    expect(maxRel(frKl(rho0, pi, 0), rho0)).toBe(0);
  });

  it("spherical flow = M₀ · normalised geometric interpolation; matches RK4; conserves mass", () => {
    const exact = frKlSpherical(rho0, pi, T);
    checkAgainstRk4(exact, klRhs(pi, 1, true), rho0, T, 208);
    expect(checkAgainstRk4(exact, klRhs(pi, 1, true), rho0, T, 4000).err).toBeLessThan(1e-11);
    expect(Math.abs(mass(grid1, exact) / mass(grid1, rho0) - 1)).toBeLessThan(1e-15);
    // Independent of the normalisation of π; tends to π rescaled to the mass of ρ₀.
    const pi3 = pi.map((v) => 3 * v);
    expect(maxRel(frKlSpherical(rho0, pi3, T), exact)).toBeLessThan(1e-14);
    const limit = pi.map((v) => (v * sum(rho0)) / sum(pi));
    expect(maxRel(frKlSpherical(rho0, pi, 40), limit)).toBeLessThan(1e-14);
    // Support preserved, mass conserved with a hole too.
    const h = frKlSpherical(rho0Hole, pi, T);
    expect(h[100]).toBe(0);
    checkAgainstRk4(h, klRhs(pi, 1, true), rho0Hole, T, 4000);
  });

  it("inclusive flow ρ_t = π + e^{−t}(ρ₀ − π) matches RK4 of ∂ρ = π − ρ", () => {
    const exact = frInclusiveKl(rho0Hole, pi, T);
    // Linear ODE: RK4's relative error is ≈ T(Δt)⁴/120·|ρ₀ − π|/ρ ≈ 1e-12 at Δt = 3.3e-3.
    const { err } = checkAgainstRk4(exact, inclusiveRhs(pi, 1, false), rho0Hole, T, 200);
    expect(err).toBeLessThan(1e-12);
    // ρ₀ = 0 cells fill in (ξ = 1 − π/ρ = −∞ there): the support is NOT preserved.
    expect(exact[100]).toBeCloseTo(pi[100] * -Math.expm1(-T), 15);
    const m = mass(grid1, exact);
    const mExpected = mass(grid1, pi) + Math.exp(-T) * (mass(grid1, rho0Hole) - mass(grid1, pi));
    expect(Math.abs(m / mExpected - 1)).toBeLessThan(1e-14);
    const ex8 = frInclusiveKl(rho0, pi, 0.1, { rate: 8 });
    expect(checkAgainstRk4(ex8, inclusiveRhs(pi, 8, false), rho0, 0.1, 200).err).toBeLessThan(
      1e-12,
    );
  });

  it("spherical inclusive flow: mass conserved, linear ODE ∂ρ = κ(π − ρM_π/M₀) solved exactly", () => {
    expect(sum(rho0) / sum(pi)).not.toBeCloseTo(1, 1); // unequal masses: 1.2 vs 1.8
    for (const kappa of [1, 4]) {
      const exact = frInclusiveKlSpherical(rho0, pi, T, { rate: kappa });
      const { err } = checkAgainstRk4(exact, inclusiveRhs(pi, kappa, true), rho0, T, 400);
      expect(err).toBeLessThan(1e-12);
      expect(Math.abs(sum(exact) / sum(rho0) - 1)).toBeLessThan(1e-15);
    }
    // Limit: π rescaled to the mass of ρ₀; equal masses: identical to the balanced flow.
    const limit = pi.map((v) => (v * sum(rho0)) / sum(pi));
    expect(maxRel(frInclusiveKlSpherical(rho0, pi, 80), limit)).toBeLessThan(1e-14);
    const piEq = pi.map((v) => (v * sum(rho0)) / sum(pi));
    expect(
      maxRel(frInclusiveKlSpherical(rho0, piEq, T), frInclusiveKl(rho0, piEq, T)),
    ).toBeLessThan(1e-14);
  });

  it("dissipation dKL/dt = −∫ρ log²(ρ/π) (balanced) and −∫ρ(ξ − ξ̄)² (spherical)", () => {
    for (const spherical of [false, true]) {
      for (const kappa of [1, 4]) {
        const flow = spherical ? frKlSpherical : frKl;
        const kl = (t: number): number => klMplus(grid1, flow(rho0, pi, t, { rate: kappa }), pi);
        for (const t of [0.1, 0.6]) {
          // derivative4 with δ = 1e-4: truncation δ⁴f⁽⁵⁾/30 (f⁽⁵⁾ ~ κ⁵·KL ≲ 1e3·KL) and
          // rounding ε·KL/δ ≈ 1e-12·KL: relative 1e-8 is ample.
          const fd = derivative4(kl, t, 1e-4);
          const rate = frKlRate(grid1, flow(rho0, pi, t, { rate: kappa }), pi, {
            spherical,
            rate: kappa,
          });
          expect(rate).toBeLessThan(0);
          expect(Math.abs(fd - rate)).toBeLessThan(1e-8 * Math.abs(rate));
        }
      }
    }
  });

  it("He² = 4∫(√μ − √ν)² matches the Bhattacharyya closed form for Gaussians", () => {
    // ∫√(M₁N₁ M₂N₂) = √(M₁M₂)·√(2s₁s₂/(s₁²+s₂²))·exp(−(m₁−m₂)²/(4(s₁²+s₂²))).
    const [m1, s1, M1, m2, s2, M2] = [-0.4, 0.7, 1.3, 0.9, 0.8, 0.6];
    const mu = grid1.sample(([x]) => M1 * normal(x, m1, s1));
    const nu = grid1.sample(([x]) => M2 * normal(x, m2, s2));
    const v = s1 * s1 + s2 * s2;
    const bc =
      Math.sqrt(M1 * M2) * Math.sqrt((2 * s1 * s2) / v) * Math.exp(-((m1 - m2) ** 2) / (4 * v));
    const exact = 4 * (M1 + M2 - 2 * bc);
    // Midpoint sums of Gaussians (h = 0.08 ≤ σ/8, box ≥ 8.8σ): aliasing e^{−2π²σ²/h²} and
    // truncation erfc(8.8/√2) ≈ 1e-18 are negligible; rounding ≈ 1e-15.
    expect(Math.abs(hellingerSq(grid1, mu, nu) / exact - 1)).toBeLessThan(1e-12);
  });
});

// 2D, non-diagonal and non-commuting covariances, unequal masses. Box ±12 is ≥ 10σ from
// every mean for every covariance on the interpolation path (σ_max ≈ 1.2); h = 0.2 ≤ σ_min/2.
const grid2 = new Grid({ n: [120, 120], lo: [-12, -12], hi: [12, 12] });
const g0 = new Gaussian(
  [0.5, -0.3],
  [
    [0.5, 0.2],
    [0.2, 0.3],
  ],
  0.8,
);
const gPi = new Gaussian(
  [-0.4, 0.6],
  [
    [1.2, -0.4],
    [-0.4, 0.7],
  ],
  2.1,
);

describe("FR flow of KL between Gaussians (natural-parameter interpolation)", () => {
  const r0 = grid2.sample((x) => g0.density(x));
  const rp = grid2.sample((x) => gPi.density(x));

  it("matches the pointwise balanced and spherical flows of sampled Gaussians to ~1e-12", () => {
    for (const spherical of [false, true]) {
      for (const [t, rate] of [
        [0.3, 1],
        [1, 1],
        [0.4, 4],
      ]) {
        const flow = new FisherRaoKlGaussian(g0, gPi, { rate, spherical });
        const grid = (spherical ? frKlSpherical : frKl)(r0, rp, t, { rate });
        const exact = grid2.sample(flow.densityAt(t));
        // Only cells where the sampled ρ₀, π are normal floating-point numbers (ρ₀ underflows
        // to 0 in the corners, and 0 stays 0 on the grid while the Gaussian is positive).
        for (let i = 0; i < exact.length; i++)
          if (!(r0[i] > 1e-290 && rp[i] > 1e-290)) exact[i] = 0;
        // Pointwise: the same formula in two parameterisations, rounding in log ρ (|log ρ| ≤
        // 700) gives ≤ 1e-13. Spherical: the grid normalisation Σg|cell| equals ∫g up to
        // aliasing e^{−2π²σ²/h²} and box truncation, both < 1e-30.
        expect(maxRel(grid, exact)).toBeLessThan(1e-12);
      }
    }
  });

  it("natural parameters interpolate linearly; limits ρ₀ and π; spherical keeps M₀", () => {
    const flow = new FisherRaoKlGaussian(g0, gPi);
    const n0 = naturalFromGaussian(g0);
    const np = naturalFromGaussian(gPi);
    const t = 0.7;
    const w = Math.exp(-t);
    const n = flow.natural(t);
    expect(Math.abs(n.c - (w * n0.c + (1 - w) * np.c))).toBeLessThan(1e-14);
    expect(Math.abs(n.P[0][1] - (w * n0.P[0][1] + (1 - w) * np.P[0][1]))).toBeLessThan(1e-14);
    // Σ_t⁻¹ = wΣ₀⁻¹ + (1−w)Σ_π⁻¹ reproduced by cov(t).
    const S = flow.cov(t);
    const det = S[0][0] * S[1][1] - S[0][1] ** 2;
    expect(Math.abs(S[1][1] / det - n.P[0][0])).toBeLessThan(1e-13);
    expect(klGaussians(flow.at(0), g0)).toBeLessThan(1e-28);
    expect(klGaussians(flow.at(60), gPi)).toBeLessThan(1e-28);
    const sph = new FisherRaoKlGaussian(g0, gPi, { spherical: true });
    expect(sph.mass(t)).toBe(0.8);
    expect(sph.mean(t)[1]).toBeCloseTo(flow.mean(t)[1], 14);
    expect(sph.cov(t)[0][1]).toBeCloseTo(S[0][1], 14);
    // Balanced mass M_t = M₀^w M_π^{1−w}∫N₀^w N_π^{1−w} vs the grid sum of the pointwise flow.
    expect(Math.abs(flow.mass(t) / mass(grid2, frKl(r0, rp, t)) - 1)).toBeLessThan(1e-13);
  });

  it("klRate (Gaussian moments of u = log(ρ/π)) = d/dt KL = −∫ρu² on the grid", () => {
    for (const spherical of [false, true]) {
      const flow = new FisherRaoKlGaussian(g0, gPi, { spherical, rate: 2 });
      for (const t of [0.2, 0.9]) {
        const rate = flow.klRate(t);
        // Fourth-order difference of the closed-form KL: error ≲ 1e-10 relative.
        expect(Math.abs(derivative4((s) => flow.kl(s), t, 1e-3) - rate)).toBeLessThan(
          1e-9 * Math.abs(rate),
        );
        const onGrid = frKlRate(grid2, grid2.sample(flow.densityAt(t)), rp, {
          spherical,
          rate: 2,
        });
        expect(Math.abs(onGrid / rate - 1)).toBeLessThan(1e-12);
      }
    }
  });

  it("cell averages: exact mass; discrete covariance Σ + h²/12 I (EXACT.md §0.1)", () => {
    const flow = new FisherRaoKlGaussian(g0, gPi);
    const t = 0.5;
    const avg = flow.cellAverages(grid2, t);
    const g = frKlGaussian(g0, gPi, t);
    expect(Math.abs(mass(grid2, avg) / g.mass - 1)).toBeLessThan(1e-13);
    expect(flow.mass(t)).toBe(g.mass);
  });

  it("bad input → InputError naming the field", () => {
    const err = expectInputError;
    const bad = rho0.slice();
    bad[3] = NaN;
    err(() => frKl(bad, pi, 1), "rho0");
    const neg = pi.slice();
    neg[7] = -1e-3;
    err(() => frKlSpherical(rho0, neg, 1), "pi");
    const zero = pi.slice();
    zero[100] = 0;
    err(() => frKl(rho0, zero, 1), "pi");
    err(() => frKl(rho0, pi.subarray(1), 1), "pi");
    err(() => frKl(rho0, pi, -1), "t");
    err(() => frKl(rho0, pi, NaN), "t");
    err(() => frInclusiveKl(rho0, pi, 1, { rate: 0 }), "rate");
    err(() => frInclusiveKlSpherical(new Float64Array(5), pi.subarray(0, 5), 1), "rho0");
    err(() => frKl(rho0, pi, 1, { out: new Float64Array(3) }), "out");
    err(() => new FisherRaoKlGaussian({ mean: [0], cov: [[-1]] }, gPi), "initial.cov");
    err(
      () =>
        new FisherRaoKlGaussian(g0, {
          mean: [0, 0],
          cov: [
            [1, 2],
            [2, 1],
          ],
        }),
      "target.cov",
    );
    err(() => new FisherRaoKlGaussian(g0, { mean: [0, 0], cov: 1, mass: -2 }), "target.mass");
    err(() => new FisherRaoKlGaussian({ mean: [NaN, 0], cov: 1 }, gPi), "initial.mean[0]");
    err(() => new FisherRaoKlGaussian(g0, { mean: [0], cov: 1 }), "target");
    err(() => new FisherRaoKlGaussian(g0, gPi, { rate: -1 }), "rate");
    err(() => new FisherRaoKlGaussian(g0, gPi).at(-0.5), "t");
  });
});

import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { FisherRaoKlGaussian } from "../../src/exact/fisherRao.js";
import { Gaussian } from "../../src/exact/gaussian.js";
import { integrateGaussKronrod } from "../../src/exact/gaussKronrod.js";
import {
  gaussianFromNatural,
  naturalFromGaussian,
  type NaturalParameters,
} from "../../src/exact/gaussianParameters.js";
import { klNormalised } from "../../src/exact/klGaussian.js";
import { OrnsteinUhlenbeck } from "../../src/exact/ornsteinUhlenbeck.js";
import { inverseSpd, type Mat } from "../../src/exact/symmetricMatrix.js";
import { WfrKlGaussian, wfrKlGaussian, wfrKlGaussianRhs } from "../../src/exact/wfrGaussian.js";
import { covariance, mass } from "../../src/grid/density.js";
import { Grid } from "../../src/grid/grid.js";
import { derivative4, laplacian4, partial4 } from "./finiteDifference.js";
import { expectInputError } from "../expectInputError.js";

// 2D, non-commuting Σ₀ and Σ_π (Σ₀Σ_π ≠ Σ_πΣ₀), off-centre start, unequal masses.
const initial = new Gaussian(
  [1.2, -0.7],
  [
    [0.4, 0.15],
    [0.15, 0.25],
  ],
  0.6,
);
const target = new Gaussian(
  [-0.3, 0.5],
  [
    [1.3, -0.5],
    [-0.5, 0.8],
  ],
  1.7,
);
const PAIRS: [number, number][] = [
  [0.7, 1.3],
  [1, 0],
  [0, 1],
  [2, 0.3],
];
const TIMES = [0.2, 1, 3];

const axpy = (y: NaturalParameters, k: number, x: NaturalParameters): NaturalParameters => ({
  P: y.P.map((r, i) => r.map((v, j) => v + k * x.P[i][j])),
  b: y.b.map((v, i) => v + k * x.b[i]),
  c: y.c + k * x.c,
});

/** Classical RK4 of the natural-parameter ODE with step h; states at the requested times. */
function rk4Natural(
  g0: Gaussian,
  pi: Gaussian,
  alpha: number,
  beta: number,
  times: number[],
  h: number,
): NaturalParameters[] {
  const tn = naturalFromGaussian(pi);
  const f = (z: NaturalParameters): NaturalParameters => wfrKlGaussianRhs(z, tn, alpha, beta);
  let y = naturalFromGaussian(g0);
  let step = 0;
  const out: NaturalParameters[] = [];
  for (const t of times) {
    const n = Math.round(t / h);
    for (; step < n; step++) {
      const k1 = f(y);
      const k2 = f(axpy(y, h / 2, k1));
      const k3 = f(axpy(y, h / 2, k2));
      const k4 = f(axpy(y, h, k3));
      y = axpy(axpy(axpy(axpy(y, h / 6, k1), h / 3, k2), h / 3, k3), h / 6, k4);
    }
    out.push(y);
  }
  return out;
}

/** Relative errors of a Gaussian vs the closed form: [covariance, mean, mass] (max norms). */
function relErrors(g: Gaussian, ref: Gaussian): number[] {
  const flat = (m: readonly (readonly number[])[]): number[] => m.flatMap((r) => [...r]);
  const maxAbs = (v: number[]): number => Math.max(...v.map(Math.abs));
  const cr = flat(ref.cov);
  const c = flat(g.cov);
  return [
    maxAbs(c.map((v, i) => v - cr[i])) / maxAbs(cr),
    maxAbs(g.mean.map((v, i) => v - ref.mean[i])) / maxAbs([...ref.mean]),
    Math.abs(g.mass / ref.mass - 1),
  ];
}

/**
 * Closed form vs RK4 at steps h and h/2. RK4's global error is O(h⁴), so y_{h/2}'s error is
 * ≈ |y_h − y_{h/2}|/15 and the Richardson value y_R = y_{h/2} + (y_{h/2} − y_h)/15 is O(h⁵)
 * accurate. Required: err(y_{h/2}) ≤ 2·estimate + 1e-12 (rounding over ≤ 12000 steps) and
 * err(y_R) ≤ `richardsonTol`. Returns the worst errors of y_R.
 */
function checkClosedForm(
  g0: Gaussian,
  pi: Gaussian,
  alpha: number,
  beta: number,
  times: number[],
  h: number,
  richardsonTol: number,
): number[] {
  const w = new WfrKlGaussian({ alpha, beta, initial: g0, target: pi });
  const coarse = rk4Natural(g0, pi, alpha, beta, times, h);
  const fine = rk4Natural(g0, pi, alpha, beta, times, h / 2);
  const worst = [0, 0, 0];
  times.forEach((t, k) => {
    const exact = w.at(t);
    const yh = gaussianFromNatural(coarse[k]);
    const yh2 = gaussianFromNatural(fine[k]);
    const yr = gaussianFromNatural(axpy(fine[k], 1 / 15, axpy(fine[k], -1, coarse[k])));
    const estimate = relErrors(yh, yh2).map((e) => e / 15);
    const e2 = relErrors(yh2, exact);
    const er = relErrors(yr, exact);
    for (let q = 0; q < 3; q++) {
      expect(e2[q]).toBeLessThanOrEqual(2 * estimate[q] + 1e-12);
      expect(er[q]).toBeLessThan(richardsonTol);
      worst[q] = Math.max(worst[q], er[q]);
    }
  });
  return worst;
}

describe("WFR flow of KL between Gaussians (EXACT.md §E)", () => {
  it("closed form = RK4 of the natural-parameter ODE; 2D non-commuting; 4 (α, β) × t ∈ {0.2, 1, 3}", () => {
    for (const [alpha, beta] of PAIRS) {
      // h = 5e-4: largest rate ≈ 2α‖Q₀‖ + … ≈ 12 for (2, 0.3), so λh ≤ 6e-3 and the RK4
      // error of y_{h/2} is ≤ 1e-10; after Richardson it is at the rounding level.
      checkClosedForm(initial, target, alpha, beta, TIMES, 5e-4, 1e-11);
    }
  });

  it("3D non-diagonal case agrees with the ODE too", () => {
    const g0 = new Gaussian(
      [0.4, -0.2, 0.9],
      [
        [0.5, 0.1, -0.05],
        [0.1, 0.3, 0.08],
        [-0.05, 0.08, 0.6],
      ],
      2.2,
    );
    const pi = new Gaussian(
      [0, 0.3, -0.4],
      [
        [1.1, -0.3, 0.2],
        [-0.3, 0.9, 0.1],
        [0.2, 0.1, 1.4],
      ],
      0.9,
    );
    checkClosedForm(g0, pi, 0.8, 0.6, [0.5, 1.5], 1e-3, 1e-11);
  });

  it("moments solve μ̇ = −(αI + βΣ)Σ_π⁻¹(μ − m_π) and Ṁ = −βM[log(M/M_π) + KL]", () => {
    const A = target.precision as Mat;
    for (const [alpha, beta] of PAIRS) {
      const w = new WfrKlGaussian({ alpha, beta, initial, target });
      for (const t of [0.2, 1]) {
        const mu = w.mean(t);
        const S = w.cov(t);
        const dm = mu.map((v, i) => v - target.mean[i]);
        const Adm = A.map((row) => row[0] * dm[0] + row[1] * dm[1]);
        for (let i = 0; i < 2; i++) {
          const rhs = -(alpha * Adm[i] + beta * (S[i][0] * Adm[0] + S[i][1] * Adm[1]));
          // derivative4, δ = 1e-3: truncation δ⁴f⁽⁵⁾/30 with rates ≲ 12 → ≲ 1e-9.
          const fd = derivative4((s) => w.mean(s)[i], t, 1e-3);
          expect(Math.abs(fd - rhs)).toBeLessThan(1e-8 * (1 + Math.abs(rhs)));
        }
        const g = w.at(t);
        const Mdot = -beta * g.mass * (Math.log(g.mass / target.mass) + klNormalised(g, target));
        const fdM = derivative4((s) => w.mass(s), t, 1e-3);
        expect(Math.abs(fdM - Mdot)).toBeLessThan(1e-8 * (1 + Math.abs(Mdot)));
      }
    }
  });

  it("solves ∂ρ/∂t = α div(ρ∇log(ρ/π)) − βρ log(ρ/π) pointwise (fourth-order differences)", () => {
    const A = target.precision as Mat;
    const m = target.mean;
    for (const [alpha, beta] of [
      [0.7, 1.3],
      [2, 0.3],
    ]) {
      const w = new WfrKlGaussian({ alpha, beta, initial, target });
      const t = 0.5;
      const f = w.densityAt(t);
      for (const x of [
        [0, 0.5],
        [0.8, -0.6],
        [-1.2, 1.4],
      ]) {
        // div(ρ∇u) = Δρ + ∇ρ·∇V + ρΔV with V = −log π + const, ∇V = A(x − m), ΔV = tr A.
        const gv = [0, 1].map((i) => A[i][0] * (x[0] - m[0]) + A[i][1] * (x[1] - m[1]));
        const rho = f(x);
        const d = 2e-3;
        const transport =
          laplacian4(f, x, d) +
          partial4(f, x, 0, d) * gv[0] +
          partial4(f, x, 1, d) * gv[1] +
          rho * (A[0][0] + A[1][1]);
        const reaction = rho * (Math.log(rho) - target.logDensity(x));
        const rhs = alpha * transport - beta * reaction;
        const dt = derivative4((s) => w.density(s, x), t, 1e-3);
        expect(Math.abs(dt - rhs)).toBeLessThan(1e-7 * (1 + Math.abs(dt)));
      }
    }
  });

  it("reductions: α = 0 is the FR flow with rate β; β = 0 is Ornstein–Uhlenbeck at time αt", () => {
    let worstFr = [0, 0, 0];
    let worstOu = [0, 0, 0];
    for (const t of TIMES) {
      const fr = new FisherRaoKlGaussian(initial, target, { rate: 1.3 }).at(t);
      const e1 = relErrors(wfrKlGaussian({ alpha: 0, beta: 1.3, initial, target }, t), fr);
      worstFr = worstFr.map((v, q) => Math.max(v, e1[q]));
      const ou = new OrnsteinUhlenbeck({
        A: target.precision as Mat,
        center: [...target.mean],
        initial,
      }).at(0.7 * t);
      const e2 = relErrors(wfrKlGaussian({ alpha: 0.7, beta: 0, initial, target }, t), ou);
      worstOu = worstOu.map((v, q) => Math.max(v, e2[q]));
    }
    // Covariance and mean: the same algebra in two forms (≈ 1e-15). FR mass: the quadrature
    // (rtol 1e-12 on ∫KL) against the closed-form natural-parameter mass.
    expect(worstFr[0]).toBeLessThan(1e-13);
    expect(worstFr[1]).toBeLessThan(1e-13);
    expect(worstFr[2]).toBeLessThan(1e-12);
    for (const e of worstOu) expect(e).toBeLessThan(1e-13);
  });

  it("1D: q = p − a follows q(t) = κq₀e^{−κt}/(κ + 2αq₀(1 − e^{−κt})), κ = 2αa + β", () => {
    const g0 = new Gaussian([0.3], 0.2, 1.1);
    const pi = new Gaussian([-1], 1.5, 0.4);
    const [alpha, beta] = [0.9, 0.6];
    const w = new WfrKlGaussian({ alpha, beta, initial: g0, target: pi });
    const a = 1 / 1.5;
    const q0 = 1 / 0.2 - a;
    const k = 2 * alpha * a + beta;
    for (const t of [0.1, 1, 4]) {
      const q = (k * q0 * Math.exp(-k * t)) / (k + 2 * alpha * q0 * -Math.expm1(-k * t));
      expect(Math.abs(1 / w.cov(t)[0][0] - a - q)).toBeLessThan(1e-14 * (a + Math.abs(q)));
    }
  });

  it("klRate = −α∫ρ|∇u|² − β∫ρu² = d/dt KL(ρ_t‖π)", () => {
    for (const [alpha, beta] of PAIRS) {
      const w = new WfrKlGaussian({ alpha, beta, initial, target });
      for (const t of [0.2, 1]) {
        const rate = w.klRate(t);
        expect(rate).toBeLessThan(0);
        // derivative4 of the closed-form KL, δ = 1e-3: ≲ 1e-9 relative.
        const fd = derivative4((s) => w.kl(s), t, 1e-3);
        expect(Math.abs(fd - rate)).toBeLessThan(1e-8 * Math.abs(rate));
      }
    }
  });

  it("cell averages: exact mass and discrete covariance Σ(t) + h²/12 I (EXACT.md §0.1)", () => {
    // Box ±12: ≥ 9σ from every mean; h = 0.2 ≤ σ_min/2, so Gauss–Legendre (8 points per axis)
    // is accurate to < 1e-12 and Sheppard's h²/12 is exact up to e^{−2π²σ²/h²} < 1e-30.
    const grid = new Grid({ n: [120, 120], lo: [-12, -12], hi: [12, 12] });
    const w = new WfrKlGaussian({ alpha: 0.7, beta: 1.3, initial, target });
    for (const t of [0.2, 1]) {
      const avg = w.cellAverages(grid, t);
      expect(Math.abs(mass(grid, avg) / w.mass(t) - 1)).toBeLessThan(1e-12);
      const C = covariance(grid, avg);
      const S = w.cov(t);
      const h2 = 0.2 ** 2 / 12;
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 2; j++)
          expect(Math.abs(C[i][j] - S[i][j] - (i === j ? h2 : 0))).toBeLessThan(1e-11);
    }
  });

  it("t = 0 returns ρ₀; long times tend to π (mass M_π when β > 0)", () => {
    const w = new WfrKlGaussian({ alpha: 0.7, beta: 1.3, initial, target });
    for (const e of relErrors(w.at(0), initial)) expect(e).toBeLessThan(1e-14);
    for (const e of relErrors(w.at(40), target)) expect(e).toBeLessThan(1e-12);
    const sigma0 = inverseSpd(initial.precision as Mat);
    expect(Math.abs(sigma0[0][1] - 0.15)).toBeLessThan(1e-15);
  });

  it("bad input → InputError naming the field", () => {
    const err = expectInputError;
    err(() => new WfrKlGaussian({ alpha: -1, beta: 1, initial, target }), "alpha");
    err(() => new WfrKlGaussian({ alpha: 1, beta: NaN, initial, target }), "beta");
    err(() => new WfrKlGaussian({ alpha: 1, beta: -0.1, initial, target }), "beta");
    err(
      () =>
        new WfrKlGaussian({
          alpha: 1,
          beta: 1,
          initial: {
            mean: [0, 0],
            cov: [
              [1, 0],
              [0, -0.5],
            ],
          },
          target,
        }),
      "initial.cov",
    );
    err(
      () =>
        new WfrKlGaussian({
          alpha: 1,
          beta: 1,
          initial,
          target: { mean: [0, 0], cov: 1, mass: -1 },
        }),
      "target.mass",
    );
    err(
      () => new WfrKlGaussian({ alpha: 1, beta: 1, initial: { mean: [0, NaN], cov: 1 }, target }),
      "initial.mean[1]",
    );
    err(
      () => new WfrKlGaussian({ alpha: 1, beta: 1, initial, target: { mean: [0], cov: 1 } }),
      "target",
    );
    err(() => new WfrKlGaussian({ alpha: 1, beta: 1, initial, target }).at(-1), "t");
    err(() => new WfrKlGaussian({ alpha: 1, beta: 1, initial, target }).at(NaN), "t");
  });
});

describe("integrateGaussKronrod", () => {
  it("is exact for degree-22 polynomials on one interval and reaches rtol 1e-12 adaptively", () => {
    expect(Math.abs(integrateGaussKronrod((x) => x ** 22, 0, 1).value * 23 - 1)).toBeLessThan(
      1e-15,
    );
    // ∫₀¹⁰ e^{−x}cos 5x dx = [e^{−x}(5 sin 5x − cos 5x)/26]₀¹⁰.
    const F = (x: number): number => (Math.exp(-x) * (5 * Math.sin(5 * x) - Math.cos(5 * x))) / 26;
    const r = integrateGaussKronrod((x) => Math.exp(-x) * Math.cos(5 * x), 0, 10);
    expect(Math.abs(r.value / (F(10) - F(0)) - 1)).toBeLessThan(1e-12);
    // Endpoint singularity: ∫₀¹ √x = 2/3.
    expect(Math.abs(integrateGaussKronrod(Math.sqrt, 0, 1).value * 1.5 - 1)).toBeLessThan(1e-12);
    expect(() => integrateGaussKronrod(Math.sqrt, 0, 1, { rtol: 0 })).toThrow(InputError);
  });
});

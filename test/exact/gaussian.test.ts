import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { Gaussian } from "../../src/exact/gaussian.js";
import { cellAverages, covariance, mass, mean } from "../../src/grid/density.js";
import { gaussLegendre } from "../../src/grid/gaussLegendre.js";
import { Grid } from "../../src/grid/grid.js";

describe("Gaussian", () => {
  it("point density integrates to the mass and has the right log-density", () => {
    const g = new Gaussian(
      [0.4, -0.2],
      [
        [0.5, 0.2],
        [0.2, 0.3],
      ],
      1.7,
    );
    // Box ±8: ≥ 10.7σ from the mean on each side, truncated mass < 1e-25.
    const grid = new Grid({ n: [160, 160], lo: [-8, -8], hi: [8, 8] });
    const avg = cellAverages(grid, (x) => g.density(x), 8);
    expect(Math.abs(mass(grid, avg) - 1.7)).toBeLessThan(1e-13);
    const x = [0.1, 0.3];
    expect(Math.log(g.density(x))).toBeCloseTo(g.logDensity(x), 14);
  });

  it("diagonal cell averages are exact: they match high-order quadrature and have variance s² + h²/12", () => {
    const g = new Gaussian(
      [0.3, -0.5],
      [
        [0.4, 0],
        [0, 0.9],
      ],
      2.3,
    );
    // ≥ 9σ on each side of each axis: truncation erfc(9/√2) ≈ 2e-19 is invisible.
    const grid = new Grid({ n: [96, 120], lo: [-5.5, -9.5], hi: [6.5, 8.5] });
    const exact = g.cellAverages(grid);
    const quad = cellAverages(grid, (x) => g.density(x), 16);
    let worst = 0;
    let peak = 0;
    for (let i = 0; i < exact.length; i++) {
      worst = Math.max(worst, Math.abs(exact[i] - quad[i]));
      peak = Math.max(peak, exact[i]);
    }
    expect(worst / peak).toBeLessThan(1e-13);
    expect(Math.abs(mass(grid, exact) - 2.3)).toBeLessThan(1e-13);
    const c = covariance(grid, exact);
    const m = mean(grid, exact);
    // EXACT.md §0.1: the discrete measure of exact cell averages has variance s² + h²/12
    // up to exponentially small terms (~e^{−2π²s²/h²}) and rounding.
    expect(Math.abs(c[0][0] - (0.4 + grid.h[0] ** 2 / 12))).toBeLessThan(1e-13);
    expect(Math.abs(c[1][1] - (0.9 + grid.h[1] ** 2 / 12))).toBeLessThan(1e-13);
    expect(Math.abs(c[0][1])).toBeLessThan(1e-13);
    expect(Math.abs(m[0] - 0.3)).toBeLessThan(1e-13);
  });

  it("non-diagonal cell averages (Gauss–Legendre, order 8) agree with order 16 and keep Σ + h²/12", () => {
    const cov = [
      [0.5, -0.25],
      [-0.25, 0.4],
    ];
    const g = new Gaussian([0.2, 0.1], cov);
    // ≥ 9σ on each side.
    const grid = new Grid({ n: [80, 80], lo: [-6.5, -6.5], hi: [6.5, 6.5] });
    const a8 = g.cellAverages(grid);
    const a16 = g.cellAverages(grid, 16);
    let worst = 0;
    for (let i = 0; i < a8.length; i++) worst = Math.max(worst, Math.abs(a8[i] - a16[i]));
    // h = 0.1625 ≈ σ_min/3.3: the order-8 rule error is ~(h/σ)^16/16! relative, far below 1e-12.
    expect(worst).toBeLessThan(1e-12);
    const c = covariance(grid, a8);
    const h2 = grid.h[0] ** 2 / 12;
    // Cell averages of any smooth density: covariance Σ + diag(h²/12) up to O(h⁴) terms,
    // which vanish for Gaussians up to exponentially small aliasing (as in the diagonal case).
    expect(Math.abs(c[0][0] - (0.5 + h2))).toBeLessThan(1e-12);
    expect(Math.abs(c[1][1] - (0.4 + h2))).toBeLessThan(1e-12);
    expect(Math.abs(c[0][1] + 0.25)).toBeLessThan(1e-12);
  });

  it("entropy, Fisher information and second moment match quadrature (3D, mass 1.7)", () => {
    const cov = [
      [0.6, 0.1, 0],
      [0.1, 0.5, -0.1],
      [0, -0.1, 0.7],
    ];
    const g = new Gaussian([0.1, 0, -0.2], cov, 1.7);
    const P = g.precision;
    // Composite 6-point Gauss–Legendre, 26 panels per axis on ±6.5 (≥ 7.5σ), all three
    // integrands in one pass: ρ log ρ, ρ|Σ⁻¹(x − μ)|² (= |∇ρ|²/ρ) and |x|²ρ.
    const { nodes, weights } = gaussLegendre(6);
    const panels = 26;
    const L = 6.5;
    const w = (2 * L) / panels;
    const pts: number[] = [];
    const wts: number[] = [];
    for (let p = 0; p < panels; p++)
      for (let k = 0; k < 6; k++) {
        pts.push(-L + (p + 0.5 * (nodes[k] + 1)) * w);
        wts.push(0.5 * w * weights[k]);
      }
    let H = 0;
    let fisher = 0;
    let m2 = 0;
    const x = [0, 0, 0];
    for (let i = 0; i < pts.length; i++)
      for (let j = 0; j < pts.length; j++)
        for (let k = 0; k < pts.length; k++) {
          x[0] = pts[i];
          x[1] = pts[j];
          x[2] = pts[k];
          const wt = wts[i] * wts[j] * wts[k];
          const lr = g.logDensity(x);
          const rho = Math.exp(lr);
          let s = 0;
          for (let a = 0; a < 3; a++) {
            const v =
              P[a][0] * (x[0] - g.mean[0]) +
              P[a][1] * (x[1] - g.mean[1]) +
              P[a][2] * (x[2] - g.mean[2]);
            s += v * v;
          }
          H += wt * rho * lr;
          fisher += wt * rho * s;
          m2 += wt * rho * (x[0] ** 2 + x[1] ** 2 + x[2] ** 2);
        }
    // Panel width 0.5 with 6 points: measured relative error 3e-12 (quadrature + box).
    expect(Math.abs(H / g.entropy() - 1)).toBeLessThan(1e-10);
    expect(Math.abs(fisher / g.fisherInformation() - 1)).toBeLessThan(1e-10);
    expect(Math.abs(m2 / g.secondMoment() - 1)).toBeLessThan(1e-10);
  });

  it("rejects bad input with InputError naming the field", () => {
    expect(() => new Gaussian([0], -1)).toThrow(InputError);
    expect(
      () =>
        new Gaussian(
          [0, 0],
          [
            [1, 2],
            [2, 1],
          ],
        ),
    ).toThrow(/positive definite/);
    expect(
      () =>
        new Gaussian(
          [0, 0],
          [
            [1, 0.1],
            [0.2, 1],
          ],
        ),
    ).toThrow(/symmetric/);
    expect(() => new Gaussian([0], 1, 0)).toThrow(/gaussian.mass/);
    const g = new Gaussian([0, 0], 1);
    expect(() => g.cellAverages(new Grid({ n: [4], lo: [0], hi: [1] }))).toThrow(InputError);
  });
});

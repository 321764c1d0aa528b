/**
 * Observed L1 orders of the Wasserstein finite-volume fluxes against exact cell averages
 * (src/exact), refining h → h/2 → h/4.
 *
 * Time integration: SSP Runge–Kutta with the adaptive step dt ≈ 0.9·dt_FE ∝ h², so the time
 * error (O(dt²) for Heun, O(dt³) for SSP-RK3) is O(h⁴) or smaller: the measured errors are
 * spatial. Final times are short (a fraction of the relaxation time) to keep the runtime
 * small; the solutions still move by many cells.
 *
 * Tolerances: second-order fluxes must show order ≥ 1.8 (acceptance criterion; the
 * asymptotic value is 2, the margin covers pre-asymptotic effects of the limiter at smooth
 * extrema); first-order upwind (fv1) is asymptotically 1 and is checked ≥ 0.85 on these
 * pre-asymptotic grids. The porous medium m = 2 (fv2) is checked against the order range it
 * has (see its block): second order, the kink of ρ at the front (ρ ~ (R² − |x|²)₊) moving
 * across cells makes the pairwise orders oscillate around 2.
 */
import { describe, expect, it } from "vitest";
import { Entropy } from "../../src/energy/entropy.js";
import { GeneralizedEntropy } from "../../src/energy/generalizedEntropy.js";
import { RelativeEntropy } from "../../src/energy/kl.js";
import { Barenblatt, Gaussian, HeatGaussian, OrnsteinUhlenbeck } from "../../src/exact/index.js";
import type { WassersteinFlux } from "../../src/geometry/wasserstein.js";
import type { Limiter } from "../../src/geometry/limiters.js";
import { Grid } from "../../src/grid/grid.js";
import { l1Error } from "../../src/metrics/errors.js";
import { makeRun, orders, runTo } from "./helpers.js";

function heat1dErrors(flux: WassersteinFlux, limiter: Limiter = "mc"): number[] {
  // ρ0 = N(0.3, 0.5) on [−8, 8] (≥ 8 standard deviations at T), to T = 0.5: N(0.3, 1.5).
  const exact = new HeatGaussian(new Gaussian([0.3], 0.5));
  const T = 0.5;
  return [64, 128, 256].map((N) => {
    const grid = new Grid({ n: [N], lo: [-8], hi: [8] });
    const rho = exact.cellAverages(grid, 0);
    const { scheme } = makeRun(new Entropy(grid), { flux, limiter }, { method: "ssprk3" });
    runTo(scheme, rho, T);
    return l1Error(grid, rho, exact.cellAverages(grid, T));
  });
}

describe("heat equation 1D, Gaussian start", () => {
  it("fv2 (mc limiter) converges at order >= 1.8", () => {
    const e = heat1dErrors("fv2", "mc");
    // Measured: 3.9e-3, 9.6e-4, 2.4e-4 (orders 2.04, 2.01).
    for (const o of orders(e)) expect(o).toBeGreaterThanOrEqual(1.8);
  });
  it("fv2 (minmod limiter) converges at order >= 1.8", () => {
    const e = heat1dErrors("fv2", "minmod");
    for (const o of orders(e)) expect(o).toBeGreaterThanOrEqual(1.8);
  });
  it("sg converges at order >= 1.8 and fv1 at order about 1", () => {
    for (const o of orders(heat1dErrors("sg"))) expect(o).toBeGreaterThanOrEqual(1.8);
    for (const o of orders(heat1dErrors("fv1"))) {
      expect(o).toBeGreaterThanOrEqual(0.85);
      expect(o).toBeLessThan(1.3);
    }
  });
});

describe("Fokker–Planck 2D, non-diagonal A, off-centre Gaussian start", () => {
  // V = ½(x−m)ᵀA(x−m), π ∝ e^{−V}; exact Ornstein–Uhlenbeck mean/covariance (EXACT.md §B).
  const A = [
    [1.5, 0.6],
    [0.6, 0.8],
  ];
  const m = [0.2, -0.1];
  const exact = new OrnsteinUhlenbeck({
    A,
    center: m,
    initial: new Gaussian(
      [1.0, -0.6],
      [
        [0.45, 0.1],
        [0.1, 0.35],
      ],
    ),
  });
  const V = (x: Float64Array): number => {
    const a = x[0] - m[0];
    const b = x[1] - m[1];
    return 0.5 * (A[0][0] * a * a + 2 * A[0][1] * a * b + A[1][1] * b * b);
  };
  const T = 0.1;
  const grids = [64, 128, 256].map((N) => new Grid({ n: [N, N], lo: [-6, -6], hi: [6, 6] }));
  const starts = grids.map((g) => exact.cellAverages(g, 0));
  const finals = grids.map((g) => exact.cellAverages(g, T));
  const errors = (flux: WassersteinFlux): number[] =>
    grids.map((grid, k) => {
      const rho = starts[k].slice();
      const { scheme } = makeRun(new RelativeEntropy(grid, V), { flux }, { method: "heun" });
      runTo(scheme, rho, T);
      return l1Error(grid, rho, finals[k]);
    });

  it("fv2 converges at order >= 1.8 (64 → 128 → 256)", () => {
    const e = errors("fv2");
    // Measured: 3.2e-3, 7.8e-4, 1.9e-4 (orders 2.03, 2.00); sg 3.0e-3 → 1.9e-4 (2.00, 2.00);
    // fv1 3.0e-2 → 7.8e-3 (0.95, 0.98).
    for (const o of orders(e)) expect(o).toBeGreaterThanOrEqual(1.8);
  });
  it("sg converges at order >= 1.8", () => {
    for (const o of orders(errors("sg"))) expect(o).toBeGreaterThanOrEqual(1.8);
  });
  it("fv1 converges at order about 1", () => {
    for (const o of orders(errors("fv1"))) expect(o).toBeGreaterThanOrEqual(0.85);
  });
});

/*
 * Porous medium m = 2 from the Barenblatt profile at t0 = 0.1 to t = 0.5, fv2 + Heun.
 * The profile is Lipschitz with a slope jump at the front; the limiter clips one or two cells
 * there, an O(h) error on O(h) of the domain, so the L1 error is still O(h²), but how the
 * front sits in its cell at the final time changes from grid to grid: the pairwise orders
 * scatter around 2. Measured (errors; pairwise orders):
 *   1D 64/128/256: 4.52e-4, 1.40e-4, 3.03e-5; 1.69, 2.21 (two-level mean 1.95)
 *   2D 32²/64²/128²: 3.40e-3, 9.98e-4, 2.86e-4; 1.77, 1.80
 * Bounds: pairwise orders within ±0.4 (1D) or ±0.3 (2D) of 2, i.e. the measured range with
 * 0.07–0.2 to spare, the 1D mean order within 2 ± 0.15; finest-grid errors ≤ 1.3× measured.
 * fv1 on the same runs gives 0.87, 0.92 (1D) and 0.76, 0.85 (2D) with errors 20–300× larger
 * and fails all of them; fv2 with its limited slopes halved (an O(h) reconstruction) gives
 * 1D orders ≥ 0.90, which passed the former bound (order ≥ 0.9) and fails these.
 */
function barenblattErrors(dim: 1 | 2, ns: number[]): number[] {
  const B = new Barenblatt({ dim, m: 2 });
  return ns.map((N) => {
    const grid = new Grid({
      n: new Array<number>(dim).fill(N),
      lo: new Array<number>(dim).fill(-3),
      hi: new Array<number>(dim).fill(3),
    });
    const rho = B.cellAverages(grid, 0.1);
    const { scheme } = makeRun(
      new GeneralizedEntropy(grid, 2),
      { flux: "fv2" },
      { method: "heun" },
    );
    runTo(scheme, rho, 0.4);
    return l1Error(grid, rho, B.cellAverages(grid, 0.5));
  });
}

describe("porous medium m = 2, Barenblatt started at t0 = 0.1", () => {
  it("1D: fv2 L1 error falls at order 2 (pairwise 1.6–2.4, mean 1.85–2.15), 64 → 256", () => {
    const e = barenblattErrors(1, [64, 128, 256]);
    for (const o of orders(e)) {
      expect(o).toBeGreaterThanOrEqual(1.6);
      expect(o).toBeLessThanOrEqual(2.4);
    }
    const mean = Math.log2(e[0] / e[2]) / 2;
    expect(mean).toBeGreaterThanOrEqual(1.85);
    expect(mean).toBeLessThanOrEqual(2.15);
    expect(e[2]).toBeLessThan(4e-5);
  });
  it("2D: fv2 L1 error falls at order 2 (pairwise 1.7–2.3), 32² → 128²", () => {
    const e = barenblattErrors(2, [32, 64, 128]);
    for (const o of orders(e)) {
      expect(o).toBeGreaterThanOrEqual(1.7);
      expect(o).toBeLessThanOrEqual(2.3);
    }
    expect(e[2]).toBeLessThan(3.7e-4);
  });
});

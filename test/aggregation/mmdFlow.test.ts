import { describe, expect, it } from "vitest";
import { HalfMMD } from "../../src/energy/mmd.js";
import { GaussianKernel } from "../../src/fft/kernels.js";
import { WassersteinGeometry } from "../../src/geometry/wasserstein.js";
import { cellAverages, mass } from "../../src/grid/density.js";
import { Grid } from "../../src/grid/grid.js";
import { makeScheme } from "../../src/schemes/factory.js";
import { resolveOptions } from "../../src/run/options.js";
import { loadScenario } from "../../src/run/registry.js";

const mmdFlow2d = await loadScenario("mmd-flow-2d");

const SIGMA = 0.8;

/**
 * Continuous dissipation −∫ρ|∇k*(ρ−π)|² with ∇k*(ρ−π) from the exact kernel gradient
 * ∇k(z) = −z/σ² k(z) by the direct midpoint sum (spectrally accurate for these smooth,
 * decaying densities), independent of the convolver and of the finite volumes.
 */
function exactDissipation(grid: Grid, rho: Float64Array, pi: Float64Array, sigma: number): number {
  const d = grid.dim;
  const N = grid.size;
  const X = new Float64Array(N * d);
  const idx = new Int32Array(d);
  for (let k = 0; k < N; k++) {
    grid.unravel(k, idx);
    for (let a = 0; a < d; a++) X[k * d + a] = grid.center(a, idx[a]);
  }
  const s2 = sigma * sigma;
  const vol = grid.cellVolume;
  const g = new Float64Array(d);
  let D = 0;
  for (let i = 0; i < N; i++) {
    g.fill(0);
    for (let j = 0; j < N; j++) {
      const e = rho[j] - pi[j];
      if (e === 0) continue;
      let r2 = 0;
      for (let a = 0; a < d; a++) r2 += (X[i * d + a] - X[j * d + a]) ** 2;
      const w = (-Math.exp(-r2 / (2 * s2)) / s2) * e * vol;
      for (let a = 0; a < d; a++) g[a] += w * (X[i * d + a] - X[j * d + a]);
    }
    let g2 = 0;
    for (let a = 0; a < d; a++) g2 += g[a] * g[a];
    D += rho[i] * g2;
  }
  return -D * vol;
}

/**
 * The same dissipation in 2D for the Gaussian kernel, using k(x) = k₁(x₁)k₁(x₂): the two
 * components of ∇k*e are (k₁'⊗k₁)*e and (k₁⊗k₁')*e, applied as 1D direct sums along each
 * axis (O(n³) instead of O(n⁴)). Square grids only.
 */
function separableDissipation2d(
  grid: Grid,
  rho: Float64Array,
  pi: Float64Array,
  s: number,
): number {
  const n = grid.n[0];
  const h = grid.h[0];
  const x = grid.centers(0);
  const K = new Float64Array(n * n);
  const Kd = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const z = x[i] - x[j];
      const k = Math.exp(-(z * z) / (2 * s * s)) * h;
      K[i * n + j] = k;
      Kd[i * n + j] = (-z / (s * s)) * k;
    }
  }
  const A = new Float64Array(n * n); // e smoothed along axis 1 by k₁
  const B = new Float64Array(n * n); // e differentiated along axis 1 by k₁'
  for (let ix = 0; ix < n; ix++) {
    for (let iy = 0; iy < n; iy++) {
      let a = 0;
      let b = 0;
      for (let jy = 0; jy < n; jy++) {
        const e = rho[ix * n + jy] - pi[ix * n + jy];
        a += K[iy * n + jy] * e;
        b += Kd[iy * n + jy] * e;
      }
      A[ix * n + iy] = a;
      B[ix * n + iy] = b;
    }
  }
  let D = 0;
  for (let ix = 0; ix < n; ix++) {
    for (let iy = 0; iy < n; iy++) {
      let gx = 0;
      let gy = 0;
      for (let jx = 0; jx < n; jx++) {
        gx += Kd[ix * n + jx] * A[jx * n + iy];
        gy += K[ix * n + jx] * B[jx * n + iy];
      }
      D += rho[ix * n + iy] * (gx * gx + gy * gy);
    }
  }
  return -D * h * h;
}

const g1 = (x: number, m: number, s: number): number =>
  Math.exp(-((x - m) ** 2) / (2 * s * s)) / (Math.sqrt(2 * Math.PI) * s);

/** 1D MMD flow on [−6, 6], bimodal π, Gaussian ρ0 (EXACT.md §F's verification setting). */
function setup1d(n: number): { grid: Grid; pi: Float64Array; rho: Float64Array; F: HalfMMD } {
  const grid = new Grid({ n: [n], lo: [-6], hi: [6] });
  const pi = cellAverages(grid, (x) => 0.5 * g1(x[0], -1.5, 0.5) + 0.5 * g1(x[0], 1.5, 0.5));
  const rho = cellAverages(grid, (x) => g1(x[0], 0.5, 0.8));
  return { grid, pi, rho, F: new HalfMMD(grid, new GaussianKernel(SIGMA), pi) };
}

describe("MMD Wasserstein flow, 1D: d/dt ½MMD² = −∫ρ|∇k*(ρ−π)|²", () => {
  // Semi-discrete identity: dF_h/dt = ⟨ξ, L_h(ρ)⟩|cell| exactly (F_h quadratic), and the FV
  // flux approximates ρ∇ξ to first order (fv1, upwind values) or second order (fv2, limited
  // reconstruction), so |dF_h/dt − D|/|D| must fall at order ≈ 1 resp. ≈ 2; asserted ≥ 0.9
  // resp. ≥ 1.8. Along the flow (SSP-RK3, t ∈ [0, 1]): F_h(1) − F_h(0) vs ∫₀¹D dt (trapezoid
  // over the steps, O(dt²) = O(h²)), same orders.
  for (const [flux, minOrder] of [
    ["fv1", 0.9],
    ["fv2", 1.8],
  ] as const) {
    it(`${flux}: identity at t = 0 and along the flow, observed order ≥ ${minOrder}`, () => {
      const atStart: number[] = [];
      const along: number[] = [];
      for (const n of [100, 200, 400]) {
        const { grid, pi, rho, F } = setup1d(n);
        const geo = new WassersteinGeometry(F, { flux });
        const rate = grid.zeros();
        const xi = grid.zeros();
        geo.rate(rho, rate);
        F.firstVariation(rho, xi);
        let dF = 0;
        for (let i = 0; i < n; i++) dF += xi[i] * rate[i];
        dF *= grid.cellVolume;
        const D0 = exactDissipation(grid, rho, pi, SIGMA);
        atStart.push(Math.abs(dF - D0) / Math.abs(D0));

        const scheme = makeScheme(F, { scheme: flux, method: "ssprk3", cfl: 0.5 });
        const F0 = F.value(rho);
        const m0 = mass(grid, rho);
        let Fprev = F0;
        let Dprev = D0;
        let integral = 0;
        let t = 0;
        while (t < 1) {
          const dt = scheme.step(rho, 1 - t);
          t += dt;
          const Dn = exactDissipation(grid, rho, pi, SIGMA);
          integral += 0.5 * dt * (Dprev + Dn);
          Dprev = Dn;
          const Fn = F.value(rho);
          expect(Fn).toBeLessThanOrEqual(Fprev); // ½MMD² non-increasing at every step
          Fprev = Fn;
        }
        expect(Math.abs(mass(grid, rho) - m0)).toBeLessThan(1e-12 * m0);
        along.push(Math.abs(Fprev - F0 - integral) / Math.abs(integral));
      }
      const order = (e: number[]): number[] => e.slice(1).map((v, k) => Math.log2(e[k] / v));
      console.log(
        `MMD ${flux}: identity error at t=0`,
        atStart.map((e) => e.toExponential(2)),
        "orders",
        order(atStart).map((p) => p.toFixed(2)),
        "| along [0,1]",
        along.map((e) => e.toExponential(2)),
        "orders",
        order(along).map((p) => p.toFixed(2)),
      );
      for (const p of order(atStart)) expect(p).toBeGreaterThanOrEqual(minOrder);
      // Along the flow the coarsest pair can be pre-asymptotic: assert the finest pair.
      expect(order(along)[1]).toBeGreaterThanOrEqual(minOrder);
    });
  }
});

describe("mmd-flow-2d scenario (coarse)", () => {
  it("½MMD² non-increasing at every step, mass conserved", () => {
    const problem = mmdFlow2d.build(
      resolveOptions(mmdFlow2d, { n: 32, tEnd: 10, scheme: "fv2", snapshots: 2 }),
    );
    const { grid, energy, scheme } = problem;
    const rho = Float64Array.from(problem.rho0);
    const m0 = mass(grid, rho);
    let F = energy.value(rho);
    const F0 = F;
    let t = 0;
    while (t < 10) {
      t += scheme.step(rho, 10 - t);
      const Fn = energy.value(rho);
      expect(Fn).toBeLessThanOrEqual(F);
      F = Fn;
    }
    expect(F).toBeLessThan(0.2 * F0);
    expect(Math.abs(mass(grid, rho) - m0)).toBeLessThan(1e-12 * m0);
  });

  it("dissipation identity (semi-discrete, t = 0) at second order on 64², 128², 256²", () => {
    // fv2 with its default limiter: the coarse grids are pre-asymptotic (MC slopes clip at
    // the extrema of ρ; measured orders 1.0, 1.7, 1.9 from 32² up), so the order is taken
    // from the finest pair and asserted ≥ 1.8 (scheme order 2).
    const errs: number[] = [];
    for (const n of [64, 128, 256]) {
      const p = mmdFlow2d.build(
        resolveOptions(mmdFlow2d, { n, tEnd: 1, scheme: "fv2", snapshots: 2 }),
      );
      const F2 = p.energy as HalfMMD;
      const geo = new WassersteinGeometry(F2, { flux: "fv2" });
      const rate = p.grid.zeros();
      const xi = p.grid.zeros();
      geo.rate(p.rho0, rate);
      F2.firstVariation(p.rho0, xi);
      let dF = 0;
      for (let i = 0; i < rate.length; i++) dF += xi[i] * rate[i];
      dF *= p.grid.cellVolume;
      const D = separableDissipation2d(p.grid, p.rho0, F2.target, 0.5);
      errs.push(Math.abs(dF - D) / Math.abs(D));
    }
    const orders = errs.slice(1).map((e, k) => Math.log2(errs[k] / e));
    console.log(
      "MMD 2D fv2 identity error (64², 128², 256²)",
      errs.map((e) => e.toExponential(2)),
      "orders",
      orders.map((o) => o.toFixed(2)),
    );
    expect(orders[1]).toBeGreaterThanOrEqual(1.8);
  });
});

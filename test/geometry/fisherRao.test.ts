/**
 * FisherRaoGeometry (balanced and spherical) and InclusiveKl: explicit SSP-RK3 runs against the
 * closed forms of ../shared/docs/EXACT.md §D, conservation, energy decay, positivity, the
 * forward-Euler limit, vacuum, input validation.
 *
 * The geometry acts cell by cell, so the semi-discrete system is a set of scalar ODEs (coupled
 * only through ⟨ξ⟩ in the spherical case) whose exact solution is the closed form evaluated
 * with π at the cell centres (the values RelativeEntropy stores): the error of a run is the
 * pure time-stepping error of SSP-RK3, C·dt³ + O(dt⁴). The closed forms are written inline.
 */
import { describe, expect, it } from "vitest";
import type { Energy } from "../../src/energy/energy.js";
import { InclusiveKl } from "../../src/energy/inclusiveKl.js";
import { RelativeEntropy } from "../../src/energy/kl.js";
import { Potential } from "../../src/energy/potential.js";
import { energySum } from "../../src/energy/sum.js";
import { GeneralizedEntropy } from "../../src/energy/generalizedEntropy.js";
import { FisherRaoGeometry } from "../../src/geometry/fisherRao.js";
import { mass } from "../../src/grid/density.js";
import { Grid } from "../../src/grid/grid.js";
import { ExplicitScheme } from "../../src/schemes/explicit.js";
import { expectInputError } from "../expectInputError.js";
import { frKl, frKlSpherical } from "../../src/exact/fisherRao.js";

const grid = new Grid({ n: [200], lo: [-5], hi: [5] });
const gauss = (x: number, m: number, s: number): number =>
  Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
/** Non-Gaussian mixtures of unequal masses: ∫ρ₀ ≈ 1.2, ∫π ≈ 2. */
const rho0f = (x: number): number => 0.7 * gauss(x, -1, 0.9) + 0.5 * gauss(x, 1.5, 1.2);
const pif = (x: number): number => 2 * (0.6 * gauss(x, 0.5, 1.1) + 0.4 * gauss(x, -2, 0.8));
const rho0 = grid.sample((x) => rho0f(x[0]));
const logPi = grid.sample((x) => Math.log(pif(x[0])));
const piValues = logPi.map(Math.exp);
/** KL(ρ‖π) with π given exactly (log Z = 0: −log π = U). */
const kl = new RelativeEntropy(
  grid,
  logPi.map((v) => -v),
  0,
);
const beta = 1.3;

/** Closed form §D.1 / §D.2 on the grid (src/exact/fisherRao.ts), rate β. */
function frKlExact(r0: Float64Array, t: number, spherical: boolean): Float64Array {
  const pi = logPi.map(Math.exp);
  return spherical ? frKlSpherical(r0, pi, t, { rate: beta }) : frKl(r0, pi, t, { rate: beta });
}

function relL1(a: Float64Array, ref: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += Math.abs(a[i] - ref[i]);
    den += Math.abs(ref[i]);
  }
  return num / den;
}

/** Runs SSP-RK3 with fixed dt = T/K; calls `each` after every step. */
function runRk3(
  energy: Energy,
  spherical: boolean,
  r0: Float64Array,
  T: number,
  K: number,
  each?: (rho: Float64Array) => void,
): Float64Array {
  const rho = Float64Array.from(r0);
  const geo = new FisherRaoGeometry(energy, { rate: beta, spherical });
  const s = new ExplicitScheme(geo, grid, { method: "ssprk3", dt: T / K });
  for (let k = 0; k < K; k++) {
    s.step(rho, Infinity);
    each?.(rho);
  }
  return rho;
}

describe("Fisher–Rao flow of KL(ρ‖π): SSP-RK3 vs the closed form", () => {
  for (const spherical of [false, true]) {
    it(`${spherical ? "spherical" : "balanced"}: time order ≈ 3, mass, energy, positivity`, () => {
      const T = 1;
      const exact = frKlExact(rho0, T, spherical);
      const errs: number[] = [];
      for (const K of [10, 20, 40]) {
        let prevF = kl.value(rho0);
        const m0 = mass(grid, rho0);
        let maxMassDrift = 0;
        let minRho = Infinity;
        let increases = 0;
        const rho = runRk3(kl, spherical, rho0, T, K, (r) => {
          const F = kl.value(r);
          if (F > prevF) increases++;
          prevF = F;
          maxMassDrift = Math.max(maxMassDrift, Math.abs(mass(grid, r) / m0 - 1));
          for (const v of r) minRho = Math.min(minRho, v);
        });
        errs.push(relL1(rho, exact));
        expect(increases).toBe(0);
        expect(minRho).toBeGreaterThan(0);
        // Spherical: Σρ_i(ξ_i − ⟨ξ⟩) = 0 with the discrete ⟨ξ⟩, so every RK stage conserves the
        // mass up to rounding (≈ 1e-16 per operation, ≤ 3·40 stages).
        if (spherical) expect(maxMassDrift).toBeLessThan(1e-12);
      }
      const orders = [Math.log2(errs[0] / errs[1]), Math.log2(errs[1] / errs[2])];
      // Measured: balanced 1.0e-5, 1.2e-6, 1.5e-7 (orders 3.10, 3.05); spherical 2.3e-5,
      // 2.6e-6, 3.1e-7 (3.13, 3.06). RK3 is third order for these smooth ODEs; the excess over
      // 3 is the O(dt) pre-asymptotic term (β·max|ξ+1|·dt ≈ 0.5 at K = 10), so ≥ 2.7 leaves
      // room only for that term, not for a lower order.
      for (const p of orders) expect(p).toBeGreaterThan(2.7);
      expect(errs[2]).toBeLessThan(1e-6);
    });
  }

  it("the balanced flow moves the mass towards ∫π; the spherical one keeps it", () => {
    const T = 3;
    const b = runRk3(kl, false, rho0, T, 60);
    const s = runRk3(kl, true, rho0, T, 60);
    const mPi = mass(grid, piValues);
    const m0 = mass(grid, rho0);
    expect(Math.abs(mass(grid, b) - mass(grid, frKlExact(rho0, T, false)))).toBeLessThan(1e-6);
    expect(Math.abs(mass(grid, b) - mPi)).toBeLessThan(Math.abs(m0 - mPi) * 0.1);
    expect(Math.abs(mass(grid, s) / m0 - 1)).toBeLessThan(1e-12);
  });

  it("dissipation dF/dt = −β∫ρξ² (balanced), −β∫ρ(ξ−⟨ξ⟩)² (spherical)", () => {
    // Central difference of F along the rate direction: error O(ε²·F''') ≈ 1e-9 at ε = 1e-4.
    const xi = new Float64Array(grid.size);
    kl.firstVariation(rho0, xi);
    let srx = 0;
    let sr = 0;
    for (let i = 0; i < xi.length; i++) {
      srx += rho0[i] * xi[i];
      sr += rho0[i];
    }
    const avg = srx / sr;
    for (const spherical of [false, true]) {
      const k = new Float64Array(grid.size);
      new FisherRaoGeometry(kl, { rate: beta, spherical }).rate(rho0, k);
      const eps = 1e-4;
      const plus = rho0.map((r, i) => r + eps * k[i]);
      const minus = rho0.map((r, i) => r - eps * k[i]);
      const dFdt = (kl.value(plus) - kl.value(minus)) / (2 * eps);
      const s = spherical ? avg : 0;
      let expected = 0;
      for (let i = 0; i < xi.length; i++) expected -= beta * rho0[i] * (xi[i] - s) ** 2;
      expected *= grid.cellVolume;
      expect(Math.abs(dFdt / expected - 1)).toBeLessThan(1e-7);
    }
  });

  it("vacuum: empty cells stay exactly empty, no NaN, and ⟨ξ⟩ is over the support", () => {
    // ρ₀ = mixture restricted to [−2, 3]: ξ = log ρ − log π is never evaluated at log 0.
    const r0 = rho0.map((r, i) => {
      const x = grid.center(0, i);
      return x > -2 && x < 3 ? r : 0;
    });
    for (const spherical of [false, true]) {
      const T = 1;
      const rho = runRk3(kl, spherical, r0, T, 40);
      for (let i = 0; i < rho.length; i++) {
        if (r0[i] === 0) expect(rho[i]).toBe(0);
        else expect(rho[i]).toBeGreaterThan(0);
      }
      // Same time-stepping error level as on the full support (third order, ~1e-7 at K = 40).
      expect(relL1(rho, frKlExact(r0, T, spherical))).toBeLessThan(1e-6);
      if (spherical) expect(Math.abs(mass(grid, rho) / mass(grid, r0) - 1)).toBeLessThan(1e-12);
    }
  });
});

describe("Fisher–Rao forward-Euler limit", () => {
  it("ν = 0 (potential): the limit is exactly the positivity limit 1/(β max V⁺)", () => {
    // FR flow of ∫Vρ: ρ̇ = −βVρ. At dt = 1/(β V_max) the cell with the largest V empties
    // exactly; at 2× it would be −ρ.
    const V = grid.sample((x) => Math.sin(x[0]) + 0.3 * x[0]);
    const geo = new FisherRaoGeometry(new Potential(grid, V), { rate: beta });
    const k = new Float64Array(grid.size);
    const lim = geo.rate(rho0, k);
    const vmax = Math.max(...V);
    expect(lim).toBeCloseTo(1 / (beta * vmax), 15);
    const jmax = V.indexOf(vmax);
    const atLimit = rho0.map((r, i) => r + lim * k[i]);
    expect(Math.min(...atLimit)).toBeGreaterThanOrEqual(-1e-16 * rho0[jmax]);
    expect(Math.abs(atLimit[jmax])).toBeLessThan(1e-15 * rho0[jmax]);
    const twice = rho0.map((r, i) => r + 2 * lim * k[i]);
    expect(twice[jmax]).toBeLessThan(-0.99 * rho0[jmax]);
    // A potential ≤ 0 never empties a cell: no limit.
    const neg = new FisherRaoGeometry(new Potential(grid, new Float64Array(grid.size).fill(-1)));
    expect(neg.rate(rho0, k)).toBe(Infinity);
  });

  it("KL: limit 1/(β max(ξ − s + ν)); Euler at the limit stays ≥ 0, at 2× goes negative", () => {
    // Crafted: ρ = π except one tail cell with ρ_j = π_j e^9 (ξ_j = 9, ξ = 0 elsewhere).
    // Balanced: limit = 1/(β(9 + 1)) (ν = 1 is the local monotonicity term); Euler at the
    // limit leaves ρ_j(1 − 9/10) > 0, at twice the limit ρ_j(1 − 18/10) < 0.
    const j = grid.size - 1;
    const r = Float64Array.from(piValues);
    r[j] *= Math.exp(9);
    const k = new Float64Array(grid.size);
    const geo = new FisherRaoGeometry(kl, { rate: beta });
    const lim = geo.rate(r, k);
    expect(lim).toBeCloseTo(1 / (beta * 10), 12);
    const e1 = r.map((v, i) => v + lim * k[i]);
    expect(Math.min(...e1)).toBeGreaterThanOrEqual(0);
    expect(e1[j] / r[j]).toBeCloseTo(0.1, 10);
    const e2 = r.map((v, i) => v + 2 * lim * k[i]);
    expect(e2[j]).toBeLessThan(0);
    // The explicit scheme refuses a fixed step above the limit and takes one at the limit.
    const rho = Float64Array.from(r);
    expectInputError(
      () => new ExplicitScheme(geo, grid, { method: "euler", dt: 2 * lim }).step(rho, Infinity),
      "dt",
    );
    new ExplicitScheme(geo, grid, { method: "euler", dt: lim }).step(rho, Infinity);
    expect(Math.min(...rho)).toBeGreaterThanOrEqual(0);

    // Spherical: the same crafted state, the shift s = ⟨ξ⟩ = 9ρ_j/Σρ (≈ 0.2: a tail cell)
    // enters the limit 1/(β(9 − s + 1)); at 2×, ρ_j(1 − 2(9 − s)/(10 − s)) < 0 as s < 8.
    const sph = new FisherRaoGeometry(kl, { rate: beta, spherical: true });
    const limS = sph.rate(r, k);
    const sum = r.reduce((a, v) => a + v, 0);
    const s = (9 * r[j]) / sum;
    expect(s).toBeLessThan(0.5);
    expect(limS).toBeCloseTo(1 / (beta * (9 - s + 1)), 12);
    const e3 = r.map((v, i) => v + limS * k[i]);
    expect(Math.min(...e3)).toBeGreaterThanOrEqual(0);
    const e4 = r.map((v, i) => v + 2 * limS * k[i]);
    expect(e4[j]).toBeLessThan(0);
  });

  it("power terms enter the monotonicity term through D(ρ) = Σ c m ρ^{m−1}", () => {
    // F = KL + 0.5·∫ρ²: ξ = log(ρ/π) + ρ (c = 0.5, m = 2: ψ ∋ 2cρ = ρ, D = 2cρ = ρ).
    const energy = energySum(kl, [0.5, new GeneralizedEntropy(grid, 2)]);
    const geo = new FisherRaoGeometry(energy, { rate: beta });
    const k = new Float64Array(grid.size);
    const lim = geo.rate(rho0, k);
    let cmax = 0;
    for (let i = 0; i < rho0.length; i++) {
      const xi = Math.log(rho0[i]) - logPi[i] + rho0[i];
      cmax = Math.max(cmax, xi + 1 + rho0[i]);
      expect(k[i]).toBeCloseTo(-beta * rho0[i] * xi, 14);
    }
    expect(lim).toBeCloseTo(1 / (beta * cmax), 14);
  });

  it("adaptive SSP-RK3 to t = 10 stays accurate (the monotonicity term bounds dt near π)", () => {
    // With the positivity limit alone, dt → ∞ as ρ → π (ξ⁺ → 0) and the adaptive run
    // overshoots (measured while writing this: 15–380% max relative error at t = 10).
    const T = 10;
    const rho = Float64Array.from(rho0);
    const s = new ExplicitScheme(new FisherRaoGeometry(kl, { rate: beta }), grid, {
      method: "ssprk3",
    });
    let t = 0;
    while (t < T) t += s.step(rho, T - t);
    const ex = frKlExact(rho0, T, false);
    let maxRel = 0;
    for (let i = 0; i < rho.length; i++) maxRel = Math.max(maxRel, Math.abs(rho[i] / ex[i] - 1));
    // Measured 3.7e-6 in 19 steps (cfl 0.9, βdt ≤ 0.9/(1 + max ξ)).
    expect(maxRel).toBeLessThan(1e-4);
    expect(s.steps).toBeLessThan(40);
  });
});

describe("Inclusive KL(π‖ρ)", () => {
  const ikl = new InclusiveKl(grid, piValues);

  it("its FR rate is β(π − ρ) (spherical: β(π − ρ∫π/∫ρ)) to rounding", () => {
    const k = new Float64Array(grid.size);
    const geo = new FisherRaoGeometry(ikl, { rate: beta });
    const lim = geo.rate(rho0, k);
    let maxErr = 0;
    let maxXi = 0;
    for (let i = 0; i < k.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(k[i] - beta * (piValues[i] - rho0[i])));
      maxXi = Math.max(maxXi, 1 - piValues[i] / rho0[i]);
    }
    expect(maxErr).toBeLessThan(1e-14);
    expect(lim).toBeCloseTo(1 / (beta * maxXi), 12);
    expect(lim).toBeGreaterThanOrEqual(1 / beta); // ξ ≤ 1
    const sph = new FisherRaoGeometry(ikl, { rate: beta, spherical: true });
    sph.rate(rho0, k);
    const ratio = mass(grid, piValues) / mass(grid, rho0);
    maxErr = 0;
    for (let i = 0; i < k.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(k[i] - beta * (piValues[i] - rho0[i] * ratio)));
    }
    expect(maxErr).toBeLessThan(1e-14);
  });

  it("SSP-RK3 matches ρ_t = π + e^{−βt}(ρ₀ − π) at order 3; KL(π‖ρ) decreases", () => {
    const T = 2;
    const a = Math.exp(-beta * T);
    const exact = rho0.map((r, i) => piValues[i] + a * (r - piValues[i]));
    const errs: number[] = [];
    for (const K of [8, 16, 32]) {
      let prev = ikl.value(rho0);
      let increases = 0;
      const rho = runRk3(ikl, false, rho0, T, K, (r) => {
        const F = ikl.value(r);
        if (F > prev) increases++;
        prev = F;
      });
      expect(increases).toBe(0);
      errs.push(relL1(rho, exact));
    }
    // Linear ODE: the RK3 error is |R(−βdt)^K − e^{−βT}|·|ρ₀ − π| with R the cubic Taylor
    // polynomial, i.e. ∝ dt³ (measured 1.7e-4, 1.9e-5, 2.2e-6: orders 3.19, 3.09; the excess
    // over 3 is the O(βdt) pre-asymptotic term, βdt = 0.33 at K = 8).
    for (let q = 0; q < 2; q++) expect(Math.log2(errs[q] / errs[q + 1])).toBeGreaterThan(2.7);
  });

  it("value / firstVariation / smoothVariation at ρ = 0 where π > 0", () => {
    const r = Float64Array.from(rho0);
    r[50] = 0;
    expect(ikl.value(r)).toBe(Infinity);
    const out = new Float64Array(grid.size);
    ikl.firstVariation(r, out);
    expect(out[50]).toBe(-Infinity);
    expectInputError(() => ikl.smoothVariation(r, out), "rho");
    expectInputError(() => new FisherRaoGeometry(ikl).rate(r, out), "rho");
    // π = 0 there: finite, ξ = 1, and the empty cell stays empty.
    const pi2 = Float64Array.from(piValues);
    pi2[50] = 0;
    const ikl2 = new InclusiveKl(grid, pi2);
    expect(Number.isFinite(ikl2.value(r))).toBe(true);
    ikl2.firstVariation(r, out);
    expect(out[50]).toBe(1);
    new FisherRaoGeometry(ikl2).rate(r, out);
    expect(out[50]).toBe(0);
    expectInputError(
      () =>
        new InclusiveKl(
          grid,
          pi2.map((v, i) => (i === 3 ? -1 : v)),
        ),
      "inclusiveKl.target",
    );
  });
});

describe("FisherRaoGeometry input validation", () => {
  it("rejects rate ≤ 0, a non-boolean spherical and arrays of the wrong length", () => {
    expectInputError(() => new FisherRaoGeometry(kl, { rate: 0 }), "rate");
    expectInputError(() => new FisherRaoGeometry(kl, { rate: Number.NaN }), "rate");
    expectInputError(
      () => new FisherRaoGeometry(kl, { spherical: "yes" as unknown as boolean }),
      "spherical",
    );
    const geo = new FisherRaoGeometry(kl);
    expectInputError(() => geo.rate(new Float64Array(3), new Float64Array(grid.size)), "rho");
  });

  it("a non-finite first variation makes rate return NaN", () => {
    const bad = new Potential(grid, new Float64Array(grid.size));
    (bad.values as Float64Array)[7] = Number.NaN;
    const k = new Float64Array(grid.size);
    expect(new FisherRaoGeometry(bad).rate(rho0, k)).toBeNaN();
  });
});

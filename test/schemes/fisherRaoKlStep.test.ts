/**
 * FisherRaoKlScheme: the exact multiplicative Fisher–Rao step for KL(ρ‖π) against the closed
 * form of EXACT.md §D.1–2 written out in this file (the geometric interpolation ρ₀^a π^{1−a},
 * a = e^{−βt}, with Math.pow — not the exp/log form of the scheme or of src/exact/fisherRao.ts)
 * and against an RK4 integration of the ODE itself, for any step length; the semigroup
 * property; mass; vacuum; agreement with the explicit FisherRaoGeometry run; step-length
 * rules and input validation.
 */
import { describe, expect, it } from "vitest";
import { RelativeEntropy } from "../../src/energy/kl.js";
import { FisherRaoGeometry } from "../../src/geometry/fisherRao.js";
import { mass } from "../../src/grid/density.js";
import { Grid } from "../../src/grid/grid.js";
import { ExplicitScheme } from "../../src/schemes/explicit.js";
import { FisherRaoKlScheme } from "../../src/schemes/fisherRaoKlStep.js";
import { expectInputError } from "../expectInputError.js";

const grid = new Grid({ n: [200], lo: [-5], hi: [5] });
const gauss = (x: number, m: number, s: number): number =>
  Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
/** Non-Gaussian mixtures of unequal masses: ∫ρ₀ ≈ 1.2, ∫π ≈ 2. */
const rho0 = grid.sample((x) => 0.7 * gauss(x[0], -1, 0.9) + 0.5 * gauss(x[0], 1.5, 1.2));
const logPi = grid.sample((x) =>
  Math.log(2 * (0.6 * gauss(x[0], 0.5, 1.1) + 0.4 * gauss(x[0], -2, 0.8))),
);
const kl = new RelativeEntropy(
  grid,
  logPi.map((v) => -v),
  0,
);
const beta = 1.3;

const piValues = logPi.map(Math.exp);

/**
 * The closed form §D.1 / §D.2 at time t, rate β: the balanced flow is the geometric
 * interpolation ρ₀^a π^{1−a} with a = e^{−βt} (u = log ρ relaxes linearly to log π), the
 * spherical flow the same rescaled to the mass of ρ₀ (a ratio of grid sums). Cells with
 * ρ₀ = 0 stay 0.
 */
function exact(r0: Float64Array, t: number, spherical: boolean): Float64Array {
  const a = Math.exp(-beta * t);
  const out = r0.map((r, i) => (r > 0 ? Math.pow(r, a) * Math.pow(piValues[i], 1 - a) : 0));
  if (spherical) {
    const s = r0.reduce((x, y) => x + y, 0) / out.reduce((x, y) => x + y, 0);
    for (let i = 0; i < out.length; i++) out[i] *= s;
  }
  return out;
}

/** RK4 with n equal steps of ∂ρ/∂t = −βρ(log(ρ/π) − [spherical] Σρ log(ρ/π)/Σρ) to time T. */
function rk4(r0: Float64Array, T: number, n: number, spherical: boolean): Float64Array {
  const f = (y: Float64Array, out: Float64Array): void => {
    let m = 0;
    let m1 = 0;
    for (let i = 0; i < y.length; i++) {
      out[i] = y[i] > 0 ? Math.log(y[i]) - logPi[i] : 0;
      m += y[i];
      m1 += y[i] * out[i];
    }
    const bar = spherical ? m1 / m : 0;
    for (let i = 0; i < y.length; i++) out[i] = -beta * y[i] * (out[i] - bar);
  };
  const h = T / n;
  const y = Float64Array.from(r0);
  const [k1, k2, k3, k4, z] = Array.from({ length: 5 }, () => new Float64Array(y.length));
  for (let s = 0; s < n; s++) {
    f(y, k1);
    for (let i = 0; i < y.length; i++) z[i] = y[i] + 0.5 * h * k1[i];
    f(z, k2);
    for (let i = 0; i < y.length; i++) z[i] = y[i] + 0.5 * h * k2[i];
    f(z, k3);
    for (let i = 0; i < y.length; i++) z[i] = y[i] + h * k3[i];
    f(z, k4);
    for (let i = 0; i < y.length; i++) y[i] += (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }
  return y;
}

function maxRel(a: Float64Array, ref: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    if (ref[i] === 0) {
      if (a[i] !== 0) return Infinity;
    } else {
      m = Math.max(m, Math.abs(a[i] / ref[i] - 1));
    }
  }
  return m;
}

describe("exact Fisher–Rao KL step", () => {
  for (const spherical of [false, true]) {
    const label = spherical ? "spherical" : "balanced";

    it(`${label}: one step of any length is the closed form to 1e-14`, () => {
      // Rounding only: the exponent a·log ρ − (1−a)·(−log π) has |·| ≲ 10, so its absolute
      // rounding error (a few 1e-15) is the relative error of ρ; the spherical rescaling adds
      // one sum. Measured ≤ 2.1e-15 (both variants) against the pow form above: bound 1e-14.
      for (const dt of [1e-6, 1e-3, 0.37, 2.5, 40]) {
        const rho = Float64Array.from(rho0);
        const s = new FisherRaoKlScheme(kl, { rate: beta, spherical });
        expect(s.step(rho, dt)).toBe(dt);
        expect(maxRel(rho, exact(rho0, dt, spherical))).toBeLessThan(1e-14);
      }
    });

    it(`${label}: one step is RK4 of the ODE itself (order 4 in the RK4 step, 1e-11)`, () => {
      // RK4 of ∂ρ = −βρ(log(ρ/π) − [spherical] mean), T = 1 in 400 and 800 steps: measured
      // max relative differences 5.6e-11, 3.5e-12 (balanced), 9.3e-11, 5.8e-12 (spherical):
      // the RK4 error C·Δt⁴ (order 4.00). Bounds: order 4 ± 0.15; at 800 steps 2× measured.
      const a = Float64Array.from(rho0);
      new FisherRaoKlScheme(kl, { rate: beta, spherical }).step(a, 1);
      const e400 = maxRel(rk4(rho0, 1, 400, spherical), a);
      const e800 = maxRel(rk4(rho0, 1, 800, spherical), a);
      expect(Math.abs(Math.log2(e400 / e800) - 4)).toBeLessThan(0.15);
      expect(e800).toBeLessThan(spherical ? 1.2e-11 : 7e-12);
    });

    it(`${label}: n steps of dt equal the closed form at n·dt (semigroup), mass`, () => {
      const dt = 0.137;
      const n = 25;
      const rho = Float64Array.from(rho0);
      const s = new FisherRaoKlScheme(kl, { rate: beta, spherical, dt });
      let prevF = kl.value(rho);
      for (let k = 0; k < n; k++) {
        expect(s.step(rho, Infinity)).toBe(dt);
        const F = kl.value(rho);
        expect(F).toBeLessThanOrEqual(prevF);
        prevF = F;
        if (spherical) expect(Math.abs(mass(grid, rho) / mass(grid, rho0) - 1)).toBeLessThan(1e-12);
      }
      expect(s.time).toBeCloseTo(n * dt, 12);
      // 25 steps, each with ≈ 1e-15 relative rounding (contracted by a = e^{−βdt} < 1 in the
      // exponent): measured 3.6e-15 (balanced), 3.2e-15 (spherical); bound 1e-14.
      expect(maxRel(rho, exact(rho0, n * dt, spherical))).toBeLessThan(1e-14);
    });

    it(`${label}: vacuum stays exactly empty, the support keeps its mass (spherical)`, () => {
      const r0 = rho0.map((r, i) => (i % 7 === 3 || i < 20 ? 0 : r));
      const rho = Float64Array.from(r0);
      const s = new FisherRaoKlScheme(kl, { rate: beta, spherical, dt: 0.5 });
      for (let k = 0; k < 6; k++) s.step(rho, Infinity);
      // Measured 2.7e-15 (balanced), 4.0e-15 (spherical); bound 1e-14.
      expect(maxRel(rho, exact(r0, 3, spherical))).toBeLessThan(1e-14);
      for (let i = 0; i < rho.length; i++) {
        if (r0[i] === 0) expect(rho[i]).toBe(0);
        else expect(rho[i]).toBeGreaterThan(0);
      }
    });

    it(`${label}: agrees with SSP-RK3 on FisherRaoGeometry (third order in dt)`, () => {
      // Same semi-discrete flow: the explicit run differs by its O(dt³) time error only:
      // measured 1.5e-7 (balanced), 3.1e-7 (spherical) relative in L1 at dt = 1/40 (8× less
      // at 1/80, order 3.0); bounds 2× measured.
      const T = 1;
      const a = Float64Array.from(rho0);
      new FisherRaoKlScheme(kl, { rate: beta, spherical }).step(a, T);
      const b = Float64Array.from(rho0);
      const ex = new ExplicitScheme(new FisherRaoGeometry(kl, { rate: beta, spherical }), grid, {
        method: "ssprk3",
        dt: T / 40,
      });
      for (let k = 0; k < 40; k++) ex.step(b, Infinity);
      let num = 0;
      let den = 0;
      for (let i = 0; i < a.length; i++) {
        num += Math.abs(a[i] - b[i]);
        den += a[i];
      }
      expect(num / den).toBeLessThan(spherical ? 6.5e-7 : 3e-7);
    });
  }

  it("balanced: the mass tends to ∫π; spherical: independent of the normalisation of π", () => {
    const rho = Float64Array.from(rho0);
    new FisherRaoKlScheme(kl, { rate: beta }).step(rho, 40);
    expect(maxRel(rho, piValues)).toBeLessThan(1e-12); // e^{−52} ≈ 0
    // π·e^5 gives the same spherical flow.
    const kl5 = new RelativeEntropy(
      grid,
      logPi.map((v) => -v),
      -5,
    );
    const a = Float64Array.from(rho0);
    const b = Float64Array.from(rho0);
    new FisherRaoKlScheme(kl, { rate: beta, spherical: true }).step(a, 0.8);
    new FisherRaoKlScheme(kl5, { rate: beta, spherical: true }).step(b, 0.8);
    expect(maxRel(b, a)).toBeLessThan(1e-13);
  });

  it("step length: min(dt, dtMax); unset dt steps to dtMax; rate rescales time", () => {
    const s = new FisherRaoKlScheme(kl, { dt: 0.2 });
    const rho = Float64Array.from(rho0);
    expect(s.step(rho, 0.05)).toBe(0.05);
    expect(s.step(rho, 1)).toBe(0.2);
    const free = new FisherRaoKlScheme(kl);
    expect(free.step(Float64Array.from(rho0), 0.7)).toBe(0.7);
    expectInputError(() => free.step(Float64Array.from(rho0), Infinity), "dt");
    // rate = 4 for t is rate = 1 for 4t (§0 normalisations).
    const a = Float64Array.from(rho0);
    const b = Float64Array.from(rho0);
    new FisherRaoKlScheme(kl, { rate: 4 }).step(a, 0.3);
    new FisherRaoKlScheme(kl, { rate: 1 }).step(b, 1.2);
    expect(maxRel(a, b)).toBeLessThan(1e-13);
  });

  it("validates its inputs", () => {
    expectInputError(() => new FisherRaoKlScheme(kl, { rate: -1 }), "rate");
    expectInputError(() => new FisherRaoKlScheme(kl, { dt: 0 }), "dt");
    expectInputError(
      () => new FisherRaoKlScheme(kl, { spherical: 1 as unknown as boolean }),
      "spherical",
    );
    const s = new FisherRaoKlScheme(kl);
    expectInputError(() => s.step(Float64Array.from(rho0), 0), "dtMax");
    const bad = Float64Array.from(rho0);
    bad[4] = -1;
    expectInputError(() => s.step(bad, 0.1), "rho");
  });
});

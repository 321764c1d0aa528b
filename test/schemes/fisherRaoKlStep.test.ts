/**
 * FisherRaoKlScheme: the exact multiplicative Fisher–Rao step for KL(ρ‖π) against the closed
 * forms of ../shared/docs/EXACT.md §D.1–2 (written inline), for any step length; the
 * semigroup property; mass; vacuum; agreement with the explicit FisherRaoGeometry run;
 * step-length rules and input validation.
 */
import { describe, expect, it } from "vitest";
import { RelativeEntropy } from "../../src/energy/kl.js";
import { FisherRaoGeometry } from "../../src/geometry/fisherRao.js";
import { mass } from "../../src/grid/density.js";
import { Grid } from "../../src/grid/grid.js";
import { ExplicitScheme } from "../../src/schemes/explicit.js";
import { FisherRaoKlScheme } from "../../src/schemes/fisherRaoKlStep.js";
import { expectInputError } from "../expectInputError.js";
import { frKl, frKlSpherical } from "../../src/exact/fisherRao.js";

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

/** Closed form §D.1 / §D.2 on the grid (src/exact/fisherRao.ts), rate β. */
function exact(r0: Float64Array, t: number, spherical: boolean): Float64Array {
  const pi = logPi.map(Math.exp);
  return spherical ? frKlSpherical(r0, pi, t, { rate: beta }) : frKl(r0, pi, t, { rate: beta });
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

    it(`${label}: one step of any length is the closed form to 1e-12`, () => {
      // Rounding only: the exponent a·log ρ − (1−a)·(−log π) has |·| ≲ 10, so its absolute
      // rounding error (≈ 1e-15) is the relative error of ρ; the spherical rescaling adds
      // one sum. Measured ≤ 1.8e-15 (both variants).
      for (const dt of [1e-6, 1e-3, 0.37, 2.5, 40]) {
        const rho = Float64Array.from(rho0);
        const s = new FisherRaoKlScheme(kl, { rate: beta, spherical });
        expect(s.step(rho, dt)).toBe(dt);
        expect(maxRel(rho, exact(rho0, dt, spherical))).toBeLessThan(1e-12);
      }
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
      // exponent): measured 3.6e-15 (balanced), 3.8e-15 (spherical).
      expect(maxRel(rho, exact(rho0, n * dt, spherical))).toBeLessThan(1e-12);
    });

    it(`${label}: vacuum stays exactly empty, the support keeps its mass (spherical)`, () => {
      const r0 = rho0.map((r, i) => (i % 7 === 3 || i < 20 ? 0 : r));
      const rho = Float64Array.from(r0);
      const s = new FisherRaoKlScheme(kl, { rate: beta, spherical, dt: 0.5 });
      for (let k = 0; k < 6; k++) s.step(rho, Infinity);
      expect(maxRel(rho, exact(r0, 3, spherical))).toBeLessThan(1e-12);
      for (let i = 0; i < rho.length; i++) {
        if (r0[i] === 0) expect(rho[i]).toBe(0);
        else expect(rho[i]).toBeGreaterThan(0);
      }
    });

    it(`${label}: agrees with SSP-RK3 on FisherRaoGeometry (third order in dt)`, () => {
      // Same semi-discrete flow: the explicit run differs by its O(dt³) time error only
      // (≈ 1e-7 relative in L1 at dt = 1/40, see test/geometry/fisherRao.test.ts).
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
      expect(num / den).toBeLessThan(1e-6);
    });
  }

  it("balanced: the mass tends to ∫π; spherical: independent of the normalisation of π", () => {
    const rho = Float64Array.from(rho0);
    new FisherRaoKlScheme(kl, { rate: beta }).step(rho, 40);
    const piValues = logPi.map(Math.exp);
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

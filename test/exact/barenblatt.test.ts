import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { Barenblatt } from "../../src/exact/barenblatt.js";
import { ConfinedBarenblatt } from "../../src/exact/confinedBarenblatt.js";
import { shiftTime } from "../../src/exact/exactSolution.js";
import { mass } from "../../src/grid/density.js";
import { Grid } from "../../src/grid/grid.js";
import { derivative4, laplacian4, partial4 } from "./finiteDifference.js";
import { radialIntegral } from "./radialQuadrature.js";

const DIMS = [1, 2, 3];
const EXPONENTS = [1.5, 2, 3, 5];

describe("Barenblatt constants (EXACT.md §C)", () => {
  it("mass, second moment and F(U) = ∫U^m/(m−1) match radial quadrature (d = 1..3, m = 1.5..5)", () => {
    let worst = 0;
    for (const d of DIMS)
      for (const m of EXPONENTS) {
        const B = new Barenblatt({ dim: d, m, mass: 1.3 });
        const t = 0.37;
        const U = B.densityAt(t);
        const R = B.radius(t);
        const point = (r: number): number[] => [r, 0, 0].slice(0, d);
        const M = radialIntegral(d, R, (r) => U(point(r)));
        const M2 = radialIntegral(d, R, (r) => r * r * U(point(r)));
        const F = radialIntegral(d, R, (r) => U(point(r)) ** m) / (m - 1);
        worst = Math.max(
          worst,
          Math.abs(M / 1.3 - 1),
          Math.abs(M2 / B.secondMoment(t) - 1),
          Math.abs(F / B.energy(t) - 1),
        );
        expect(U(point(R * 1.0000001))).toBe(0);
        expect(U(point(0))).toBeCloseTo(B.maxDensity(t), 13);
      }
    // The quadrature resolves (R − r)^p to rounding; measured worst 3e-15.
    expect(worst).toBeLessThan(1e-13);
  });

  it("dF/dt = −α(m−1)F/t equals −∫U|∇P|² (energy identity) and the time derivative of F", () => {
    for (const d of DIMS)
      for (const m of EXPONENTS) {
        const B = new Barenblatt({ dim: d, m, mass: 0.8 });
        for (const t of [0.2, 1.5]) {
          expect(Math.abs(B.dissipation(t) / -B.energyRate(t) - 1)).toBeLessThan(1e-13);
          const fd = derivative4((s) => B.energy(s), t, 1e-3 * t);
          expect(Math.abs(fd / B.energyRate(t) - 1)).toBeLessThan(1e-9);
        }
      }
  });

  it("U solves ∂U/∂t = Δ(U^m) inside the support (fourth-order finite differences)", () => {
    for (const d of DIMS)
      for (const m of [2, 3, 4.5]) {
        const B = new Barenblatt({ dim: d, m });
        const t = 0.6;
        const R = B.radius(t);
        for (const frac of [0, 0.35, 0.7]) {
          const x = [frac * R, 0.3 * frac * R, -0.2 * frac * R].slice(0, d);
          const dt = derivative4((s) => B.density(s, x), t, 1e-3);
          const lap = laplacian4((y) => B.density(t, y) ** m, x, 1e-3 * R);
          // Truncation O(δ⁴), rounding ε·U/δ² ≈ 1e-10 relative.
          expect(Math.abs(dt - lap)).toBeLessThan(1e-7 * (Math.abs(dt) + B.maxDensity(t)));
        }
      }
  });

  it("radius R(t) = √(C/k) t^β bounds the support; shiftTime starts the clock at t0", () => {
    const B = new Barenblatt({ dim: 2, m: 2 });
    const R = B.radius(0.5);
    expect(B.density(0.5, [R * 0.999999, 0])).toBeGreaterThan(0);
    expect(B.density(0.5, [R * 1.000001, 0])).toBe(0);
    const S = shiftTime(B, 0.1);
    expect(S.density(0.4, [0.2, 0.1])).toBe(B.density(0.5, [0.2, 0.1]));
  });

  it("rejects bad parameters", () => {
    // Any integer d ≥ 1 (radial grids run d = 6, 10; Cartesian grids check their own d ≤ 3).
    expect(() => new Barenblatt({ dim: 0, m: 2 })).toThrow(InputError);
    expect(() => new Barenblatt({ dim: 2.5, m: 2 })).toThrow(InputError);
    expect(() => new Barenblatt({ dim: 1, m: 1 })).toThrow(/m: /);
    expect(() => new Barenblatt({ dim: 1, m: 2, mass: -1 })).toThrow(/mass/);
    expect(() => new Barenblatt({ dim: 1, m: 2 }).density(0, [0])).toThrow(/t: /);
  });
});

describe("Barenblatt cell averages", () => {
  it("carry the exact mass on grids that contain the support (d = 1..3, m = 2, 3)", () => {
    for (const d of DIMS)
      for (const m of [2, 3]) {
        const B = new Barenblatt({ dim: d, m, mass: 1.7 });
        const t = 0.3;
        const n = d === 3 ? 24 : 64;
        // Asymmetric box, so no symmetry shortcut applies.
        const L = B.radius(t) * 1.3;
        const grid = new Grid({
          n: new Array<number>(d).fill(n),
          lo: new Array<number>(d).fill(-L),
          hi: new Array<number>(d).fill(L * 1.1),
        });
        const avg = B.cellAverages(grid, t);
        // Rule accuracy ≲ 1e-12 of the peak per cell (radialPowerIntegral.ts) plus rounding of
        // the sums; a plain 6-point Gauss–Legendre rule leaves ~1e-8 (EXACT.md §C).
        expect(Math.abs(mass(grid, avg) / 1.7 - 1)).toBeLessThan(1e-11);
      }
  });

  it("are additive: a cell's average is the mean of its 2^d sub-cells' averages", () => {
    // The sub-cells have different break points at the front, so this checks the nested rule.
    // (m = 5, a non-half-integer p = ¼, takes the slow general chord rule: 1D and 2D only.)
    for (const d of DIMS)
      for (const m of d === 3 ? [2, 3] : [2, 3, 5]) {
        const B = new Barenblatt({ dim: d, m });
        const t = 0.5;
        const R = B.radius(t);
        const n = 9;
        const L = R * 1.1;
        const coarse = new Grid({
          n: new Array<number>(d).fill(n),
          lo: new Array<number>(d).fill(-L),
          hi: new Array<number>(d).fill(L * 1.05),
        });
        const fine = new Grid({
          n: new Array<number>(d).fill(2 * n),
          lo: coarse.lo as number[],
          hi: coarse.hi as number[],
        });
        const a = B.cellAverages(coarse, t);
        const b = B.cellAverages(fine, t);
        const idx = new Int32Array(d);
        let worst = 0;
        for (let c = 0; c < coarse.size; c++) {
          coarse.unravel(c, idx);
          let s = 0;
          for (let k = 0; k < 1 << d; k++) {
            let f = 0;
            for (let ax = 0; ax < d; ax++) f += (2 * idx[ax] + ((k >> ax) & 1)) * fine.strides[ax];
            s += b[f];
          }
          worst = Math.max(worst, Math.abs(s / (1 << d) - a[c]));
        }
        // Default rules: ≲ 5e-16 (m = 2), ≲ 1e-12 (m = 3, 5) of the peak value per cell.
        expect(worst / B.maxDensity(t)).toBeLessThan(m === 2 ? 1e-14 : 1e-11);
      }
  });

  it("are exactly symmetric on symmetric grids and equal the mean of point values far inside", () => {
    const B = new Barenblatt({ dim: 2, m: 2 });
    const grid = new Grid({ n: [40, 40], lo: [-1.5, -1.5], hi: [1.5, 1.5] });
    const avg = B.cellAverages(grid, 0.4);
    expect(avg[0 * 40 + 5]).toBe(avg[5 * 40 + 0]);
    expect(avg[3 * 40 + 7]).toBe(avg[(39 - 3) * 40 + (39 - 7)]);
    // For m = 2 the profile is a quadratic polynomial inside the support: the cell average is
    // the centre value plus (h²/24)ΔU, ΔU = −2dkA with U = A(R² − |x|²).
    const t = 0.4;
    const kt = B.k * t ** (-2 * B.beta);
    const A = t ** -B.alpha * kt;
    const c = 20 * 40 + 20;
    const centre = [grid.center(0, 20), grid.center(1, 20)];
    const expected =
      B.density(t, centre) - ((grid.h[0] ** 2 / 24) * 2 + (grid.h[1] ** 2 / 24) * 2) * A;
    expect(Math.abs(avg[c] - expected)).toBeLessThan(1e-14);
  });
});

describe("ConfinedBarenblatt (∂ρ/∂t = Δρ^m + div(ρx))", () => {
  it("solves its PDE inside the support", () => {
    for (const d of [1, 2, 3]) {
      const cb = new ConfinedBarenblatt({ dim: d, m: 2, tau0: 0.2 });
      const t = 0.4;
      const R = cb.radius(t);
      for (const frac of [0.1, 0.5]) {
        const x = [frac * R, -0.4 * frac * R, 0.2 * frac * R].slice(0, d);
        const dt = derivative4((s) => cb.density(s, x), t, 1e-3);
        const f = (y: number[]): number => cb.density(t, y);
        let divRhoX = d * f(x);
        for (let a = 0; a < d; a++) divRhoX += x[a] * partial4(f, x, a, 1e-3 * R);
        const rhs = laplacian4((y) => cb.density(t, y) ** 2, x, 1e-3 * R) + divRhoX;
        expect(Math.abs(dt - rhs)).toBeLessThan(1e-7 * (1 + Math.abs(dt)));
      }
    }
  });

  it("is stationary for τ0 = 1/λ and relaxes to ρ∞ with a decreasing free energy", () => {
    const m = 3;
    const d = 2;
    const lambda = d * (m - 1) + 2;
    const st = new ConfinedBarenblatt({ dim: d, m, tau0: 1 / lambda, mass: 0.9 });
    for (const x of [
      [0, 0],
      [0.3, 0.2],
      [0.7, -0.1],
    ]) {
      expect(Math.abs(st.density(1.3, x) - st.stationaryDensity(x))).toBeLessThan(1e-14);
    }
    expect(Math.abs(st.freeEnergy(0.5) / st.stationaryFreeEnergy() - 1)).toBeLessThan(1e-14);
    const cb = new ConfinedBarenblatt({ dim: d, m, tau0: 0.05, mass: 0.9 });
    let prev = Infinity;
    // Strict decrease while F − F∞ ≫ rounding (F − F∞ ~ e^{−2λt}, λ = 6).
    for (let t = 0; t <= 1.5; t += 0.1) {
      const F = cb.freeEnergy(t);
      expect(F).toBeLessThan(prev);
      prev = F;
    }
    expect(Math.abs(cb.freeEnergy(12) / cb.stationaryFreeEnergy() - 1)).toBeLessThan(1e-12);
    // Free energy vs radial quadrature of its definition at t = 0.3.
    const t = 0.3;
    const R = cb.radius(t);
    const F = radialIntegral(
      d,
      R,
      (r) => cb.density(t, [r, 0]) ** m / (m - 1) + 0.5 * r * r * cb.density(t, [r, 0]),
    );
    expect(Math.abs(F / cb.freeEnergy(t) - 1)).toBeLessThan(1e-13);
    // Cell averages carry the mass.
    const grid = new Grid({ n: [48, 48], lo: [-1.5, -1.5], hi: [1.5, 1.5] });
    expect(Math.abs(mass(grid, cb.cellAverages(grid, t)) / 0.9 - 1)).toBeLessThan(1e-12);
  });
});

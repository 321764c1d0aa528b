import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Grid, type Boundary } from "../../src/grid/grid.js";
import { confine, drawFromGrid, type ParticleCloud } from "../../src/particles/cloud.js";
import { depositCloud, DEPOSITS } from "../../src/particles/deposit.js";
import { expNeg } from "../../src/particles/fastExp.js";
import { Random } from "../../src/particles/random.js";

function massOf(grid: Grid, rho: Float64Array): number {
  let s = 0;
  for (const v of rho) s += v;
  return s * grid.cellVolume;
}

function cloudOf(dim: number, positions: number[], mass = 1): ParticleCloud {
  return { dim, count: positions.length / dim, positions: Float64Array.from(positions), mass };
}

describe("drawFromGrid", () => {
  it("draws each cell with probability ρ_i|cell|/M (Pearson χ² within its 4σ band)", () => {
    const grid = new Grid({ n: [8, 4], lo: [0, -1], hi: [2, 1] });
    const rho = grid.sample((x) => 1 + x[0] + 0.5 * x[1] * x[1]);
    const M = massOf(grid, rho);
    const N = 100_000;
    const cloud = drawFromGrid(grid, rho, N, new Random(9));
    expect(cloud.mass).toBeCloseTo(M, 12);
    const counts = new Float64Array(grid.size);
    // The histogram deposit counts particles per cell: ρ_i = (M/N)·count/|cell|.
    depositCloud(grid, cloud, "histogram", counts);
    let chi2 = 0;
    for (let i = 0; i < grid.size; i++) {
      const observed = (counts[i] * grid.cellVolume * N) / M;
      const expected = (rho[i] * grid.cellVolume * N) / M;
      chi2 += (observed - expected) ** 2 / expected;
    }
    // χ² with 31 degrees of freedom: mean 31, standard deviation √62 ≈ 7.9.
    expect(chi2).toBeLessThan(31 + 4 * Math.sqrt(62));
  });

  it("puts particles uniformly inside their cell (mean offset ½h within 4 standard errors)", () => {
    const grid = new Grid({ n: [4], lo: [0], hi: [1] });
    const rho = Float64Array.from([0, 1, 0, 0]);
    const N = 20_000;
    const x = drawFromGrid(grid, rho, N, new Random(2)).positions;
    let s = 0;
    let outside = 0;
    for (const v of x) {
      if (!(v >= 0.25 && v < 0.5)) outside++;
      s += v;
    }
    expect(outside).toBe(0);
    // Uniform on [0.25, 0.5]: mean 0.375, standard deviation 0.25/√12.
    expect(Math.abs(s / N - 0.375)).toBeLessThan((4 * 0.25) / Math.sqrt(12 * N));
  });
});

describe("confine", () => {
  it("reflects at no-flux walls and wraps periodic axes", () => {
    const grid = new Grid({
      n: [10, 10],
      lo: [0, 0],
      hi: [1, 1],
      boundary: ["noflux", "periodic"],
    });
    const p = Float64Array.from([-0.25, -0.25, 1.25, 1.25, 2.5, 3.75, -1.5, 0.5]);
    confine(grid, p);
    // Axis 0 folds with period 2: −0.25 → 0.25, 1.25 → 0.75, 2.5 → 0.5, −1.5 → 0.5.
    // Axis 1 wraps with period 1: −0.25 → 0.75, 1.25 → 0.25, 3.75 → 0.75, 0.5 stays.
    expect(Array.from(p)).toEqual([0.25, 0.75, 0.75, 0.25, 0.5, 0.75, 0.5, 0.5]);
  });
});

describe("depositCloud", () => {
  const boundaries: Boundary[][] = [
    ["noflux"],
    ["periodic"],
    ["noflux", "periodic"],
    ["periodic", "noflux", "noflux"],
  ];

  it("conserves mass to round-off and stays non-negative, anywhere in the box (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...boundaries),
        fc.constantFrom(...DEPOSITS),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 60 }),
        (boundary, mode, coords) => {
          const dim = boundary.length;
          const grid = new Grid({
            n: boundary.map((_, a) => 5 + a),
            lo: boundary.map(() => -1),
            hi: boundary.map((_, a) => 1 + a),
            boundary,
          });
          const count = Math.floor(coords.length / dim);
          const pos = coords
            .slice(0, count * dim)
            .map((u, k) => grid.lo[k % dim] + u * (grid.hi[k % dim] - grid.lo[k % dim]));
          const rho = new Float64Array(grid.size);
          depositCloud(grid, cloudOf(dim, pos, 2.5), mode, rho);
          // Each particle's weights sum to 1 up to a few ulp: relative error ≤ ~1e-15·count.
          expect(Math.abs(massOf(grid, rho) - 2.5)).toBeLessThan(1e-13);
          expect(rho.every((v) => v >= 0)).toBe(true);
        },
      ),
      { numRuns: 200, seed: 13 },
    );
  });

  it("linear: splits between the two nearest centres; folds the ghost cell at a wall; wraps on a periodic axis", () => {
    const wall = new Grid({ n: [4], lo: [0], hi: [4] });
    const torus = new Grid({ n: [4], lo: [0], hi: [4], boundary: "periodic" });
    const rho = new Float64Array(4);
    // Centres 0.5, 1.5, 2.5, 3.5; x = 1.25 is ¾ of the way from 0.5 to 1.5.
    depositCloud(wall, cloudOf(1, [1.25]), "linear", rho);
    expect(Array.from(rho)).toEqual([0.25, 0.75, 0, 0]);
    // x = 0.2 lies between the wall and the first centre: all of it in cell 0 (mirror ghost).
    depositCloud(wall, cloudOf(1, [0.2]), "linear", rho);
    expect(Array.from(rho)).toEqual([1, 0, 0, 0]);
    // Periodic: x = 0.25 is ¾ of the way from the last centre (3.5 ≡ −0.5) to 0.5.
    depositCloud(torus, cloudOf(1, [0.25]), "linear", rho);
    expect(rho[0]).toBeCloseTo(0.75, 15);
    expect(rho[3]).toBeCloseTo(0.25, 15);
  });

  it("histogram of a cloud drawn from ρ is an unbiased estimate of ρ (L1 within its expected noise)", () => {
    const grid = new Grid({ n: [32], lo: [-4], hi: [4] });
    const rho = grid.sample((x) => Math.exp(-0.5 * x[0] * x[0]) / Math.sqrt(2 * Math.PI));
    const N = 200_000;
    const cloud = drawFromGrid(grid, rho, N, new Random(4));
    const out = new Float64Array(grid.size);
    depositCloud(grid, cloud, "histogram", out);
    let l1 = 0;
    let expected = 0;
    for (let i = 0; i < grid.size; i++) {
      l1 += Math.abs(out[i] - rho[i]) * grid.cellVolume;
      // E|count/N − p| ≈ √(2p(1 − p)/(πN)) per cell (normal approximation).
      const p = rho[i] * grid.cellVolume;
      expected += Math.sqrt((2 * p * (1 - p)) / (Math.PI * N));
    }
    // The sum of ~20 significant |normal| terms has a relative standard deviation of about
    // √(π/2 − 1)/√20 ≈ 0.17: 1.5× its mean is ~3 standard deviations.
    expect(l1).toBeLessThan(1.5 * expected);
  });
});

describe("expNeg", () => {
  it("agrees with Math.exp to 1e-15 relative on [0, 700], and is 0 beyond", () => {
    const r = new Random(1);
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      const q = 700 * r.uniform();
      worst = Math.max(worst, Math.abs(expNeg(q) / Math.exp(-q) - 1));
    }
    for (const q of [0, 1e-300, 0.5, Math.LN2 / 128, 1, 10, 745 / 2]) {
      worst = Math.max(worst, Math.abs(expNeg(q) / Math.exp(-q) - 1));
    }
    // A few ulp (2.2e-16 each) from the table product and the polynomial.
    expect(worst).toBeLessThan(1e-15);
    expect(expNeg(0)).toBe(1);
    expect(expNeg(701)).toBe(0);
  });
});

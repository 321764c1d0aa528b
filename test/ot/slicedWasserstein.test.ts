import { describe, expect, it } from "vitest";
import { Grid } from "../../src/grid/grid.js";
import { w2Squared1d } from "../../src/metrics/w2.js";
import { sliceDirections } from "../../src/ot/sliceDirections.js";
import { GridSlices, type SliceModel } from "../../src/ot/slicedWasserstein.js";
import { sortedTransport1d } from "../../src/ot/sortedTransport1d.js";
import { expectInputError } from "../expectInputError.js";

/** A small deterministic generator (LCG), so that the random data are the same every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Random positive weights of total mass 1 (bounded away from 0, so no empty cells). */
function randomWeights(n: number, rand: () => number): Float64Array {
  const w = Float64Array.from({ length: n }, () => 0.2 + rand());
  const m = w.reduce((s, v) => s + v, 0);
  return w.map((v) => v / m);
}

/**
 * An independent W₂² between two discrete measures on the line (atoms at `points`, any
 * order): the quantile integral ∫₀^M (Q_a − Q_b)² ds over the merged cumulative levels, with
 * each quantile found by binary search at the midpoint of the level interval.
 */
function quantileW2(points: number[], a: ArrayLike<number>, b: ArrayLike<number>): number {
  const idx = points.map((_, i) => i).sort((i, j) => points[i] - points[j]);
  const cum = (w: ArrayLike<number>): number[] => {
    const c: number[] = [];
    let s = 0;
    for (const i of idx) c.push((s += w[i]));
    return c;
  };
  const A = cum(a);
  const B = cum(b);
  const quantile = (C: number[], s: number): number => {
    let lo = 0;
    let hi = C.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (C[mid] < s) lo = mid + 1;
      else hi = mid;
    }
    return points[idx[lo]];
  };
  const levels = [0, ...A, ...B].sort((x, y) => x - y);
  const top = Math.min(A[A.length - 1], B[B.length - 1]);
  let total = 0;
  for (let k = 0; k + 1 < levels.length; k++) {
    const s0 = levels[k];
    const s1 = Math.min(levels[k + 1], top);
    if (!(s1 > s0)) continue;
    const mid = 0.5 * (s0 + s1);
    total += (s1 - s0) * (quantile(A, mid) - quantile(B, mid)) ** 2;
  }
  return total;
}

describe("sliced W₂ in 1D is W₂ (one direction)", () => {
  const grid = new Grid({ n: [40], lo: [-2], hi: [3] });
  const rand = lcg(7);
  const a = randomWeights(40, rand);
  const b = randomWeights(40, rand);

  it("points model: equals an independent quantile-integral W₂² of the atoms (1e-14 rel)", () => {
    // Both are exact sums of the same O(n) terms; only rounding differs.
    const sw = new GridSlices(grid, 1, "points").sw2(a, b);
    const ref = quantileW2(Array.from(grid.centers(0)), a, b);
    expect(Math.abs(sw - ref)).toBeLessThanOrEqual(1e-14 * ref);
  });

  it("segments model: equals W₂² of the piecewise-constant densities (metrics/w2.ts, 1e-13 rel)", () => {
    // On a 1D grid the segments are the cells; w2Squared1d integrates the same linear
    // quantiles by another sweep (its probabilities have mass 1, as a and b here).
    const sw = new GridSlices(grid, 1, "segments").sw2(a, b);
    const edges = Float64Array.from({ length: 41 }, (_, i) => -2 + (i * 5) / 40);
    const ref = w2Squared1d({ edges, masses: a }, { edges, masses: b });
    expect(Math.abs(sw - ref)).toBeLessThanOrEqual(1e-13 * ref);
  });

  it("the 1D transport of two Diracs apart by Δ costs mass·Δ²", () => {
    const p = Float64Array.of(0, 0.5, 2);
    const order = Uint32Array.of(0, 1, 2);
    const cost = sortedTransport1d(
      p,
      order,
      Float64Array.of(0.3, 0, 0),
      Float64Array.of(0, 0, 0.3),
    );
    expect(cost).toBeCloseTo(0.3 * 4, 15);
  });
});

describe("sliced W₂ of translates: SW₂² = M|u|²/d exactly", () => {
  // Derivation: P_θ# of a translate by u is the translate by ⟨θ, u⟩ of P_θ#, and W₂² of two
  // translates on the line is M⟨θ, u⟩²; averaging over the directions gives
  // M uᵀ((1/L)Σθθᵀ)u = M|u|²/d because sliceDirections is exactly isotropic
  // ((1/L)Σθθᵀ = I/d: equally spaced angles in 2D for L ≥ 2, orthonormal frames in 3D). A
  // shift by whole cells makes the grid measures exact translates (compact support inside the
  // box), so only rounding separates the two sides (1e-13 relative).
  const bumpOn = (grid: Grid, c: number[]): Float64Array =>
    grid.sample((x) => {
      let r2 = 0;
      for (let a = 0; a < grid.dim; a++) r2 += (x[a] - c[a]) ** 2;
      return r2 < 0.16 ? (0.16 - r2) ** 2 * (1.2 + x[0] - c[0]) : 0;
    });
  const cases: { dim: number; L: number[]; shift: number[] }[] = [
    { dim: 2, L: [2, 5, 16], shift: [3, -2] },
    { dim: 3, L: [3, 12], shift: [2, 1, -1] },
  ];
  for (const { dim, L, shift } of cases) {
    const n = dim === 2 ? 30 : 14;
    const grid = new Grid({
      n: new Array(dim).fill(n),
      lo: new Array(dim).fill(-1),
      hi: new Array(dim).fill(1),
    });
    const h = grid.h[0];
    const c0 = new Array(dim).fill(-0.15);
    const a = bumpOn(grid, c0);
    const b = bumpOn(
      grid,
      c0.map((v, k) => v + shift[k] * h),
    );
    const M = a.reduce((s, v) => s + v, 0);
    const u2 = shift.reduce((s, k) => s + (k * h) ** 2, 0);
    for (const model of ["points", "segments"] as SliceModel[]) {
      it(`${dim}D, ${model}, L = ${L.join(", ")}`, () => {
        for (const count of L) {
          const sw = new GridSlices(grid, count, model).sw2(a, b);
          expect(Math.abs(sw - (M * u2) / dim)).toBeLessThanOrEqual(1e-13 * M * u2);
        }
      });
    }
  }

  it("the directions are unit vectors with (1/L)Σθθᵀ = I/d (2D any L ≥ 2, 3D frames)", () => {
    for (const [d, L] of [
      [2, 2],
      [2, 7],
      [2, 32],
      [3, 3],
      [3, 48],
    ]) {
      const th = sliceDirections(d, L);
      for (let r = 0; r < d; r++) {
        for (let c = 0; c < d; c++) {
          let s = 0;
          for (let l = 0; l < L; l++) s += th[l * d + r] * th[l * d + c];
          expect(Math.abs(s / L - (r === c ? 1 / d : 0))).toBeLessThan(1e-15);
        }
      }
    }
    // Seeded: the same set every time, another with another seed.
    expect(sliceDirections(3, 6, 5)).toEqual(sliceDirections(3, 6, 5));
    expect(sliceDirections(3, 6, 5)).not.toEqual(sliceDirections(3, 6, 6));
  });

  it("refuses direction counts that break the construction", () => {
    expectInputError(() => sliceDirections(1, 2), "directions", /one direction/);
    expectInputError(() => sliceDirections(3, 4), "directions", /multiple of 3/);
  });
});

describe("gradient of SW₂² in the weights (averaged 1D Kantorovich potentials)", () => {
  // SW₂²(·, b) is piecewise linear (points) or piecewise quadratic with continuous gradient
  // (segments) in the weights; on a coarse grid with random weights the nearest kink is far
  // (level gaps ~1e-3) compared with the central-difference step ε = 1e-7 (relative to the
  // weights), so the difference quotient along e_k − e_m matches f_k − f_m up to rounding:
  // |ΔSW| ~ 1e-16 / ε ~ 1e-9 (observed ≤ 4e-8 with f of order 1). Bound 1e-6.
  const grid = new Grid({ n: [12, 10], lo: [-1, -1], hi: [1, 1.3] });
  for (const model of ["points", "segments"] as SliceModel[]) {
    it(`${model}: matches central differences along e_k − e_m`, () => {
      const rand = lcg(11);
      const a = randomWeights(grid.size, rand);
      const b = randomWeights(grid.size, rand);
      const slices = new GridSlices(grid, 16, model);
      const grad = new Float64Array(grid.size);
      slices.sw2(a, b, grad);
      let worst = 0;
      let scale = 0;
      for (let t = 0; t < 60; t++) {
        const k = Math.floor(rand() * grid.size);
        const m = Math.floor(rand() * grid.size);
        const eps = 1e-7 * Math.min(a[k], a[m]);
        const ap = Float64Array.from(a);
        const am = Float64Array.from(a);
        ap[k] += eps;
        ap[m] -= eps;
        am[k] -= eps;
        am[m] += eps;
        const fd = (slices.sw2(ap, b) - slices.sw2(am, b)) / (2 * eps);
        worst = Math.max(worst, Math.abs(fd - (grad[k] - grad[m])));
        scale = Math.max(scale, Math.abs(grad[k] - grad[m]));
      }
      expect(scale).toBeGreaterThan(0.01);
      expect(worst).toBeLessThan(1e-6);
    });

    it(`${model}: zero at a = b (the subgradient chosen at the kink)`, () => {
      const a = randomWeights(grid.size, lcg(3));
      const grad = new Float64Array(grid.size);
      expect(new GridSlices(grid, 8, model).sw2(a, a, grad)).toBe(0);
      for (const v of grad) expect(Math.abs(v)).toBeLessThan(1e-15);
    });
  }
});

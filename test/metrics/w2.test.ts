import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { Gaussian } from "../../src/exact/gaussian.js";
import { gaussLegendre } from "../../src/grid/gaussLegendre.js";
import { Grid } from "../../src/grid/grid.js";
import { w2Gaussians } from "../../src/metrics/bures.js";
import {
  histogramFromGrid,
  w2Distance1d,
  w2Grid1d,
  w2Squared1d,
  type Histogram1d,
} from "../../src/metrics/w2.js";

/** Brute force: composite Gauss–Legendre in u of (Q_μ − Q_ν)², quantiles by bisection on the CDF. */
function bruteForceW2Squared(a: Histogram1d, b: Histogram1d): number {
  const quantile = (h: Histogram1d): ((u: number) => number) => {
    const n = h.masses.length;
    const total = Array.from(h.masses).reduce((s, v) => s + v, 0);
    const cdf = [0];
    for (let i = 0; i < n; i++) cdf.push(cdf[i] + h.masses[i] / total);
    cdf[n] = 1;
    // u is always strictly inside a quadrature interval: the first i with cdf[i+1] > u has
    // cdf[i] ≤ u < cdf[i+1], hence positive mass.
    return (u) => {
      let i = 0;
      while (i < n - 1 && !(cdf[i + 1] > u)) i++;
      return h.edges[i] + ((u - cdf[i]) / (cdf[i + 1] - cdf[i])) * (h.edges[i + 1] - h.edges[i]);
    };
  };
  const qa = quantile(a);
  const qb = quantile(b);
  // Q is piecewise linear with kinks at CDF break points: split [0,1] at all of them.
  const breaks = new Set<number>([0, 1]);
  for (const h of [a, b]) {
    const total = Array.from(h.masses).reduce((s, v) => s + v, 0);
    let c = 0;
    for (const v of Array.from(h.masses)) {
      c += v / total;
      // A rounded sum like 1 − 1e-16 would make a sliver whose nodes round to u = 1.
      if (c < 1 - 1e-15) breaks.add(c);
    }
  }
  const pts = [...breaks].sort((x, y) => x - y);
  const { nodes, weights } = gaussLegendre(4);
  let s = 0;
  for (let k = 0; k + 1 < pts.length; k++) {
    const u0 = pts[k];
    const u1 = pts[k + 1];
    if (!(u1 > u0)) continue;
    for (let j = 0; j < 4; j++) {
      const u = u0 + 0.5 * (nodes[j] + 1) * (u1 - u0);
      s += 0.5 * (u1 - u0) * weights[j] * (qa(u) - qb(u)) ** 2;
    }
  }
  return s;
}

describe("W2 between 1D piecewise-constant densities (EXACT.md §J)", () => {
  it("uniform laws on different grids: (Δmean)² + (Δlength)²/12", () => {
    const a = new Grid({ n: [10], lo: [0], hi: [1] });
    const b = new Grid({ n: [7], lo: [0.5], hi: [3.5] });
    const w2 = w2Grid1d(a, new Float64Array(10).fill(1), b, new Float64Array(7).fill(1 / 3));
    const expected = 1.5 ** 2 + 2 ** 2 / 12;
    expect(Math.abs(w2 * w2 - expected)).toBeLessThan(1e-14);
  });

  it("a shift by 37 cells costs exactly 37h", () => {
    const g = new Grid({ n: [200], lo: [-2], hi: [2] });
    const rho = new Float64Array(200);
    const shifted = new Float64Array(200);
    for (let i = 20; i < 100; i++) {
      rho[i] = 1 + Math.sin(i);
      shifted[i + 37] = rho[i];
    }
    expect(Math.abs(w2Grid1d(g, rho, g, shifted) - 37 * g.h[0])).toBeLessThan(1e-13);
  });

  it("matches brute-force quadrature on random histograms (empty cells, non-uniform edges)", () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 20; trial++) {
      const make = (n: number, x0: number): Histogram1d => {
        const edges = [x0];
        for (let i = 0; i < n; i++) edges.push(edges[i] + 0.05 + rand());
        const masses = Array.from({ length: n }, () => (rand() < 0.3 ? 0 : rand()));
        masses[Math.floor(n / 2)] += 0.1;
        const total = masses.reduce((s, v) => s + v, 0);
        return { edges, masses: masses.map((v) => (v / total) * 2.5) };
      };
      const a = make(5 + Math.floor(rand() * 20), -3 + rand());
      const b = make(5 + Math.floor(rand() * 20), -1 + rand());
      const exact = w2Squared1d(a, b);
      const brute = bruteForceW2Squared(a, b);
      // Both exact up to rounding (the brute force integrates a quadratic per interval exactly).
      expect(Math.abs(exact - brute)).toBeLessThan(1e-12 * Math.max(1, brute));
      expect(Math.abs(w2Squared1d(b, a) - exact)).toBeLessThan(1e-12 * Math.max(1, exact));
    }
  });

  it("exact Gaussian cell averages converge to the Bures distance at order 2", () => {
    const g1 = new Gaussian([0], 1);
    const g2 = new Gaussian([0.7], 2.25);
    const bures = w2Gaussians([0], [[1]], [0.7], [[2.25]]);
    const errs: number[] = [];
    for (const n of [250, 500, 1000]) {
      const grid = new Grid({ n: [n], lo: [-12], hi: [13] });
      errs.push(
        Math.abs(w2Grid1d(grid, g1.cellAverages(grid), grid, g2.cellAverages(grid)) - bures),
      );
    }
    // Histogram quantiles are the piecewise-linear interpolants: O(h²) error, ratio 4 per halving.
    for (let i = 0; i + 1 < errs.length; i++) {
      const order = Math.log2(errs[i] / errs[i + 1]);
      expect(order).toBeGreaterThan(1.9);
      expect(order).toBeLessThan(2.1);
    }
    expect(errs[2]).toBeLessThan(1e-4);
  });

  it("rejects unequal masses and malformed histograms with InputError", () => {
    const a: Histogram1d = { edges: [0, 1, 2], masses: [1, 1] };
    const b: Histogram1d = { edges: [0, 1, 2], masses: [1, 1.5] };
    expect(() => w2Squared1d(a, b)).toThrow(InputError);
    expect(() => w2Squared1d(a, b)).toThrow(/equal masses/);
    expect(() => w2Squared1d({ edges: [0, 1], masses: [1, 1] }, a)).toThrow(/edges.length/);
    expect(() => w2Squared1d({ edges: [0, 2, 1], masses: [1, 1] }, a)).toThrow(/increasing/);
    expect(() => w2Squared1d({ edges: [0, 1, 2], masses: [-1, 3] }, a)).toThrow(/>= 0/);
    expect(() =>
      histogramFromGrid(new Grid({ n: [4, 4], lo: [0, 0], hi: [1, 1] }), new Float64Array(16)),
    ).toThrow(/1D/);
    expect(w2Distance1d(a, a)).toBe(0);
  });
});

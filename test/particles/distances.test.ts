import { describe, expect, it } from "vitest";
import { erfc, gaussianIntervalMass } from "../../src/exact/erf.js";
import { Grid } from "../../src/grid/grid.js";
import { cloudW2Grid1d, cloudW2Squared1d } from "../../src/metrics/cloudW2.js";
import { CloudSinkhorn } from "../../src/particles/cloudSinkhorn.js";
import { drawFromGrid } from "../../src/particles/cloud.js";
import { Random } from "../../src/particles/random.js";

/** Φ⁻¹(p) by bisection on Φ(x) = erfc(−x/√2)/2 (60 halvings of [−10, 10]: to ~2e-17). */
function probit(p: number): number {
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 60; i++) {
    const m = 0.5 * (lo + hi);
    if (0.5 * erfc(-m / Math.SQRT2) < p) lo = m;
    else hi = m;
  }
  return 0.5 * (lo + hi);
}

/** Exact cell averages of N(m, s²) on a 1D grid. */
function gaussianCells(grid: Grid, m: number, s: number): Float64Array {
  const h = grid.h[0];
  return Float64Array.from({ length: grid.n[0] }, (_, i) => {
    const a = grid.lo[0] + i * h;
    return gaussianIntervalMass(a, a + h, m, s) / h;
  });
}

describe("exact 1D W2 between a cloud and a grid density (quantiles)", () => {
  it("one point against a uniform density: (x − c)² + L²/12", () => {
    const h = { edges: [-1, 0, 1, 2], masses: [1, 1, 1] }; // uniform on [−1, 2]
    expect(cloudW2Squared1d([3], h)).toBeCloseTo((3 - 0.5) ** 2 + 9 / 12, 14);
  });

  it("N mid-quantile points of a uniform density, shifted by c: c² + L²/(12N²)", () => {
    const N = 7;
    const c = 0.3;
    const pts = Array.from({ length: N }, (_, k) => c + 2 + ((k + 0.5) * 3) / N);
    const h = { edges: [2, 2.5, 5], masses: [0.5, 2.5] }; // uniform on [2, 5], uneven cells
    // Each point is the centre of its quantile interval: cross terms vanish, exactly.
    expect(cloudW2Squared1d(pts.reverse(), h)).toBeCloseTo(c * c + 9 / (12 * N * N), 14);
  });

  it("empty cells are skipped: two points against two separated unit cells", () => {
    const h = { edges: [0, 1, 2, 3], masses: [0.5, 0, 0.5] };
    // Each point sits at the centre of its half: W2² = 2·½·(1/12).
    expect(cloudW2Squared1d([0.5, 2.5], h)).toBeCloseTo(1 / 12, 14);
  });

  it("two Gaussians: the closed form √((Δm)² + (Δs)²), second order in h", () => {
    const [m1, s1, m2, s2] = [0.3, 0.8, -0.2, 1.1];
    const N = 20_000;
    const pts = new Float64Array(N);
    for (let k = 0; k < N / 2; k++) {
      const z = probit((k + 0.5) / N); // Φ⁻¹(1 − p) = −Φ⁻¹(p)
      pts[k] = m1 + s1 * z;
      pts[N - 1 - k] = m1 - s1 * z;
    }
    const exact = Math.hypot(m1 - m2, s1 - s2);
    const err = (n: number) => {
      const grid = new Grid({ n: [n], lo: [-10], hi: [10] });
      return Math.abs(cloudW2Grid1d(pts, grid, gaussianCells(grid, m2, s2)) - exact);
    };
    const coarse = err(256);
    const fine = err(1024);
    // Measured: 2.7e-4 (n = 256) and 4.6e-5 (n = 1024). The grid's piecewise-constant cells
    // cost O(h²) (h = 0.078 → 0.020); the N mid-quantile points O(1/N) (4e-4 at N = 1e3,
    // 3e-5 at 1e4, measured).
    expect(fine).toBeLessThan(1e-4);
    expect(coarse / fine).toBeGreaterThan(4); // h² alone would give 16; the cloud's part remains
  });
});

describe("Sinkhorn divergence between a cloud and a grid density (2D)", () => {
  const grid = new Grid({ n: [24, 24], lo: [-3, -3], hi: [3, 3] });
  const g = (mx: number) =>
    grid.sample((x) => Math.exp(-((x[0] - mx) ** 2 + x[1] ** 2) / (2 * 0.36)));

  it("is small for a cloud drawn from the density and ≈ the squared shift otherwise", () => {
    const rho = g(0);
    const cloud = drawFromGrid(grid, rho, 40_000, new Random(6));
    const s = new CloudSinkhorn(grid, 0.05, "linear");
    const same = s.evaluate(cloud, rho).divergence;
    const shifted = s.evaluate(cloud, g(1)).divergence;
    // W₂² of a unit shift is 1; S_ε is within O(ε) of it and the linear deposit adds its
    // O(h²) smoothing (h = 0.25): measured 1.0099. The same density: Monte Carlo noise
    // ~1/N per cell plus the deposit's smoothing, measured 5.1e-4.
    expect(same).toBeLessThan(5e-3);
    expect(Math.abs(shifted - 1)).toBeLessThan(0.05);
  });
});

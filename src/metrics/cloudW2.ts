import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { histogramFromGrid, type Histogram1d } from "./w2.js";

/**
 * Squared quadratic Wasserstein distance, exactly, between an empirical measure of N points of
 * equal weight (1/N)Σδ_{x_k} and a piecewise-constant density on the line (a histogram),
 * both normalised to probabilities: W₂² = ∫₀¹ (Q_c(u) − Q_g(u))² du (Santambrogio 2015, §2.2).
 * The points' quantile Q_c is the step function x_(k) on ((k−1)/N, k/N] (sorted points); the
 * histogram's Q_g is linear between its CDF break points. On each interval [u₀, u₁] of the
 * merged break points, Q_c is a constant x and Q_g is linear, so with d₀ = x − Q_g(u₀),
 * d₁ = x − Q_g(u₁) (taken inside the current cell, located from the left break point as in
 * w2.ts), ∫(Q_c − Q_g)² = (u₁ − u₀)(d₀² + d₀d₁ + d₁²)/3: no quadrature error. Cost
 * O(N log N + n) (one sort of a copy of the points). Points may lie anywhere on the line.
 */
export function cloudW2Squared1d(points: ArrayLike<number>, histogram: Histogram1d): number {
  const N = points.length;
  if (N < 1) throw new InputError("points", "needs at least one point");
  const x = Float64Array.from(points);
  for (let k = 0; k < N; k++) {
    if (!Number.isFinite(x[k]))
      throw new InputError("points", `entry ${k} is not finite (${x[k]})`);
  }
  x.sort();
  const { edges, masses } = histogram;
  const n = masses.length;
  if (n < 1 || edges.length !== n + 1) {
    throw new InputError("histogram", `needs edges.length = masses.length + 1 ≥ 2`);
  }
  const cdf = new Float64Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const m = masses[i];
    if (!(m >= 0) || !Number.isFinite(m)) {
      throw new InputError("histogram.masses", `entry ${i} must be finite and >= 0, got ${m}`);
    }
    if (!(edges[i + 1] > edges[i])) {
      throw new InputError("histogram.edges", `must be strictly increasing (index ${i})`);
    }
    total += m;
    cdf[i + 1] = total;
  }
  if (!(total > 0)) throw new InputError("histogram", "has zero mass");
  for (let i = 1; i < n; i++) cdf[i] = Math.min(cdf[i] / total, 1);
  cdf[n] = 1;
  const quantile = (j: number, u: number): number => {
    const lo = cdf[j];
    const f = Math.min(1, Math.max(0, (u - lo) / (cdf[j + 1] - lo)));
    return edges[j] + f * (edges[j + 1] - edges[j]);
  };
  let i = 0; // point: i/N ≤ u < (i+1)/N
  let j = 0; // cell: cdf[j] ≤ u < cdf[j+1]
  let u = 0;
  let sum = 0;
  while (u < 1) {
    while (i < N - 1 && (i + 1) / N <= u) i++;
    while (j < n - 1 && cdf[j + 1] <= u) j++;
    const next = Math.min((i + 1) / N, cdf[j + 1]);
    if (!(next > u)) break; // only at u = 1
    const d0 = x[i] - quantile(j, u);
    const d1 = x[i] - quantile(j, next);
    sum += ((next - u) * (d0 * d0 + d0 * d1 + d1 * d1)) / 3;
    u = next;
  }
  return sum;
}

/** W₂ between N points (equal weights) and a 1D grid density, both normalised (see above). */
export function cloudW2Grid1d(
  points: ArrayLike<number>,
  grid: Grid,
  rho: ArrayLike<number>,
): number {
  return Math.sqrt(cloudW2Squared1d(points, histogramFromGrid(grid, rho)));
}

import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";

/**
 * A 1D histogram: cell masses on cells [edges[i], edges[i+1]] (increasing edges; cells may be
 * non-uniform and empty). Inside each cell the density is constant.
 */
export interface Histogram1d {
  edges: ArrayLike<number>;
  /** Mass of each cell (not the density): length edges.length − 1, entries ≥ 0. */
  masses: ArrayLike<number>;
}

export interface W2Options {
  /** Relative tolerance on |M_μ − M_ν|/max(M_μ, M_ν) (default 1e-9); larger → InputError. */
  massTolerance?: number;
}

/**
 * Squared quadratic Wasserstein distance between two piecewise-constant densities on the line,
 * exactly: W₂² = ∫₀¹ (Q_μ(u) − Q_ν(u))² du (Santambrogio 2015, §2.2). Both CDFs are piecewise
 * linear, so each quantile function is linear between the merged set of CDF break points
 * u_k; on [u_k, u_{k+1}] with end differences d₀, d₁ (taken inside the cells),
 *   ∫(Q_μ − Q_ν)² = Δu (d₀² + d₀d₁ + d₁²)/3.
 * The cells are located from the LEFT break point u_k (two-pointer sweep), never from the
 * midpoint, which is robust to adjacent floats near u = 1 (EXACT.md §J). Both measures are
 * normalised to probabilities; unequal masses raise an InputError. Cost O(n_μ + n_ν).
 */
export function w2Squared1d(mu: Histogram1d, nu: Histogram1d, options: W2Options = {}): number {
  const a = cumulative("mu", mu);
  const b = cumulative("nu", nu);
  const tol = options.massTolerance ?? 1e-9;
  if (Math.abs(a.total - b.total) > tol * Math.max(a.total, b.total)) {
    throw new InputError(
      "nu",
      `has mass ${b.total} but mu has ${a.total}; W2 needs equal masses (relative tolerance ${tol})`,
    );
  }
  const ea = mu.edges;
  const eb = nu.edges;
  const ca = a.cdf;
  const cb = b.cdf;
  const na = ca.length - 1;
  const nb = cb.length - 1;
  let i = 0; // cell of mu: ca[i] ≤ u < ca[i+1]
  let j = 0;
  let u = 0;
  let sum = 0;
  while (u < 1) {
    while (i < na - 1 && ca[i + 1] <= u) i++;
    while (j < nb - 1 && cb[j + 1] <= u) j++;
    const next = Math.min(ca[i + 1], cb[j + 1]);
    if (!(next > u)) break; // only at u = 1
    // Quantiles at both ends, linear inside the current cells.
    const qa0 = quantileIn(ea, ca, i, u);
    const qa1 = quantileIn(ea, ca, i, next);
    const qb0 = quantileIn(eb, cb, j, u);
    const qb1 = quantileIn(eb, cb, j, next);
    const d0 = qa0 - qb0;
    const d1 = qa1 - qb1;
    sum += ((next - u) * (d0 * d0 + d0 * d1 + d1 * d1)) / 3;
    u = next;
  }
  return sum;
}

/** W₂ (square root of `w2Squared1d`). */
export function w2Distance1d(mu: Histogram1d, nu: Histogram1d, options?: W2Options): number {
  return Math.sqrt(w2Squared1d(mu, nu, options));
}

/** The histogram of a 1D grid density (cell averages ρ_i → masses ρ_i h). */
export function histogramFromGrid(grid: Grid, rho: ArrayLike<number>): Histogram1d {
  if (grid.dim !== 1) {
    throw new InputError("grid", `W2 via quantiles needs a 1D grid, got ${grid.dim} axes`);
  }
  if (grid.radial) {
    throw new InputError(
      "grid.radial",
      "W2 via quantiles of the 1D histogram is not implemented on a radial grid (its shells have unequal measures)",
    );
  }
  grid.checkLength("rho", rho);
  const n = grid.n[0];
  const edges = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) edges[i] = grid.lo[0] + i * grid.h[0];
  edges[n] = grid.hi[0];
  const masses = new Float64Array(n);
  for (let i = 0; i < n; i++) masses[i] = rho[i] * grid.h[0];
  return { edges, masses };
}

/** W₂ between two densities on 1D grids (same or different grids). */
export function w2Grid1d(
  gridA: Grid,
  rhoA: ArrayLike<number>,
  gridB: Grid,
  rhoB: ArrayLike<number>,
  options?: W2Options,
): number {
  return w2Distance1d(histogramFromGrid(gridA, rhoA), histogramFromGrid(gridB, rhoB), options);
}

/** Normalised CDF at the edges (cdf[0] = 0, cdf[n] = 1 exactly) and the total mass. */
function cumulative(field: string, h: Histogram1d): { cdf: Float64Array; total: number } {
  const { edges, masses } = h;
  const n = masses.length;
  if (n < 1 || edges.length !== n + 1) {
    throw new InputError(
      field,
      `needs edges.length = masses.length + 1 ≥ 2, got ${edges.length} and ${n}`,
    );
  }
  for (let i = 0; i < n; i++) {
    if (
      !(edges[i + 1] > edges[i]) ||
      !Number.isFinite(edges[i + 1]) ||
      !Number.isFinite(edges[i])
    ) {
      throw new InputError(`${field}.edges`, `must be finite and strictly increasing (index ${i})`);
    }
  }
  const cdf = new Float64Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const m = masses[i];
    if (!(m >= 0) || !Number.isFinite(m)) {
      throw new InputError(`${field}.masses`, `entry ${i} must be finite and >= 0, got ${m}`);
    }
    total += m;
    cdf[i + 1] = total;
  }
  if (!(total > 0)) throw new InputError(field, "has zero mass");
  for (let i = 1; i < n; i++) cdf[i] = Math.min(cdf[i] / total, 1);
  cdf[n] = 1;
  return { cdf, total };
}

/** Q(u) inside cell i (cdf[i] ≤ u ≤ cdf[i+1], cdf[i+1] > cdf[i]). */
function quantileIn(edges: ArrayLike<number>, cdf: Float64Array, i: number, u: number): number {
  const lo = cdf[i];
  const hi = cdf[i + 1];
  const f = Math.min(1, Math.max(0, (u - lo) / (hi - lo)));
  return edges[i] + f * (edges[i + 1] - edges[i]);
}

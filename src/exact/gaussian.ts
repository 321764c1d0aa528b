import { InputError, requireNumber } from "../errors.js";
import { cellAverages as quadratureCellAverages } from "../grid/density.js";
import type { Grid } from "../grid/grid.js";
import { gaussianIntervalMass } from "./erf.js";
import { inverseSpd, logDetSpd, requireSpd, trace, type Mat } from "./symmetricMatrix.js";

/**
 * A Gaussian measure on ℝ^d with any mass (the cone 𝓜₊ of EXACT.md §0):
 *   ρ(x) = M (2π)^{−d/2} det(Σ)^{−1/2} exp(−½ (x−μ)ᵀ Σ^{−1} (x−μ)).
 *
 * Cell averages (what a grid solution must be compared with, EXACT.md §0.1): for a diagonal
 * Σ they are exact products of 1D erf differences; for a non-diagonal Σ they use tensor
 * Gauss–Legendre quadrature (src/grid/density.ts), whose error for cells of width h is of
 * order (h/σ_min)^{2q} — below 1e-12 relative for h ≤ σ_min/2 and the default q = 8.
 */
export class Gaussian {
  readonly dim: number;
  readonly mass: number;
  readonly mean: readonly number[];
  readonly cov: readonly (readonly number[])[];
  /** Σ^{−1}. */
  readonly precision: readonly (readonly number[])[];
  /** log det Σ. */
  readonly logDetCov: number;
  /** log of the prefactor M (2π)^{−d/2} det(Σ)^{−1/2}. */
  private readonly logPrefactor: number;

  constructor(mean: ArrayLike<number>, cov: Mat | number, mass = 1) {
    const mu = Array.from(mean);
    if (mu.length < 1 || mu.length > 3) {
      throw new InputError("gaussian.mean", `must have 1 to 3 entries, got ${mu.length}`);
    }
    mu.forEach((v, a) => requireNumber(`gaussian.mean[${a}]`, v));
    const d = mu.length;
    let sigma: Mat;
    if (typeof cov === "number") {
      requireNumber("gaussian.cov", cov, { min: 0, exclusiveMin: true });
      sigma = Array.from({ length: d }, (_, i) =>
        Array.from({ length: d }, (_, j) => (i === j ? cov : 0)),
      );
    } else {
      sigma = requireSpd("gaussian.cov", cov, d);
    }
    requireNumber("gaussian.mass", mass, { min: 0, exclusiveMin: true });
    this.dim = d;
    this.mass = mass;
    this.mean = mu;
    this.cov = sigma;
    this.precision = inverseSpd(sigma);
    this.logDetCov = logDetSpd(sigma);
    this.logPrefactor = Math.log(mass) - 0.5 * (d * Math.log(2 * Math.PI) + this.logDetCov);
  }

  /** log ρ(x). */
  logDensity(x: ArrayLike<number>): number {
    const d = this.dim;
    const P = this.precision;
    let q = 0;
    for (let i = 0; i < d; i++) {
      const ui = x[i] - this.mean[i];
      for (let j = 0; j < d; j++) q += ui * P[i][j] * (x[j] - this.mean[j]);
    }
    return this.logPrefactor - 0.5 * q;
  }

  /** ρ(x) (point value). */
  density(x: ArrayLike<number>): number {
    return Math.exp(this.logDensity(x));
  }

  /** True if Σ has no off-diagonal entries (then cell averages are exact erf products). */
  isDiagonal(): boolean {
    for (let i = 0; i < this.dim; i++)
      for (let j = 0; j < this.dim; j++) if (i !== j && this.cov[i][j] !== 0) return false;
    return true;
  }

  /**
   * Cell averages (1/|cell|)∫_cell ρ on `grid` (whole-space solution; the box is not folded
   * back). Diagonal Σ: exact (erf products, ≈ 1e-16 relative per factor). Otherwise tensor
   * Gauss–Legendre with `order` points per axis.
   */
  cellAverages(grid: Grid, order = 8): Float64Array {
    if (grid.dim !== this.dim) {
      throw new InputError("grid", `has ${grid.dim} axes but the Gaussian has ${this.dim}`);
    }
    if (!this.isDiagonal()) return quadratureCellAverages(grid, (x) => this.density(x), order);
    const factors = this.axisCellAverages(grid);
    return tensorProduct(grid, factors, this.mass);
  }

  /**
   * Exact 1D cell averages of the marginal N(μ_a, Σ_aa) with unit mass, per axis:
   * factors[a][i] = (1/h_a)·P(x_a ∈ cell i).
   */
  axisCellAverages(grid: Grid): Float64Array[] {
    return Array.from({ length: this.dim }, (_, a) => {
      const n = grid.n[a];
      const h = grid.h[a];
      const s = Math.sqrt(this.cov[a][a]);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const lo = grid.lo[a] + i * h;
        out[i] = gaussianIntervalMass(lo, lo + h, this.mean[a], s) / h;
      }
      return out;
    });
  }

  /** Boltzmann entropy H = ∫ρ log ρ = M log M − (M/2)(d log(2πe) + log det Σ). */
  entropy(): number {
    const M = this.mass;
    return M * Math.log(M) - 0.5 * M * (this.dim * Math.log(2 * Math.PI * Math.E) + this.logDetCov);
  }

  /** Fisher information ∫|∇ρ|²/ρ = M tr(Σ^{−1}). */
  fisherInformation(): number {
    return this.mass * trace(this.precision as Mat);
  }

  /** Second moment ∫|x|²ρ = M(|μ|² + tr Σ). */
  secondMoment(): number {
    return this.mass * (this.mean.reduce((s, v) => s + v * v, 0) + trace(this.cov as Mat));
  }

  /** Same Gaussian with another mass. */
  withMass(mass: number): Gaussian {
    return new Gaussian(this.mean, this.cov as Mat, mass);
  }
}

/** out[k] = scale · Π_a factors[a][i_a] for the multi-index (i_0, …) of cell k. */
export function tensorProduct(grid: Grid, factors: Float64Array[], scale = 1): Float64Array {
  const out = new Float64Array(grid.size);
  const [f0, f1, f2] = factors;
  if (grid.dim === 1) {
    for (let i = 0; i < grid.n[0]; i++) out[i] = scale * f0[i];
  } else if (grid.dim === 2) {
    const n1 = grid.n[1];
    for (let i = 0; i < grid.n[0]; i++) {
      const a = scale * f0[i];
      for (let j = 0; j < n1; j++) out[i * n1 + j] = a * f1[j];
    }
  } else {
    const n1 = grid.n[1];
    const n2 = grid.n[2];
    for (let i = 0; i < grid.n[0]; i++)
      for (let j = 0; j < n1; j++) {
        const a = scale * f0[i] * f1[j];
        const base = (i * n1 + j) * n2;
        for (let k = 0; k < n2; k++) out[base + k] = a * f2[k];
      }
  }
  return out;
}

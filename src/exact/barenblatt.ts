import { InputError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import type { ExactSolution } from "./exactSolution.js";
import { gamma } from "./gamma.js";
import { radialPowerAverages } from "./radialProfileAverages.js";
import {
  radialBoxIntegrals,
  RadialPowerIntegrator,
  type RadialPowerOptions,
} from "./radialPowerIntegral.js";

/**
 * ∫_{ℝ^d} |y|^{2j} (C − k|y|²)₊^q dy
 *   = π^{d/2} Γ(j + d/2) Γ(q + 1) / (Γ(d/2) Γ(q + 1 + j + d/2)) · C^{q+j+d/2} k^{−j−d/2}
 * (EXACT.md §C; polar coordinates and a Beta integral), for q > −1.
 */
export function radialPowerMoment(d: number, j: number, q: number, C: number, k: number): number {
  return (
    ((Math.PI ** (d / 2) * gamma(j + d / 2) * gamma(q + 1)) /
      (gamma(d / 2) * gamma(q + 1 + j + d / 2))) *
    C ** (q + j + d / 2) *
    k ** (-j - d / 2)
  );
}

export interface BarenblattOptions {
  /** Space dimension d ≥ 1 (Cartesian grids have 1–3 axes; radial grids any d). */
  dim: number;
  /** Porous-medium exponent m > 1. */
  m: number;
  /** Mass M > 0 (default 1). */
  mass?: number;
}

/**
 * Barenblatt (Zel'dovich–Kompaneets–Barenblatt) solution of the porous-medium equation
 * ∂ρ/∂t = Δ(ρ^m), m > 1, in ℝ^d (no prefactor; the Wasserstein flow of ∫ρ^m/(m−1)):
 *   U(t, x) = t^{−α} (C − k|x|² t^{−2β})₊^p,   p = 1/(m−1),
 *   α = d/(d(m−1) + 2),  β = α/d,  k = α(m−1)/(2md),
 * with C fixed by the mass, C = [M k^{d/2} Γ(p+1+d/2) / (π^{d/2} Γ(p+1))]^{1/(p+d/2)}.
 * U → Mδ₀ as t → 0; the time t here is the Barenblatt time (> 0): a run started from
 * U(t₀) compares with U(t₀ + t) (see `shiftTime`).
 * The formulas hold in every dimension d ≥ 1; cell averages are on Cartesian grids with d
 * axes (d ≤ 3) or on radial grids of space dimension d (grid/radial.ts).
 * Sources: Barenblatt, Prikl. Mat. Mekh. 16 (1952); Vázquez, The Porous Medium Equation
 * (Oxford 2007), ch. 4; constants as in EXACT.md §C.
 */
export class Barenblatt implements ExactSolution {
  readonly dim: number;
  readonly m: number;
  readonly mass: number;
  readonly p: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
  readonly C: number;
  private integrator: RadialPowerIntegrator | null = null;

  constructor(options: BarenblattOptions) {
    const { dim, m } = options;
    const mass = options.mass ?? 1;
    if (!Number.isInteger(dim) || dim < 1) {
      throw new InputError("dim", `must be an integer >= 1, got ${String(dim)}`);
    }
    requireNumber("m", m, { min: 1, exclusiveMin: true });
    requireNumber("mass", mass, { min: 0, exclusiveMin: true });
    const d = dim;
    this.dim = d;
    this.m = m;
    this.mass = mass;
    this.p = 1 / (m - 1);
    this.alpha = d / (d * (m - 1) + 2);
    this.beta = this.alpha / d;
    this.k = (this.alpha * (m - 1)) / (2 * m * d);
    const p = this.p;
    this.C =
      ((mass * this.k ** (d / 2) * gamma(p + 1 + d / 2)) / (Math.PI ** (d / 2) * gamma(p + 1))) **
      (1 / (p + d / 2));
  }

  private checkTime(t: number): void {
    requireNumber("t", t, { min: 0, exclusiveMin: true });
  }

  /** U(t, x). */
  density(t: number, x: ArrayLike<number>): number {
    this.checkTime(t);
    // x ∈ ℝ^d, or fewer coordinates (the rest 0): x = [r] on a radial grid.
    let r2 = 0;
    const na = Math.min(x.length, this.dim);
    for (let a = 0; a < na; a++) r2 += x[a] * x[a];
    const base = this.C - this.k * r2 * t ** (-2 * this.beta);
    return base > 0 ? t ** -this.alpha * base ** this.p : 0;
  }

  densityAt(t: number): (x: ArrayLike<number>) => number {
    this.checkTime(t);
    const scale = t ** -this.alpha;
    const kt = this.k * t ** (-2 * this.beta);
    const { C, p, dim } = this;
    return (x) => {
      let r2 = 0;
      const na = Math.min(x.length, dim);
      for (let a = 0; a < na; a++) r2 += x[a] * x[a];
      const base = C - kt * r2;
      return base > 0 ? scale * base ** p : 0;
    };
  }

  /** Maximum U(t, 0) = t^{−α} C^p. */
  maxDensity(t: number): number {
    this.checkTime(t);
    return t ** -this.alpha * this.C ** this.p;
  }

  /** Support radius R(t) = √(C/k) t^β. */
  radius(t: number): number {
    this.checkTime(t);
    return Math.sqrt(this.C / this.k) * t ** this.beta;
  }

  /** ∫|x|²U = M d(m−1)/(d(m−1) + 2m) R(t)². */
  secondMoment(t: number): number {
    const { dim: d, m } = this;
    return ((this.mass * d * (m - 1)) / (d * (m - 1) + 2 * m)) * this.radius(t) ** 2;
  }

  /** F(U) = (1/(m−1))∫U^m = I_{0,p+1}(C, k) t^{−α(m−1)}/(m−1). */
  energy(t: number): number {
    this.checkTime(t);
    const { dim: d, m, p } = this;
    return (
      (radialPowerMoment(d, 0, p + 1, this.C, this.k) * t ** (-this.alpha * (m - 1))) / (m - 1)
    );
  }

  /** dF/dt = −α(m−1)F/t (= −∫U|∇P|², P = m/(m−1)U^{m−1}). */
  energyRate(t: number): number {
    return (-this.alpha * (this.m - 1) * this.energy(t)) / t;
  }

  /** Dissipation ∫U|∇P|² = (2km/(m−1))² t^{−2α(m−1)−4β} ∫|x|²U. */
  dissipation(t: number): number {
    const { m, k, alpha, beta } = this;
    return (
      ((2 * k * m) / (m - 1)) ** 2 * t ** (-2 * alpha * (m - 1) - 4 * beta) * this.secondMoment(t)
    );
  }

  /**
   * Exact cell averages of U(t, ·) on `grid` (whole space; the support must fit in the box for
   * the grid mass to equal M). Each cell integral is ∫_cell A(R² − |x|²)₊^p with
   * A = t^{−α}(k t^{−2β})^p, computed by `RadialPowerIntegrator` (break points at the front
   * located exactly; ≲ 1e-15 of the peak for m = 2, ≲ 1e-12 for m = 3 with the default rules),
   * once per symmetry orbit of cells.
   */
  cellAverages(grid: Grid, t: number, options?: RadialPowerOptions): Float64Array {
    this.checkTime(t);
    if (grid.radial) {
      // Shell averages (radialProfileAverages.ts): A·(R² − r²)₊^p with R² = C/(k t^{−2β}).
      if (grid.radial.dim !== this.dim) {
        throw new InputError(
          "grid",
          `is radial in d = ${grid.radial.dim} but the Barenblatt profile has d = ${this.dim}`,
        );
      }
      const kt = this.k * t ** (-2 * this.beta);
      const A = t ** -this.alpha * kt ** this.p;
      const out = radialPowerAverages(grid.radial, this.C / kt, this.p);
      for (let c = 0; c < out.length; c++) out[c] *= A;
      return out;
    }
    if (grid.dim !== this.dim) {
      throw new InputError(
        "grid",
        `has ${grid.dim} axes but the Barenblatt profile has ${this.dim}`,
      );
    }
    const integ = options
      ? new RadialPowerIntegrator(this.p, options)
      : (this.integrator ??= new RadialPowerIntegrator(this.p));
    const kt = this.k * t ** (-2 * this.beta);
    const A = t ** -this.alpha * kt ** this.p;
    const out = radialBoxIntegrals(grid, this.C / kt, integ);
    const scale = A / grid.cellVolume;
    for (let c = 0; c < out.length; c++) out[c] *= scale;
    return out;
  }
}

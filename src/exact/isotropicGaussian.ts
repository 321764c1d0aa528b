import { InputError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import type { ExactSolution } from "./exactSolution.js";

/**
 * A centred isotropic Gaussian M·N(0, s²I_d) on ℝ^d, any d ≥ 1 — the radially symmetric
 * Gaussians of radial grids (grid/radial.ts, docs/radial.md):
 *
 *   ρ(x) = M (2πs²)^{−d/2} exp(−|x|²/(2s²)),
 *   H = ∫ρ log ρ = M log M − (M/2)·d·log(2πe s²),   ∫|x|²ρ = M d s²,
 *   KL(M₁N(0,s₁²I) ‖ M₂N(0,s₂²I)) = M₁ log(M₁/M₂) + M₁(d/2)(s₁²/s₂² − 1 − log(s₁²/s₂²)) − M₁ + M₂
 *
 * (the KL on 𝓜₊ of EXACT.md §B, restricted to isotropic covariances).
 */
export class IsotropicGaussian {
  constructor(
    readonly dim: number,
    /** Variance s² per axis. */
    readonly variance: number,
    readonly mass = 1,
  ) {
    if (!Number.isInteger(dim) || dim < 1) {
      throw new InputError("dim", `must be an integer >= 1, got ${dim}`);
    }
    requireNumber("variance", variance, { min: 0, exclusiveMin: true });
    requireNumber("mass", mass, { min: 0, exclusiveMin: true });
  }

  /** ρ at radius r. */
  densityAtRadius(r: number): number {
    const s2 = this.variance;
    return this.mass * Math.exp(-0.5 * this.dim * Math.log(2 * Math.PI * s2) - (r * r) / (2 * s2));
  }

  /** ρ(x) for x ∈ ℝ^d, or fewer coordinates (the rest 0): x = [r] on a radial grid. */
  density(x: ArrayLike<number>): number {
    let r2 = 0;
    const n = Math.min(x.length, this.dim);
    for (let a = 0; a < n; a++) r2 += x[a] * x[a];
    return this.densityAtRadius(Math.sqrt(r2));
  }

  /**
   * Shell averages on a radial grid of dimension d: Gauss–Legendre in r with weight r^{d−1}
   * (RadialCells.cellAverages), 16 + ⌈d/2⌉ points per cell on panels no wider than s/2, so the
   * error is far below 1e-14 relative (the integrand is entire; GL converges like
   * (h/(4s))^{2q}/(2q)!).
   */
  cellAverages(grid: Grid): Float64Array {
    const cells = grid.radial;
    if (!cells || cells.dim !== this.dim) {
      throw new InputError(
        "grid",
        `an isotropic Gaussian in d = ${this.dim} needs a radial grid of that dimension`,
      );
    }
    const s = Math.sqrt(this.variance);
    const panels = Math.max(1, Math.ceil((2 * cells.h) / s));
    return cells.cellAverages(
      (r) => this.densityAtRadius(r),
      Math.min(64, 16 + Math.ceil(this.dim / 2)),
      panels,
    );
  }

  /** H = ∫ρ log ρ. */
  entropy(): number {
    const M = this.mass;
    return M * Math.log(M) - 0.5 * M * this.dim * Math.log(2 * Math.PI * Math.E * this.variance);
  }

  /** ∫|x|²ρ = M d s². */
  secondMoment(): number {
    return this.mass * this.dim * this.variance;
  }

  /** KL(this ‖ other) on 𝓜₊ (same d). */
  kl(other: IsotropicGaussian): number {
    const q = this.variance / other.variance;
    const M1 = this.mass;
    const M2 = other.mass;
    return M1 * Math.log(M1 / M2) + 0.5 * M1 * this.dim * (q - 1 - Math.log(q)) - M1 + M2;
  }
}

/**
 * A path of centred isotropic Gaussians M·N(0, s²(t)I_d) as an exact solution on radial
 * grids (density(t, x) takes x ∈ ℝ^d or x = [r]):
 * - heat ∂ρ/∂t = Δρ: s²(t) = s₀² + 2t (EXACT.md §A);
 * - Ornstein–Uhlenbeck with V = (a/2)|x|²: s²(t) = 1/a + e^{−2at}(s₀² − 1/a) (EXACT.md §B with
 *   A = aI, centre 0).
 */
export class IsotropicGaussianPath implements ExactSolution {
  readonly dim: number;
  readonly mass: number;

  private constructor(
    readonly initial: IsotropicGaussian,
    readonly variance: (t: number) => number,
  ) {
    this.dim = initial.dim;
    this.mass = initial.mass;
  }

  static heat(initial: IsotropicGaussian): IsotropicGaussianPath {
    return new IsotropicGaussianPath(initial, (t) => initial.variance + 2 * t);
  }

  static ornsteinUhlenbeck(initial: IsotropicGaussian, a: number): IsotropicGaussianPath {
    requireNumber("a", a, { min: 0, exclusiveMin: true });
    const s0 = initial.variance;
    return new IsotropicGaussianPath(initial, (t) => 1 / a + Math.exp(-2 * a * t) * (s0 - 1 / a));
  }

  at(t: number): IsotropicGaussian {
    const v = this.variance(t);
    if (!(v > 0)) throw new InputError("t", `is before the Gaussian collapses (s²(t) = ${v})`);
    return new IsotropicGaussian(this.dim, v, this.mass);
  }

  density(t: number, x: ArrayLike<number>): number {
    return this.at(t).density(x);
  }

  densityAt(t: number): (x: ArrayLike<number>) => number {
    const g = this.at(t);
    return (x) => g.density(x);
  }

  cellAverages(grid: Grid, t: number): Float64Array {
    return this.at(t).cellAverages(grid);
  }
}

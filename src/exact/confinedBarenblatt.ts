import { requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { Barenblatt, radialPowerMoment, type BarenblattOptions } from "./barenblatt.js";
import type { ExactSolution } from "./exactSolution.js";
import { gamma } from "./gamma.js";
import { radialBoxIntegrals, RadialPowerIntegrator } from "./radialPowerIntegral.js";

export interface ConfinedBarenblattOptions extends BarenblattOptions {
  /** Barenblatt time of the initial datum ρ(0) = U(τ₀) (> 0). τ₀ = 1/λ gives ρ∞. */
  tau0: number;
}

/**
 * Confined porous-medium equation ∂ρ/∂t = Δρ^m + div(ρx) (V = |x|²/2), the Wasserstein flow of
 * ∫ρ^m/(m−1) + ½∫|x|²ρ. Exact solution for all t ≥ 0 (rescaled Barenblatt; Carrillo & Toscani,
 * Indiana Univ. Math. J. 49 (2000); EXACT.md §C):
 *   ρ(t, x) = e^{dt} U(τ(t), e^t x),   τ(t) = τ₀ + (e^{λt} − 1)/λ,   λ = d(m−1) + 2,
 * support radius e^{−t}R(τ(t)), stationary profile ρ∞ = (C∞ − (m−1)/(2m)|x|²)₊^{1/(m−1)}.
 */
export class ConfinedBarenblatt implements ExactSolution {
  readonly dim: number;
  readonly mass: number;
  readonly lambda: number;
  readonly tau0: number;
  readonly barenblatt: Barenblatt;
  /** k∞ = (m−1)/(2m) and C∞ of the stationary profile. */
  readonly kInf: number;
  readonly cInf: number;
  private readonly integrator: RadialPowerIntegrator;

  constructor(options: ConfinedBarenblattOptions) {
    this.barenblatt = new Barenblatt(options);
    this.tau0 = requireNumber("tau0", options.tau0, { min: 0, exclusiveMin: true });
    const { dim: d, m, p, mass } = this.barenblatt;
    this.dim = d;
    this.mass = mass;
    this.lambda = d * (m - 1) + 2;
    this.kInf = (m - 1) / (2 * m);
    // M = I_{0,p}(C∞, k∞) solved for C∞.
    this.cInf =
      ((mass * this.kInf ** (d / 2) * gamma(p + 1 + d / 2)) /
        (Math.PI ** (d / 2) * gamma(p + 1))) **
      (1 / (p + d / 2));
    this.integrator = new RadialPowerIntegrator(p);
  }

  /** τ(t) = τ₀ + (e^{λt} − 1)/λ. */
  tau(t: number): number {
    return this.tau0 + Math.expm1(this.lambda * t) / this.lambda;
  }

  density(t: number, x: ArrayLike<number>): number {
    const s = Math.exp(t);
    const y = Array.from({ length: this.dim }, (_, a) => s * x[a]);
    return Math.exp(this.dim * t) * this.barenblatt.density(this.tau(t), y);
  }

  densityAt(t: number): (x: ArrayLike<number>) => number {
    return (x) => this.density(t, x);
  }

  /** Support radius e^{−t} R(τ(t)). */
  radius(t: number): number {
    return Math.exp(-t) * this.barenblatt.radius(this.tau(t));
  }

  /**
   * Exact cell averages: (1/|cell|)∫_cell e^{dt}U(τ, e^t x)dx = (1/|cell|)∫_{e^t·cell} U(τ, y)dy.
   */
  cellAverages(grid: Grid, t: number): Float64Array {
    const B = this.barenblatt;
    const tau = this.tau(t);
    const kt = B.k * tau ** (-2 * B.beta);
    const A = tau ** -B.alpha * kt ** B.p;
    const out = radialBoxIntegrals(grid, B.C / kt, this.integrator, Math.exp(t));
    const scale = A / grid.cellVolume;
    for (let c = 0; c < out.length; c++) out[c] *= scale;
    return out;
  }

  /** ρ∞(x) = (C∞ − k∞|x|²)₊^p. */
  stationaryDensity(x: ArrayLike<number>): number {
    let r2 = 0;
    for (let a = 0; a < this.dim; a++) r2 += x[a] * x[a];
    const base = this.cInf - this.kInf * r2;
    return base > 0 ? base ** this.barenblatt.p : 0;
  }

  /** 𝓕(t) = e^{d(m−1)t} F_B(τ) + ½ e^{−2t} M_{2,B}(τ). */
  freeEnergy(t: number): number {
    const B = this.barenblatt;
    const tau = this.tau(t);
    return (
      Math.exp(this.dim * (B.m - 1) * t) * B.energy(tau) +
      0.5 * Math.exp(-2 * t) * B.secondMoment(tau)
    );
  }

  /** 𝓕(ρ∞) = I_{0,p+1}(C∞, k∞)/(m−1) + ½ I_{1,p}(C∞, k∞). */
  stationaryFreeEnergy(): number {
    const { dim: d, m, p } = this.barenblatt;
    return (
      radialPowerMoment(d, 0, p + 1, this.cInf, this.kInf) / (m - 1) +
      0.5 * radialPowerMoment(d, 1, p, this.cInf, this.kInf)
    );
  }
}

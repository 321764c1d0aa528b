import { InputError, requireNumber } from "../errors.js";
import { GaussianPathBase } from "./exactSolution.js";
import { Gaussian } from "./gaussian.js";
import { klGaussians } from "./klGaussian.js";
import {
  inverseSpd,
  matAdd,
  matMul,
  matVec,
  requireSpd,
  symmetricEigen,
  symmetrize,
  trace,
  type Mat,
} from "./symmetricMatrix.js";

export interface OrnsteinUhlenbeckOptions {
  /** SPD matrix of the quadratic potential V(x) = ½(x−m)ᵀA(x−m) (non-diagonal allowed). */
  A: Mat;
  /** Centre m of the potential (default 0). */
  center?: number[];
  /** Initial Gaussian ρ₀ = M N(μ₀, Σ₀) (its mass is conserved). */
  initial: Gaussian;
}

/**
 * Fokker–Planck equation ∂ρ/∂t = Δρ + div(ρ∇V), V(x) = ½(x−m)ᵀA(x−m), A SPD — the
 * Wasserstein flow of KL(ρ‖π), π ∝ e^{−V}; the law of dX = −A(X−m)dt + √2 dW
 * (Risken 1989; EXACT.md §B). From ρ₀ = M N(μ₀, Σ₀), with E_t = e^{−At} (eigendecomposition):
 *   μ(t) = m + E_t(μ₀ − m),   Σ(t) = A⁻¹ + E_t(Σ₀ − A⁻¹)E_t   (solves Σ' = 2I − AΣ − ΣA),
 * stationary state π = M N(m, A⁻¹), Z = ∫e^{−V} = (2π)^{d/2} det(A)^{−1/2}.
 */
export class OrnsteinUhlenbeck extends GaussianPathBase {
  readonly dim: number;
  readonly mass: number;
  readonly A: Mat;
  readonly center: number[];
  readonly initial: Gaussian;
  /** A⁻¹, the stationary covariance. */
  readonly stationaryCov: Mat;
  private readonly eig: { values: number[]; vectors: Mat };

  constructor(options: OrnsteinUhlenbeckOptions) {
    super();
    const { initial } = options;
    const d = initial.dim;
    this.A = requireSpd("A", options.A, d);
    const m = options.center ?? new Array<number>(d).fill(0);
    if (m.length !== d) throw new InputError("center", `must have ${d} entries, got ${m.length}`);
    m.forEach((v, a) => requireNumber(`center[${a}]`, v));
    this.dim = d;
    this.mass = initial.mass;
    this.center = [...m];
    this.initial = initial;
    this.eig = symmetricEigen(this.A);
    this.stationaryCov = inverseSpd(this.A);
  }

  /** E_t = e^{−At} = V diag(e^{−λt}) Vᵀ. */
  propagator(t: number): Mat {
    requireNumber("t", t);
    const { values, vectors } = this.eig;
    const d = this.dim;
    const f = values.map((l) => Math.exp(-l * t));
    return Array.from({ length: d }, (_, i) =>
      Array.from({ length: d }, (_, j) => {
        let s = 0;
        for (let k = 0; k < d; k++) s += vectors[i][k] * f[k] * vectors[j][k];
        return s;
      }),
    );
  }

  override mean(t: number): number[] {
    const E = this.propagator(t);
    const dm = this.initial.mean.map((v, a) => v - this.center[a]);
    return matVec(E, dm).map((v, a) => v + this.center[a]);
  }

  override cov(t: number): number[][] {
    const E = this.propagator(t);
    const diff = matAdd(this.initial.cov as Mat, this.stationaryCov, -1);
    return symmetrize(matAdd(this.stationaryCov, matMul(matMul(E, diff), E)));
  }

  at(t: number): Gaussian {
    return new Gaussian(this.mean(t), this.cov(t), this.mass);
  }

  /** π = M N(m, A⁻¹) (or with another mass). */
  stationary(mass = this.mass): Gaussian {
    return new Gaussian(this.center, this.stationaryCov, mass);
  }

  /** Z = ∫ e^{−V} = (2π)^{d/2} det(A)^{−1/2}. */
  normaliser(): number {
    const det = this.eig.values.reduce((p, l) => p * l, 1);
    return (2 * Math.PI) ** (this.dim / 2) / Math.sqrt(det);
  }

  /**
   * KL(ρ_t‖π) on 𝓜₊ with π = piMass·N(m, A⁻¹) (default: π has the mass of ρ, then this is
   * M·KL(N(μ(t),Σ(t))|N(m,A⁻¹))).
   */
  kl(t: number, piMass = this.mass): number {
    return klGaussians(this.at(t), this.stationary(piMass));
  }

  /**
   * Relative Fisher information 𝓘(ρ_t|π) = ∫ρ|∇log(ρ/π)|²
   *   = M [tr((A − Σ⁻¹)Σ(A − Σ⁻¹)) + |A(μ − m)|²]   (independent of the mass of π).
   */
  relativeFisher(t: number): number {
    const S = this.cov(t);
    const B = matAdd(this.A, inverseSpd(S), -1);
    const tr = trace(matMul(matMul(B, S), B));
    const Adm = matVec(
      this.A,
      this.mean(t).map((v, a) => v - this.center[a]),
    );
    return this.mass * (tr + Adm.reduce((s, v) => s + v * v, 0));
  }

  /** d/dt KL(ρ_t‖π) = −𝓘(ρ_t|π). */
  klRate(t: number): number {
    return -this.relativeFisher(t);
  }

  /** Bakry–Émery bound e^{−2λ_min(A) t} KL(ρ₀‖π) ≥ KL(ρ_t‖π). */
  bakryEmeryBound(t: number): number {
    return Math.exp(-2 * this.eig.values[0] * t) * this.kl(0);
  }
}

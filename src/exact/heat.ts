import { InputError, requireNumber } from "../errors.js";
import { GaussianPathBase } from "./exactSolution.js";
import { Gaussian } from "./gaussian.js";
import { inverseSpd, matAdd, identity, trace, type Mat } from "./symmetricMatrix.js";

/**
 * Heat flow ∂ρ/∂t = Δρ (diffusion coefficient 1, the Wasserstein flow of ∫ρ log ρ) in ℝ^d
 * from a Gaussian ρ₀ = M N(μ₀, Σ₀) (EXACT.md §A):
 *   ρ_t = M N(μ₀, Σ₀ + 2t I)   (convolution with the heat kernel N(0, 2tI)),
 *   H(ρ_t) = M log M − (M/2)(d log(2πe) + log det(Σ₀ + 2tI)),
 *   dH/dt = −𝓘(ρ_t) = −M tr((Σ₀ + 2tI)^{−1})   (de Bruijn's identity; Stam 1959).
 * Defined for t > −λ_min(Σ₀)/2; negative t is accepted down to that limit.
 */
export class HeatGaussian extends GaussianPathBase {
  readonly dim: number;
  readonly mass: number;

  constructor(readonly initial: Gaussian) {
    super();
    this.dim = initial.dim;
    this.mass = initial.mass;
  }

  /** Σ₀ + 2tI. */
  override cov(t: number): number[][] {
    requireNumber("t", t);
    return matAdd(this.initial.cov as Mat, identity(this.dim), 2 * t);
  }

  at(t: number): Gaussian {
    try {
      return new Gaussian(this.initial.mean, this.cov(t), this.mass);
    } catch (e) {
      if (e instanceof InputError && e.field === "gaussian.cov") {
        throw new InputError("t", `is before the Gaussian collapses (Σ₀ + 2tI not SPD): ${t}`);
      }
      throw e;
    }
  }

  /** Entropy H(ρ_t) = ∫ρ_t log ρ_t. */
  entropy(t: number): number {
    return this.at(t).entropy();
  }

  /** dH/dt = −M tr((Σ₀ + 2tI)^{−1}). */
  entropyRate(t: number): number {
    return -this.mass * trace(inverseSpd(this.cov(t)));
  }
}

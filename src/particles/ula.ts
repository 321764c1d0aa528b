import type { Grid } from "../grid/grid.js";
import { confine, type ParticleCloud } from "./cloud.js";
import { LinearGradientPotential, type ParticlePotential } from "./potential.js";
import type { Random } from "./random.js";
import { ensureLength, type ParticleSampler } from "./sampler.js";

/**
 * Unadjusted Langevin algorithm (Euler–Maruyama for dX = −∇U(X)dt + √(2ν) dW), each
 * particle independently:
 *
 *   x ← x − γ∇U(x) + √(2γν) ξ,   ξ ~ N(0, I),
 *
 * then folded back into the box (reflecting no-flux walls, wrap-around on periodic axes: see
 * `confine`). Its law follows the Wasserstein gradient flow of F(ρ) = ∫Uρ + ν∫ρ log ρ
 * (Fokker–Planck ∂ρ/∂t = div(ρ∇U) + νΔρ) with a time error O(γ): the chain's invariant law
 * is not π ∝ e^{−U/ν}. For U = (x − m)²/(2σ²), ν = 1 its variance is
 * σ²/(1 − γ/(2σ²)) = σ² + γ/2 + O(γ²) (G. O. Roberts & R. L. Tweedie, Bernoulli 2, 1996;
 * A. Durmus & É. Moulines, Ann. Appl. Probab. 27, 2017). ν = 0 is plain gradient descent
 * of every particle (the flow of the potential energy alone).
 *
 * One normal per coordinate per step, drawn for the whole cloud in particle order
 * (`Random.fillNormal`), so the run is a function of the seed only. With a quadratic U in 1D
 * the update is one fused loop (the benchmark's figure).
 */
export class Ula implements ParticleSampler {
  readonly name = "ULA";
  private grad: Float64Array | null = null;
  private noise: Float64Array | null = null;

  constructor(
    private readonly grid: Grid,
    private readonly potential: ParticlePotential,
    /** ν ≥ 0: the weight of the entropy (temperature). */
    private readonly temperature: number,
  ) {}

  advance(cloud: ParticleCloud, dt: number, random: Random): void {
    const { positions, count, dim } = cloud;
    const len = count * dim;
    const x = positions;
    const s = Math.sqrt(2 * dt * this.temperature);
    const xi = (this.noise = ensureLength(this.noise, len));
    if (s > 0) random.fillNormal(xi, 0, len);
    else xi.fill(0, 0, len);
    const lin = this.potential instanceof LinearGradientPotential ? this.potential.scalar : null;
    if (lin !== null) {
      // x − γ(a x − b) + s ξ, fused.
      const { a, b } = lin;
      for (let k = 0; k < len; k++) x[k] = x[k] - dt * (a * x[k] - b) + s * xi[k];
    } else {
      const g = (this.grad = ensureLength(this.grad, len));
      this.potential.gradients(x, count, g);
      for (let k = 0; k < len; k++) x[k] = x[k] - dt * g[k] + s * xi[k];
    }
    confine(this.grid, x, count);
  }

  stats(): Record<string, number> {
    return {};
  }
}

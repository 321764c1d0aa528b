import type { HalfMMD } from "../energy/mmd.js";
import type { Grid } from "../grid/grid.js";
import type { Geometry } from "./geometry.js";
import { WassersteinGeometry, type WassersteinOptions } from "./wasserstein.js";
import { requireFlowWeights } from "./wfr.js";

export interface IftOptions {
  /** Weight α ≥ 0 of the transport part. */
  alpha: number;
  /** Weight β ≥ 0 of the reaction part (not both 0). */
  beta: number;
  /** Finite-volume options of the transport part (flux, limiter; wasserstein.ts). */
  wasserstein?: WassersteinOptions;
}

/**
 * Interaction-force transport (IFT) gradient flow of F = ½MMD²(ρ, π) (A. Gladin,
 * P. Dvurechensky, A. Mielke & J.-J. Zhu, "Interaction-force transport gradient flows",
 * NeurIPS 2024; docs/exact-solutions.md §F):
 *
 *   ∂ρ/∂t = α div(ρ∇k*(ρ − π)) − β(ρ − π).
 *
 * The reaction is the MMD ("de-kernelised Hellinger") geometry −β𝒦⁻¹ξ with ξ = k*(ρ − π),
 * i.e. −β(ρ − π): not the Hellinger flow −βρξ of the same energy. Since ⟨ξ, ρ − π⟩ = MMD²,
 *
 *   d/dt ½MMD² = −α∫ρ|∇k*(ρ − π)|² − β MMD²,   so  MMD(ρ_t, π) ≤ e^{−βt} MMD(ρ0, π),
 *
 * with equality iff α = 0 (then ρ_t = π + e^{−βt}(ρ0 − π)). The transport conserves mass, so
 * the mass obeys dM/dt = −β(M − M_π) exactly: M(t) = M_π + e^{−βt}(M0 − M_π), for any α.
 *
 * Discretisation: α × the finite-volume Wasserstein rate of the HalfMMD energy (which
 * dissipates the discrete ½MMD_h² for the upwind fluxes) plus β(π − ρ) with π the energy's
 * target cell averages. For the discrete energy F_h = ½Σ e(k*e)|cell|, e = ρ − π, the
 * reaction gives exactly dF_h/dt = −β MMD_h², so the semi-discrete bound holds on the grid.
 * Forward-Euler limit: the reaction keeps ρ_i(1 − βdt) + βdt π_i ≥ 0 for βdt ≤ 1, so
 * 1/dt = α/dt_W + β (each part's loss at a cell bounded by ρ_i over its own limit, as in
 * WfrGeometry). `rate` allocates nothing.
 */
export class IftGeometry implements Geometry {
  readonly name: string;
  readonly grid: Grid;
  readonly alpha: number;
  readonly beta: number;
  /** The transport part (null if α = 0). */
  readonly wasserstein: WassersteinGeometry | null;
  private readonly target: Float64Array;

  constructor(
    readonly energy: HalfMMD,
    options: IftOptions,
  ) {
    const { alpha, beta } = options;
    requireFlowWeights(alpha, beta);
    this.alpha = alpha;
    this.beta = beta;
    this.grid = energy.grid;
    this.target = energy.target;
    this.wasserstein = alpha > 0 ? new WassersteinGeometry(energy, options.wasserstein) : null;
    const parts: string[] = [];
    if (this.wasserstein) parts.push(this.wasserstein.name);
    if (beta > 0) parts.push("mmd-reaction");
    this.name = `ift(α=${alpha},β=${beta})[${parts.join("+")}]`;
  }

  rate(rho: Float64Array, out: Float64Array): number {
    const { alpha, beta, target } = this;
    let inv = beta;
    if (this.wasserstein) {
      const dtW = this.wasserstein.rate(rho, out);
      if (dtW !== dtW) return NaN;
      for (let i = 0; i < out.length; i++) out[i] = alpha * out[i] + beta * (target[i] - rho[i]);
      inv += alpha / dtW;
    } else {
      for (let i = 0; i < out.length; i++) out[i] = beta * (target[i] - rho[i]);
    }
    return inv > 0 ? 1 / inv : Infinity;
  }
}

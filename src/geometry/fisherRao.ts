import type { Energy } from "../energy/energy.js";
import { InputError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import type { Geometry } from "./geometry.js";
import { localStructure, powerDiffusivity } from "./localStructure.js";

export interface FisherRaoOptions {
  /**
   * β ≥ 0 multiplying the reaction term (default 1, the He² = 4∫(√μ−√ν)² normalisation;
   * 4 for ∫(√μ−√ν)², 8 for ½∫(√μ−√ν)², docs/exact-solutions.md §0). Must be > 0.
   */
  rate?: number;
  /** Spherical (mass-preserving, probability) flow: subtract the ρ-average of ξ (default false). */
  spherical?: boolean;
}

/**
 * Validated β and spherical flag of FisherRaoOptions (shared with the exact FR step), and
 * the name suffix they give ("-spherical", "(β=…)").
 */
export function fisherRaoSettings(options: FisherRaoOptions): {
  beta: number;
  spherical: boolean;
  suffix: string;
} {
  const beta = requireNumber("rate", options.rate ?? 1, { min: 0, exclusiveMin: true });
  const spherical = options.spherical ?? false;
  if (typeof spherical !== "boolean") {
    throw new InputError("spherical", `must be true or false, got ${String(spherical)}`);
  }
  return {
    beta,
    spherical,
    suffix: `${spherical ? "-spherical" : ""}${beta === 1 ? "" : `(β=${beta})`}`,
  };
}

/**
 * Hellinger / Fisher–Rao gradient flow (docs/exact-solutions.md §0, §D), cell by cell:
 *
 *   balanced  (on 𝓜₊):      ∂ρ/∂t = −β ρ ξ,
 *   spherical (probability): ∂ρ/∂t = −β ρ (ξ − ⟨ξ⟩_ρ),   ⟨ξ⟩_ρ = ∫ρξ / ∫ρ,
 *
 * with ξ = δF/δρ and β = `rate`. Metric normalisation: β = 1 is the gradient flow for the
 * metric ∫ρ̇²/ρ, whose distance is He²(μ₀, μ₁) = 4∫(√μ₀ − √μ₁)²; other normalisations of He
 * rescale time (β = 4 for ∫(√·−√·)², β = 8 for ½∫(√·−√·)²). Along the flow
 *
 *   balanced:  dF/dt = −β ∫ρ ξ²,              d(∫ρ)/dt = −β ∫ρ ξ,
 *   spherical: dF/dt = −β ∫ρ (ξ − ⟨ξ⟩_ρ)²,    d(∫ρ)/dt = 0.
 *
 * The spherical flow conserves mass exactly in the semi-discrete sense: ⟨ξ⟩ is the discrete
 * average Σρ_iξ_i / Σρ_i over the occupied cells, so Σ_i ρ_i(ξ_i − ⟨ξ⟩) = 0 up to rounding
 * (on a radial grid both sums carry the shell measures V_i).
 * (Spherical FR of KL: Lu, Lu & Nolen, "Accelerating Langevin sampling with birth-death",
 * arXiv 2019; Chen, Huang, Huang, Reich & Stuart, "Sampling via gradient flows in the space
 * of probability measures", arXiv 2023.)
 *
 * Vacuum: ρξ is set to 0 where ρ = 0, so the support never grows (nor does an empty cell
 * enter ⟨ξ⟩); ξ is built from the split ξ = ν log ρ + ψ (Energy) at occupied cells only,
 * so log 0 is never evaluated (docs/vacuum.md).
 *
 * `rate(ρ, out)` writes dρ/dt and returns the forward-Euler step limit 1/dt = β·max_i c_i
 * over the occupied cells, Infinity if no c_i > 0, with
 *
 *   c_i = ξ_i − s + ν + D(ρ_i),   s = ⟨ξ⟩ (spherical) or 0.
 *
 * - Positivity: ρ_i(1 − dt β(ξ_i − s)) ≥ 0 ⇔ dt ≤ 1/(β(ξ_i − s)⁺); since ν, D ≥ 0 the
 *   limit returned is never larger, so a forward-Euler step of that size keeps ρ ≥ 0.
 * - Local monotonicity: linearising the cell ODE ρ̇_i = −βρ_i(ξ_i − s) in ρ_i, a perturbation
 *   is multiplied by 1 − dtβ(ξ_i − s + ρ_i∂ξ_i/∂ρ_i) per Euler step, and ρ_i∂ξ_i/∂ρ_i =
 *   ν + D(ρ_i) for the entropy and power parts of the energy (D = Σ c m ρ^{m−1}, the power
 *   terms read from the pointwise description, localStructure.ts). Requiring a factor ≥ 0 is
 *   the analogue of the diffusion-resolution term of WassersteinGeometry. Without it the
 *   positivity limit alone tends to +∞ near the equilibrium ξ ≡ s (e.g. KL at ρ ≈ π) and the
 *   adaptive explicit step overshoots. Other ρ-dependences of ψ (interaction, MMD, inclusive
 *   KL, the rank-one ⟨ξ⟩ term) enter through positivity only: pass a fixed `dt` or `dtMax`
 *   to resolve them.
 *
 * ψ is evaluated once and reused when it does not depend on ρ (pointwise energies without
 * power terms, e.g. KL or entropy + potential). `rate` allocates nothing; it returns NaN if
 * dρ/dt is not finite at an occupied cell (the explicit scheme then names the cell).
 */
export class FisherRaoGeometry implements Geometry {
  readonly name: string;
  readonly grid: Grid;
  /** β. */
  readonly beta: number;
  readonly spherical: boolean;
  /** ν: the entropy weight of the energy. */
  readonly nu: number;
  /** True if ψ is evaluated once and reused. */
  readonly psiStatic: boolean;

  private readonly powers: { coef: number; m: number }[];
  private readonly psi: Float64Array;
  private psiReady = false;

  constructor(
    readonly energy: Energy,
    options: FisherRaoOptions = {},
  ) {
    this.grid = energy.grid;
    const { beta, spherical, suffix } = fisherRaoSettings(options);
    this.beta = beta;
    this.spherical = spherical;
    const nu = energy.entropyWeight;
    if (!(nu >= 0) || !Number.isFinite(nu)) {
      throw new InputError("energy.entropyWeight", `must be a finite number >= 0, got ${nu}`);
    }
    this.nu = nu;
    const structure = localStructure(energy);
    this.powers = structure.powers.filter((p) => p.coef !== 0);
    this.psiStatic = structure.psiStatic;
    this.psi = new Float64Array(this.grid.size);
    this.name = `fisher-rao${suffix}`;
  }

  rate(rho: Float64Array, out: Float64Array): number {
    if (rho.length !== this.grid.size || out.length !== this.grid.size) {
      this.grid.checkLength("rho", rho);
      this.grid.checkLength("out", out);
    }
    if (!this.psiStatic || !this.psiReady) {
      this.energy.smoothVariation(rho, this.psi);
      this.psiReady = true;
    }
    const psi = this.psi;
    const nu = this.nu;
    const n = rho.length;
    let shift = 0;
    if (this.spherical) {
      // ξ into out (occupied cells), and the discrete ρ-average of ξ.
      let sr = 0;
      let srx = 0;
      // On a radial grid the average is Σρ_iV_iξ_i / Σρ_iV_i over the shell measures V_i.
      const w = this.grid.cellMeasures;
      for (let i = 0; i < n; i++) {
        const r = rho[i];
        if (r > 0) {
          const x = nu > 0 ? nu * Math.log(r) + psi[i] : psi[i];
          out[i] = x;
          const rw = w ? r * w[i] : r;
          sr += rw;
          srx += rw * x;
        }
      }
      shift = sr > 0 ? srx / sr : 0;
    }
    const beta = this.beta;
    const powers = this.powers;
    const hasPowers = powers.length > 0;
    let cmax = 0;
    let check = 0;
    for (let i = 0; i < n; i++) {
      const r = rho[i];
      if (r > 0) {
        const x = this.spherical ? out[i] : nu > 0 ? nu * Math.log(r) + psi[i] : psi[i];
        const d = x - shift;
        const v = -beta * r * d;
        out[i] = v;
        check += v;
        const c = hasPowers ? d + nu + powerDiffusivity(powers, r) : d + nu;
        if (c > cmax) cmax = c;
      } else {
        out[i] = 0;
      }
    }
    if (check - check !== 0) return NaN;
    const rmax = beta * cmax;
    return rmax > 0 ? 1 / rmax : Infinity;
  }
}

import type { Grid } from "../grid/grid.js";

/**
 * A free-energy functional F(ρ) of a density on a grid, discretised on cell averages:
 * integrals ∫f(ρ) become Σ f(ρ_i)·|cell|.
 *
 * The first variation is split as ξ = δF/δρ = ν·log ρ + ψ(ρ), where ν = `entropyWeight`
 * is the weight of the Boltzmann entropy ∫ρ log ρ contained in F (0 for most energies)
 * and ψ = `smoothVariation` is finite everywhere, including vacuum (ρ = 0). Geometries use
 * the split to treat the ν·log ρ part without ever evaluating log 0 (see docs/vacuum.md).
 */
export interface Energy {
  /** Short human-readable name, e.g. "entropy" or "0.5·potential". */
  readonly name: string;
  /** The grid the energy is discretised on. */
  readonly grid: Grid;
  /** ν ≥ 0 in ξ = ν log ρ + ψ(ρ). */
  readonly entropyWeight: number;
  /** F(ρ) (discrete: Σ f(ρ_i)|cell|). */
  value(rho: Float64Array): number;
  /** Writes ξ = δF/δρ into `out` (−Infinity where ρ = 0 and ν > 0). */
  firstVariation(rho: Float64Array, out: Float64Array): void;
  /** Writes ψ = ξ − ν log ρ into `out`; always finite for finite ρ ≥ 0. */
  smoothVariation(rho: Float64Array, out: Float64Array): void;
  /**
   * Optional pointwise description used by the entropic JKO scheme for its KL-proximal
   * operator; present when F(ρ) = Σ_i f_i(ρ_i)|cell| is a sum of pointwise terms.
   */
  pointwise?(): PointwiseTerms;
  /**
   * Optional: F written as an f-divergence Σ_i |cell| π_i f(ρ_i/π_i) (fDivergence.ts), for
   * the entropic JKO, whose KL-prox then solves f per cell by safeguarded Newton (klProx.ts).
   * Deliberately separate from `pointwise()`: code that reads only the entropy/potential/power
   * form (the geometries' localStructure, EnergySum.pointwise) then treats the energy as
   * non-pointwise — ψ depends on ρ, no closed-form prox — which is correct for it.
   */
  divergence?(): DivergenceTerm;
  /**
   * Optional: an upper bound of the local diffusivity max_i ρ_i ∂ψ_i/∂ρ_i over the occupied
   * cells that neither the entropy weight ν nor the pointwise power terms account for (≥ 0).
   * It is the diffusion coefficient of the Wasserstein flow's linearisation and the
   * monotonicity term of the Fisher–Rao flow; explicit schemes add it to their step limit
   * (src/geometry/diffusionLimit.ts). Absent: nothing to add.
   */
  diffusivity?(rho: Float64Array): number;
}

/**
 * An f-divergence term Σ_i |cell| π_i f(ρ_i/π_i), described by f', f'' (f convex, f'' > 0)
 * and the target π (> 0 in every cell); see fFunctions.ts for the table of f.
 */
export interface DivergenceTerm {
  /** f'(r), r ≥ 0 (may be −Infinity at r = 0). */
  df(r: number): number;
  /** f''(r) > 0, r > 0. */
  d2f(r: number): number;
  /** π at the cells (finite, > 0). */
  readonly target: Float64Array;
}

/**
 * F(ρ) = Σ_i |cell| [ ν ρ_i log ρ_i + V_i ρ_i + c ρ_i^m/(m−1) ] for the energies built from
 * entropy, potential and generalized entropy terms. Each field is additive over a sum.
 */
export interface PointwiseTerms {
  entropy: number;
  /** V_i (already multiplied by its weight), or null. */
  potential: Float64Array | null;
  /** Power terms c·ρ^m/(m−1), one per distinct m. */
  powers: { coef: number; m: number }[];
}

/** Helper for energies: firstVariation from the split (adds ν log ρ to ψ). */
export function firstVariationFromSplit(
  energy: Energy,
  rho: Float64Array,
  out: Float64Array,
): void {
  energy.smoothVariation(rho, out);
  const nu = energy.entropyWeight;
  if (nu !== 0) for (let i = 0; i < rho.length; i++) out[i] += nu * Math.log(rho[i]);
}

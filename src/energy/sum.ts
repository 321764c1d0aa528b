import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import type { Energy, PointwiseTerms } from "./energy.js";

/** A term of a weighted sum: an energy alone (weight 1) or [weight, energy]. */
export type WeightedTerm = Energy | [number, Energy];

/**
 * Weighted sum F = Σ_k w_k F_k. The first variation is Σ w_k δF_k/δρ; the entropy weight
 * is Σ w_k ν_k. Work buffer allocated once. Example (Fokker–Planck):
 * `energySum(new Entropy(g), new Potential(g, V))`; aggregation–diffusion with ν:
 * `energySum([nu, new Entropy(g)], new Interaction(g, W))`.
 */
export class EnergySum implements Energy {
  readonly name: string;
  readonly grid: Grid;
  readonly entropyWeight: number;
  readonly terms: readonly { weight: number; energy: Energy }[];
  /** Σ w_k·diffusivity_k(ρ) over the terms that have one (an upper bound of the sum's). */
  readonly diffusivity?: (rho: Float64Array) => number;
  private readonly scratch: Float64Array;

  constructor(terms: WeightedTerm[]) {
    if (terms.length === 0) throw new InputError("energy", "a sum needs at least one term");
    this.terms = terms.map((t) =>
      Array.isArray(t) ? { weight: t[0], energy: t[1] } : { weight: 1, energy: t },
    );
    this.grid = this.terms[0].energy.grid;
    for (const { weight, energy } of this.terms) {
      if (!Number.isFinite(weight) || weight < 0) {
        throw new InputError(
          `energy weight of ${energy.name}`,
          `must be a finite number >= 0, got ${weight}`,
        );
      }
      if (energy.grid !== this.grid && energy.grid.size !== this.grid.size) {
        throw new InputError("energy", `term ${energy.name} lives on a different grid`);
      }
    }
    this.entropyWeight = this.terms.reduce((s, t) => s + t.weight * t.energy.entropyWeight, 0);
    this.name = this.terms
      .map((t) => (t.weight === 1 ? t.energy.name : `${t.weight}·${t.energy.name}`))
      .join(" + ");
    this.scratch = new Float64Array(this.grid.size);
    const diffusive = this.terms.filter((t) => t.weight !== 0 && t.energy.diffusivity);
    if (diffusive.length > 0) {
      this.diffusivity = (rho) => {
        let d = 0;
        for (const t of diffusive) d += t.weight * t.energy.diffusivity!(rho);
        return d;
      };
    }
  }

  value(rho: Float64Array): number {
    let s = 0;
    for (const t of this.terms) s += t.weight * t.energy.value(rho);
    return s;
  }

  firstVariation(rho: Float64Array, out: Float64Array): void {
    this.accumulate(rho, out, (e, r, o) => e.firstVariation(r, o));
  }

  smoothVariation(rho: Float64Array, out: Float64Array): void {
    this.accumulate(rho, out, (e, r, o) => e.smoothVariation(r, o));
  }

  private accumulate(
    rho: Float64Array,
    out: Float64Array,
    part: (e: Energy, rho: Float64Array, out: Float64Array) => void,
  ): void {
    out.fill(0);
    const tmp = this.scratch;
    for (const { weight, energy } of this.terms) {
      if (weight === 0) continue;
      part(energy, rho, tmp);
      for (let i = 0; i < out.length; i++) out[i] += weight * tmp[i];
    }
  }

  /** Defined when every term is pointwise: the weighted sum of their descriptions. */
  pointwise(): PointwiseTerms {
    const acc: PointwiseTerms = { entropy: 0, potential: null, powers: [] };
    for (const { weight, energy } of this.terms) {
      if (!energy.pointwise) {
        throw new InputError(
          "energy",
          `term ${energy.name} has no pointwise form (needed by the JKO prox)`,
        );
      }
      const p = energy.pointwise();
      acc.entropy += weight * p.entropy;
      if (p.potential) {
        acc.potential ??= new Float64Array(this.grid.size);
        for (let i = 0; i < acc.potential.length; i++) acc.potential[i] += weight * p.potential[i];
      }
      for (const pw of p.powers) {
        const same = acc.powers.find((q) => q.m === pw.m);
        if (same) same.coef += weight * pw.coef;
        else acc.powers.push({ coef: weight * pw.coef, m: pw.m });
      }
    }
    return acc;
  }

  /** True if every term provides a pointwise form. */
  isPointwise(): boolean {
    return this.terms.every((t) => t.energy.pointwise !== undefined);
  }
}

/** Convenience constructor for EnergySum. */
export function energySum(...terms: WeightedTerm[]): EnergySum {
  return new EnergySum(terms);
}

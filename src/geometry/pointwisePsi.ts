import type { PointwiseTerms } from "../energy/energy.js";
import { powerOf } from "../energy/fastPower.js";

/**
 * ψ of a pointwise energy without entropy (ν = 0), F = Σ_i |cell| [V_i ρ_i + Σ_k c_k ρ_i^{m_k}/(m_k−1)],
 * evaluated cell by cell from the energy's `pointwise()` description:
 *   ψ_i = V_i + Σ_k κ_k ρ_i^{m_k−1},  κ_k = c_k·m_k/(m_k−1),
 * with the closed forms ρ^{m−1} = ρ (m = 2) and ρ·ρ (m = 3) instead of Math.pow, and for other
 * m the closed forms of energy/fastPower.ts (√ and ∛ for m = 2.5, 3.5, 4/3, 5/3, 7/3).
 *
 * The compact 2D sweep (compactSweeps.ts) reads ψ only on the active columns of each row and
 * of the row below it, so `fillRows` evaluates ψ there and leaves the rest of the buffer
 * alone; `smoothVariation` evaluated ψ on the whole grid, one Math.pow per cell, empty
 * cells included.
 *
 * Rounding: for a single term (GeneralizedEntropy alone) or a sum of one power term and a
 * potential with weights 1, the values are the ones of the energy's `smoothVariation`, bit
 * for bit (V8 computes ρ**2 as ρ·ρ, and Math.pow is `**`). With other weights or several
 * power terms, κ_k = (w·c)·m/(m−1) is rounded once where EnergySum computes w·(c·m/(m−1)·ρ^{m−1})
 * and the sum is taken in another order: the values then differ at rounding level
 * (a few ulp of |ψ|; test/geometry/pointwisePsi.test.ts).
 *
 * The potential array is the one `pointwise()` returned when this object was built: V must
 * not change afterwards (as everywhere else it is read: the JKO prox, localStructure).
 */
export class PointwisePsi {
  private readonly potential: Float64Array | null;
  readonly kappa: Float64Array;
  /** ρ ↦ ρ^{m_k−1} per term (energy/fastPower.ts: closed forms for the common m). */
  private readonly powerFns: ((x: number) => number)[];
  /** 2 or 3 if the only power term has that m (closed form), 0 otherwise. */
  private readonly closed: number;
  /**
   * True if ψ = κρ² (one m = 3 term, κ > 0, no potential): non-decreasing in ρ ≥ 0 in
   * floating point as well (monotoneSweep.ts may then be used).
   */
  readonly monotone: boolean;

  constructor(terms: PointwiseTerms) {
    if (terms.entropy !== 0) {
      throw new Error(`PointwisePsi: needs ν = 0, got entropy weight ${terms.entropy}`);
    }
    const powers = terms.powers.filter((q) => q.coef !== 0);
    this.potential = terms.potential;
    this.kappa = Float64Array.from(powers, (q) => q.coef * (q.m / (q.m - 1)));
    this.powerFns = powers.map((q) => powerOf(q.m - 1));
    this.closed = powers.length === 1 && (powers[0].m === 2 || powers[0].m === 3) ? powers[0].m : 0;
    this.monotone = this.closed === 3 && this.potential === null && this.kappa[0] > 0;
  }

  /** ψ on cells [from, to) of the flat grid; returns true if some ρ there is < 0. */
  fill(rho: Float64Array, psi: Float64Array, from: number, to: number): boolean {
    let negative = false;
    const V = this.potential;
    if (this.closed !== 0) {
      const k = this.kappa[0];
      if (this.closed === 3) {
        if (V) {
          for (let p = from; p < to; p++) {
            const r = rho[p];
            psi[p] = V[p] + k * (r * r);
          }
        } else {
          for (let p = from; p < to; p++) {
            const r = rho[p];
            psi[p] = k * (r * r);
            if (r < 0) negative = true;
          }
        }
      } else if (V) {
        for (let p = from; p < to; p++) psi[p] = V[p] + k * rho[p];
      } else {
        for (let p = from; p < to; p++) psi[p] = k * rho[p];
      }
      return negative;
    }
    const kappa = this.kappa;
    const pw = this.powerFns;
    if (kappa.length === 1) {
      // One term (GeneralizedEntropy with other m): one monomorphic call per cell.
      const k = kappa[0];
      const pow = pw[0];
      for (let p = from; p < to; p++) psi[p] = (V ? V[p] : 0) + k * pow(rho[p]);
      return negative;
    }
    for (let p = from; p < to; p++) {
      const r = rho[p];
      let s = V ? V[p] : 0;
      for (let t = 0; t < kappa.length; t++) s += kappa[t] * pw[t](r);
      psi[p] = s;
    }
    return negative;
  }

  /**
   * ψ on the cells the compact sweep reads: in row i (n1 columns), the hull of the active
   * columns of rows i and i − 1 ([active[2i], active[2i + 1]], empty if the first exceeds the
   * second; activeRegion.ts): the north faces of row i − 1 read ψ in row i. There both cells
   * may be empty, so a stale finite ψ would only multiply a zero face value, but a stale NaN
   * (left by an earlier non-finite ρ) would not: every ψ read belongs to the current ρ.
   * Returns true if ρ ≥ 0 on all these cells, tracked only if `monotone` (false otherwise).
   */
  fillRows(
    n0: number,
    n1: number,
    rho: Float64Array,
    active: Int32Array,
    psi: Float64Array,
  ): boolean {
    let negative = false;
    for (let i = 0; i < n0; i++) {
      let lo = active[2 * i];
      let hi = active[2 * i + 1];
      if (i > 0) {
        const a = active[2 * i - 2];
        const b = active[2 * i - 1];
        if (a <= b) {
          if (lo > hi) {
            lo = a;
            hi = b;
          } else {
            if (a < lo) lo = a;
            if (b > hi) hi = b;
          }
        }
      }
      if (lo > hi) continue;
      const row = i * n1;
      if (this.fill(rho, psi, row + lo, row + hi + 1)) negative = true;
    }
    return this.monotone && !negative;
  }
}

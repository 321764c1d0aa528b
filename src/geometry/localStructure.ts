import type { Energy, PointwiseTerms } from "../energy/energy.js";
import { EnergySum } from "../energy/sum.js";

/**
 * What a finite-volume geometry may assume about the smooth part ψ of ξ = ν log ρ + ψ(ρ),
 * read from the energies' optional pointwise descriptions (never guessed):
 *
 * - `powers`: the pointwise power terms c·ρ^m/(m−1) of F. They make ψ depend on ρ locally,
 *   ψ_i ∋ c·m/(m−1)·ρ_i^{m−1}, which is a nonlinear diffusion with coefficient
 *   D(ρ) = ρ·∂ψ/∂ρ = Σ c·m·ρ^{m−1}. An explicit step must resolve it (dt ≲ h²/(2dD)),
 *   which the upwind positivity CFL alone does not guarantee.
 * - `psiStatic`: true when every term is pointwise and has no power part, i.e.
 *   F = Σ|cell|(ν ρ log ρ + V ρ). Then ψ = V does not depend on ρ and may be cached.
 *
 * - `pointwise`: every term is pointwise; `potential`: some term has a potential V.
 *   A pointwise energy without entropy and potential whose only power is m = 2 has
 *   ψ_i = 2c·ρ_i (+ a constant), which the geometry may evaluate on the fly.
 *
 * Sums are walked term by term, so a sum of a power term and a non-pointwise term (e.g. an
 * interaction energy) still reports the power term.
 */
export interface LocalStructure {
  powers: { coef: number; m: number }[];
  psiStatic: boolean;
  pointwise: boolean;
  potential: boolean;
}

export function localStructure(energy: Energy): LocalStructure {
  const acc: LocalStructure = { powers: [], psiStatic: true, pointwise: true, potential: false };
  collect(energy, 1, acc);
  return acc;
}

function collect(energy: Energy, weight: number, acc: LocalStructure): void {
  if (energy instanceof EnergySum) {
    for (const t of energy.terms) if (t.weight !== 0) collect(t.energy, weight * t.weight, acc);
    return;
  }
  if (!energy.pointwise) {
    acc.psiStatic = false;
    acc.pointwise = false;
    return;
  }
  const p: PointwiseTerms = energy.pointwise();
  if (p.potential !== null) acc.potential = true;
  for (const pw of p.powers) {
    if (pw.coef === 0) continue;
    acc.psiStatic = false;
    const same = acc.powers.find((q) => q.m === pw.m);
    if (same) same.coef += weight * pw.coef;
    else acc.powers.push({ coef: weight * pw.coef, m: pw.m });
  }
}

/**
 * D(ρ) = Σ c·m·ρ^{m−1}: the local diffusion coefficient of the power terms (0 if none).
 * Monotone non-decreasing in ρ ≥ 0 for m > 1, c ≥ 0.
 */
export function powerDiffusivity(powers: { coef: number; m: number }[], rho: number): number {
  let d = 0;
  for (let k = 0; k < powers.length; k++) {
    const { coef, m } = powers[k];
    d += m === 2 ? 2 * coef * rho : coef * m * Math.pow(rho, m - 1);
  }
  return d;
}

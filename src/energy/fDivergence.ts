import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import type { DivergenceTerm, Energy, PointwiseTerms } from "./energy.js";
import type { FFunction } from "./fFunctions.js";

/**
 * The f-divergence of ρ from a target π on non-negative measures (Csiszár 1967),
 *
 *   D_f(ρ‖π) = ∫ π f(ρ/π),   δD_f/δρ = f'(ρ/π),
 *
 * with f convex, f(1) = f'(1) = 0 (the table in fFunctions.ts: kl, reverse-kl, chi2,
 * hellinger, js, the α / p-relative family), discretised on cell averages as
 * Σ_i |cell| π_i f(ρ_i/π_i) (|cell| the shell measure V_i on a radial grid). π is a target of any mass, finite and > 0 in every cell (the
 * integrand is then defined everywhere; a cell with π = 0 would need the perspective
 * 0·f(ρ/0) = ρ f'(∞), which is +∞ for chi2 and the family with p > 1). With f = kl this is
 * the project's KL(ρ‖π) = ∫ρ log(ρ/π) − ρ + π (kl.ts); with f = reverse-kl it is the
 * inclusive KL(π‖ρ) = ∫π log(π/ρ) − π + ρ (inclusiveKl.ts).
 *
 * Flows. Wasserstein: ∂ρ/∂t = div(ρ∇f'(ρ/π)), dD_f/dt = −∫ρ|∇f'(ρ/π)|² (Fan, Zhang, Taghvaei
 * & Chen, "Variational Wasserstein gradient flow", ICML 2022); its stationary states are
 * ρ = cπ, c = ∫ρ0/∫π (the Wasserstein flow keeps the mass). Fisher–Rao: ∂ρ/∂t = −βρ f'(ρ/π),
 * dD_f/dt = −β∫ρ f'(ρ/π)², converging to π itself on 𝓜₊.
 *
 * Split ξ = ν log ρ + ψ (energy.ts): ν = f's `logWeight`, ψ_i = −ν log π_i + g(ρ_i/π_i) with
 * g = f' − ν log (fFunctions.ts). Vacuum ρ_i = 0, per behaviour of f'(0⁺):
 * - logarithmic (kl, js): ν = 1 and ψ finite — the geometries' log-free vacuum fluxes apply
 *   (docs/vacuum.md), as for KL;
 * - finite (chi2, p > 1): ν = 0, ψ = f' finite; a degenerate (porous-medium-like) diffusion
 *   whose front advances by upwinding;
 * - algebraic (reverse-kl, hellinger, p < 1): f'(0⁺) = −∞ with no log to split off, and
 *   f(0) = +∞ for reverse-kl and p ≤ 0. No regularisation is applied: these flows need
 *   ρ > 0 in every cell. `smoothVariation` throws InputError("rho", …) naming the cell, and the
 *   `f-divergence` spec entry refuses an initial density with an empty cell beforehand.
 *
 * `diffusivity(ρ)` (present when f's `extraDiffusion`) is max over occupied cells of
 * r f''(r) − ν, r = ρ_i/π_i: the local diffusion coefficient of the Wasserstein flow beyond ν
 * (2r for chi2, r^{p−1} for the family, 1/r for reverse-kl), which explicit schemes must
 * resolve (src/geometry/diffusionLimit.ts). `divergence()` describes the term to the entropic
 * JKO's per-cell prox (klProx.ts). f = kl also reports its `pointwise()` form (ν = 1,
 * V = −log π − 1), so that it gets the closed-form prox, the cached ψ and the sg fluxes of KL.
 */
export class FDivergence implements Energy {
  readonly name: string;
  readonly entropyWeight: number;
  /** π at the cells (finite, > 0). */
  readonly target: Float64Array;
  /** −log π at the cells. */
  readonly minusLogPi: Float64Array;
  readonly pointwise?: () => PointwiseTerms;
  readonly diffusivity?: (rho: Float64Array) => number;

  constructor(
    readonly grid: Grid,
    readonly f: FFunction,
    target: Float64Array | ((x: Float64Array) => number),
  ) {
    const pi = typeof target === "function" ? grid.sample(target) : Float64Array.from(target);
    grid.checkLength("target", pi);
    const mlp = new Float64Array(pi.length);
    for (let i = 0; i < pi.length; i++) {
      if (!(pi[i] > 0) || !Number.isFinite(pi[i])) {
        throw new InputError(
          "target",
          `must be finite and > 0 in every cell for D_f(ρ‖π) = ∫π f(ρ/π); cell ${i} is ${pi[i]}`,
        );
      }
      mlp[i] = -Math.log(pi[i]);
    }
    this.target = pi;
    this.minusLogPi = mlp;
    this.entropyWeight = f.logWeight;
    this.name = `D_f(${f.name})`;
    if (f.kind === "kl" || (f.kind === "p-relative" && f.param === 1)) {
      const V = new Float64Array(pi.length);
      for (let i = 0; i < V.length; i++) V[i] = mlp[i] - 1;
      this.pointwise = () => ({ entropy: 1, potential: V, powers: [] });
    }
    if (f.extraDiffusion) this.diffusivity = (rho) => this.maxDiffusivity(rho);
  }

  value(rho: Float64Array): number {
    const pi = this.target;
    const f = this.f;
    let s = 0;
    const w = this.grid.cellMeasures;
    if (w) {
      for (let i = 0; i < rho.length; i++) s += w[i] * pi[i] * f.f(rho[i] / pi[i]);
      return s;
    }
    for (let i = 0; i < rho.length; i++) s += pi[i] * f.f(rho[i] / pi[i]);
    return s * this.grid.cellVolume;
  }

  firstVariation(rho: Float64Array, out: Float64Array): void {
    const pi = this.target;
    const f = this.f;
    for (let i = 0; i < rho.length; i++) out[i] = f.df(rho[i] / pi[i]);
  }

  smoothVariation(rho: Float64Array, out: Float64Array): void {
    const pi = this.target;
    const f = this.f;
    const nu = this.entropyWeight;
    const mlp = this.minusLogPi;
    if (f.vacuum === "algebraic") {
      for (let i = 0; i < rho.length; i++) {
        const r = rho[i];
        if (!(r > 0)) this.failVacuum(i, r);
        out[i] = f.smooth(r / pi[i]);
      }
    } else if (nu === 0) {
      for (let i = 0; i < rho.length; i++) out[i] = f.smooth(rho[i] / pi[i]);
    } else {
      for (let i = 0; i < rho.length; i++) out[i] = nu * mlp[i] + f.smooth(rho[i] / pi[i]);
    }
  }

  divergence(): DivergenceTerm {
    return { df: this.f.df, d2f: this.f.d2f, target: this.target };
  }

  /** max over occupied cells of r f''(r) − ν (≥ 0). */
  private maxDiffusivity(rho: Float64Array): number {
    const pi = this.target;
    const f = this.f;
    const nu = this.entropyWeight;
    let d = 0;
    for (let i = 0; i < rho.length; i++) {
      if (rho[i] > 0) {
        const r = rho[i] / pi[i];
        const v = r * f.d2f(r) - nu;
        if (v > d) d = v;
      }
    }
    return d;
  }

  private failVacuum(i: number, r: number): never {
    throw new InputError(
      "rho",
      `is ${r} at cell ${i}: the first variation f'(ρ/π) of the ${this.f.name} divergence is ` +
        `−∞ at ρ = 0 (algebraically, not a log the geometries can split off), so its flows ` +
        `need ρ > 0 in every cell; start from an initial density positive on the whole box`,
    );
  }
}

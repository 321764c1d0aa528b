import type { Energy } from "../energy/energy.js";
import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { FisherRaoGeometry } from "./fisherRao.js";
import type { Geometry } from "./geometry.js";
import type { WassersteinOptions } from "./wasserstein.js";
import { wassersteinFor } from "./wassersteinFor.js";

export interface WfrOptions {
  /** α ≥ 0 multiplying the transport (Wasserstein) term. */
  alpha: number;
  /** β ≥ 0 multiplying the reaction (Fisher–Rao) term. */
  beta: number;
  /** Options of the Wasserstein finite volumes (flux, limiter, …; wasserstein.ts). */
  wasserstein?: WassersteinOptions;
  /** Spherical Fisher–Rao part (mass-preserving flow; fisherRao.ts). Default false. */
  spherical?: boolean;
}

/**
 * Wasserstein–Fisher–Rao (Hellinger–Kantorovich) gradient flow (docs/exact-solutions.md §0, §E):
 *
 *   ∂ρ/∂t = α div(ρ∇ξ) − β ρ ξ        (spherical: − β ρ (ξ − ⟨ξ⟩_ρ)),   ξ = δF/δρ,
 *
 * the sum of α times the finite-volume Wasserstein rate (WassersteinGeometry, or the radial
 * one on a radial grid: wassersteinFor.ts) and the
 * Fisher–Rao rate with `rate` β (FisherRaoGeometry). Dissipation dF/dt = −α∫ρ|∇ξ|² − β∫ρξ²
 * (spherical: β∫ρ(ξ−⟨ξ⟩)²); the mass obeys d(∫ρ)/dt = −β∫ρξ (the transport part conserves
 * it; on the grid Σ_i of the flux divergence telescopes), and 0 in the spherical case.
 * (Chizat, Peyré, Schmitzer & Vialard, FoCM 18, 2018; Liero, Mielke & Savaré, Invent. Math.
 * 211, 2018; Kondratyev, Monsaingeon & Vorotnikov, Adv. Differential Equations, 2016.)
 *
 * Forward-Euler limit returned by `rate`: 1/dt = α/dt_W + 1/dt_FR, with dt_W the limit of
 * the Wasserstein rate and dt_FR that of the (β-weighted) Fisher–Rao rate. Justification:
 * at an occupied cell i, the Wasserstein rate is inflow − outflow with inflow ≥ 0 and
 * outflow ≤ ρ_i/dt_W (that is what dt_W bounds), and the Fisher–Rao rate is ≥ −ρ_i/dt_FR;
 * hence ρ_i + dt(αW_i + FR_i) ≥ ρ_i(1 − dt(α/dt_W + 1/dt_FR)) ≥ 0. At an empty cell the
 * Fisher–Rao rate is 0 and the Wasserstein rate an inflow ≥ 0. The resolution terms of both
 * limits (diffusion, local monotonicity) add the same way.
 *
 * α = 0 is the Fisher–Rao geometry and β = 0 the Wasserstein geometry at speed α (no extra
 * work: only the non-zero part is built and evaluated). `rate` allocates nothing.
 */
export class WfrGeometry implements Geometry {
  readonly name: string;
  readonly grid: Grid;
  readonly alpha: number;
  readonly beta: number;
  readonly spherical: boolean;
  /** The transport part (null if α = 0). */
  readonly wasserstein: Geometry | null;
  /** The reaction part, with rate β (null if β = 0). */
  readonly fisherRao: FisherRaoGeometry | null;
  private readonly work: Float64Array;

  constructor(
    readonly energy: Energy,
    options: WfrOptions,
  ) {
    const { alpha, beta } = options;
    requireFlowWeights(alpha, beta);
    this.alpha = alpha;
    this.beta = beta;
    this.spherical = options.spherical ?? false;
    this.grid = energy.grid;
    this.wasserstein = alpha > 0 ? wassersteinFor(energy, options.wasserstein) : null;
    this.fisherRao =
      beta > 0 ? new FisherRaoGeometry(energy, { rate: beta, spherical: this.spherical }) : null;
    this.work = new Float64Array(alpha > 0 && beta > 0 ? this.grid.size : 0);
    const parts: string[] = [];
    if (this.wasserstein) parts.push(this.wasserstein.name);
    if (this.fisherRao) parts.push(`fisher-rao${this.spherical ? "-spherical" : ""}`);
    this.name = `wfr(α=${alpha},β=${beta})[${parts.join("+")}]`;
  }

  rate(rho: Float64Array, out: Float64Array): number {
    const w = this.wasserstein;
    const fr = this.fisherRao;
    if (w === null) return (fr as FisherRaoGeometry).rate(rho, out);
    const alpha = this.alpha;
    const dtW = w.rate(rho, out);
    if (fr === null) {
      if (alpha !== 1) for (let i = 0; i < out.length; i++) out[i] *= alpha;
      return dtW / alpha;
    }
    const k = this.work;
    const dtFr = fr.rate(rho, k);
    for (let i = 0; i < out.length; i++) out[i] = alpha * out[i] + k[i];
    const r = alpha / dtW + 1 / dtFr;
    if (r !== r) return NaN;
    return r > 0 ? 1 / r : Infinity;
  }
}

/**
 * Checks the weights α (transport) and β (reaction) of a combined flow: finite, ≥ 0, not both
 * 0. Errors name the field ("alpha", "beta" or "alpha/beta").
 */
export function requireFlowWeights(alpha: unknown, beta: unknown): void {
  for (const [field, v] of [
    ["alpha", alpha],
    ["beta", beta],
  ] as const) {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new InputError(field, `must be a finite number >= 0, got ${String(v)}`);
    }
  }
  if (alpha === 0 && beta === 0) {
    throw new InputError("alpha/beta", "alpha and beta cannot both be 0 (∂ρ/∂t would be 0)");
  }
}

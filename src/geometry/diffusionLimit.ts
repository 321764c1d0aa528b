import type { Energy } from "../energy/energy.js";
import type { Grid } from "../grid/grid.js";
import type { Geometry } from "./geometry.js";

/**
 * A geometry whose forward-Euler step limit also resolves the energy's extra local
 * diffusivity D(ρ) = max_i ρ_i ∂ψ_i/∂ρ_i (Energy.diffusivity: the part not carried by the
 * entropy weight ν or by pointwise power terms, e.g. 2ρ/π for the χ² divergence):
 *
 *   1/dt = 1/dt_inner + (α·S + β)·D(ρ),   S = Σ_axes 2/h_a²,
 *
 * with α the transport and β the reaction weight of the geometry (Wasserstein 1/0,
 * Fisher–Rao 0/β, WFR α/β); on a radial grid in ℝ^d, S = max(2, d)/h² (the shell at the
 * origin has one face of area |S^{d−1}|h^{d−1} for a measure |S^{d−1}|h^d/d).
 * - Transport: linearising div(ρ∇ξ) with ξ_j − ξ_i ≈ ∂ψ/∂ρ (ρ_j − ρ_i) gives a diffusion with
 *   coefficient ρ∂ψ/∂ρ ≤ D, and an explicit Euler step of the 2d-point Laplacian with that
 *   coefficient is monotone for dt ≤ 1/(S·D) — the same resolution term WassersteinGeometry
 *   adds for the power terms c·ρ^m/(m−1) (docs/finite-volumes.md).
 * - Reaction: the Fisher–Rao cell ODE ρ̇ = −βρ(ξ − s) multiplies a perturbation by
 *   1 − dtβ(ξ − s + ν + ρ∂ψ/∂ρ) per Euler step; FisherRaoGeometry bounds ξ − s + ν, the
 *   extra β·D covers the last term (local monotonicity, see fisherRao.ts).
 * The inner geometry's positivity limit is kept, so dt stays positivity-preserving. The rate
 * itself is the inner geometry's, unchanged; NaN and non-positive limits pass through.
 */
export class DiffusionLimitedGeometry implements Geometry {
  readonly name: string;
  private readonly weight: number;
  private readonly diffusivity: (rho: Float64Array) => number;

  constructor(
    readonly inner: Geometry,
    energy: Energy,
    grid: Grid,
    transport: number,
    reaction: number,
  ) {
    const d = energy.diffusivity;
    if (!d) throw new Error("DiffusionLimitedGeometry: the energy has no diffusivity");
    this.diffusivity = d;
    let S = 0;
    for (const h of grid.h) S += 2 / (h * h);
    // Radial shells: the innermost cell's face-to-measure ratio is d/h² (docs/radial.md).
    if (grid.radial) S = Math.max(2, grid.spaceDim) / (grid.h[0] * grid.h[0]);
    this.weight = transport * S + reaction;
    this.name = inner.name;
  }

  rate(rho: Float64Array, out: Float64Array): number {
    const dt = this.inner.rate(rho, out);
    if (!(dt > 0)) return dt;
    const r = 1 / dt + this.weight * this.diffusivity(rho);
    if (r !== r) return NaN;
    return r > 0 ? 1 / r : Infinity;
  }
}

/**
 * `geometry` itself unless the energy reports an extra diffusivity (then wrapped in
 * DiffusionLimitedGeometry): existing energies keep their geometry (and its fused paths).
 */
export function resolveDiffusion(
  geometry: Geometry,
  energy: Energy,
  transport: number,
  reaction: number,
): Geometry {
  if (!energy.diffusivity || !(transport > 0 || reaction > 0)) return geometry;
  return new DiffusionLimitedGeometry(geometry, energy, energy.grid, transport, reaction);
}

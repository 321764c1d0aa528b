import type { AxisFaces } from "./faceLayout.js";

/**
 * Exponentially fitted face fluxes for ∂ρ/∂t = div(ρ∇ξ) with ξ = ν log ρ + ψ, ν > 0,
 * written as ∂ρ/∂t = ν div(π∇(ρ/π)), π = e^{−ψ/ν}. At the face between p and q, with
 * δ = (ψ_q − ψ_p)/ν, the flux from p to q in rate units (flux/h) is
 *
 *   G = a_pq ρ_p − a_qp ρ_q,
 *
 * - "bernoulli" (Scharfetter & Gummel, IEEE Trans. Electron Devices 16 (1969); Il'in 1969):
 *   a_pq = (ν/h²) B(δ), a_qp = (ν/h²) B(−δ), B(x) = x/(eˣ − 1). Exact for a constant drift
 *   across the face; reduces to upwinding for |δ| ≫ 1 (rates grow like |∇ψ|/h).
 * - "sqra" (square-root approximation, Lie, Fackeldey & Weber, SIAM J. Matrix Anal. Appl. 34
 *   (2013); face weight √(π_p π_q)): a_pq = (ν/h²) e^{−δ/2}, a_qp = (ν/h²) e^{δ/2}.
 *
 * Both satisfy a_pq π_p = a_qp π_q =: (ν/h²) w_pq, so G = (ν/h²) w_pq (g_p − g_q) with
 * g = ρ/π: the discrete Gibbs state ρ ∝ e^{−ψ/ν} is exactly stationary, ρ stays ≥ 0 under the
 * step dt ≤ 1/Σ_out a, and dF/dt = −(ν²/h²) Σ w (g_p − g_q)(log g_p − log g_q) ≤ 0 for the
 * discrete energy (ψ fixed, or ψ = δ/δρ of the rest of F). No logarithm is ever evaluated,
 * so empty cells (ρ = 0) need no special case.
 */
export type SgWeight = "bernoulli" | "sqra";

/** B(x) = x/(eˣ − 1), with B(0) = 1; accurate near 0 and for large |x|. */
export function bernoulli(x: number): number {
  if (Math.abs(x) < 1e-6) return 1 - 0.5 * x + (x * x) / 12;
  return x / Math.expm1(x);
}

/**
 * Computes the coefficients of the faces of one axis in a per-cell layout: for the face
 * from p to its neighbour q along axis `f.axis` (the wrap face stored at the last cell of a
 * line), coef[width·p + 2·f.axis] = a_pq and coef[width·p + 2·f.axis + 1] = a_qp, with
 * width = 2·dim. Slots of absent faces (no-flux walls) are left untouched (zero). Adds
 * each cell's outgoing rate Σ a to `outRate`.
 */
export function sgCoefficients(
  f: AxisFaces,
  psi: Float64Array,
  nu: number,
  weight: SgWeight,
  coef: Float64Array,
  width: number,
  outRate: Float64Array,
): void {
  const c = nu / (f.h * f.h);
  const inv = 1 / nu;
  const seg = f.seg;
  const sqra = weight === "sqra";
  const slot = 2 * f.axis;
  for (let g = 0; g < f.nseg; g++) {
    const r0 = seg[5 * g];
    const r1 = r0 + seg[5 * g + 1];
    const qoff = seg[5 * g + 2];
    for (let p = r0; p < r1; p++) {
      const q = p + qoff;
      const d = (psi[q] - psi[p]) * inv;
      let a: number;
      let b: number;
      if (sqra) {
        const e = Math.exp(0.5 * d);
        a = c / e;
        b = c * e;
      } else {
        // B(|d|) is the small weight, B(−|d|) = B(|d|) + |d| the large one: no cancellation.
        const x = d < 0 ? -d : d;
        const small = c * bernoulli(x);
        const large = small + c * x;
        a = d < 0 ? large : small;
        b = d < 0 ? small : large;
      }
      const k = width * p + slot;
      coef[k] = a;
      coef[k + 1] = b;
      outRate[p] += a;
      outRate[q] += b;
    }
  }
}

/**
 * Applies the fitted fluxes of one axis (per-cell coefficients from sgCoefficients) to
 * `out` (any dimension; cellSweeps.ts has fused 1D/2D versions).
 */
export function sweepSg(
  f: AxisFaces,
  rho: Float64Array,
  coef: Float64Array,
  width: number,
  out: Float64Array,
): void {
  const seg = f.seg;
  const slot = 2 * f.axis;
  for (let g = 0; g < f.nseg; g++) {
    const r0 = seg[5 * g];
    const r1 = r0 + seg[5 * g + 1];
    const qoff = seg[5 * g + 2];
    for (let p = r0; p < r1; p++) {
      const q = p + qoff;
      const k = width * p + slot;
      const G = coef[k] * rho[p] - coef[k + 1] * rho[q];
      out[p] -= G;
      out[q] += G;
    }
  }
}

import type { Energy } from "../energy/energy.js";
import { InputError } from "../errors.js";
import type { RadialCells } from "../grid/radial.js";
import type { Grid } from "../grid/grid.js";
import { upwindFace } from "./cellSweeps.js";
import type { Geometry } from "./geometry.js";
import type { Limiter } from "./limiters.js";
import { localStructure, powerDiffusivity } from "./localStructure.js";
import { bernoulli, type SgWeight } from "./scharfetterGummel.js";
import { faceFluxOptions, type WassersteinFlux, type WassersteinOptions } from "./wasserstein.js";

/**
 * Wasserstein gradient flow of a radially symmetric density on ℝ^d, d ≥ 1, on a radial grid
 * (src/grid/radial.ts, docs/radial.md):
 *
 *   ∂ρ/∂t = div(ρ∇ξ) = r^{1−d} ∂_r(r^{d−1} ρ ∂_r ξ),   ξ = δF/δρ = ν log ρ + ψ(ρ),
 *
 * by cell-centred finite volumes on the shells r_i ≤ |x| ≤ r_{i+1}: the mass flux through the
 * sphere |x| = r_k is A_k·ρ_face·(ξ_{k−1} − ξ_k)/h (A_k = |S^{d−1}|r_k^{d−1}), and each cell's
 * density changes by the net flux over its measure V_i:
 *
 *   dρ_i/dt = (A_i/(V_i h)) g_{i−½} − (A_{i+1}/(V_i h)) g_{i+½},   g_{k+½} = (ξ_k − ξ_{k+1}) ρ_face,
 *
 * with the face values of the Cartesian families (the same face function, cellSweeps.ts):
 * - fv1 / fv2: upwind (Carrillo–Chertock–Huang, Commun. Comput. Phys. 17, 2015), the full ξ,
 *   piecewise constant or limited piecewise linear in r (the slope of the cell next to the
 *   origin is 0: the mirror image of a radial density across the origin), the log-free
 *   vacuum flux ν(ρ_p − ρ_q) + upwinded ψ part next to an empty cell (docs/vacuum.md);
 * - sg: Scharfetter–Gummel / SQRA, g = ν(B(δ)ρ_p − B(−δ)ρ_q), δ = (ψ_q − ψ_p)/ν
 *   (scharfetterGummel.ts), needs ν > 0.
 * The origin and r = R are no-flux faces (the origin has zero area for d ≥ 2 and zero flux
 * by symmetry for every d). Mass Σρ_iV_i is conserved up to rounding: each face moves the
 * same amount A·g/h out of one cell and into the other.
 *
 * `rate` returns the largest forward-Euler step that keeps ρ ≥ 0 and resolves the local
 * diffusion, as on Cartesian grids (wasserstein.ts), with the face weights a⁺_i = A_{i+1}/(V_i h),
 * a⁻_i = A_i/(V_i h) in place of 1/h²:
 *   1/dt = max_i [ out_i/ρ_i + kD(a⁺_i max(ρ_i, ρ_{i+1}) + a⁻_i max(ρ_i, ρ_{i−1})) ]
 *          + max_i(a⁺_i + a⁻_i)·(ν_fv + D_other(max ρ)),
 * out_i the rate of mass leaving cell i (for sg: ν·Σ of its outgoing coefficients, so
 * ν_fv = 0), kD the m = 2 diffusivity, D_other that of the other power terms
 * (localStructure.ts). The stiffest cell is the one at the origin (a⁺_0 = d/h²).
 * Work buffers are allocated once; `rate` allocates nothing.
 */
export class RadialWassersteinGeometry implements Geometry {
  readonly name: string;
  readonly grid: Grid;
  readonly flux: WassersteinFlux;
  readonly limiter: Limiter;
  readonly sgWeight: SgWeight;
  readonly nu: number;
  readonly psiStatic: boolean;

  private readonly cells: RadialCells;
  private readonly theta: number;
  private readonly psi: Float64Array;
  private psiReady = false;
  private readonly xi: Float64Array;
  /** kD of the m = 2 power terms (resolved per cell) and the other power terms. */
  private readonly linearD: number;
  private readonly otherPowers: { coef: number; m: number }[];
  /** max_i (a⁺_i + a⁻_i). */
  private readonly faceMax: number;
  /** sg: per face k (k → k+1) the coefficients ν·B(δ), ν·B(−δ), and per-cell outgoing rates. */
  private readonly sgFwd: Float64Array;
  private readonly sgBwd: Float64Array;
  private sgMaxRate = 0;
  private sgReady = false;

  constructor(
    readonly energy: Energy,
    options: WassersteinOptions = {},
  ) {
    const grid = energy.grid;
    if (!grid.radial) {
      throw new InputError("grid", "RadialWassersteinGeometry needs a radial grid (grid.radial)");
    }
    this.grid = grid;
    this.cells = grid.radial;
    const { flux, limiter, theta, sgWeight, nu } = faceFluxOptions(energy, options);
    this.flux = flux;
    this.limiter = limiter;
    this.theta = theta;
    this.sgWeight = sgWeight;
    this.nu = nu;
    const structure = localStructure(energy);
    this.psiStatic = options.psiStatic ?? structure.psiStatic;
    const sg = flux === "sg";
    this.linearD = sg
      ? 0
      : structure.powers.filter((q) => q.m === 2).reduce((acc, q) => acc + 2 * q.coef, 0);
    this.otherPowers = sg ? structure.powers : structure.powers.filter((q) => q.m !== 2);
    let fm = 0;
    for (let i = 0; i < this.cells.n; i++) {
      fm = Math.max(fm, this.cells.inner[i] + this.cells.outer[i]);
    }
    this.faceMax = fm;
    const size = grid.size;
    this.psi = new Float64Array(size);
    this.xi = nu > 0 && !sg ? new Float64Array(size) : this.psi;
    this.sgFwd = new Float64Array(sg ? size : 0);
    this.sgBwd = new Float64Array(sg ? size : 0);
    this.name =
      `wasserstein-radial(d=${this.cells.dim})-${flux}` +
      `${flux === "fv2" ? `(${this.limiter})` : ""}${sg && this.sgWeight === "sqra" ? "(sqra)" : ""}`;
  }

  rate(rho: Float64Array, out: Float64Array): number {
    if (rho.length !== this.grid.size || out.length !== this.grid.size) {
      this.grid.checkLength("rho", rho);
      this.grid.checkLength("out", out);
    }
    if (!this.psiStatic || !this.psiReady) {
      this.energy.smoothVariation(rho, this.psi);
      this.psiReady = true;
      this.sgReady = false;
    }
    const r = this.flux === "sg" ? this.rateSg(rho, out) : this.rateUpwind(rho, out);
    if (r !== r) return NaN;
    return r > 0 ? 1 / r : Infinity;
  }

  /** S·D(ρ_max) of the power terms not resolved per cell. */
  private powerRate(rhoMax: number): number {
    const p = this.otherPowers;
    return p.length > 0 ? this.faceMax * powerDiffusivity(p, rhoMax) : 0;
  }

  private rateUpwind(rho: Float64Array, out: Float64Array): number {
    const { nu, psi, xi, theta, linearD: kD } = this;
    const { inner, outer } = this.cells;
    const n = rho.length;
    if (nu > 0) {
      for (let i = 0; i < n; i++) {
        const v = rho[i];
        xi[i] = v > 0 ? nu * Math.log(v) + psi[i] : -Infinity;
      }
    }
    let gW = 0; // g of the inner face of cell p (0 at the origin)
    let dW = 0;
    let rmax = 0;
    let rhoMax = 0;
    let check = 0;
    for (let p = 0; p < n; p++) {
      const rp = rho[p];
      let gE = 0;
      let dE = 0;
      if (p < n - 1) {
        const pb = p > 0 ? p - 1 : 0;
        const qf = p + 2 < n ? p + 2 : p + 1;
        gE = upwindFace(rho, xi, psi, p, p + 1, pb, qf, 1, nu, theta);
        if (kD > 0) {
          const rq = rho[p + 1];
          dE = kD * (rp > rq ? rp : rq);
        }
      }
      const ai = inner[p];
      const ao = outer[p];
      const o = ai * gW - ao * gE;
      out[p] = o;
      check += o;
      let rate = ai * dW + ao * dE;
      if (rp > 0) {
        rate += (ao * (gE > 0 ? gE : 0) - ai * (gW < 0 ? gW : 0)) / rp;
        if (rp > rhoMax) rhoMax = rp;
      }
      if (rate > rmax) rmax = rate;
      gW = gE;
      dW = dE;
    }
    if (check - check !== 0) return NaN;
    return rmax + this.faceMax * nu + this.powerRate(rhoMax);
  }

  /** Recomputes the sg coefficients of every face from ψ, and the largest outgoing rate. */
  private refreshSg(): void {
    if (this.sgReady) return;
    const { nu, psi, sgFwd, sgBwd } = this;
    const { inner, outer } = this.cells;
    const n = psi.length;
    const inv = 1 / nu;
    const sqra = this.sgWeight === "sqra";
    for (let p = 0; p < n - 1; p++) {
      const d = (psi[p + 1] - psi[p]) * inv;
      if (sqra) {
        const e = Math.exp(0.5 * d);
        sgFwd[p] = nu / e;
        sgBwd[p] = nu * e;
      } else {
        const x = d < 0 ? -d : d;
        const small = nu * bernoulli(x);
        const large = small + nu * x;
        sgFwd[p] = d < 0 ? large : small;
        sgBwd[p] = d < 0 ? small : large;
      }
    }
    let m = 0;
    for (let p = 0; p < n; p++) {
      const r = (p < n - 1 ? outer[p] * sgFwd[p] : 0) + (p > 0 ? inner[p] * sgBwd[p - 1] : 0);
      if (!(r <= m)) m = r;
    }
    this.sgMaxRate = m;
    this.sgReady = true;
  }

  private rateSg(rho: Float64Array, out: Float64Array): number {
    this.refreshSg();
    const { sgFwd, sgBwd } = this;
    const { inner, outer } = this.cells;
    const n = rho.length;
    let gW = 0;
    let check = 0;
    let rhoMax = 0;
    for (let p = 0; p < n; p++) {
      const rp = rho[p];
      if (rp > rhoMax) rhoMax = rp;
      const gE = p < n - 1 ? sgFwd[p] * rp - sgBwd[p] * rho[p + 1] : 0;
      const o = inner[p] * gW - outer[p] * gE;
      out[p] = o;
      check += o;
      gW = gE;
    }
    if (check - check !== 0) return NaN;
    return this.sgMaxRate + this.powerRate(rhoMax);
  }
}

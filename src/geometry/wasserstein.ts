import type { Energy, PointwiseTerms } from "../energy/energy.js";
import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { axisFaces, type AxisFaces } from "./faceLayout.js";
import type { Geometry } from "./geometry.js";
import {
  sgCells1D,
  sgCells2D,
  sgStage1D,
  sgStage2D,
  upwindCells1D,
  upwindCells2D,
} from "./cellSweeps.js";
import { EntropyVariation } from "./entropyVariation.js";
import { compactCells2D, compactStage2D } from "./compactSweeps.js";
import { compactSquare2D } from "./squareSweep.js";
import { CompactSweepWasm } from "./compactSweepWasm.js";
import { activeRegion } from "./activeRegion.js";
import { PointwisePsi } from "./pointwisePsi.js";
import { compactMonotone2D } from "./monotoneSweep.js";
import type { FusedEulerGeometry } from "./fusedEuler.js";
import { LIMITERS, limiterTheta, type Limiter } from "./limiters.js";
import { localStructure, powerDiffusivity } from "./localStructure.js";
import { sgCoefficients, sweepSg, type SgWeight } from "./scharfetterGummel.js";
import { sweepFirstOrder, sweepFirstOrderEntropic, sweepSecondOrder } from "./upwindFlux.js";

/** Face-flux families of the Wasserstein geometry. */
export type WassersteinFlux = "fv1" | "fv2" | "sg";

export const WASSERSTEIN_FLUXES: readonly WassersteinFlux[] = ["fv1", "fv2", "sg"];

export interface WassersteinOptions {
  /** "fv1" first-order upwind, "fv2" second-order upwind (default), "sg" exponential fitting. */
  flux?: WassersteinFlux;
  /** Slope limiter of fv2 (default "mc", see docs/finite-volumes.md for the measured orders). */
  limiter?: Limiter;
  /** Face weights of sg: "bernoulli" (Scharfetter–Gummel, default) or "sqra". */
  sgWeight?: SgWeight;
  /**
   * Override the detection of a ρ-independent ψ (read from the energies' pointwise forms).
   * `true` evaluates ψ once and reuses it; only pass it if ψ truly does not depend on ρ.
   */
  psiStatic?: boolean;
}

/** Validated face-flux options of a Wasserstein geometry (Cartesian or radial). */
export interface FaceFluxOptions {
  flux: WassersteinFlux;
  limiter: Limiter;
  /** The fv2 limiter's θ (0 for fv1 and sg). */
  theta: number;
  sgWeight: SgWeight;
  /** ν, the entropy weight of the energy. */
  nu: number;
}

/**
 * Defaults and checks of the face-flux options shared by WassersteinGeometry and
 * RadialWassersteinGeometry: a known flux, limiter and sg weight, a finite ν ≥ 0, and ν > 0
 * for "sg". Each refusal is an InputError naming the option.
 */
export function faceFluxOptions(energy: Energy, options: WassersteinOptions): FaceFluxOptions {
  const flux = options.flux ?? "fv2";
  if (!WASSERSTEIN_FLUXES.includes(flux)) {
    throw new InputError(
      "flux",
      `must be one of ${WASSERSTEIN_FLUXES.join(", ")}, got ${String(flux)}`,
    );
  }
  const limiter = options.limiter ?? "mc";
  if (!LIMITERS.includes(limiter)) {
    throw new InputError(
      "limiter",
      `must be one of ${LIMITERS.join(", ")}, got ${String(limiter)}`,
    );
  }
  const sgWeight = options.sgWeight ?? "bernoulli";
  if (sgWeight !== "bernoulli" && sgWeight !== "sqra") {
    throw new InputError("sgWeight", `must be "bernoulli" or "sqra", got ${String(sgWeight)}`);
  }
  const nu = energy.entropyWeight;
  if (!(nu >= 0) || !Number.isFinite(nu)) {
    throw new InputError("energy.entropyWeight", `must be a finite number >= 0, got ${nu}`);
  }
  if (flux === "sg" && !(nu > 0)) {
    throw new InputError(
      "flux",
      `"sg" (Scharfetter–Gummel) needs an energy with entropy weight ν > 0, but ` +
        `${energy.name} has ν = ${nu}; use "fv1" or "fv2"`,
    );
  }
  return { flux, limiter, theta: flux === "fv2" ? limiterTheta(limiter) : 0, sgWeight, nu };
}

/**
 * Wasserstein gradient flow ∂ρ/∂t = div(ρ∇ξ), ξ = δF/δρ = ν log ρ + ψ(ρ), discretised by
 * cell-centred finite volumes on a 1–3D grid; no-flux walls have no face (zero flux),
 * periodic axes wrap.
 *
 * - fv1 / fv2: upwind fluxes of Carrillo–Chertock–Huang (Commun. Comput. Phys. 17, 2015),
 *   face velocity u = −Δξ/h computed from the *full* ξ (so the discrete Gibbs state
 *   ρ ∝ e^{−ψ/ν} is exactly stationary and the semi-discrete energy decays), mass carried
 *   from the upwind side, piecewise constant (fv1) or limited piecewise linear (fv2).
 *   Faces touching an empty cell use a log-free flux (docs/vacuum.md).
 * - sg: Scharfetter–Gummel / SQRA fluxes for ν > 0 (scharfetterGummel.ts); linear in ρ
 *   for fixed ψ, factors cached while ψ does not change.
 *
 * `rate(ρ, out)` writes dρ/dt and returns the largest forward-Euler step that keeps every
 * cell non-negative and resolves the local diffusion:
 *   1/dt = max_i [ outflow_i/ρ_i + Σ_faces(i) D(max(ρ_i, ρ_nbr))/h² ] + S·ν_fv,
 *   S = Σ_axes 2/h_a²,
 * where outflow_i is the mass rate leaving cell i (fv; for sg the rate coefficient Σ_j a_ij,
 * which already contains the ν part, so ν_fv = 0 for sg and ν for fv1/fv2), and
 * D(ρ) = Σ c m ρ^{m−1} is the diffusivity of the power terms c ρ^m/(m−1) of the energy
 * (localStructure.ts). The D term is the linear-stability (monotonicity) limit of the
 * nonlinear diffusion, which positivity alone does not bound; the fused 1D/2D sweeps
 * evaluate it per cell for m = 2, otherwise it is bounded globally by S·D(max ρ).
 * 1D and 2D grids use the fused cell sweeps (cellSweeps.ts), 3D the per-axis face sweeps.
 * With ν = 0 on a 2D grid with no-flux walls the sweep visits only the cells next to the
 * support of ρ (compactSweeps.ts; bit-identical), and for the pure m = 2 power energy it
 * evaluates ξ = 2c·ρ on the fly instead of calling smoothVariation; if 2c is a power of two
 * (c = 1: ∂ρ/∂t = Δρ²) a specialised sweep does it (squareSweep.ts, same bits, ~1.5× faster).
 * For the other pointwise energies (m ≠ 2, several powers, a potential V) the compact sweep
 * evaluates ψ_i = V_i + Σ c·m/(m−1)·ρ_i^{m−1} only where it reads it (pointwisePsi.ts), not
 * on the whole grid: the same bits for one power term (with or without V), rounding-level
 * differences otherwise; for the pure m = 3 energy (ψ = κρ², monotone in ρ) and ρ ≥ 0 a
 * specialised sweep does it (monotoneSweep.ts, same bits, ~1.5× faster).
 * `sweptCells` counts the cells the sweeps computed (benchmarks: cost per computed cell).
 * The explicit schemes use `eulerLimit`/`eulerStage` (fusedEuler.ts) where they pay: sg with
 * a static ψ does flux and update in one sweep; the compact sweep updates only its region.
 * Work buffers are allocated once; `rate` allocates nothing.
 */
export class WassersteinGeometry implements Geometry, FusedEulerGeometry {
  readonly name: string;
  readonly grid: Grid;
  readonly flux: WassersteinFlux;
  readonly limiter: Limiter;
  readonly sgWeight: SgWeight;
  /** ν: the entropy weight of the energy. */
  readonly nu: number;
  /** True if ψ is evaluated once and reused. */
  readonly psiStatic: boolean;

  private readonly faces: AxisFaces[];
  private readonly powers: { coef: number; m: number }[];
  /** Limiter parameter θ (0 for fv1: piecewise-constant reconstruction). */
  private readonly theta: number;
  /** Σ_axes 2/h_a²: the largest Σ_faces(i) 1/h² of any cell. */
  private readonly faceSum: number;
  private readonly psi: Float64Array;
  private psiReady = false;
  private readonly xi: Float64Array;
  /** ξ = ν log ρ + ψ of the upwind fluxes (WebAssembly SIMD log pass; fv1/fv2 with ν > 0). */
  private readonly logs: EntropyVariation | null;
  /** Per-cell outgoing flux (3D face sweeps only). */
  private readonly outflow: Float64Array;
  /** Row buffers of the fused 2D sweeps. */
  private readonly rowG: Float64Array;
  private readonly rows: Float64Array;
  /** Occupied column range per row (compact ν = 0 sweep, compactSweeps.ts). */
  private readonly ranges: Int32Array;
  /** True if the 2D ν = 0 sweep may skip the empty region (no-flux walls on both axes). */
  private readonly compact: boolean;
  /** Saved first row for the fused periodic sg Euler step. */
  private readonly row0: Float64Array;
  /** Active column range per row of the last compact sweep. */
  private readonly active: Int32Array;
  /** dρ/dt of the fused compact Euler step (eulerLimit → eulerStep). */
  private readonly kCompact: Float64Array;
  /** ξ = kXi·ρ evaluated on the fly (pure m = 2 power energy, compact sweep); 0: read ψ. */
  private readonly kXi: number;
  /** kD of the linear (m = 2) part of the power diffusivity D(ρ) = kD·ρ + …. */
  private readonly linearD: number;
  /** The other power terms (bounded globally through max ρ). */
  private readonly otherPowers: { coef: number; m: number }[];
  /**
   * ψ from the energy's pointwise form, evaluated by the compact sweep on its active region
   * only (pointwisePsi.ts): ν = 0, every term pointwise, ψ depends on ρ, not on the fly.
   */
  private readonly regionPsi: PointwisePsi | null;
  /** [1/h0², 1/h1², θ, kD] of monotoneSweep.ts (used if regionPsi.monotone, for ρ ≥ 0). */
  private readonly monotoneConsts: Float64Array;
  /** kXi/h_a² per axis if kXi is a power of two ≥ 1 (squareSweep.ts); empty otherwise. */
  private readonly kSquare: Float64Array;
  /**
   * The m = 2 (kSquare) or m = 3 (monotone, kD = 0) compact sweep with WebAssembly SIMD
   * interior rows, and the stage after it (null: neither applies, or no WebAssembly).
   */
  private readonly compactWasm: CompactSweepWasm | null;
  /** True if the last compact sweep ran in compactWasm (its stage may then run there). */
  private sweptInWasm = false;
  private readonly stats = new Float64Array(3);
  /**
   * Cells whose fluxes the sweeps have computed, summed over all `rate`/`eulerLimit` calls
   * (the whole grid per call, except for the compact ν = 0 sweep: its active cells). For
   * benchmarks: time per computed cell.
   */
  sweptCells = 0;
  // Scharfetter–Gummel: per-cell coefficients (2·dim per cell) and outgoing rate sums.
  private readonly sgCoef: Float64Array;
  private readonly sgOut: Float64Array;
  private readonly sgPsi: Float64Array;
  private sgReady = false;
  private sgMaxRate = 0;

  constructor(
    readonly energy: Energy,
    options: WassersteinOptions = {},
  ) {
    const grid = energy.grid;
    this.grid = grid;
    const { flux, limiter, theta, sgWeight, nu } = faceFluxOptions(energy, options);
    this.flux = flux;
    this.limiter = limiter;
    this.theta = theta;
    this.sgWeight = sgWeight;
    this.nu = nu;
    const structure = localStructure(energy);
    this.powers = structure.powers;
    this.psiStatic = options.psiStatic ?? structure.psiStatic;
    this.faces = axisFaces(grid);
    this.faceSum = this.faces.reduce((acc, f) => acc + 2 / (f.h * f.h), 0);
    this.name = `wasserstein-${flux}${flux === "fv2" ? `(${this.limiter})` : ""}${
      flux === "sg" && this.sgWeight === "sqra" ? "(sqra)" : ""
    }`;

    const size = grid.size;
    const sg = flux === "sg";
    // fv1/fv2 with ν > 0: ψ and ξ live in the log pass's (WebAssembly) memory.
    this.logs = nu > 0 && !sg ? new EntropyVariation(size) : null;
    this.psi = this.logs ? this.logs.psi : new Float64Array(size);
    this.xi = this.logs ? this.logs.xi : this.psi;
    this.outflow = new Float64Array(!sg && grid.dim === 3 ? size : 0);
    const rowLength = grid.dim === 2 ? grid.n[1] : 0;
    this.rowG = new Float64Array(rowLength);
    this.rows = new Float64Array(4 * rowLength);
    this.compact =
      !sg && nu === 0 && grid.dim === 2 && !this.faces[0].periodic && !this.faces[1].periodic;
    this.ranges = new Int32Array(this.compact ? 2 * grid.n[0] : 0);
    this.active = new Int32Array(this.compact ? 2 * grid.n[0] : 0);
    this.kCompact = new Float64Array(this.compact ? size : 0);
    const pureSquare =
      this.compact &&
      structure.pointwise &&
      !structure.potential &&
      this.powers.length === 1 &&
      this.powers[0].m === 2;
    this.kXi = pureSquare ? 2 * this.powers[0].coef : 0;
    const k = this.kXi;
    const [h0, h1] = [this.faces[0].h, this.faces[1]?.h ?? 1];
    this.kSquare =
      k >= 1 && 2 ** Math.round(Math.log2(k)) === k
        ? Float64Array.of(k * (1 / (h0 * h0)), k * (1 / (h1 * h1)), this.theta)
        : new Float64Array(0);
    const terms =
      this.compact && this.kXi === 0 && structure.pointwise && !this.psiStatic
        ? pointwiseTermsOf(energy)
        : null;
    this.regionPsi = terms !== null ? new PointwisePsi(terms) : null;
    this.row0 = new Float64Array(sg && grid.dim === 2 && this.faces[0].periodic ? rowLength : 0);
    // The fused 1D/2D upwind sweeps resolve the m = 2 diffusivity per cell; every other power
    // (and every power in 3D or with sg) enters through the global bound S·D(max ρ).
    const fusedLinear = !sg && grid.dim <= 2;
    this.linearD = fusedLinear
      ? this.powers.filter((q) => q.m === 2).reduce((acc, q) => acc + 2 * q.coef, 0)
      : 0;
    this.otherPowers = fusedLinear ? this.powers.filter((q) => q.m !== 2) : this.powers;
    this.monotoneConsts =
      this.regionPsi?.monotone === true
        ? Float64Array.of(1 / (h0 * h0), 1 / (h1 * h1), this.theta, this.linearD)
        : new Float64Array(0);
    this.compactWasm =
      this.kSquare.length > 0 || (this.monotoneConsts.length > 0 && this.linearD === 0)
        ? CompactSweepWasm.create(grid.n[0], grid.n[1])
        : null;
    this.sgCoef = new Float64Array(sg ? 2 * grid.dim * size : 0);
    this.sgOut = new Float64Array(sg ? size : 0);
    this.sgPsi = new Float64Array(sg && !this.psiStatic ? size : 0);
  }

  rate(rho: Float64Array, out: Float64Array): number {
    if (rho.length !== this.grid.size || out.length !== this.grid.size) {
      this.grid.checkLength("rho", rho);
      this.grid.checkLength("out", out);
    }
    this.updatePsi(rho);
    const r = this.flux === "sg" ? this.rateSg(rho, out) : this.rateUpwind(rho, out, true);
    if (r !== r) return NaN;
    return r > 0 ? 1 / r : Infinity;
  }

  /**
   * Evaluates ψ unless it is cached (static), evaluated on the fly by the sweep, or evaluated
   * on the active region only by rateUpwind (regionPsi).
   */
  private updatePsi(rho: Float64Array): void {
    if (this.kXi !== 0 || this.regionPsi !== null) return;
    if (!this.psiStatic || !this.psiReady) {
      this.energy.smoothVariation(rho, this.psi);
      this.psiReady = true;
    }
  }

  /** S·D(ρ_max) for the power terms not resolved per cell (0 if none). */
  private powerRate(rhoMax: number): number {
    const p = this.otherPowers;
    return p.length > 0 ? this.faceSum * powerDiffusivity(p, rhoMax) : 0;
  }

  /**
   * Fills out with dρ/dt of the fv1/fv2 fluxes; returns the stability rate 1/dt_FE. The
   * compact sweep writes only its active columns unless `full`.
   */
  private rateUpwind(rho: Float64Array, out: Float64Array, full: boolean): number {
    const nu = this.nu;
    const psi = this.psi;
    const xi = this.xi;
    if (this.logs) this.logs.compute(rho, nu);
    const grid = this.grid;
    const theta = this.theta;
    const stats = this.stats;
    const f = this.faces;
    if (!this.compact) this.sweptCells += rho.length;
    if (grid.dim === 1) {
      upwindCells1D(
        grid.n[0],
        f[0].periodic,
        1 / (f[0].h * f[0].h),
        rho,
        xi,
        psi,
        nu,
        theta,
        this.linearD,
        out,
        stats,
      );
    } else if (this.compactWasm !== null && this.kSquare.length > 0) {
      this.sweptInWasm = true;
      this.sweptCells += this.compactWasm.sweep(
        this.kSquare,
        rho,
        out,
        full,
        this.ranges,
        this.active,
        stats,
      );
    } else if (this.kSquare.length > 0) {
      this.sweptCells += compactSquare2D(
        grid.n[0],
        grid.n[1],
        this.kSquare,
        rho,
        out,
        full,
        this.ranges,
        this.active,
        stats,
      );
    } else if (this.compact) {
      const regionPsi = this.regionPsi;
      // m = 3 in WebAssembly unless some ρ < 0 (count −1): then the JavaScript paths below.
      const count =
        this.compactWasm !== null && regionPsi !== null
          ? this.compactWasm.sweepMonotone(
              this.monotoneConsts,
              regionPsi,
              psi,
              rho,
              out,
              full,
              this.ranges,
              this.active,
              stats,
            )
          : -1;
      this.sweptInWasm = count >= 0;
      if (count >= 0) {
        this.sweptCells += count;
      } else {
        let monotone = false;
        if (regionPsi !== null) {
          activeRegion(grid.n[0], grid.n[1], rho, this.ranges, this.active);
          monotone = regionPsi.fillRows(grid.n[0], grid.n[1], rho, this.active, psi);
        }
        if (monotone) {
          this.sweptCells += compactMonotone2D(
            grid.n[0],
            grid.n[1],
            this.monotoneConsts,
            rho,
            psi,
            out,
            full,
            this.active,
            stats,
          );
        } else {
          this.sweptCells += compactCells2D(
            grid.n[0],
            grid.n[1],
            1 / (f[0].h * f[0].h),
            1 / (f[1].h * f[1].h),
            rho,
            this.kXi !== 0 ? null : xi,
            this.kXi,
            theta,
            this.linearD,
            out,
            full,
            this.ranges,
            this.active,
            stats,
            regionPsi !== null,
          );
        }
      }
    } else if (grid.dim === 2) {
      upwindCells2D(
        grid.n[0],
        grid.n[1],
        f[0].periodic,
        f[1].periodic,
        1 / (f[0].h * f[0].h),
        1 / (f[1].h * f[1].h),
        rho,
        xi,
        psi,
        nu,
        theta,
        this.linearD,
        out,
        this.rows,
        stats,
      );
    } else {
      this.sweepUpwind3D(rho, out);
    }
    return stats[0] + this.faceSum * nu + this.powerRate(stats[1]);
  }

  private sweepUpwind3D(rho: Float64Array, out: Float64Array): void {
    const { nu, psi, xi, outflow, theta } = this;
    out.fill(0);
    outflow.fill(0);
    for (const f of this.faces) {
      if (theta > 0) sweepSecondOrder(f, rho, xi, psi, nu, theta, out, outflow);
      else if (nu > 0) sweepFirstOrderEntropic(f, rho, xi, psi, nu, out, outflow);
      else sweepFirstOrder(f, rho, xi, out, outflow);
    }
    let rmax = 0;
    let rhoMax = 0;
    let check = 0;
    for (let i = 0; i < rho.length; i++) {
      const r = rho[i];
      check += out[i];
      if (r > 0) {
        const ri = outflow[i] / r;
        if (ri > rmax) rmax = ri;
        if (r > rhoMax) rhoMax = r;
      }
    }
    this.stats[0] = check - check === 0 ? rmax : NaN;
    this.stats[1] = rhoMax;
  }

  /** Recomputes the sg face coefficients and their largest outgoing rate if ψ changed. */
  private refreshSg(): void {
    const psi = this.psi;
    let fresh = !this.sgReady;
    if (!fresh && !this.psiStatic) {
      const prev = this.sgPsi;
      for (let i = 0; i < psi.length; i++) {
        if (psi[i] !== prev[i]) {
          fresh = true;
          break;
        }
      }
    }
    if (!fresh) return;
    const width = 2 * this.grid.dim;
    const rates = this.sgOut;
    rates.fill(0);
    for (const f of this.faces) {
      sgCoefficients(f, psi, this.nu, this.sgWeight, this.sgCoef, width, rates);
    }
    if (!this.psiStatic) this.sgPsi.set(psi);
    let m = 0;
    for (let i = 0; i < rates.length; i++) {
      const r = rates[i];
      if (!(r <= m)) m = r; // also propagates NaN
    }
    this.sgMaxRate = m;
    this.sgReady = true;
  }

  /**
   * dt_FE(ρ) for the fused stage (fusedEuler.ts), the value `rate` would return, in two
   * configurations; NaN in every other one.
   * - sg with ψ independent of ρ, no power terms, 1D or 2D grid: the fluxes are linear with
   *   cached coefficients, dt_FE is the constant 1/max_i Σ_out a, nothing is evaluated and
   *   `eulerStage` does the flux sweep and the update in one pass.
   * - fv1/fv2 with ν = 0 on a 2D grid with no-flux walls (compactSweeps.ts): the rate is
   *   evaluated here, on the active region only, into an internal buffer, and `eulerStage`
   *   updates that region only.
   */
  eulerLimit(rho: Float64Array): number {
    if (this.compact) {
      if (rho.length !== this.grid.size) this.grid.checkLength("rho", rho);
      this.updatePsi(rho);
      const r = this.rateUpwind(rho, this.kCompact, false);
      if (r !== r) return NaN;
      return r > 0 ? 1 / r : Infinity;
    }
    if (this.flux !== "sg" || !this.psiStatic || this.powers.length > 0 || this.grid.dim > 2) {
      return NaN;
    }
    if (rho.length !== this.grid.size) this.grid.checkLength("rho", rho);
    this.updatePsi(rho);
    this.refreshSg();
    const r = this.sgMaxRate;
    if (r !== r) return NaN;
    return r > 0 ? 1 / r : Infinity;
  }

  /**
   * The SSP Runge–Kutta stage ρ ← a·u0 + (1 − a)(ρ + dt·L(ρ)) in place (forward Euler for
   * a = 0), bit-identical to `rate` followed by the update of explicit.ts; only right after
   * `eulerLimit(ρ)` returned a number. Returns true if an entry became negative or
   * non-finite. sg: one sweep; compact fv: the update of the active columns of the rate
   * evaluated by `eulerLimit`.
   */
  eulerStage(rho: Float64Array, dt: number, a: number, u0: Float64Array): boolean {
    const f = this.faces;
    const grid = this.grid;
    if (this.sweptInWasm) return this.compactWasm!.eulerStage(rho, dt, a, u0);
    if (this.compact) {
      return compactStage2D(grid.n[0], grid.n[1], rho, this.kCompact, this.active, dt, a, u0);
    }
    this.sweptCells += rho.length;
    if (grid.dim === 1) return sgStage1D(grid.n[0], f[0].periodic, rho, this.sgCoef, dt, a, u0);
    return sgStage2D(
      grid.n[0],
      grid.n[1],
      f[0].periodic,
      f[1].periodic,
      rho,
      this.sgCoef,
      dt,
      a,
      u0,
      this.rowG,
      this.row0,
    );
  }

  /** Fills out with dρ/dt of the sg fluxes; returns the stability rate 1/dt_FE. */
  private rateSg(rho: Float64Array, out: Float64Array): number {
    this.refreshSg();
    this.sweptCells += rho.length;
    const grid = this.grid;
    const width = 2 * grid.dim;
    const f = this.faces;
    if (grid.dim === 1) {
      sgCells1D(grid.n[0], f[0].periodic, rho, this.sgCoef, out);
    } else if (grid.dim === 2) {
      sgCells2D(
        grid.n[0],
        grid.n[1],
        f[0].periodic,
        f[1].periodic,
        rho,
        this.sgCoef,
        out,
        this.rowG,
      );
    } else {
      out.fill(0);
      for (const face of f) sweepSg(face, rho, this.sgCoef, width, out);
    }
    let rmax = this.sgMaxRate;
    if (this.powers.length > 0) {
      let rhoMax = 0;
      for (let i = 0; i < rho.length; i++) if (rho[i] > rhoMax) rhoMax = rho[i];
      rmax += this.powerRate(rhoMax);
    }
    return rmax;
  }
}

/**
 * The energy's pointwise description, or null if it has none. A sum whose terms of non-zero
 * weight are all pointwise (what localStructure reports) may still refuse: EnergySum.pointwise
 * also asks its zero-weight terms.
 */
function pointwiseTermsOf(energy: Energy): PointwiseTerms | null {
  if (!energy.pointwise) return null;
  try {
    return energy.pointwise();
  } catch (e) {
    if (e instanceof InputError) return null;
    throw e;
  }
}

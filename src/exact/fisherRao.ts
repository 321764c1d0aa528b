import { InputError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { GaussianFlowBase } from "./exactSolution.js";
import { Gaussian } from "./gaussian.js";
import {
  gaussianFromNatural,
  logRatioMoments,
  naturalFromGaussian,
  requireGaussian,
  type GaussianSpec,
  type NaturalParameters,
} from "./gaussianParameters.js";
import { klGaussians } from "./klGaussian.js";

/**
 * Exact Hellinger / Fisher–Rao (FR) gradient flows of KL (docs/exact-solutions.md §D).
 *
 * Conventions (EXACT.md §0): He²(μ₀, μ₁) = 4∫(√μ₀ − √μ₁)², i.e. the metric ∫μ̇²/μ, whose
 * gradient flow is ∂ρ/∂t = −ρ ξ with ξ = δF/δρ and NO factor; KL lives on non-negative
 * measures, KL(ρ‖π) = ∫ρ log(ρ/π) − ρ + π, δKL/δρ = log(ρ/π); π need not be normalised.
 * Every flow takes a `rate` κ (default 1) that replaces t by κt, i.e. solves ∂ρ/∂t = −κρξ:
 * κ = 4 for He² = ∫(√−√)², κ = 8 for He² = ½∫(√−√)².
 *
 * 1. Balanced KL flow ∂ρ/∂t = −κρ log(ρ/π):
 *      log ρ_t = e^{−κt} log ρ₀ + (1 − e^{−κt}) log π    (ρ₀ = 0 stays 0; support preserved).
 * 2. Spherical (mass-preserving) KL flow ∂ρ/∂t = −κρ(ξ − ∫ρξ/∫ρ), ξ = log(ρ/π):
 *      ρ_t = (∫ρ₀) ρ₀^{w}π^{1−w} / ∫ρ₀^{w}π^{1−w},   w = e^{−κt}
 *    (normalised geometric interpolation, independent of the normalisation of π).
 * 3. Inclusive KL flow, F = KL(π‖ρ), ξ = 1 − π/ρ: ∂ρ/∂t = −κ(ρ − π), ρ_t = π + e^{−κt}(ρ₀ − π).
 * 4. Spherical inclusive flow ∂ρ/∂t = −κρ(ξ − ∫ρξ/∫ρ) = κ(π − ρ M_π/M_ρ), M = ∫·. Derivation
 *    of the exact solution: dM_ρ/dt = κ(M_π − M_ρ M_π/M_ρ) = 0, so M_ρ ≡ M₀ and the equation
 *    is linear, ∂ρ/∂t = κπ − λρ with λ = κM_π/M₀:
 *      ρ_t = (M₀/M_π)π + e^{−λt}(ρ₀ − (M₀/M_π)π)   (→ π rescaled to mass M₀).
 *    It coincides with flow 3 when M₀ = M_π.
 *
 * **On a grid.** The functions below act on fields (one value per cell) and are the exact
 * solutions of the spatially decoupled ODE system ∂ρ_i/∂t = −κρ_i ξ_i (flows 1, 3: each cell on
 * its own) resp. with ∫f replaced by the grid sum Σ_i f_i |cell| (flows 2, 4: only ratios of
 * integrals enter, so |cell| cancels and no grid is needed). Whether the values are point
 * values or cell averages is the caller's choice: a grid solver stepping the same cell values
 * must match these to its time-integration accuracy. Note that flows 1, 2 and 4 are nonlinear
 * (or, for 4, coupled through masses), so applied to cell averages they are NOT the cell
 * averages of the continuous solution; for that use the Gaussian solution below
 * (`FisherRaoKlGaussian.cellAverages`), which is exact in the continuum.
 *
 * **Gaussians.** For ρ₀ = M₀N(μ₀, Σ₀), π = M_πN(m_π, Σ_π), the natural parameters (P, b, c)
 * of log ρ = c + b·x − ½xᵀPx interpolate linearly with weight w = e^{−κt} (flow 1); flow 2 has
 * the same mean and covariance and mass M₀.
 *
 * Sources: J.-J. Zhu & A. Mielke, Kernel approximation of Fisher–Rao gradient flows (arXiv
 * 2024) (He² with factor 4, flow −μ δF/δμ); Y. Lu, J. Lu & J. Nolen, Accelerating Langevin
 * sampling with birth-death (arXiv 2019) (geometric interpolation); Y. Chen, D. Z. Huang,
 * J. Huang, S. Reich & A. M. Stuart, Sampling via gradient flows in the space of probability
 * measures (arXiv 2023); J.-J. Zhu, Inclusive KL minimization: a Wasserstein–Fisher–Rao
 * gradient flow perspective (arXiv 2024).
 */
export interface FisherRaoFlowOptions {
  /** Time rescaling κ > 0 (t → κt) for other Hellinger normalisations. Default 1. */
  rate?: number;
  /** Output array of the same length as ρ₀ (may be ρ₀ itself). Default: a new array. */
  out?: Float64Array;
}

/** Checks t ≥ 0, κ > 0, ρ₀ and π finite, ≥ 0 and of equal length; returns κt and `out`. */
function prepare(
  rho0: ArrayLike<number>,
  pi: ArrayLike<number>,
  t: number,
  options: FisherRaoFlowOptions,
): { s: number; out: Float64Array } {
  requireNumber("t", t, { min: 0 });
  const rate = requireNumber("rate", options.rate ?? 1, { min: 0, exclusiveMin: true });
  checkField("rho0", rho0);
  checkField("pi", pi);
  if (pi.length !== rho0.length) {
    throw new InputError("pi", `has ${pi.length} entries but rho0 has ${rho0.length}`);
  }
  const out = options.out ?? new Float64Array(rho0.length);
  if (out.length !== rho0.length) {
    throw new InputError("out", `has ${out.length} entries but rho0 has ${rho0.length}`);
  }
  return { s: rate * t, out };
}

function checkField(name: string, f: ArrayLike<number>): void {
  if (f === null || typeof f !== "object" || typeof f.length !== "number" || f.length < 1) {
    throw new InputError(name, "must be a non-empty array of numbers (one value per cell)");
  }
  for (let i = 0; i < f.length; i++) {
    const v = f[i];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new InputError(name, `entry ${i} is ${String(v)}; values must be finite and >= 0`);
    }
  }
}

function sum(f: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < f.length; i++) s += f[i];
  return s;
}

/**
 * Flow 1 (balanced KL): ρ_t = ρ₀^{w}π^{1−w}, w = e^{−κt}, computed per cell as
 * ρ₀ exp(−(1 − w) log(ρ₀/π)). Cells with ρ₀ = 0 stay 0; π must be > 0 wherever ρ₀ > 0
 * (otherwise KL(ρ₀‖π) = ∞ and ξ = +∞).
 */
export function frKl(
  rho0: ArrayLike<number>,
  pi: ArrayLike<number>,
  t: number,
  options: FisherRaoFlowOptions = {},
): Float64Array {
  const { s, out } = prepare(rho0, pi, t, options);
  geometric(rho0, pi, -Math.expm1(-s), out);
  return out;
}

/** out = ρ₀^{1−v}π^{v} cellwise (v = 1 − e^{−κt}); checks π > 0 on the support of ρ₀. */
function geometric(
  rho0: ArrayLike<number>,
  pi: ArrayLike<number>,
  v: number,
  out: Float64Array,
): void {
  for (let i = 0; i < rho0.length; i++) {
    const r = rho0[i];
    const p = pi[i];
    if (r === 0) {
      out[i] = 0;
      continue;
    }
    if (!(p > 0)) {
      throw new InputError("pi", `entry ${i} is 0 where rho0 > 0; KL(rho0‖pi) would be infinite`);
    }
    out[i] = r * Math.exp(-v * (Math.log(r) - Math.log(p)));
  }
}

/**
 * Flow 2 (spherical KL): ρ_t = (Σρ₀) g / Σg with g = ρ₀^{w}π^{1−w}, w = e^{−κt} — the exact
 * solution of ∂ρ_i/∂t = −κρ_i(ξ_i − Σ_jρ_jξ_j/Σ_jρ_j), the grid form of the spherical flow
 * (∫f = Σf_i|cell|; |cell| cancels). The mass Σρ₀|cell| is conserved.
 */
export function frKlSpherical(
  rho0: ArrayLike<number>,
  pi: ArrayLike<number>,
  t: number,
  options: FisherRaoFlowOptions = {},
): Float64Array {
  const { s, out } = prepare(rho0, pi, t, options);
  const m0 = sum(rho0);
  if (!(m0 > 0)) throw new InputError("rho0", "must have positive mass");
  geometric(rho0, pi, -Math.expm1(-s), out);
  const scale = m0 / sum(out);
  for (let i = 0; i < out.length; i++) out[i] *= scale;
  return out;
}

/** Flow 3 (inclusive KL, F = KL(π‖ρ)): ρ_t = π + e^{−κt}(ρ₀ − π), cellwise. */
export function frInclusiveKl(
  rho0: ArrayLike<number>,
  pi: ArrayLike<number>,
  t: number,
  options: FisherRaoFlowOptions = {},
): Float64Array {
  const { s, out } = prepare(rho0, pi, t, options);
  const w = Math.exp(-s);
  for (let i = 0; i < rho0.length; i++) out[i] = pi[i] + w * (rho0[i] - pi[i]);
  return out;
}

/**
 * Flow 4 (spherical inclusive KL): ∂ρ_i/∂t = κ(π_i − ρ_i M_π/M_ρ) with M = Σ·|cell| (|cell|
 * cancels). The mass is conserved, M_ρ ≡ M₀, so with r = M₀/M_π, λ = κM_π/M₀:
 *   ρ_t = rπ + e^{−λt}(ρ₀ − rπ).   (π ≡ 0 gives ρ_t = ρ₀.)
 */
export function frInclusiveKlSpherical(
  rho0: ArrayLike<number>,
  pi: ArrayLike<number>,
  t: number,
  options: FisherRaoFlowOptions = {},
): Float64Array {
  const { s, out } = prepare(rho0, pi, t, options);
  const m0 = sum(rho0);
  const mpi = sum(pi);
  if (!(m0 > 0)) throw new InputError("rho0", "must have positive mass");
  if (mpi === 0) {
    for (let i = 0; i < rho0.length; i++) out[i] = rho0[i];
    return out;
  }
  const r = m0 / mpi;
  const w = Math.exp(-s / r);
  for (let i = 0; i < rho0.length; i++) {
    const target = r * pi[i];
    out[i] = target + w * (rho0[i] - target);
  }
  return out;
}

function checkPair(grid: Grid, a: Float64Array, aName: string, b: Float64Array, bName: string) {
  grid.checkLength(aName, a);
  grid.checkLength(bName, b);
  checkField(aName, a);
  checkField(bName, b);
}

/** KL(ρ‖π) = Σ_i (ρ_i log(ρ_i/π_i) − ρ_i + π_i)|cell| on 𝓜₊ (0 log 0 = 0; ∞ if π_i = 0 < ρ_i). */
export function klMplus(grid: Grid, rho: Float64Array, pi: Float64Array): number {
  checkPair(grid, rho, "rho", pi, "pi");
  let s = 0;
  for (let i = 0; i < rho.length; i++) {
    const r = rho[i];
    const p = pi[i];
    s += (r > 0 ? r * (Math.log(r) - Math.log(p)) : 0) - r + p;
  }
  return s * grid.cellVolume;
}

/**
 * Energy dissipation along the FR flow of KL (EXACT.md §D): with ξ = log(ρ/π),
 *   dKL/dt = −κ∫ρξ²   (balanced),   dKL/dt = −κ∫ρ(ξ − ξ̄)², ξ̄ = ∫ρξ/∫ρ   (spherical),
 * on the grid with ∫f = Σf_i|cell| (cells with ρ_i = 0 contribute 0). Returns dKL/dt ≤ 0.
 */
export function frKlRate(
  grid: Grid,
  rho: Float64Array,
  pi: Float64Array,
  options: { spherical?: boolean; rate?: number } = {},
): number {
  checkPair(grid, rho, "rho", pi, "pi");
  const rate = requireNumber("rate", options.rate ?? 1, { min: 0, exclusiveMin: true });
  let m = 0;
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < rho.length; i++) {
    const r = rho[i];
    if (r === 0) continue;
    const xi = Math.log(r) - Math.log(pi[i]);
    m += r;
    m1 += r * xi;
    m2 += r * xi * xi;
  }
  const d = options.spherical ? m2 - (m1 * m1) / m : m2;
  return -rate * d * grid.cellVolume;
}

/** Squared Hellinger distance in the convention of EXACT.md §0: He² = 4Σ(√μ_i − √ν_i)²|cell|. */
export function hellingerSq(grid: Grid, mu: Float64Array, nu: Float64Array): number {
  checkPair(grid, mu, "mu", nu, "nu");
  let s = 0;
  for (let i = 0; i < mu.length; i++) {
    const d = Math.sqrt(mu[i]) - Math.sqrt(nu[i]);
    s += d * d;
  }
  return 4 * s * grid.cellVolume;
}

export interface FrKlGaussianOptions {
  /** Time rescaling κ > 0 (default 1). */
  rate?: number;
  /** Spherical (mass-preserving) flow 2 instead of the balanced flow 1. Default false. */
  spherical?: boolean;
}

/**
 * FR flow of KL(ρ‖π) between Gaussians on 𝓜₊ (EXACT.md §D.1–2): ρ₀ = M₀N(μ₀, Σ₀),
 * π = M_πN(m_π, Σ_π). Balanced flow: (P, b, c)_t = w(P, b, c)_ρ₀ + (1 − w)(P, b, c)_π,
 * w = e^{−κt}, so Σ_t⁻¹ = wΣ₀⁻¹ + (1 − w)Σ_π⁻¹, Σ_t⁻¹μ_t = wΣ₀⁻¹μ₀ + (1 − w)Σ_π⁻¹m_π and
 * M_t = M₀^{w}M_π^{1−w}∫N₀^{w}N_π^{1−w}. Spherical flow: same mean and covariance, mass M₀.
 * Mass is not conserved by the balanced flow, so this is not an `ExactSolution` (whose `mass`
 * is a constant): use `mass(t)`.
 */
export class FisherRaoKlGaussian extends GaussianFlowBase {
  readonly dim: number;
  readonly initial: Gaussian;
  readonly target: Gaussian;
  readonly rate: number;
  readonly spherical: boolean;
  private readonly n0: NaturalParameters;
  private readonly nPi: NaturalParameters;
  private cache: { t: number; g: Gaussian } | null = null;

  constructor(
    initial: Gaussian | GaussianSpec,
    target: Gaussian | GaussianSpec,
    options: FrKlGaussianOptions = {},
  ) {
    super();
    this.initial = requireGaussian("initial", initial);
    this.target = requireGaussian("target", target, this.initial.dim);
    this.dim = this.initial.dim;
    this.rate = requireNumber("rate", options.rate ?? 1, { min: 0, exclusiveMin: true });
    this.spherical = options.spherical ?? false;
    this.n0 = naturalFromGaussian(this.initial);
    this.nPi = naturalFromGaussian(this.target);
  }

  /** Interpolation weight w = e^{−κt} of ρ₀. */
  weight(t: number): number {
    requireNumber("t", t, { min: 0 });
    return Math.exp(-this.rate * t);
  }

  /** (P, b, c) at time t: w·ρ₀ + (1 − w)·π (balanced flow; spherical: c differs). */
  natural(t: number): NaturalParameters {
    const w = this.weight(t);
    const v = -Math.expm1(-this.rate * t);
    const a = this.n0;
    const p = this.nPi;
    const P = a.P.map((row, i) => row.map((x, j) => w * x + v * p.P[i][j]));
    const b = a.b.map((x, i) => w * x + v * p.b[i]);
    const n = { P, b, c: w * a.c + v * p.c };
    if (!this.spherical) return n;
    const g = gaussianFromNatural(n);
    n.c += Math.log(this.initial.mass) - Math.log(g.mass);
    return n;
  }

  /** ρ_t = M_t N(μ_t, Σ_t). */
  at(t: number): Gaussian {
    if (this.cache?.t === t) return this.cache.g;
    const n = gaussianFromNatural(this.natural(t));
    const g = this.spherical ? n.withMass(this.initial.mass) : n;
    this.cache = { t, g };
    return g;
  }

  mass(t: number): number {
    return this.at(t).mass;
  }

  /** KL(ρ_t‖π) on 𝓜₊. */
  kl(t: number): number {
    return klGaussians(this.at(t), this.target);
  }

  /**
   * dKL/dt = −κ∫ρ_t u² (balanced) or −κ∫ρ_t(u − ū)² (spherical), u = log(ρ_t/π), in closed
   * form from the Gaussian moments of the quadratic u (see logRatioMoments).
   */
  klRate(t: number): number {
    const g = this.at(t);
    const m = logRatioMoments(g, this.target);
    const second = this.spherical ? m.variance : m.variance + m.mean * m.mean;
    return -this.rate * g.mass * second;
  }
}

/** ρ_t of the FR flow of KL between Gaussians (see FisherRaoKlGaussian). */
export function frKlGaussian(
  initial: Gaussian | GaussianSpec,
  target: Gaussian | GaussianSpec,
  t: number,
  options: FrKlGaussianOptions = {},
): Gaussian {
  return new FisherRaoKlGaussian(initial, target, options).at(t);
}

import { InputError, requireNumber } from "../errors.js";
import { GaussianFlowBase } from "./exactSolution.js";
import { Gaussian } from "./gaussian.js";
import { integrateGaussKronrod } from "./gaussKronrod.js";
import {
  logRatioMoments,
  naturalFromGaussian,
  requireGaussian,
  type GaussianSpec,
  type NaturalParameters,
} from "./gaussianParameters.js";
import { klGaussians } from "./klGaussian.js";
import {
  inverseSpd,
  matAdd,
  matMul,
  matVec,
  solveLinear,
  symmetricEigen,
  symmetrize,
  transpose,
  type Mat,
} from "./symmetricMatrix.js";

/**
 * Wasserstein–Fisher–Rao (WFR) gradient flow of KL between Gaussians on 𝓜₊
 * (docs/exact-solutions.md §E, conventions §0):
 *   ∂ρ/∂t = α div(ρ∇u) − βρu,   u = log(ρ/π),   α, β ≥ 0,
 * with π = M_π N(m_π, Σ_π), ρ₀ = M₀ N(μ₀, Σ₀), d = 1..3. The Wasserstein part sees only ∇log π;
 * the Fisher–Rao part (He² = 4∫(√−√)², flow −ρξ) also sees the mass M_π.
 *
 * Ansatz: for quadratic log ρ = c + b·x − ½xᵀPx, u = δc + g·x − ½xᵀQx is quadratic
 * (Q = P − P_π, g = b − b_π, δc = c − c_π) and div(ρ∇u)/ρ = Δu + ∇log ρ·∇u is quadratic too,
 * so ρ stays an unnormalised Gaussian and
 *   Ṗ = −α(PQ + QP) − βQ,   ḃ = −α(Qb + Pg) − βg,   ċ = α(−tr Q + b·g) − β(c − c_π)
 * (`wfrKlGaussianRhs`). In moments: μ̇ = −(αI + βΣ)Σ_π⁻¹(μ − m_π) and, since the W part
 * conserves mass, Ṁ = −βM[log(M/M_π) + KL(N(μ,Σ)|N(m_π,Σ_π))].
 *
 * Closed form (Riccati equation for Q linearised by W = Q⁻¹): with A = Σ_π⁻¹,
 * B = αA + (β/2)I, G(t) = B⁻¹(I − e^{−2Bt}) (= 2tI where B = 0), Q₀ = Σ₀⁻¹ − A,
 * K(t) = (I + αQ₀G(t))⁻¹ (invertible for all t ≥ 0 since αA ⪯ B):
 *   Σ(t)⁻¹ = A + e^{−Bt} K Q₀ e^{−Bt},
 *   μ(t) = m_π + Σ(t) e^{−βt/2} e^{−Bt} K Σ₀⁻¹(μ₀ − m_π),
 *   log(M(t)/M_π) = e^{−βt} log(M₀/M_π) − β∫₀ᵗ e^{−β(t−s)} KL(N(μ_s,Σ_s)|N(m_π,Σ_π)) ds,
 * the last integral by adaptive Gauss–Kronrod quadrature (rtol 1e-12; gaussKronrod.ts).
 * Everything is evaluated in the eigenbasis of A, where B, G and e^{−Bt} are diagonal.
 * Reductions: α = 0 is the FR flow §D.1 with rate β (fisherRao.ts); β = 0 is the
 * Ornstein–Uhlenbeck flow §B with A = Σ_π⁻¹, m = m_π at time αt (ornsteinUhlenbeck.ts).
 *
 * Sources: L. Chizat, G. Peyré, B. Schmitzer & F.-X. Vialard, An interpolating distance
 * between optimal transport and Fisher–Rao metrics, FoCM 18 (2018); M. Liero, A. Mielke &
 * G. Savaré, Optimal entropy-transport problems and a new Hellinger–Kantorovich distance,
 * Invent. Math. 211 (2018); S. Kondratyev, L. Monsaingeon & D. Vorotnikov, A new optimal
 * transport distance on the space of finite Radon measures, Adv. Differential Equations (2016).
 * The Gaussian ODE and its closed form are derived in EXACT.md §E.
 */
export interface WfrKlGaussianOptions {
  /** Weight α ≥ 0 of the Wasserstein (transport) term. */
  alpha: number;
  /** Weight β ≥ 0 of the Fisher–Rao (reaction) term. */
  beta: number;
  /** ρ₀ = M₀ N(μ₀, Σ₀). */
  initial: Gaussian | GaussianSpec;
  /** π = M_π N(m_π, Σ_π) (its mass matters when β > 0). */
  target: Gaussian | GaussianSpec;
  /** Relative tolerance of the mass quadrature (default 1e-12). */
  rtol?: number;
}

export class WfrKlGaussian extends GaussianFlowBase {
  readonly dim: number;
  readonly alpha: number;
  readonly beta: number;
  readonly initial: Gaussian;
  readonly target: Gaussian;
  readonly rtol: number;
  /** Eigenvalues λ_k of A = Σ_π⁻¹ and eigenvectors V (columns). */
  private readonly lambda: number[];
  private readonly V: Mat;
  /** Vᵀ Q₀ V and Vᵀ Σ₀⁻¹(μ₀ − m_π). */
  private readonly q0: Mat;
  private readonly v0: number[];
  private cache: { t: number; g: Gaussian } | null = null;

  constructor(options: WfrKlGaussianOptions) {
    super();
    this.alpha = requireNumber("alpha", options.alpha, { min: 0 });
    this.beta = requireNumber("beta", options.beta, { min: 0 });
    this.rtol = requireNumber("rtol", options.rtol ?? 1e-12, { min: 0, exclusiveMin: true });
    this.initial = requireGaussian("initial", options.initial);
    this.target = requireGaussian("target", options.target, this.initial.dim);
    const d = (this.dim = this.initial.dim);
    const { values, vectors } = symmetricEigen(this.target.precision as Mat);
    this.lambda = values;
    this.V = vectors;
    const P0 = this.initial.precision;
    const Vt = transpose(vectors);
    const rot = (M: Mat): Mat => matMul(matMul(Vt, M), vectors);
    const Q0 = matAdd(P0 as Mat, this.target.precision as Mat, -1);
    this.q0 = symmetrize(rot(Q0));
    const dm = this.initial.mean.map((v, i) => v - this.target.mean[i]);
    const P0dm = matVec(P0 as Mat, dm);
    this.v0 = Array.from({ length: d }, (_, k) =>
      P0dm.reduce((s, v, i) => s + vectors[i][k] * v, 0),
    );
  }

  /**
   * Eigenbasis quantities at time t: S̃ = ẼKQ̃₀Ẽ (so Σ⁻¹ = V(diag λ + S̃)Vᵀ) and
   * ṽ = e^{−βt/2}ẼKṽ₀ (so μ − m_π = ΣVṽ).
   */
  private rotated(t: number): { S: Mat; v: number[] } {
    const d = this.dim;
    const { alpha, beta } = this;
    const lb = this.lambda.map((l) => alpha * l + 0.5 * beta);
    const e = lb.map((l) => Math.exp(-l * t));
    const g = lb.map((l) => (l > 0 ? -Math.expm1(-2 * l * t) / l : 2 * t));
    // M = I + αQ̃₀G̃; solve M X = [Q̃₀ | ṽ₀].
    const M = this.q0.map((row, i) => row.map((v, j) => (i === j ? 1 : 0) + alpha * v * g[j]));
    const rhs = this.q0.map((row, i) => [...row, this.v0[i]]);
    const X = solveLinear(M, rhs);
    const S: Mat = Array.from({ length: d }, (_, i) =>
      Array.from({ length: d }, (_, j) => e[i] * 0.5 * (X[i][j] + X[j][i]) * e[j]),
    );
    const damp = Math.exp(-0.5 * beta * t);
    const v = X.map((row, i) => damp * e[i] * row[d]);
    return { S, v };
  }

  /** Σ(t)⁻¹ and μ(t) (no mass). */
  private moments(t: number): { precision: Mat; cov: Mat; mean: number[] } {
    const d = this.dim;
    const { S, v } = this.rotated(t);
    const inner = S.map((row, i) => row.map((x, j) => x + (i === j ? this.lambda[i] : 0)));
    const V = this.V;
    const precision = symmetrize(matMul(matMul(V, inner), transpose(V)));
    const cov = inverseSpd(precision);
    const Vv = matVec(V, v);
    const mean = Array.from({ length: d }, (_, i) =>
      cov[i].reduce((s, x, j) => s + x * Vv[j], this.target.mean[i]),
    );
    return { precision, cov, mean };
  }

  /**
   * KL(N(μ_s,Σ_s)|N(m_π,Σ_π)) in the eigenbasis, stably near equilibrium:
   * ½[Σ_k f(x_k) + δᵀAδ], x_k the eigenvalues of D S̃ D (D = diag λ^{−1/2}, i.e. of
   * Σ_π^{1/2}(Σ⁻¹ − A)Σ_π^{1/2}), f(x) = log(1 + x) − x/(1 + x) = tr(AΣ) − d + log det(Σ_πΣ⁻¹)
   * per eigenvalue.
   */
  private normalisedKl(s: number): number {
    const { S, v } = this.rotated(s);
    const d = this.dim;
    const lambda = this.lambda;
    // δ̃ = Vᵀ(μ − m_π) solves (Λ + S̃)δ̃ = ṽ; δᵀAδ = Σ_k λ_k δ̃_k².
    const inner = S.map((row, i) => row.map((x, j) => x + (i === j ? lambda[i] : 0)));
    const delta = solveLinear(
      inner,
      v.map((x) => [x]),
    );
    const D = lambda.map((l) => 1 / Math.sqrt(l));
    const X = S.map((row, i) => row.map((x, j) => D[i] * x * D[j]));
    let sum = 0;
    for (const x of jacobiEigenvalues(X)) sum += klShape(x);
    for (let k = 0; k < d; k++) sum += lambda[k] * delta[k][0] * delta[k][0];
    return 0.5 * sum;
  }

  /** log(M(t)/M_π). */
  logMassRatio(t: number): number {
    requireNumber("t", t, { min: 0 });
    const l0 = Math.log(this.initial.mass) - Math.log(this.target.mass);
    const beta = this.beta;
    if (beta === 0) return l0;
    const integral = integrateGaussKronrod(
      (s) => Math.exp(-beta * (t - s)) * this.normalisedKl(s),
      0,
      t,
      { rtol: this.rtol, atol: 1e-300 },
    ).value;
    return Math.exp(-beta * t) * l0 - beta * integral;
  }

  /** ρ_t = M(t) N(μ(t), Σ(t)). */
  at(t: number): Gaussian {
    requireNumber("t", t, { min: 0 });
    if (this.cache?.t === t) return this.cache.g;
    const { cov, mean } = this.moments(t);
    const mass = this.target.mass * Math.exp(this.logMassRatio(t));
    const g = new Gaussian(mean, cov, mass);
    this.cache = { t, g };
    return g;
  }

  mass(t: number): number {
    return this.at(t).mass;
  }

  /** (P, b, c) of log ρ_t. */
  natural(t: number): NaturalParameters {
    return naturalFromGaussian(this.at(t));
  }

  /** KL(ρ_t‖π) on 𝓜₊. */
  kl(t: number): number {
    return klGaussians(this.at(t), this.target);
  }

  /** dKL/dt = −α∫ρ|∇u|² − β∫ρu², u = log(ρ_t/π), in closed form (see logRatioMoments). */
  klRate(t: number): number {
    const g = this.at(t);
    const m = logRatioMoments(g, this.target);
    return -g.mass * (this.alpha * m.gradSq + this.beta * (m.variance + m.mean * m.mean));
  }
}

/** ρ_t of the WFR flow of KL between Gaussians (see WfrKlGaussian). */
export function wfrKlGaussian(options: WfrKlGaussianOptions, t: number): Gaussian {
  return new WfrKlGaussian(options).at(t);
}

/**
 * Right-hand side of the natural-parameter ODE of the WFR flow of KL (EXACT.md §E), for
 * cross-checks: with Q = P − P_π, g = b − b_π,
 *   Ṗ = −α(PQ + QP) − βQ,   ḃ = −α(Qb + Pg) − βg,   ċ = α(−tr Q + b·g) − β(c − c_π).
 */
export function wfrKlGaussianRhs(
  state: NaturalParameters,
  target: NaturalParameters,
  alpha: number,
  beta: number,
): NaturalParameters {
  requireNumber("alpha", alpha, { min: 0 });
  requireNumber("beta", beta, { min: 0 });
  const d = state.b.length;
  if (target.b.length !== d) {
    throw new InputError("target", `must have dimension ${d}, got ${target.b.length}`);
  }
  const { P, b, c } = state;
  const Q = matAdd(P, target.P, -1);
  const g = b.map((v, i) => v - target.b[i]);
  const PQ = matMul(P, Q);
  const dP = PQ.map((row, i) => row.map((v, j) => -alpha * (v + PQ[j][i]) - beta * Q[i][j]));
  const db = b.map((_, i) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += Q[i][j] * b[j] + P[i][j] * g[j];
    return -alpha * s - beta * g[i];
  });
  let trQ = 0;
  let bg = 0;
  for (let i = 0; i < d; i++) {
    trQ += Q[i][i];
    bg += b[i] * g[i];
  }
  return { P: dP, b: db, c: alpha * (-trQ + bg) - beta * (c - target.c) };
}

/** f(x) = log(1 + x) − x/(1 + x) (x > −1), by its Taylor series Σ_{k≥2}(−1)^k(k−1)/k x^k near 0. */
function klShape(x: number): number {
  if (Math.abs(x) < 1e-2) {
    let s = 0;
    let p = -x;
    for (let k = 2; k <= 10; k++) {
      p *= -x;
      s += ((k - 1) / k) * p;
    }
    return s;
  }
  return Math.log1p(x) - x / (1 + x);
}

/**
 * Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan,
 * Matrix Computations, §8.5): cheaper than a general eigensolver for d ≤ 3 inside a quadrature.
 */
function jacobiEigenvalues(m: Mat): number[] {
  const d = m.length;
  const a = m.map((row) => [...row]);
  for (let sweep = 0; sweep < 30; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < d; i++) {
      diag += a[i][i] * a[i][i];
      for (let j = i + 1; j < d; j++) off += a[i][j] * a[i][j];
    }
    if (!(off > 1e-34 * diag)) break;
    for (let p = 0; p < d; p++)
      for (let q = p + 1; q < d; q++) {
        if (a[p][q] === 0) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - sn * akq;
          a[k][q] = sn * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - sn * aqk;
          a[q][k] = sn * apk + c * aqk;
        }
      }
  }
  return a.map((row, i) => row[i]);
}

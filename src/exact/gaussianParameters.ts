import { InputError } from "../errors.js";
import { Gaussian } from "./gaussian.js";
import {
  inverseSpd,
  logDetSpd,
  matAdd,
  matMul,
  matVec,
  requireSpd,
  type Mat,
} from "./symmetricMatrix.js";

/**
 * Natural (exponential-family) parameters of an unnormalised Gaussian on 𝓜₊ (EXACT.md §D–E):
 *   log ρ(x) = c + b·x − ½ xᵀPx,   P SPD.
 * For ρ = M N(μ, Σ): P = Σ⁻¹, b = Σ⁻¹μ, c = log M − ½(d log 2π + log det Σ) − ½ μᵀΣ⁻¹μ.
 * The Fisher–Rao flow of KL interpolates (P, b, c) linearly, and the WFR flow of KL is an ODE
 * in (P, b, c) (see fisherRao.ts, wfrGaussian.ts).
 */
export interface NaturalParameters {
  /** Precision P = Σ⁻¹ (d×d, symmetric). */
  P: Mat;
  /** Linear coefficient b = Pμ. */
  b: number[];
  /** Constant c = log ρ(0). */
  c: number;
}

/** A Gaussian given as plain data, e.g. from a scenario spec: M N(mean, cov), mass default 1. */
export interface GaussianSpec {
  mean: number[];
  /** SPD matrix, or a positive number s² meaning s² I. */
  cov: Mat | number;
  mass?: number;
}

/** (P, b, c) of ρ = M N(μ, Σ). */
export function naturalFromGaussian(g: Gaussian): NaturalParameters {
  const P = (g.precision as Mat).map((row) => [...row]);
  const b = matVec(P, g.mean);
  const muPmu = g.mean.reduce((s, v, i) => s + v * b[i], 0);
  const c = Math.log(g.mass) - 0.5 * (g.dim * Math.log(2 * Math.PI) + g.logDetCov) - 0.5 * muPmu;
  return { P, b, c };
}

/**
 * ρ = M N(μ, Σ) from (P, b, c): Σ = P⁻¹, μ = Σb,
 * log M = c + ½ bᵀΣb + ½ d log 2π − ½ log det P.
 * Throws InputError(`field`.P) unless P is SPD (then ρ is not integrable).
 */
export function gaussianFromNatural(n: NaturalParameters, field = "natural"): Gaussian {
  const P = requireSpd(`${field}.P`, n.P);
  const d = P.length;
  if (n.b.length !== d) {
    throw new InputError(`${field}.b`, `must have ${d} entries, got ${n.b.length}`);
  }
  const S = inverseSpd(P);
  const mu = matVec(S, n.b);
  const bSb = n.b.reduce((s, v, i) => s + v * mu[i], 0);
  const logMass = n.c + 0.5 * bSb + 0.5 * d * Math.log(2 * Math.PI) - 0.5 * logDetSpd(P);
  return new Gaussian(mu, S, Math.exp(logMass));
}

/**
 * Accepts a Gaussian or a plain {mean, cov, mass} and returns a Gaussian; invalid data throws
 * an InputError naming `field` (e.g. "initial.cov", "target.mass") instead of "gaussian.*".
 */
export function requireGaussian(field: string, g: Gaussian | GaussianSpec, dim?: number): Gaussian {
  let out: Gaussian;
  if (g instanceof Gaussian) {
    out = g;
  } else {
    if (g === null || typeof g !== "object") {
      throw new InputError(field, "must be a Gaussian or {mean, cov, mass}");
    }
    if (!Array.isArray(g.mean))
      throw new InputError(`${field}.mean`, "must be an array of 1 to 3 numbers");
    try {
      out = new Gaussian(g.mean, g.cov, g.mass ?? 1);
    } catch (e) {
      if (e instanceof InputError && e.field.startsWith("gaussian.")) {
        throw new InputError(`${field}.${e.field.slice(9)}`, e.message.slice(e.field.length + 2));
      }
      throw e;
    }
  }
  if (dim !== undefined && out.dim !== dim) {
    throw new InputError(field, `must have dimension ${dim}, got ${out.dim}`);
  }
  return out;
}

/**
 * Moments under ρ of u = log(ρ/π) for Gaussians ρ = M N(μ, Σ), π on 𝓜₊ (u is quadratic:
 * u = δc + g·x − ½xᵀQx with Q = P − P_π, g = b − b_π, δc = c − c_π). With y = x − μ,
 * u = u(μ) + ∇u(μ)·y − ½yᵀQy, so (normalised expectations under N(μ, Σ))
 *   E u = u(μ) − ½ tr(QΣ),   Var u = ∇u(μ)ᵀΣ∇u(μ) + ½ tr((QΣ)²),
 *   E|∇u|² = |∇u(μ)|² + tr(QΣQ).
 * These give the dissipations ∫ρ u² = M(Var u + (E u)²) (Fisher–Rao), ∫ρ(u − ū)² = M Var u
 * (spherical FR) and ∫ρ|∇u|² = M E|∇u|² (Wasserstein).
 */
export function logRatioMoments(
  rho: Gaussian,
  pi: Gaussian,
): { mean: number; variance: number; gradSq: number } {
  const r = naturalFromGaussian(rho);
  const p = naturalFromGaussian(pi);
  const d = rho.dim;
  const mu = rho.mean;
  const S = rho.cov;
  const Q = matAdd(r.P, p.P, -1);
  const g = r.b.map((v, i) => v - p.b[i]);
  const Qmu = matVec(Q, mu);
  let uMu = r.c - p.c;
  for (let i = 0; i < d; i++) uMu += g[i] * mu[i] - 0.5 * mu[i] * Qmu[i];
  const grad = g.map((v, i) => v - Qmu[i]);
  const QS = matMul(Q, S as Mat);
  let trQS = 0;
  let trQSQS = 0;
  let trQSQ = 0;
  for (let i = 0; i < d; i++) {
    trQS += QS[i][i];
    for (let k = 0; k < d; k++) {
      trQSQS += QS[i][k] * QS[k][i];
      trQSQ += QS[i][k] * Q[k][i];
    }
  }
  let gradSgrad = 0;
  let gradSq = 0;
  for (let i = 0; i < d; i++) {
    gradSq += grad[i] * grad[i];
    for (let j = 0; j < d; j++) gradSgrad += grad[i] * S[i][j] * grad[j];
  }
  return {
    mean: uMu - 0.5 * trQS,
    variance: gradSgrad + 0.5 * trQSQS,
    gradSq: gradSq + trQSQ,
  };
}

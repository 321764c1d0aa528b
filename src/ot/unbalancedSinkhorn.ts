import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { requireEuclideanBox } from "./euclideanBox.js";
import { GeneralizedSinkhorn } from "./generalizedSinkhorn.js";
import type { UnbalancedKernelMode } from "./gibbsOperators.js";
import { KlPenaltyProx } from "./marginalProx.js";
import { QUADRATIC_COST, type RadialCost } from "./radialCost.js";
import { requireEqualMasses } from "./sinkhorn.js";

/**
 * Unbalanced entropic optimal transport between two grid measures of any masses, the
 * marginal constraints relaxed by KL penalties (L. Chizat, G. Peyré, B. Schmitzer &
 * F.-X. Vialard, "Scaling algorithms for unbalanced optimal transport problems", Math. Comp.
 * 87, 2018; M. Liero, A. Mielke & G. Savaré, Invent. Math. 211, 2018, for the WFR cost):
 *
 *   UOT(p, q) = min_γ≥0 ⟨C, γ⟩ + ε Σ_ij γ_ij (log γ_ij − κ − 1) + λ₁ KL(γ1 | p) + λ₂ KL(γᵀ1 | q),
 *
 * p, q the cell masses (ρ|cell|), C_ij = C(|z_i − z_j|²) a radial cost between cell centres
 * (|x − y|², or the WFR cost −log cos²(min(|x − y|/(2δ), π/2)) of radialCost.ts), KL on
 * non-negative masses (Σ r log(r/p) − r + p) and κ the log-normalisation of the Gibbs kernel
 * (radialCost.ts: the entropy is taken relative to the lattice-normalised kernel, so that a
 * plan that moves nothing pays ε∫(ρ log ρ − ρ), without terms in log h or log ε). λ = ∞ is a
 * hard constraint (λ₁ = λ₂ = ∞: balanced entropic transport, the plan of sinkhorn.ts).
 * Solved by the generalized Sinkhorn iteration (generalizedSinkhorn.ts) with the closed-form
 * KL prox (marginalProx.ts): a ← (p/Kb)^{λ₁/(λ₁+ε)}, b ← (q/Kᵀa)^{λ₂/(λ₂+ε)}, with the
 * optimal translation of the potentials after each iteration when both penalties are finite
 * (Séjourné, Vialard & Peyré, AISTATS 2023) and over-relaxation ω "auto".
 *
 * **Mass report.** With r = γ1 and c = γᵀ1 the plan takes r from the source cells and
 * delivers c: mass p − r is destroyed at the source where positive (created where negative),
 * and q − c is created at the target where positive (destroyed where negative):
 *   destroyed = Σ(p − r)₊ + Σ(c − q)₊,   created = Σ(r − p)₊ + Σ(q − c)₊,
 * so created − destroyed = Σq − Σp; `transported` = Σγ.
 *
 * The WFR distance of the (α, β) geometry is WFR² = (4/β)·UOT with the WFR cost at
 * δ = √(α/β), λ₁ = λ₂ = 1 and ε → 0 (radialCost.ts, docs/unbalanced.md).
 */
export interface UnbalancedOptions {
  /** KL penalty weights λ₁ (first marginal), λ₂ (second); one number for both. Infinity allowed. */
  penalty: number | readonly [number, number];
  /** Stopping rule: Σ_i |r_i − prox(Kb)_i| < tol·max(Σp, Σq) (default 1e-10). */
  tol?: number;
  maxIter?: number;
  /** Gibbs operators (gibbsOperators.ts; default "auto"). */
  kernel?: UnbalancedKernelMode;
  /** Truncation θ of the stabilised kernels (default 1e-20). */
  theta?: number;
  /** Absorption threshold λ of the stabilised iteration (default 7). */
  absorb?: number;
  /** Over-relaxation ω ∈ [1, 2) or "auto" (default; generalizedSinkhorn.ts). */
  omega?: number | "auto";
  /**
   * Translate the potentials optimally after each iteration (default true; only with two
   * finite penalties): removes the slow mass mode of large penalties (generalizedSinkhorn.ts).
   */
  translate?: boolean;
}

export interface UnbalancedResult {
  /** UOT(p, q) as defined above. */
  value: number;
  /** ⟨C, γ⟩. */
  transportCost: number;
  /** ⟨C, γ⟩ + εΣγ(log γ − κ − 1). */
  regularizedCost: number;
  /** λ₁ KL(γ1 | p), λ₂ KL(γᵀ1 | q) (0 for a hard constraint). */
  penalties: [number, number];
  mass: {
    source: number;
    target: number;
    transported: number;
    created: number;
    destroyed: number;
  };
  /** Marginals γ1, γᵀ1 of the plan (masses). */
  row: Float64Array;
  col: Float64Array;
  /** Dual potentials f/ε = log a, g/ε = log b (−∞ where the marginal is 0). */
  logA: Float64Array;
  logB: Float64Array;
  iterations: number;
  marginalError: number;
  kernel: "separable" | "fft" | "stabilized";
  absorptions: number;
}

/** A reusable unbalanced solver for one grid, cost and ε (warm-started between solves). */
export class UnbalancedSinkhorn {
  readonly core: GeneralizedSinkhorn;

  constructor(
    readonly grid: Grid,
    readonly cost: RadialCost,
    readonly eps: number,
    options: Pick<UnbalancedOptions, "kernel" | "theta" | "absorb"> = {},
  ) {
    requireEuclideanBox(grid, "unbalanced entropic OT");
    this.core = new GeneralizedSinkhorn(grid, cost, eps, options);
  }

  solve(p: Float64Array, q: Float64Array, options: UnbalancedOptions): UnbalancedResult {
    const grid = this.grid;
    const N = grid.size;
    grid.checkLength("p", p);
    grid.checkLength("q", q);
    const [l1, l2] =
      typeof options.penalty === "number" ? [options.penalty, options.penalty] : options.penalty;
    for (const [k, l] of [l1, l2].entries()) {
      if (!(l > 0)) {
        throw new InputError(`penalty[${k}]`, `must be > 0 (Infinity: hard constraint), got ${l}`);
      }
    }
    const rows = new Uint8Array(N);
    const cols = new Uint8Array(N);
    let mp = 0;
    let mq = 0;
    for (let i = 0; i < N; i++) {
      for (const [name, m] of [
        ["p", p],
        ["q", q],
      ] as const) {
        if (!(m[i] >= 0) || !Number.isFinite(m[i])) {
          throw new InputError(name, `entry ${i} is ${m[i]}; masses must be finite and >= 0`);
        }
      }
      rows[i] = p[i] > 0 ? 1 : 0;
      cols[i] = q[i] > 0 ? 1 : 0;
      mp += p[i];
      mq += q[i];
    }
    if (!(mp > 0) || !(mq > 0)) {
      throw new InputError("p/q", `both marginals need positive mass, got ${mp} and ${mq}`);
    }
    if (l1 === Infinity && l2 === Infinity) {
      requireEqualMasses(mp, mq);
    }
    const eps = this.eps;
    const res = this.core.run(
      new KlPenaltyProx(p, l1, eps),
      new KlPenaltyProx(q, l2, eps),
      rows,
      cols,
      {
        tol: options.tol,
        maxIter: options.maxIter,
        errorScale: Math.max(mp, mq),
        omega: options.omega,
        translation:
          l1 < Infinity && l2 < Infinity && options.translate !== false
            ? { p, q, lambda1: l1, lambda2: l2 }
            : undefined,
      },
    );
    const { row, col } = res;
    const pen1 = l1 === Infinity ? 0 : l1 * kl(row, p);
    const pen2 = l2 === Infinity ? 0 : l2 * kl(col, q);
    let created = 0;
    let destroyed = 0;
    for (let i = 0; i < N; i++) {
      const ds = p[i] - row[i];
      if (ds > 0) destroyed += ds;
      else created -= ds;
      const dt = q[i] - col[i];
      if (dt > 0) created += dt;
      else destroyed -= dt;
    }
    return {
      value: res.regularizedCost + pen1 + pen2,
      transportCost: res.transportCost,
      regularizedCost: res.regularizedCost,
      penalties: [pen1, pen2],
      mass: { source: mp, target: mq, transported: res.planMass, created, destroyed },
      row,
      col,
      logA: res.logA,
      logB: res.logB,
      iterations: res.iterations,
      marginalError: res.marginalError,
      kernel: res.kernel,
      absorptions: res.absorptions,
    };
  }
}

/** KL(r | p) = Σ r log(r/p) − r + p on non-negative masses (0 log 0 = 0). */
export function kl(r: Float64Array, p: Float64Array): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) {
    const ri = r[i];
    const pi = p[i];
    if (ri > 0) s += pi > 0 ? ri * Math.log(ri / pi) - ri + pi : Infinity;
    else s += pi;
  }
  return s;
}

/** One-shot convenience on densities (cell averages): masses ρ|cell|, default quadratic cost. */
export function unbalancedTransport(
  grid: Grid,
  rhoA: Float64Array,
  rhoB: Float64Array,
  eps: number,
  options: UnbalancedOptions & { cost?: RadialCost },
): UnbalancedResult {
  const c = grid.cellVolume;
  const p = Float64Array.from(rhoA, (v) => v * c);
  const q = Float64Array.from(rhoB, (v) => v * c);
  return new UnbalancedSinkhorn(grid, options.cost ?? QUADRATIC_COST, eps, options).solve(
    p,
    q,
    options,
  );
}

import { InputError, SolverError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import {
  divideUpdate,
  marginalError,
  powCoefficients,
  relaxUpdate,
  relaxUpdateWithError,
} from "./scalingUpdates.js";
import { StabilizedGibbsKernel } from "./stabilizedGibbsKernel.js";

/**
 * Entropic optimal transport between two densities on the same grid.
 *
 * **Definition (the discrete W_ε).** With masses p_i = ρ_i|cell|, q_j = σ_j|cell| (equal
 * totals M), cost C_ij = |x_i − x_j|² between cell centres and a coupling P ≥ 0 with
 * marginals p, q,
 *
 *   W_ε(p, q) = min_P  Σ_ij C_ij P_ij + ε Σ_ij P_ij (log(P_ij / |cell|²) − 1).
 *
 * This is the continuous W_ε(μ,ν) = min ∫|x−y|²dγ + ε∫γ(log γ − 1) dx dy (Lebesgue
 * reference, EXACT.md §0) evaluated on couplings whose density is constant on each pair of
 * cells (γ = P_ij/|cell|² on cell_i × cell_j), with the transport cost taken between centres.
 * The reference measure of the discrete entropy is thus |cell|² per pair of cells; compared
 * with the counting reference (ε Σ P(log P − 1)) it adds the constant −2εM log|cell|, which
 * does not change the minimiser. The optimal plan is P_ij = exp((f_i + g_j − C_ij)/ε) with
 * "counting" potentials f, g, and Gibbs kernel K = exp(−C/ε).
 *
 * **Algorithm.** Sinkhorn's alternating projections u ← p/(K v), v ← q/(Kᵀu) in the
 * stabilised form of Schmitzer (2019): P = diag(u) K̃ diag(v) with
 * K̃_ij = exp((f̄_i + ḡ_j − C_ij)/ε) held by {@link StabilizedGibbsKernel}; when a scaling
 * leaves [e^{−λ}, e^{λ}] it is absorbed (f̄ += ε log u, ḡ += ε log v, u = v = 1) and K̃ is
 * rebuilt. Optional over-relaxation u ← u^{1−ω}(p/K̃v)^ω (A. Thibault, L. Chizat,
 * C. Dossal & N. Papadakis, "Overrelaxed Sinkhorn–Knopp algorithm for regularized optimal
 * transport", Algorithms 14 (2021)); ω = 1 is plain Sinkhorn.
 *
 * **Stopping rule.** After each full (u, v) update the second marginal is exact; the
 * iteration stops at the first iteration whose first-marginal error Σ_i |(P1)_i − p_i| is
 * below `tol`·M (with over-relaxation, ω > 1, the second-marginal error is added). A SolverError is thrown if `maxIter` is reached first or a value becomes
 * non-finite.
 */
export interface SinkhornOptions {
  /** Relative first-marginal L1 error at which to stop (default 1e-9). */
  tol?: number;
  /** Iteration cap (default 100 000). */
  maxIter?: number;
  /** Kernel truncation θ relative to each row's largest entry (default 1e-20). */
  theta?: number;
  /** Absorption threshold λ: scalings are absorbed once outside [e^{−λ}, e^{λ}] (default 7). */
  absorb?: number;
  /**
   * Over-relaxation ω in [1, 2) (default 1: plain Sinkhorn), or "auto": ω is adapted from the
   * measured linear rate of the marginal error. Whenever the rate ρ over the last 4 iterations
   * is steady (two consecutive 4-iteration rates within 25 % of 1 − ρ, at least 6 iterations
   * after the last change of ω), the rate μ of the plain iteration is recovered from Young's
   * relation for over-relaxed alternating (Gauss–Seidel type) iterations,
   * (ρ + ω − 1)² = ρ ω² μ, and ω is raised to the optimal 2/(1 + √(1 − μ)), capped at 1.9
   * (D. M. Young, "Iterative solution of large linear systems", 1971; for Sinkhorn:
   * A. Thibault et al. 2021 and T. Lehmann, M.-K. von Renesse, A. Sambale & A. Uschmajew,
   * "A note on overrelaxation in the Sinkhorn algorithm", Optim. Lett. 16, 2022). ω is only
   * raised, never lowered, except that it falls back to 1 for good if the error grows above
   * 10× its best value.
   */
  omega?: number | "auto";
  /** Starting ω of the "auto" mode (default 1). */
  omegaStart?: number;
  /** Initial counting potentials (f, g) (default 0, i.e. v = 1). Copied, not modified. */
  init?: { f: Float64Array; g: Float64Array };
}

export interface SinkhornResult {
  /** Counting potentials: P_ij = exp((f_i + g_j − C_ij)/ε). −∞ where the mass is 0. */
  f: Float64Array;
  g: Float64Array;
  /** Full (u, v) iterations performed. */
  iterations: number;
  /** Σ|P1 − p| / M at the end. */
  marginalError: number;
  /** Number of absorptions (kernel rebuilds after the first). */
  absorptions: number;
  /** Transport cost ⟨C, P⟩ = Σ C_ij P_ij. */
  transportCost: number;
  /** ε Σ P (log P − 1) (counting reference). */
  entropyTerm: number;
  /** W_ε with the |cell|² reference (see the module comment): cost + entropy − 2εM log|cell|. */
  value: number;
  /** First marginal of the returned plan (masses). */
  rowMarginal: Float64Array;
  /** Over-relaxation in use at the end (1 = plain). */
  omega: number;
}

/** A reusable Sinkhorn solver on one grid and one ε (buffers and kernels allocated once). */
export class SinkhornSolver {
  readonly grid: Grid;
  readonly eps: number;
  private readonly fwd: StabilizedGibbsKernel;
  private readonly bwd: StabilizedGibbsKernel;
  private readonly fb: Float64Array;
  private readonly gb: Float64Array;
  private readonly u: Float64Array;
  private readonly v: Float64Array;
  private readonly T: Float64Array;
  private readonly S: Float64Array;
  private readonly wA: Float64Array;
  private readonly wB: Float64Array;
  private readonly sA: Float64Array;

  constructor(grid: Grid, eps: number, options: { theta?: number } = {}) {
    this.grid = grid;
    this.eps = requireNumber("eps", eps, { min: 0, exclusiveMin: true });
    this.fwd = new StabilizedGibbsKernel(grid, eps, options.theta);
    this.bwd = new StabilizedGibbsKernel(grid, eps, options.theta);
    const N = grid.size;
    this.fb = new Float64Array(N);
    this.gb = new Float64Array(N);
    this.u = new Float64Array(N);
    this.v = new Float64Array(N);
    this.T = new Float64Array(N);
    this.S = new Float64Array(N);
    this.wA = new Float64Array(N);
    this.wB = new Float64Array(N);
    this.sA = new Float64Array(N);
  }

  /** Solves for masses p, q (non-negative, equal totals to 1e-10 relative). */
  solve(p: Float64Array, q: Float64Array, options: SinkhornOptions = {}): SinkhornResult {
    const grid = this.grid;
    const N = grid.size;
    const eps = this.eps;
    grid.checkLength("p", p);
    grid.checkLength("q", q);
    const tol = requireNumber("tol", options.tol ?? 1e-9, { min: 0, exclusiveMin: true });
    const maxIter = requireNumber("maxIter", options.maxIter ?? 100_000, {
      min: 1,
      integer: true,
    });
    const lambda = requireNumber("absorb", options.absorb ?? 7, { min: 0.5, max: 200 });
    const auto = options.omega === "auto";
    let omega = auto
      ? requireNumber("omegaStart", options.omegaStart ?? 1, { min: 1, max: 1.9 })
      : requireNumber("omega", (options.omega as number | undefined) ?? 1, { min: 1, max: 1.999 });
    const errs: number[] = [];
    let best = Infinity;
    let mp = 0;
    let mq = 0;
    for (let i = 0; i < N; i++) {
      if (!(p[i] >= 0) || !Number.isFinite(p[i]))
        throw new InputError("p", `entry ${i} is ${p[i]}`);
      if (!(q[i] >= 0) || !Number.isFinite(q[i]))
        throw new InputError("q", `entry ${i} is ${q[i]}`);
      mp += p[i];
      mq += q[i];
    }
    if (!(mp > 0) || Math.abs(mp - mq) > 1e-10 * mp) {
      throw new InputError(
        "p/q",
        `balanced transport needs equal positive masses, got ${mp} and ${mq}`,
      );
    }
    const { fb, gb, u, v, T, S, wA, wB, sA, fwd, bwd } = this;
    const hi = Math.exp(lambda);
    const lo = 1 / hi;
    for (let i = 0; i < N; i++) {
      fb[i] = p[i] > 0 ? (options.init ? options.init.f[i] / eps : 0) : -Infinity;
      gb[i] = q[i] > 0 ? (options.init ? options.init.g[i] / eps : 0) : -Infinity;
      if (!Number.isFinite(fb[i]) && p[i] > 0) fb[i] = 0;
      if (!Number.isFinite(gb[i]) && q[i] > 0) gb[i] = 0;
      u[i] = p[i] > 0 ? 1 : 0;
      v[i] = q[i] > 0 ? 1 : 0;
    }
    const lsA = fwd.logScale;
    const lsB = bwd.logScale;
    const refreshA = (): void => {
      for (let i = 0; i < N; i++) {
        wA[i] = p[i] > 0 ? Math.exp(Math.log(p[i]) - lsA[i]) : 0;
        sA[i] = Math.exp(lsA[i]);
      }
    };
    const refreshB = (): void => {
      for (let i = 0; i < N; i++) wB[i] = q[i] > 0 ? Math.exp(Math.log(q[i]) - lsB[i]) : 0;
    };
    // Kernels are (re)built lazily, right before their next application: absorbing u changes
    // f̄, which is the output factor of the forward kernel (cheap, setAlpha) but the input of
    // the backward passes (rebuild); symmetrically for v. Absorptions that happen before a
    // kernel's next use thus share one rebuild.
    let staleF = true;
    let staleB = true;
    const ensureF = (): void => {
      if (!staleF) return;
      fwd.build(fb, gb);
      refreshA();
      staleF = false;
    };
    const ensureB = (): void => {
      if (!staleB) return;
      bwd.build(gb, fb);
      refreshB();
      staleB = false;
    };
    const absorbU = (): void => {
      for (let i = 0; i < N; i++) {
        if (p[i] > 0) {
          fb[i] += Math.log(u[i]);
          u[i] = 1;
        }
      }
      if (!staleF) {
        fwd.setAlpha(fb);
        refreshA();
      }
      staleB = true;
    };
    const absorbV = (): void => {
      for (let i = 0; i < N; i++) {
        if (q[i] > 0) {
          gb[i] += Math.log(v[i]);
          v[i] = 1;
        }
      }
      if (!staleB) {
        bwd.setAlpha(gb);
        refreshB();
      }
      staleF = true;
    };
    let absorptions = 0;
    let iterations = 0;
    let err: number;
    let colErr = 0;
    const tolAbs = tol * mp;
    const errBuf = new Float64Array(1);
    let frozen = false;
    let changedAt = 0;
    let coef = powCoefficients(omega);
    let coefOmega = omega;
    for (let it = 0; ; it++) {
      ensureF();
      fwd.apply(v, T);
      // First-marginal error of the current plan (second marginal exact after v-update).
      if (it > 0) {
        err = colErr + marginalError(u, T, sA, p);
        if (!Number.isFinite(err)) {
          throw new SolverError(`Sinkhorn: non-finite marginal error at iteration ${it}`);
        }
        if (err < tolAbs) break;
        if (auto) {
          errs.push(err);
          best = Math.min(best, err);
          const k = errs.length;
          if (omega > 1 && err > 10 * best) {
            omega = 1;
            frozen = true;
          } else if (!frozen && k - changedAt >= 6) {
            const r = (errs[k - 1] / errs[k - 5]) ** 0.25;
            const r0 = (errs[k - 2] / errs[k - 6]) ** 0.25;
            // Below the optimal ω the dominant rate is real and exceeds ω − 1; at or above
            // it the rate is ≈ ω − 1 (complex pair) and Young's relation no longer applies.
            if (r < 1 && r > omega - 1 + 0.05 && Math.abs(r - r0) < 0.25 * (1 - r)) {
              const mu = Math.min(1, (r + omega - 1) ** 2 / (r * omega * omega));
              const target = Math.min(1.9, 2 / (1 + Math.sqrt(1 - mu)));
              if (target > omega + 0.01) {
                omega = target;
                changedAt = k;
              }
            }
          }
          if (omega !== coefOmega) {
            coef = powCoefficients(omega);
            coefOmega = omega;
          }
        }
        if (it >= maxIter) {
          throw new SolverError(
            `Sinkhorn did not converge: first-marginal L1 error ${(err / mp).toExponential(3)} ` +
              `> tol ${tol} after ${maxIter} iterations (eps = ${eps})`,
          );
        }
      }
      const plain = omega === 1 || it === 0;
      let out = plain ? divideUpdate(wA, T, u, lo, hi) : relaxUpdate(wA, T, u, omega, coef, lo, hi);
      if (out) {
        absorbU();
        absorptions++;
      }
      ensureB();
      bwd.apply(u, S);
      if (plain) {
        out = divideUpdate(wB, S, v, lo, hi);
      } else {
        // Over-relaxed v-step: the second marginal is no longer exact, so its error
        // (Σ_j q_j |v_j S_j / wB_j − 1|) is added to the stopping criterion.
        out = relaxUpdateWithError(wB, S, v, q, omega, coef, lo, hi, errBuf);
        colErr = errBuf[0];
      }
      if (out) {
        absorbV();
        absorptions++;
      }
      iterations = it + 1;
    }
    // Outputs: potentials, plan marginal, cost and value.
    const f = new Float64Array(N);
    const g = new Float64Array(N);
    const row = new Float64Array(N);
    let mass = 0;
    for (let i = 0; i < N; i++) {
      f[i] = p[i] > 0 ? eps * (fb[i] + Math.log(u[i])) : -Infinity;
      g[i] = q[i] > 0 ? eps * (gb[i] + Math.log(v[i])) : -Infinity;
      row[i] = u[i] * T[i] * sA[i];
      mass += row[i];
    }
    ensureB();
    bwd.apply(u, S);
    let dual = 0;
    for (let i = 0; i < N; i++) {
      if (row[i] > 0) dual += f[i] * row[i];
      const col = v[i] * S[i] * Math.exp(lsB[i]);
      if (col > 0) dual += g[i] * col;
    }
    let cost = 0;
    for (let a = 0; a < grid.dim; a++) {
      fwd.applyAxisCost(v, T, a);
      for (let i = 0; i < N; i++) cost += u[i] * T[i] * sA[i];
    }
    // Σ P(log P − 1) with log P = (f_i + g_j − C_ij)/ε: ε Σ P log P = Σ f r + Σ g c − ⟨C,P⟩.
    const entropyTerm = dual - cost - eps * mass;
    const value = cost + entropyTerm - 2 * eps * mass * Math.log(grid.cellVolume);
    return {
      f,
      g,
      iterations,
      marginalError: err / mp,
      absorptions,
      transportCost: cost,
      entropyTerm,
      value,
      rowMarginal: row,
      omega,
    };
  }
}

/** One-shot convenience: entropic OT between two densities (cell averages) on a grid. */
export function entropicTransport(
  grid: Grid,
  rhoA: Float64Array,
  rhoB: Float64Array,
  eps: number,
  options: SinkhornOptions = {},
): SinkhornResult {
  const c = grid.cellVolume;
  const p = new Float64Array(grid.size);
  const q = new Float64Array(grid.size);
  for (let i = 0; i < grid.size; i++) {
    p[i] = rhoA[i] * c;
    q[i] = rhoB[i] * c;
  }
  return new SinkhornSolver(grid, eps, { theta: options.theta }).solve(p, q, options);
}

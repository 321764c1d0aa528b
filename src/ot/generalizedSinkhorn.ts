import { InputError, SolverError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import type { GibbsOperator } from "./gibbsOperator.js";
import {
  type OperatorPair,
  type UnbalancedKernelMode,
  scalingOperators,
  stabilizedOperators,
} from "./gibbsOperators.js";
import { OmegaControl } from "./omegaControl.js";
import { type RadialCost, kernelLogNormaliser } from "./radialCost.js";

/**
 * The proximal step of one marginal's penalty in the generalized Sinkhorn iteration: given
 * log z (z = K·b for the rows, Kᵀ·a for the columns; −∞ where the kernel reaches no mass),
 * write log prox^{KL}_{F/ε}(z) = log argmin_s F(s)/ε + KL(s|z) cell by cell (marginalProx.ts,
 * energyMarginalProx.ts).
 */
export interface MarginalProx {
  apply(logZ: Float64Array, logOut: Float64Array): void;
}

export interface GeneralizedSinkhornOptions {
  /** Stop when Σ_i |r_i − prox(z)_i| < tol·errorScale (default 1e-10). */
  tol?: number;
  /** Iteration cap (default 20 000). */
  maxIter?: number;
  /** Scale of the stopping rule and of the kernels' mass budget (a total mass, > 0). */
  errorScale: number;
  /**
   * Over-relaxation ω ∈ [1, 2) of the log-scalings, log s ← (1 − ω) log s + ω log s_new, or
   * "auto" (default): adapted from the observed rate (omegaControl.ts).
   */
  omega?: number | "auto";
  /**
   * KL penalties λ₁ KL(·|p), λ₂ KL(·|q) on both sides (finite weights): after each column
   * update the potentials are translated by the optimal constant (see the class comment).
   */
  translation?: { p: Float64Array; q: Float64Array; lambda1: number; lambda2: number };
}

export interface GeneralizedSinkhornResult {
  /** Full (row, column) updates performed. */
  iterations: number;
  /** Σ_i |r_i − prox(z)_i| (+ the column violation when ω > 1) / errorScale at the end. */
  marginalError: number;
  /** ω at the end. */
  omega: number;
  /** Operators that finished the solve. */
  kernel: "separable" | "fft" | "stabilized";
  /** Absorptions of the scalings into the potentials. */
  absorptions: number;
  /** Row and column marginals r = γ1, c = γᵀ1 of the final plan (masses). */
  row: Float64Array;
  col: Float64Array;
  /** log a = f/ε, log b = g/ε (−∞ on inactive cells): γ_ij = e^κ a_i e^{−C_ij/ε} b_j. */
  logA: Float64Array;
  logB: Float64Array;
  /** ⟨C, γ⟩. */
  transportCost: number;
  /** ⟨C, γ⟩ + ε Σ γ (log γ − κ − 1) = ε(Σ r log a + Σ c log b − Σγ) (see the class comment). */
  regularizedCost: number;
  /** Σ_ij γ_ij. */
  planMass: number;
}

/**
 * The generalized Sinkhorn iteration of L. Chizat, G. Peyré, B. Schmitzer & F.-X. Vialard,
 * "Scaling algorithms for unbalanced optimal transport problems", Math. Comp. 87 (2018),
 * Algorithm 1, for
 *
 *   min_γ≥0  ε KL(γ | K) + F₁(γ1) + F₂(γᵀ1),   K_ij = e^{κ − C(|z_i − z_j|²)/ε},
 *
 * on a grid (cells z_i, masses), with C a radial cost (radialCost.ts) and κ the lattice
 * normalisation of kernelLogNormaliser (interior row sums |cell|). With γ = diag(a) K diag(b):
 *
 *   a ← prox^{KL}_{F₁/ε}(K b) / (K b),    b ← prox^{KL}_{F₂/ε}(Kᵀa) / (Kᵀa),
 *
 * the proxes given as {@link MarginalProx} (closed form for KL penalties, marginalProx.ts;
 * per-cell Newton for the JKO energy side, energyMarginalProx.ts). Balanced transport is
 * F = ι{·=p}, whose prox is p (plain Sinkhorn).
 *
 * **Log-stable form** (as sinkhorn.ts): a = e^{f̄}u, b = e^{ḡ}v with the absorbed log
 * potentials f̄, ḡ folded into the operators ({@link GibbsOperator}); when a scaling leaves
 * [e^{−λ}, e^{λ}] it is absorbed exactly (f̄ ← log prox − log z, u = 1) and the other
 * side's operator is rebuilt before its next use. λ is `absorb` (default 7) on the
 * stabilised operators and 1 in the scaling domain, where a rebuild costs O(N) and a small λ
 * keeps the kernels' error bounds tight. `kernel: "auto"` (default) starts in the scaling
 * domain and moves to the stabilised operators for good as soon as a scaling-domain build
 * refuses the weights (gibbsOperators.ts).
 *
 * **Translation** (option `translation`, for KL penalties on both sides; T. Séjourné,
 * F.-X. Vialard & G. Peyré, "Faster unbalanced optimal transport: translation invariant
 * Sinkhorn and 1-D Frank–Wolfe", AISTATS 2023). The slowest mode of the iteration shifts the
 * potentials (f, g) → (f + t, g − t), which leaves the plan unchanged: its contraction factor
 * per iteration is ≈ (λ/(λ + ε))², close to 1 for λ ≫ ε. With f = ε log a, g = ε log b, the
 * dual objective −λ₁⟨p, e^{−f/λ₁}⟩ − λ₂⟨q, e^{−g/λ₂}⟩ − ε⟨γ⟩ is maximised over t in closed
 * form, t = (log Σp e^{−f/λ₁} − log Σq e^{−g/λ₂})/(1/λ₁ + 1/λ₂), and the scalings are
 * multiplied by e^{±t/ε} after each column update (absorbed if that leaves their range).
 *
 * **Stopping rule.** After a column update the plan's column marginal equals prox₂ exactly;
 * its row marginal r = a ⊙ Kb is compared with the row prox of the same Kb: stop when
 * Σ_i |r_i − prox₁(Kb)_i| < tol·errorScale (for F₁ = ι{·=p} this is sinkhorn.ts's
 * first-marginal error). The returned plan is the one tested (before the row update).
 * SolverError after `maxIter` iterations, on a non-finite value, or if a prox puts mass where
 * the kernel reaches none.
 *
 * **Values.** log γ_ij = log a_i + log b_j + κ − C_ij/ε gives
 * ⟨C,γ⟩ + εΣγ(log γ − κ − 1) = ε(Σ_i r_i log a_i + Σ_j c_j log b_j − Σγ): the regularised
 * cost with entropy relative to the normalised kernel's reference (reported as
 * `regularizedCost`), plus ⟨C,γ⟩ by the cost-weighted operator.
 *
 * The potentials persist between calls of `run` (warm start) until {@link reset}.
 */
export class GeneralizedSinkhorn {
  readonly grid: Grid;
  readonly cost: RadialCost;
  readonly eps: number;
  /** κ: log of the kernel normalisation (radialCost.ts). */
  readonly logNorm: number;
  readonly mode: UnbalancedKernelMode;
  private readonly lambda: number;
  private readonly theta: number | undefined;
  private ops: OperatorPair | null = null;
  private stable = false;
  private readonly fb: Float64Array;
  private readonly gb: Float64Array;
  private readonly u: Float64Array;
  private readonly v: Float64Array;
  private readonly T: Float64Array;
  private readonly S: Float64Array;
  private readonly logZ: Float64Array;
  private readonly logR: Float64Array;
  private readonly logC: Float64Array;
  private readonly logS: Float64Array;
  private started = false;
  private scalingBudget = NaN;

  constructor(
    grid: Grid,
    cost: RadialCost,
    eps: number,
    options: { kernel?: UnbalancedKernelMode; absorb?: number; theta?: number } = {},
  ) {
    this.grid = grid;
    this.cost = cost;
    this.eps = requireNumber("eps", eps, { min: 0, exclusiveMin: true });
    this.mode = options.kernel ?? "auto";
    if (!["auto", "scaling", "stabilized"].includes(this.mode)) {
      throw new InputError("kernel", `must be "auto", "scaling" or "stabilized", got ${this.mode}`);
    }
    this.lambda = requireNumber("absorb", options.absorb ?? 7, { min: 0.5, max: 200 });
    this.theta = options.theta;
    this.logNorm = kernelLogNormaliser(grid, cost, eps);
    const N = grid.size;
    const arr = (): Float64Array => new Float64Array(N);
    this.fb = arr();
    this.gb = arr();
    this.u = arr();
    this.v = arr();
    this.T = arr();
    this.S = arr();
    this.logZ = arr();
    this.logR = arr();
    this.logC = arr();
    this.logS = arr();
  }

  /** The kind of operators in use ("separable"/"fft" before a hand-over, then "stabilized"). */
  get kernelKind(): "separable" | "fft" | "stabilized" {
    return this.ops ? this.ops[0].kind : this.mode === "stabilized" ? "stabilized" : "separable";
  }

  /**
   * Sets the starting potentials of the next run: log a = f/ε, log b = g/ε on the cells that
   * are active in that run (entries that are not finite leave the current value). Scalings
   * restart at 1 and the operators are rebuilt.
   */
  warmStart(logA: Float64Array, logB: Float64Array): void {
    this.pending = { logA, logB };
  }

  private pending: { logA: Float64Array; logB: Float64Array } | null = null;

  /** Forgets the potentials and returns to the scaling domain (mode "auto"). */
  reset(): void {
    this.started = false;
    this.pending = null;
    this.stable = false;
    this.ops = null;
  }

  /**
   * Runs the iteration for the row penalty `rowProx` on the active rows (`rows[i]` true:
   * row i may carry mass) and `colProx` on the active columns.
   */
  run(
    rowProx: MarginalProx,
    colProx: MarginalProx,
    rows: Uint8Array,
    cols: Uint8Array,
    options: GeneralizedSinkhornOptions,
  ): GeneralizedSinkhornResult {
    const N = this.grid.size;
    const tol = requireNumber("tol", options.tol ?? 1e-10, { min: 0, exclusiveMin: true });
    const maxIter = requireNumber("maxIter", options.maxIter ?? 20_000, {
      min: 1,
      integer: true,
    });
    const scale = requireNumber("errorScale", options.errorScale, { min: 0, exclusiveMin: true });
    const { fb, gb, u, v, T, S, logZ, logR, logC } = this;
    const kappa = this.logNorm;
    // Activate/deactivate cells (the supports may change between calls).
    let changed = !this.started;
    for (let i = 0; i < N; i++) {
      if (rows[i]) {
        if (fb[i] === -Infinity || !this.started) {
          fb[i] = 0;
          changed = true;
        }
        if (!(u[i] > 0) || !this.started) u[i] = 1;
      } else {
        if (fb[i] !== -Infinity) changed = true;
        fb[i] = -Infinity;
        u[i] = 0;
      }
      if (cols[i]) {
        if (gb[i] === -Infinity || !this.started) {
          gb[i] = 0;
          changed = true;
        }
        if (!(v[i] > 0) || !this.started) v[i] = 1;
      } else {
        if (gb[i] !== -Infinity) changed = true;
        gb[i] = -Infinity;
        v[i] = 0;
      }
    }
    this.started = true;
    if (this.pending) {
      const { logA, logB } = this.pending;
      for (let i = 0; i < N; i++) {
        if (rows[i] && Number.isFinite(logA[i])) {
          fb[i] = logA[i];
          u[i] = 1;
        }
        if (cols[i] && Number.isFinite(logB[i])) {
          gb[i] = logB[i];
          v[i] = 1;
        }
      }
      this.pending = null;
      changed = true;
    }
    // Scaling-domain operators are allocated once per mass scale (their budgets depend on it).
    const budget = 1e-13 * scale * Math.exp(-kappa);
    if (!this.stable && this.mode !== "stabilized") {
      if (!this.ops || this.scalingBudget !== budget) {
        this.ops = scalingOperators(this.grid, this.cost, this.eps, 1, budget);
        this.scalingBudget = budget;
        changed = true;
      }
    } else if (!this.ops || this.ops[0].kind !== "stabilized") {
      this.ops = stabilizedOperators(this.grid, this.cost, this.eps, this.theta);
      this.stable = true;
      changed = true;
    }
    let staleF = changed;
    let staleB = changed;
    const handOver = (): void => {
      if (this.mode === "scaling") {
        throw new SolverError(
          `unbalanced Sinkhorn (${this.ops?.[0].kind} kernel in the scaling domain): the ` +
            `potentials left its range (eps = ${this.eps} is too small here); use kernel "auto" or "stabilized"`,
        );
      }
      this.ops = stabilizedOperators(this.grid, this.cost, this.eps, this.theta);
      this.stable = true;
      staleF = true;
      staleB = true;
    };
    const ensure = (): void => {
      // Builds whatever is stale; a refusal hands over to the stabilised pair (rebuilt too).
      for (;;) {
        const [fwd, bwd] = this.ops as OperatorPair;
        if (staleF) {
          if (!fwd.build(fb, gb)) {
            handOver();
            continue;
          }
          staleF = false;
        }
        if (staleB) {
          if (!bwd.build(gb, fb)) {
            handOver();
            continue;
          }
          staleB = false;
        }
        return;
      }
    };
    const lam = (): number => (this.stable ? this.lambda : 1);
    const control = new OmegaControl(options.omega ?? "auto");
    const colErr = new Float64Array(1);
    let absorptions = 0;
    let err: number;
    let nonFinite = 0;
    let it = 0;
    for (; ; it++) {
      ensure();
      const fwd = (this.ops as OperatorPair)[0];
      let bwd = (this.ops as OperatorPair)[1];
      // Row stage: z = K b (log), the current plan's rows, the row prox.
      fwd.apply(v, T);
      logOfOutput(fwd, kappa, fb, T, logZ);
      rowProx.apply(logZ, logR);
      if (it > 0) {
        err = rowError(fwd.logScale, kappa, u, T, logR) + colErr[0];
        // A plan of overflowing mass can occur transiently from a poor start (a tail cell's
        // potential far off); it is not a failure unless it persists.
        if (Number.isFinite(err)) {
          nonFinite = 0;
          if (err < tol * scale) break;
          control.observe(err);
        } else if (++nonFinite > 50) {
          throw new SolverError(
            `unbalanced Sinkhorn: non-finite marginal error for 50 iterations (at ${it})`,
          );
        }
        if (it >= maxIter) {
          throw new SolverError(
            `unbalanced Sinkhorn did not converge: marginal error ${(err / scale).toExponential(3)} ` +
              `> tol ${tol} after ${maxIter} iterations (eps = ${this.eps}, cost ${this.cost.name})`,
          );
        }
      }
      const L = lam();
      const omega = it === 0 ? 1 : control.omega;
      if (updateScalings(logR, logZ, fb, u, L, "row", omega, this.logS)) {
        fwd.setAlpha(fb);
        staleB = true;
        absorptions++;
        ensure();
        bwd = (this.ops as OperatorPair)[1];
      }
      // Column stage.
      bwd.apply(u, S);
      logOfOutput(bwd, kappa, gb, S, logZ);
      colProx.apply(logZ, logC);
      if (updateScalings(logC, logZ, gb, v, L, "column", omega, this.logS, colErr)) {
        bwd.setAlpha(gb);
        staleF = true;
        absorptions++;
      }
      const tr = options.translation;
      if (tr) {
        const t = optimalTranslation(tr, this.eps, fb, u, gb, v) / this.eps;
        if (Math.abs(t) > L / 2) {
          // Large shifts go into the potentials (both operators rebuilt before their next use).
          for (let i = 0; i < N; i++) {
            if (fb[i] !== -Infinity) fb[i] += t;
            if (gb[i] !== -Infinity) gb[i] -= t;
          }
          staleF = true;
          staleB = true;
          absorptions++;
        } else if (t !== 0) {
          const eu = Math.exp(t);
          const ev = 1 / eu;
          for (let i = 0; i < N; i++) {
            u[i] *= eu;
            v[i] *= ev;
          }
        }
      }
    }
    // Outputs of the tested plan (a = e^{f̄}u, b = e^{ḡ}v; the column marginal is prox₂).
    ensure();
    const [fwd] = this.ops as OperatorPair;
    const row = new Float64Array(N);
    const col = new Float64Array(N);
    const logA = new Float64Array(N);
    const logB = new Float64Array(N);
    const ls = fwd.logScale;
    fwd.apply(v, T);
    let mass = 0;
    let dual = 0;
    for (let i = 0; i < N; i++) {
      row[i] = planEntry(kappa, ls[i], u[i], T[i]);
      col[i] = Math.exp(logC[i]);
      logA[i] = u[i] > 0 ? fb[i] + Math.log(u[i]) : -Infinity;
      logB[i] = v[i] > 0 ? gb[i] + Math.log(v[i]) : -Infinity;
      mass += row[i];
      if (row[i] > 0) dual += row[i] * logA[i];
      if (col[i] > 0) dual += col[i] * logB[i];
    }
    fwd.applyCost(v, S);
    let cost = 0;
    for (let i = 0; i < N; i++) {
      cost += planEntry(kappa, ls[i], u[i], S[i]);
    }
    return {
      iterations: it,
      marginalError: err / scale,
      omega: control.omega,
      kernel: fwd.kind,
      absorptions,
      row,
      col,
      logA,
      logB,
      transportCost: cost,
      regularizedCost: this.eps * (dual - mass),
      planMass: mass,
    };
  }
}

/**
 * The optimal translation t of (f, g) = ε(log a, log b) for KL penalties on both sides:
 * t = (log Σ_i p_i e^{−f_i/λ₁} − log Σ_j q_j e^{−g_j/λ₂})/(1/λ₁ + 1/λ₂) (log-sum-exp).
 */
function optimalTranslation(
  tr: { p: Float64Array; q: Float64Array; lambda1: number; lambda2: number },
  eps: number,
  fb: Float64Array,
  u: Float64Array,
  gb: Float64Array,
  v: Float64Array,
): number {
  const lse = (m: Float64Array, pot: Float64Array, s: Float64Array, lambda: number): number => {
    let mx = -Infinity;
    for (let i = 0; i < m.length; i++) {
      if (!(m[i] > 0) || pot[i] === -Infinity || !(s[i] > 0)) continue;
      const x = Math.log(m[i]) - (eps * (pot[i] + Math.log(s[i]))) / lambda;
      if (x > mx) mx = x;
    }
    if (mx === -Infinity) return mx;
    let sum = 0;
    for (let i = 0; i < m.length; i++) {
      if (!(m[i] > 0) || pot[i] === -Infinity || !(s[i] > 0)) continue;
      sum += Math.exp(Math.log(m[i]) - (eps * (pot[i] + Math.log(s[i]))) / lambda - mx);
    }
    return mx + Math.log(sum);
  };
  const la = lse(tr.p, fb, u, tr.lambda1);
  const lb = lse(tr.q, gb, v, tr.lambda2);
  const t = (la - lb) / (1 / tr.lambda1 + 1 / tr.lambda2);
  return Number.isFinite(t) ? t : 0;
}

/** log z_i = κ + logOffset_i + log T_i on active rows (α_i finite), −∞ elsewhere. */
function logOfOutput(
  op: GibbsOperator,
  kappa: number,
  alpha: Float64Array,
  T: Float64Array,
  out: Float64Array,
): void {
  const off = op.logOffset;
  for (let i = 0; i < out.length; i++) {
    out[i] = alpha[i] === -Infinity || !(T[i] > 0) ? -Infinity : kappa + off[i] + Math.log(T[i]);
  }
}

/**
 * e^{κ + logScale}·u·T, evaluated in logs (the factors may under- or overflow separately while
 * their product is an ordinary mass); 0 for an empty row.
 */
function planEntry(kappa: number, logScale: number, u: number, T: number): number {
  if (logScale === -Infinity || !(u > 0) || !(T > 0)) return 0;
  return Math.exp(kappa + logScale + Math.log(u) + Math.log(T));
}

/** Σ_i |e^{κ + logScale_i} u_i T_i − e^{logR_i}| over the rows: the plan's row violation. */
function rowError(
  logScale: Float64Array,
  kappa: number,
  u: Float64Array,
  T: Float64Array,
  logR: Float64Array,
): number {
  let e = 0;
  for (let i = 0; i < u.length; i++) {
    e += Math.abs(planEntry(kappa, logScale[i], u[i], T[i]) - Math.exp(logR[i]));
  }
  return e;
}

/**
 * s_i = exp(ω(log prox_i − log z_i − pot_i) + (1 − ω) log s_i) on the active cells (pot_i
 * finite; ω = 1: the plain update s_i = prox_i/(z_i e^{pot_i}); cells whose plain update
 * changes s_i by more than a factor 2 take it unrelaxed); if some s_i leaves
 * [e^{−λ}, e^{λ}] all are absorbed (pot_i ← pot_i + log s_i, s_i = 1; exact for ω = 1) and
 * true is returned. A cell whose prox is 0 gets s_i = 0 (no mass) and keeps its potential;
 * one with z = 0 keeps s_i = 1 (nothing reaches it). Throws if a prox puts mass where z = 0.
 * With ω ≠ 1 and `err` given, err[0] receives the marginal violation Σ_i |s_i z_i e^{pot_i} −
 * prox_i| of the relaxed scalings (0 for ω = 1).
 */
function updateScalings(
  logP: Float64Array,
  logZ: Float64Array,
  pot: Float64Array,
  s: Float64Array,
  lambda: number,
  side: string,
  omega: number,
  logS: Float64Array,
  err?: Float64Array,
): boolean {
  let out = false;
  let e = 0;
  for (let i = 0; i < s.length; i++) {
    if (pot[i] === -Infinity) continue;
    const lp = logP[i];
    const lz = logZ[i];
    if (lz === -Infinity) {
      if (lp !== -Infinity) {
        throw new SolverError(
          `unbalanced Sinkhorn: the ${side} penalty puts mass on cell ${i}, which the ` +
            "(truncated) kernel does not reach from any cell with mass",
        );
      }
      s[i] = 1;
      continue;
    }
    if (lp === -Infinity) {
      s[i] = 0;
      continue;
    }
    const x0 = lp - lz - pot[i];
    let x = x0;
    if (omega !== 1 && s[i] > 0) {
      // As relaxUpdate (scalingUpdates.ts): a cell whose ratio new/old lies outside (1/2, 2)
      // (far from equilibrium) takes the plain step, which keeps it from swinging out.
      const ls = Math.log(s[i]);
      if (Math.abs(x0 - ls) < Math.LN2) {
        x = omega * x0 + (1 - omega) * ls;
        if (err) e += Math.exp(lp) * Math.abs(Math.expm1(x - x0));
      }
    }
    if (!(x >= -lambda && x <= lambda)) out = true;
    logS[i] = x;
    s[i] = Math.exp(x);
  }
  if (err) err[0] = e;
  if (!out) return false;
  // Absorb from the logs (a scaling itself may have over- or underflowed).
  for (let i = 0; i < s.length; i++) {
    if (pot[i] === -Infinity || logZ[i] === -Infinity || logP[i] === -Infinity) continue;
    pot[i] += logS[i];
    s[i] = 1;
  }
  return true;
}

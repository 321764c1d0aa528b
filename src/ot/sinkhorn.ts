import { InputError, SolverError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { requireEuclideanBox } from "./euclideanBox.js";
import { OmegaControl } from "./omegaControl.js";
import { ScalingSinkhorn } from "./scalingSinkhorn.js";
import { divideUpdate, marginalError, relaxUpdate } from "./scalingUpdates.js";
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
 * below max(`tol`·M, |M − M_q| + `tol`·M/10) (with over-relaxation, ω > 1, the
 * second-marginal error is added). A SolverError is thrown if `maxIter` is reached first or a value becomes
 * non-finite.
 *
 * **Unequal masses** (M = Σp, M_q = Σq). Balanced transport needs M = M_q: a relative
 * difference above {@link MASS_TOLERANCE} is refused with an InputError that states both
 * masses and their difference (normalise the inputs, or use the unbalanced solver,
 * unbalancedSinkhorn.ts). A smaller difference is taken as round-off and solved as given:
 * the plan has second marginal q and hence mass M_q, so its first-marginal error cannot go
 * below |M − M_q|, which the stopping rule therefore allows for when the gap is not small
 * against tol·M (without that allowance a tolerance below the gap could never be met). With ω = "auto" the over-relaxed iteration
 * has a higher floor (|M − M_q|·ω/(2 − ω)); {@link OmegaControl} detects the stagnation and
 * falls back to ω = 1.
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
   * Over-relaxation ω in [1, 2) (default 1: plain Sinkhorn), or "auto": adapted from the
   * measured rate of the marginal error ({@link OmegaControl}).
   */
  omega?: number | "auto";
  /** Starting ω of the "auto" mode (default 1). */
  omegaStart?: number;
  /**
   * Kernel: "separable" = scaling-domain iteration with the translation-invariant separable
   * kernel (scalingSinkhorn.ts; fails with a SolverError if the scalings leave double range),
   * "stabilized" = log-stabilised kernel (stabilizedGibbsKernel.ts), "auto" (default) =
   * separable while the scalings fit, then stabilised from the potentials reached.
   */
  kernel?: "auto" | "separable" | "stabilized";
  /**
   * Arithmetic of the separable kernel's iterations: "auto" (default) starts in single
   * precision where the criterion of float32Criterion.ts allows it (scalings within f32's
   * range, tol ≥ 2^−24) and finishes in double precision (the stopping rule is always
   * checked in double); "float64" never uses single precision.
   */
  precision?: "auto" | "float64";
  /** Initial counting potentials (f, g) (default 0, i.e. v = 1). Copied, not modified. */
  init?: { f: Float64Array; g: Float64Array };
}

export interface SinkhornResult {
  /** Counting potentials: P_ij = exp((f_i + g_j − C_ij)/ε). −∞ where the mass is 0. */
  f: Float64Array;
  g: Float64Array;
  /** Full (u, v) iterations performed. */
  iterations: number;
  /** How many of them ran in single precision (see SinkhornOptions.precision). */
  float32Iterations: number;
  /** Σ|P1 − p| / M at the end. */
  marginalError: number;
  /** Number of absorptions (kernel rebuilds after the first; 0 on the separable path). */
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
  /** The kernel that finished the solve (see SinkhornOptions.kernel). */
  kernel: "separable" | "stabilized";
}

/** A reusable Sinkhorn solver on one grid and one ε (buffers and kernels allocated once). */
export class SinkhornSolver {
  readonly grid: Grid;
  readonly eps: number;
  private readonly theta: number | undefined;
  private kernels: [StabilizedGibbsKernel, StabilizedGibbsKernel] | undefined;
  private readonly fb: Float64Array;
  private readonly gb: Float64Array;
  /** Buffers of the stabilised path, allocated on first use (the separable path needs none). */
  private work:
    | {
        u: Float64Array;
        v: Float64Array;
        T: Float64Array;
        S: Float64Array;
        wA: Float64Array;
        wB: Float64Array;
        sA: Float64Array;
      }
    | undefined;
  private scaling: ScalingSinkhorn | undefined;

  /**
   * `options.scaling`: a scaling-domain solver of an earlier SinkhornSolver on the same grid
   * (see {@link scalingSolver}), re-targeted to this ε and reused instead of building a new
   * kernel (multiscaleSinkhorn.ts: one per level instead of one per ε stage). The earlier
   * solver must not be used afterwards.
   */
  constructor(
    grid: Grid,
    eps: number,
    options: { theta?: number; scaling?: ScalingSinkhorn } = {},
  ) {
    requireEuclideanBox(grid, "entropic OT (Sinkhorn)");
    this.grid = grid;
    this.eps = requireNumber("eps", eps, { min: 0, exclusiveMin: true });
    if (options.scaling) {
      if (options.scaling.grid.size !== grid.size || options.scaling.grid.dim !== grid.dim) {
        throw new InputError("scaling", "must belong to a solver on the same grid");
      }
      options.scaling.setEps(this.eps);
      this.scaling = options.scaling;
    }
    if (options.theta !== undefined)
      requireNumber("theta", options.theta, { min: 0, max: 1e-3, exclusiveMin: true });
    this.theta = options.theta;
    const N = grid.size;
    this.fb = new Float64Array(N);
    this.gb = new Float64Array(N);
  }

  /**
   * Releases the scaling-domain kernel's memory for reuse by a later solver (passesPool.ts);
   * the solver must not be used afterwards. Results already returned stay valid (they never
   * alias the kernel's memory).
   */
  release(): void {
    this.scaling?.release();
    this.scaling = undefined;
  }

  /** The scaling-domain solver, once a solve has used it (for {@link constructor}'s reuse). */
  get scalingSolver(): ScalingSinkhorn | undefined {
    return this.scaling;
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
    const control = new OmegaControl(options.omega, options.omegaStart);
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
    const massGap = requireEqualMasses(mp, mq);
    const init = options.init;
    const { fb, gb } = this;
    // Log-potentials f/ε, g/ε (−∞ off the supports): the state of both kernels' paths.
    for (let i = 0; i < N; i++) {
      const f0 = init ? init.f[i] / eps : 0;
      const g0 = init ? init.g[i] / eps : 0;
      fb[i] = p[i] > 0 ? (Number.isFinite(f0) ? f0 : 0) : -Infinity;
      gb[i] = q[i] > 0 ? (Number.isFinite(g0) ? g0 : 0) : -Infinity;
    }
    let scalingIterations = 0;
    let float32Iterations = 0;
    const mode = options.kernel ?? "auto";
    if (mode !== "stabilized") {
      this.scaling ??= new ScalingSinkhorn(grid, eps);
      // On a hand-over the scaling path leaves the potentials it reached in fb, gb.
      const out = this.scaling.run(
        p,
        q,
        mp,
        { alpha: fb, beta: gb },
        {
          tol,
          maxIter,
          omega: options.omega,
          omegaStart: options.omegaStart,
          massGap,
          precision: options.precision,
        },
      );
      if (out.converged) {
        const { f, g } = this.scaling.potentials(p, q);
        let mass = 0;
        for (let i = 0; i < N; i++) mass += out.row[i];
        const entropyTerm = out.dual - out.transportCost - eps * mass;
        return {
          f,
          g,
          iterations: out.iterations,
          float32Iterations: out.float32Iterations,
          marginalError: out.marginalError,
          absorptions: 0,
          transportCost: out.transportCost,
          entropyTerm,
          value: out.transportCost + entropyTerm - 2 * eps * mass * Math.log(grid.cellVolume),
          rowMarginal: out.row,
          omega: out.omega,
          kernel: "separable",
        };
      }
      if (mode === "separable") {
        throw new SolverError(
          `Sinkhorn (separable kernel): the scalings left double range at iteration ` +
            `${out.iterations} (eps = ${eps} is too small for this pair); use kernel "auto" or "stabilized"`,
        );
      }
      scalingIterations = out.iterations;
      float32Iterations = out.float32Iterations;
    }
    // The stabilised kernels and buffers are created on first use (the separable path needs none).
    const arr = (): Float64Array => new Float64Array(N);
    this.work ??= { u: arr(), v: arr(), T: arr(), S: arr(), wA: arr(), wB: arr(), sA: arr() };
    const { u, v, T, S, wA, wB, sA } = this.work;
    this.kernels ??= [
      new StabilizedGibbsKernel(grid, eps, this.theta),
      new StabilizedGibbsKernel(grid, eps, this.theta),
    ];
    const [fwd, bwd] = this.kernels;
    const hi = Math.exp(lambda);
    const lo = 1 / hi;
    for (let i = 0; i < N; i++) {
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
    const tolAbs = Math.max(tol * mp, massGap + 0.1 * tol * mp);
    const errBuf = new Float64Array(1);
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
        control.observe(err);
        if (it >= maxIter) {
          throw new SolverError(
            `Sinkhorn did not converge: first-marginal L1 error ${(err / mp).toExponential(3)} ` +
              `> tol ${tol} after ${maxIter} iterations (eps = ${eps})`,
          );
        }
      }
      const { omega, coef } = control;
      const plain = omega === 1 || it === 0;
      let out = (plain ? divideUpdate(wA, T, u, lo, hi) : relaxUpdate(wA, T, u, coef, lo, hi)) > hi;
      if (out) {
        absorbU();
        absorptions++;
      }
      ensureB();
      bwd.apply(u, S);
      if (plain) {
        out = divideUpdate(wB, S, v, lo, hi) > hi;
        // A plain v-step makes the second marginal exact again: no column error remains
        // (a stale value from an earlier over-relaxed step would stall the stopping rule).
        colErr = 0;
      } else {
        // Over-relaxed v-step: the second marginal is no longer exact, so its error
        // (Σ_j q_j |v_j S_j / wB_j − 1|) is added to the stopping criterion.
        out = relaxUpdate(wB, S, v, coef, lo, hi, q, errBuf) > hi;
        colErr = errBuf[0];
      }
      if (out) {
        absorbV();
        absorptions++;
      }
      iterations = scalingIterations + it + 1;
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
      float32Iterations,
      marginalError: err / mp,
      absorptions,
      transportCost: cost,
      entropyTerm,
      value,
      rowMarginal: row,
      omega: control.omega,
      kernel: "stabilized",
    };
  }
}

/**
 * Largest relative mass difference |M_p − M_q|/M_p that balanced Sinkhorn accepts (taken
 * as round-off; see the stopping rule of SinkhornOptions).
 */
export const MASS_TOLERANCE = 1e-10;

/**
 * Checks that two masses are positive and equal to {@link MASS_TOLERANCE} (relative);
 * returns |mp − mq| (the floor of the first-marginal error). The InputError states both
 * masses and the difference.
 */
export function requireEqualMasses(mp: number, mq: number): number {
  if (!(mp > 0) || !(mq > 0)) {
    throw new InputError(
      "p/q",
      `balanced transport needs equal positive masses, got ${mp} and ${mq}`,
    );
  }
  const gap = Math.abs(mp - mq);
  if (gap > MASS_TOLERANCE * mp) {
    throw new InputError(
      "p/q",
      `balanced transport needs equal positive masses, got ${mp} and ${mq} (difference ` +
        `${(mq - mp).toExponential(3)}, relative ${(gap / mp).toExponential(3)} > ${MASS_TOLERANCE}); ` +
        "normalise both densities to the same mass, or use unbalanced transport (KL penalties)",
    );
  }
  return gap;
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

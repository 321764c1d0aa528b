import { SolverError } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { FLOAT32_MIN_TOL } from "./float32Criterion.js";
import { FLOAT32_FIELDS, runFloat32Phase } from "./float32Phase.js";
import { OmegaControl } from "./omegaControl.js";
import {
  LOG_LIMIT,
  type ScalingSlot,
  TailControl,
  loadBalanced,
  maxOf,
  saveScalings,
} from "./scalingRange.js";
import { SeparableGibbsKernel } from "./separableGibbsKernel.js";

/** Least length of a float32 phase after which a new one may follow (see `run`). */
const RESTART_AFTER = 8;

/**
 * Sinkhorn in the scaling domain with the translation-invariant separable kernel
 * ({@link SeparableGibbsKernel}): the fast path of {@link SinkhornSolver} for the regime
 * where the scalings fit in double range (moderate ε, or a good warm start).
 *
 * The plan is P_ij = a_i K_ij b_j, K_ij = e^{−C_ij/ε}, with a = e^{f/ε − c}, b = e^{g/ε + c}
 * (f, g the counting potentials, c a balancing shift that does not change P). Iteration,
 * stopping rule (with the mass-gap allowance for unequal masses) and over-relaxation are
 * those of sinkhorn.ts (a ← p/(Kb), b ← q/(Ka)).
 *
 * **Truncation.** K is kept only for |i_a − j_a| ≤ w_a along every axis; a dropped pair has
 * K_ij < e^{−T}, and the mass the computed plan would put on dropped pairs is at most
 * N·max a·max b·R, R = Σ_a t_a Π_{b≠a} S_b the largest row sum of the dropped part of K
 * (t_a the dropped 1D tail, S_b the full 1D row sum; TailControl in scalingRange.ts). The
 * widths are chosen (and raised as the scalings grow) so that this bound stays below
 * 1e-15·M (M the total mass).
 * The result is then the Sinkhorn solution of the problem with those pairs excluded, which
 * differs from the full one by less than the excluded mass.
 *
 * **When it gives up.** If T would exceed 700 (entries of K would underflow before they are
 * negligible) or a scaling leaves [e^{−700}, e^{700}] even after re-balancing c, the path
 * returns its current potentials and the caller continues with the log-stabilised kernel
 * (small ε and steep potentials; see stabilizedGibbsKernel.ts).
 *
 * **Cost per iteration.** Two kernel applications ({@link SeparableGibbsKernel.multiplyAdds}
 * each) plus three pointwise passes (marginal error and the two scaling updates, fused
 * with the range checks and the maxima). The scalings, marginals and kernel outputs live in
 * the kernel's memory (its slots), so the applications read and write them in place and the
 * updates run as WebAssembly SIMD (src/ot/wasm/band.wat, second half) with the kernel;
 * nothing is allocated per iteration.
 *
 * **Single-precision start.** With `precision: "auto"` (the default), WebAssembly SIMD and a
 * tolerance ≥ 2^−24, a run whose scalings fit f32's range begins with iterations in f32
 * (float32Phase.ts) and continues in double precision once the marginal error nears f32's
 * rounding level; the switch criterion is stated and justified in float32Criterion.ts. The
 * tolerance is always met by double-precision iterations.
 */
export interface ScalingState {
  /** Counting potentials f/ε, g/ε on the supports (−∞ elsewhere); updated in place. */
  alpha: Float64Array;
  beta: Float64Array;
}

export interface ScalingOutcome {
  /**
   * True if the stopping rule was met; false if the caller must continue from the potentials
   * left in the state.
   */
  converged: boolean;
  iterations: number;
  /** How many of `iterations` ran in single precision (float32Phase.ts). */
  float32Iterations: number;
  marginalError: number;
  omega: number;
  /** Row marginal (masses) of the final plan. */
  row: Float64Array;
  /** ⟨C,P⟩ and Σ f r + Σ g c of the final plan (when converged). */
  transportCost: number;
  dual: number;
}

export class ScalingSinkhorn {
  readonly grid: Grid;
  private epsValue: number;
  readonly kernel: SeparableGibbsKernel;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly Kb: Float64Array;
  private readonly Ka: Float64Array;
  /** Copies of the marginals p, q in the kernel's memory. */
  private readonly pm: Float64Array;
  private readonly qm: Float64Array;
  /** log a + c and log b − c (f/ε, g/ε) of the converged scalings, once {@link logsFresh}. */
  private readonly la: ScalingSlot;
  private readonly lb: ScalingSlot;
  private logsFresh = false;
  /** Byte offsets of a, b, Kb, Ka, p, q in the kernel's memory. */
  private readonly at: { a: number; b: number; Kb: number; Ka: number; p: number; q: number };

  constructor(grid: Grid, eps: number) {
    this.grid = grid;
    this.epsValue = eps;
    const kernel = new SeparableGibbsKernel(grid, eps, {
      slots: 8,
      float32Fields: FLOAT32_FIELDS,
    });
    this.kernel = kernel;
    const [a, b, Kb, Ka, p, q, la, lb] = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => kernel.slot(k));
    this.la = la;
    this.lb = lb;
    this.a = a.view;
    this.b = b.view;
    this.Kb = Kb.view;
    this.Ka = Ka.view;
    this.pm = p.view;
    this.qm = q.view;
    this.at = { a: a.at, b: b.at, Kb: Kb.at, Ka: Ka.at, p: p.at, q: q.at };
  }

  /** Entropic regularisation ε. */
  get eps(): number {
    return this.epsValue;
  }

  /**
   * Re-targets the solver to another ε on the same grid (SeparableGibbsKernel.setEps): a
   * multiscale solve's stages on one level share one solver instead of building a kernel
   * (module instance and memory) per ε.
   */
  setEps(eps: number): void {
    this.kernel.setEps(eps);
    this.epsValue = eps;
  }

  /** Releases the kernel's memory for reuse (SeparableGibbsKernel.release): last use. */
  release(): void {
    this.kernel.release();
  }

  /**
   * Runs from the potentials in `state` until the first-marginal error is < tol·M (M = Σp),
   * or gives up (see the class comment); `state` then holds the last potentials.
   */
  run(
    p: Float64Array,
    q: Float64Array,
    M: number,
    state: ScalingState,
    options: {
      tol: number;
      maxIter: number;
      omega: number | "auto" | undefined;
      omegaStart?: number;
      /** |Σp − Σq|, the floor of the first-marginal error (stopping rule of sinkhorn.ts). */
      massGap?: number;
      /** "auto" (default): start in single precision when it applies; "float64": never. */
      precision?: "auto" | "float64";
    },
  ): ScalingOutcome {
    const N = this.grid.size;
    const { a, b, Kb, kernel, at } = this;
    const pw = kernel.pointwise;
    const params = kernel.params;
    const coefAt = kernel.paramsAt; // params[0..8]: powCoefficients(ω)
    const errAt = kernel.paramsAt + 8 * 9; // params[9]: column error of a relaxed b-update
    this.pm.set(p);
    this.qm.set(q);
    const control = new OmegaControl(options.omega, options.omegaStart);
    const tolAbs = Math.max(options.tol * M, (options.massGap ?? 0) + 0.1 * options.tol * M);
    const lo = Math.exp(-LOG_LIMIT);
    const hi = Math.exp(LOG_LIMIT);
    let f32 = 0; // iterations of the single-precision phase
    const fail = (it: number, err: number): ScalingOutcome => {
      this.savePotentials(p, q, state);
      return {
        converged: false,
        iterations: f32 + it,
        float32Iterations: f32,
        marginalError: err / M,
        omega: control.omega,
        row: Kb,
        transportCost: NaN,
        dual: NaN,
      };
    };
    this.logsFresh = false;
    if (!this.load(state)) return fail(0, Infinity);
    const tail = new TailControl(kernel, N, M);
    let maxA = maxOf(a);
    let maxB = maxOf(b);
    const retail = (): boolean => tail.update(maxA, maxB);
    if (!retail()) return fail(0, Infinity);
    // Single-precision start (float32Phase.ts): when a phase of at least RESTART_AFTER
    // iterations ends because the scalings outgrew f32's range, the truncation follows the new
    // maxima and a new shift is planned (a shorter phase hands over to double precision: the
    // range then changes too fast for f32 to be worth it).
    const single =
      options.precision !== "float64" && kernel.float32 !== null && options.tol >= FLOAT32_MIN_TOL;
    for (let more = single; more;) {
      const views = { a, b, p: this.pm, q: this.qm };
      const phase = runFloat32Phase(kernel, views, at, M, control, tolAbs, options.maxIter - f32);
      f32 += phase.iterations;
      if (phase.iterations === 0) break;
      maxA = maxOf(a);
      maxB = maxOf(b);
      if (!(maxA <= hi && maxB <= hi)) {
        if (!this.rebalance(p, q)) return fail(0, Infinity);
        maxA = maxOf(a);
        maxB = maxOf(b);
      }
      if (!retail()) return fail(0, Infinity);
      more = phase.reason === "range" && phase.iterations >= RESTART_AFTER && f32 < options.maxIter;
    }
    let err = Infinity;
    let colErr = 0;
    let kaFresh = false;
    for (let it = 0; ; it++) {
      kernel.applyAt(at.b, at.Kb);
      if (it > 0) {
        err = colErr + pw.marginalError(at.a, at.Kb, at.p, N);
        if (!Number.isFinite(err)) return fail(it, err);
        if (err < tolAbs) {
          // Ka = K·a for the current a unless a re-balancing rescaled a after it was computed.
          const dual = this.dual(p, q, kaFresh);
          return {
            converged: true,
            iterations: f32 + it,
            float32Iterations: f32,
            marginalError: err / M,
            omega: control.omega,
            row: rowMarginal(a, Kb),
            transportCost: this.transportCost(),
            dual,
          };
        }
        control.observe(err);
        if (f32 + it >= options.maxIter) {
          throw new SolverError(
            `Sinkhorn did not converge: first-marginal L1 error ${(err / M).toExponential(3)} ` +
              `> tol ${options.tol} after ${options.maxIter} iterations (eps = ${this.eps})`,
          );
        }
      }
      const plain = control.omega === 1 || (it === 0 && f32 === 0);
      if (!plain) params.set(control.coef);
      maxA = plain
        ? pw.divide(at.p, at.Kb, at.a, N, lo, hi)
        : pw.relax(at.p, at.Kb, at.a, N, lo, hi, coefAt, 0, errAt);
      // On failure after the a-update, the caller's first iteration redoes it: `it` full
      // iterations are done; after the b-update, it + 1.
      if (maxA > hi) {
        if (!this.rebalance(p, q)) return fail(it, err);
        maxA = maxOf(a);
        maxB = maxOf(b);
      }
      kernel.applyAt(at.a, at.Ka);
      kaFresh = true;
      if (plain) {
        maxB = pw.divide(at.q, at.Ka, at.b, N, lo, hi);
        colErr = 0; // second marginal exact again (see sinkhorn.ts)
      } else {
        maxB = pw.relax(at.q, at.Ka, at.b, N, lo, hi, coefAt, 1, errAt);
        colErr = params[9];
      }
      if (maxB > hi) {
        if (!this.rebalance(p, q)) return fail(it + 1, err);
        kaFresh = false;
        maxA = maxOf(a);
        maxB = maxOf(b);
      }
      if (!retail()) return fail(it + 1, err);
    }
  }

  /** Scalings from the potentials, balanced so that max a = max b; false if out of range. */
  private load(state: ScalingState): boolean {
    const { shift, ok } = loadBalanced(
      this.kernel.pointwise,
      state.alpha,
      state.beta,
      { view: this.a, at: this.at.a },
      { view: this.b, at: this.at.b },
    );
    this.shift = shift;
    return ok;
  }

  private shift = 0;

  /** Re-centres the scalings; false if they do not fit in range. */
  private rebalance(p: Float64Array, q: Float64Array): boolean {
    const state = { alpha: new Float64Array(p.length), beta: new Float64Array(p.length) };
    this.savePotentials(p, q, state);
    return this.load(state);
  }

  private savePotentials(p: Float64Array, q: Float64Array, state: ScalingState): void {
    saveScalings(this.a, -this.shift, state.alpha, p);
    saveScalings(this.b, this.shift, state.beta, q);
  }

  /** ⟨C, P⟩ = Σ_axes Σ_i a_i (K^{(axis)} b)_i with the axis factor weighted by (Δx_axis)². */
  private transportCost(): number {
    const { a, b, Ka } = this;
    let cost = 0;
    for (let axis = 0; axis < this.grid.dim; axis++) {
      this.kernel.applyAxisCost(b, Ka, axis);
      for (let i = 0; i < a.length; i++) cost += a[i] * Ka[i];
    }
    return cost;
  }

  /**
   * Σ_i f_i r_i + Σ_j g_j c_j of the current plan (r = a·Kb, c = b·Ka its marginals); `kaFresh`:
   * Ka already holds K·a for the current a (then no kernel application is needed).
   */
  private dual(p: Float64Array, q: Float64Array, kaFresh: boolean): number {
    const { a, b, Kb, Ka, eps } = this;
    if (!kaFresh) this.kernel.apply(a, Ka);
    this.logs();
    const la = this.la.view;
    const lb = this.lb.view;
    let dual = 0;
    for (let i = 0; i < a.length; i++) {
      if (p[i] > 0) dual += eps * la[i] * a[i] * Kb[i];
      if (q[i] > 0) dual += eps * lb[i] * b[i] * Ka[i];
    }
    return dual;
  }

  /**
   * la = log a + c, lb = log b − c of the current scalings (the SIMD log pass logShift,
   * within a few ulps of Math.log; −∞ where a scaling is 0).
   */
  private logs(): void {
    if (this.logsFresh) return;
    const pw = this.kernel.pointwise;
    const N = this.a.length;
    pw.logShift(this.at.a, this.la.at, N, this.shift);
    pw.logShift(this.at.b, this.lb.at, N, -this.shift);
    this.logsFresh = true;
  }

  /** Potentials f, g (counting) of the current scalings. */
  potentials(p: Float64Array, q: Float64Array): { f: Float64Array; g: Float64Array } {
    this.logs();
    const N = this.a.length;
    const { eps } = this;
    const la = this.la.view;
    const lb = this.lb.view;
    const f = new Float64Array(N);
    const g = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      f[i] = p[i] > 0 ? eps * la[i] : -Infinity;
      g[i] = q[i] > 0 ? eps * lb[i] : -Infinity;
    }
    return { f, g };
  }
}

function rowMarginal(a: Float64Array, Kb: Float64Array): Float64Array {
  const r = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) r[i] = a[i] * Kb[i];
  return r;
}

import type { DivergenceTerm, Energy } from "../energy/energy.js";
import { EnergySum } from "../energy/sum.js";
import { InputError, SolverError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { requireEuclideanBox } from "./euclideanBox.js";
import { KlProx } from "./klProx.js";
import { ScalingJko } from "./scalingJko.js";
import { divideUpdate, planMarginal, powCoefficients, ratioPowerUpdate } from "./scalingUpdates.js";
import { StabilizedGibbsKernel } from "./stabilizedGibbsKernel.js";

/**
 * One entropic JKO step on a grid (G. Peyré, "Entropic approximation of Wasserstein gradient
 * flows", SIAM J. Imaging Sci. 8, 2015):
 *
 *   ρ_{k+1} = argmin_ρ  W_ε(ρ, ρ_k)/(2τ) + F(ρ),
 *
 * with W_ε the entropic cost of sinkhorn.ts (|x−y|² between cell centres, entropy ε Σ P(log P
 * − 1) relative to the Lebesgue measure of cell pairs; the reference only adds a constant).
 * Over couplings P (rows i: ρ_k, fixed; columns j: ρ, free) this is
 *   min_P (ε/2τ) KL(P | K) + F(Pᵀ1) + ι(P1 = p_k),  K = e^{−C/ε},
 * solved by the generalized Sinkhorn iteration (Peyré 2015, Chizat et al. 2018)
 *   a ← p_k / (K b),   b ← prox^{KL}_{(2τ/ε)F}(Kᵀa) / (Kᵀa),
 * in the stabilised log-domain form of sinkhorn.ts. The prox is {@link KlProx}: closed
 * form for entropy + potential (Fokker–Planck), pointwise Newton for ρ^m terms (porous medium),
 * bracketed Newton for f-divergence terms Σ|cell| π f(ρ/π) (Energy.divergence, fDivergence.ts).
 *
 * **Energies without a pointwise form** (interaction W*ρ, MMD, …) are linearised at ρ_k
 * (semi-implicit step): their smooth first variation ψ(ρ_k) is added to the potential and
 * their entropy weight to ν, i.e. F(ρ) ≈ ∫(ν log ρ)ρ + ∫ψ(ρ_k)ρ + pointwise terms. The step
 * is then first-order accurate in τ for these terms, like the JKO itself.
 *
 * **Blur correction** (option `blurCorrection`, default off). The entropic term adds ε/2 of
 * variance per step (EXACT.md §H: D_eff = 1 + ε/(4τ)). With the correction the step uses
 * W_ε(ρ, ρ_k) − (ε/2)(H(ρ) + H(ρ_k)), H = ∫ρ log ρ, i.e. the entropy weight ν − ε/(4τ):
 * the reference measure of the coupling's entropy becomes (ρ ⊗ ρ_k)^{1/2}, halfway between
 * the Lebesgue reference (D_eff = 1 + ε/4τ) and ρ ⊗ ρ_k (D_eff = 1 − ε/4τ, §H). The
 * first-order blur then cancels (D_eff = 1 + O(ετ + ε²)); the Gaussian recursion of
 * jkoGaussian.ts gives the exact finite-ε behaviour. The step stays strictly convex because
 * ν − ε/(4τ) > −ε/(2τ).
 *
 * **Inner stopping rule.** After each iteration the plan's second marginal q (exactly
 * mass-conserving: the first marginal is exact after the a-update) is compared with the
 * previous one: stop when ‖q − q_prev‖₁/‖q‖₁ < `tol` (BENCHMARKS.md P4). A SolverError is
 * raised after `maxIter` iterations or on a non-finite value.
 *
 * Potentials and kernels are kept between steps (warm start); by default each step starts
 * from the potentials extrapolated linearly in time from the two previous steps. On the
 * separable kernel the potentials stay in scaling form between steps (ScalingJko: the
 * extrapolation is multiplicative and the first b-update is the exact identity below, so a
 * warm step takes no exp/log outside the cells far from that identity's polynomial range),
 * W_ε of {@link JkoStepInfo} is taken from them with SIMD logarithms, and the objective is
 * computed when first read.
 * For the closed-form prox the b-update is done multiplicatively, v ← v·(S/S_prev)^{−σν/(1+σν)}
 * (an exact identity given the previous update), avoiding logarithms in the inner loop.
 */
export interface EntropicJkoOptions {
  /** Time step τ > 0. */
  tau: number;
  /** Entropic regularisation ε > 0 (kernel e^{−|x−y|²/ε}). */
  eps: number;
  /** Inner stopping tolerance on ‖q − q_prev‖₁/‖q‖₁ (default 1e-10). */
  tol?: number;
  /** Inner iteration cap (default 20 000). */
  maxIter?: number;
  /** Kernel truncation θ (default 1e-20). */
  theta?: number;
  /** Absorption threshold λ (default 7). */
  absorb?: number;
  /** Use the entropy weight ν − ε/(4τ) (see above). Default false. */
  blurCorrection?: boolean;
  /**
   * Kernel: "separable" (scaling domain, translation-invariant kernel: scalingJko.ts),
   * "stabilized" (log-stabilised kernel), or "auto" (default): separable while the scalings
   * fit in double range, then stabilised from the potentials reached, and for all later
   * steps (until {@link EntropicJko.reset}).
   */
  kernel?: "auto" | "separable" | "stabilized";
  /**
   * Start each step from the potentials extrapolated linearly from the last two steps
   * (default true; false: start from the last step's potentials).
   */
  extrapolate?: boolean;
  /**
   * Over-relaxation ω ∈ [1, 2) of the b-update on the separable kernel with a closed-form
   * prox (scalingJko.ts; 1 = the plain iteration), or "auto" (default): searched across the
   * steps from 2/(2 − κ) (relaxationSearch.ts).
   */
  omega?: number | "auto";
}

/** Diagnostics of the last step. */
export interface JkoStepInfo {
  tau: number;
  iterations: number;
  /** Final ‖q − q_prev‖₁/‖q‖₁. */
  change: number;
  absorptions: number;
  /**
   * W_ε(ρ_{k+1}, ρ_k) of the final plan (|cell|² reference, as in sinkhorn.ts).
   */
  transport: number;
  /**
   * The step's objective F(ρ_{k+1}) + W_ε(ρ_{k+1}, ρ_k)/(2τ) (F the full energy); after a
   * step on the separable kernel a getter, computed when first read (F costs N logarithms
   * or more, and most callers never read it).
   */
  objective: number;
  /** The kernel that finished the step (see EntropicJkoOptions.kernel). */
  kernel: "separable" | "stabilized";
}

/** How an energy enters the prox: pointwise part, plus terms linearised at ρ_k. */
interface JkoSplit {
  entropy: number;
  potential: Float64Array | null;
  powers: { coef: number; m: number }[];
  /** f-divergence terms, solved exactly by the prox (Energy.divergence). */
  divergences: { weight: number; term: DivergenceTerm }[];
  explicit: { weight: number; energy: Energy }[];
}

/** Splits an energy into its pointwise terms and the terms linearised at the previous step. */
export function splitForJko(energy: Energy): JkoSplit {
  const split: JkoSplit = {
    entropy: 0,
    potential: null,
    powers: [],
    divergences: [],
    explicit: [],
  };
  const add = (weight: number, e: Energy): void => {
    if (weight === 0) return;
    if (e instanceof EnergySum) {
      for (const t of e.terms) add(weight * t.weight, t.energy);
      return;
    }
    if (e.pointwise) {
      const p = e.pointwise();
      split.entropy += weight * p.entropy;
      if (p.potential) {
        split.potential ??= new Float64Array(e.grid.size);
        for (let i = 0; i < p.potential.length; i++) split.potential[i] += weight * p.potential[i];
      }
      for (const pw of p.powers) {
        const same = split.powers.find((q) => q.m === pw.m);
        if (same) same.coef += weight * pw.coef;
        else split.powers.push({ coef: weight * pw.coef, m: pw.m });
      }
      return;
    }
    if (e.divergence) {
      split.divergences.push({ weight, term: e.divergence() });
      return;
    }
    split.entropy += weight * e.entropyWeight;
    split.explicit.push({ weight, energy: e });
  };
  add(1, energy);
  return split;
}

export class EntropicJko {
  readonly grid: Grid;
  readonly energy: Energy;
  readonly tau: number;
  readonly eps: number;
  readonly tol: number;
  readonly maxIter: number;
  readonly blurCorrection: boolean;
  readonly split: JkoSplit;
  /** Diagnostics of the last step. */
  info: JkoStepInfo | null = null;
  private readonly lambda: number;
  private readonly fwd: StabilizedGibbsKernel;
  private readonly bwd: StabilizedGibbsKernel;
  private readonly fb: Float64Array;
  private readonly gb: Float64Array;
  private readonly u: Float64Array;
  private readonly v: Float64Array;
  private readonly T: Float64Array;
  private readonly S: Float64Array;
  private readonly wA: Float64Array;
  private readonly p: Float64Array;
  private readonly q: Float64Array;
  private readonly qPrev: Float64Array;
  private readonly logZ: Float64Array;
  private readonly logQ: Float64Array;
  private readonly Veff: Float64Array;
  private readonly tmp: Float64Array;
  private readonly eB: Float64Array;
  private readonly Sref: Float64Array;
  private readonly fCur: Float64Array;
  private readonly gCur: Float64Array;
  private readonly fOld: Float64Array;
  private readonly gOld: Float64Array;
  private readonly extrapolate: boolean;
  private readonly omega: number | "auto";
  private readonly acc = new Float64Array(2);
  private readonly kernelMode: "auto" | "separable" | "stabilized";
  private scaling: ScalingJko | undefined;
  /**
   * The last step ended on the separable kernel: its potentials are kept as scalings in
   * {@link scaling} (fCur/gCur not updated; see ScalingJko.keptPotentials).
   */
  private potentialsKept = false;
  private kernelsStale = false;
  private handedOver = false;
  private history = 0;
  private lastTau = NaN;
  private readonly proxCache = new Map<number, KlProx>();
  private started = false;

  constructor(grid: Grid, energy: Energy, options: EntropicJkoOptions) {
    if (energy.grid.size !== grid.size) {
      throw new InputError("energy", "lives on a different grid than the JKO scheme");
    }
    requireEuclideanBox(grid, "the entropic JKO step");
    this.grid = grid;
    this.energy = energy;
    this.tau = requireNumber("tau", options.tau, { min: 0, exclusiveMin: true });
    this.eps = requireNumber("eps", options.eps, { min: 0, exclusiveMin: true });
    this.tol = requireNumber("tol", options.tol ?? 1e-10, { min: 0, exclusiveMin: true });
    this.maxIter = requireNumber("maxIter", options.maxIter ?? 20_000, { min: 1, integer: true });
    this.lambda = requireNumber("absorb", options.absorb ?? 7, { min: 0.5, max: 200 });
    this.blurCorrection = options.blurCorrection ?? false;
    this.split = splitForJko(energy);
    const N = grid.size;
    this.fwd = new StabilizedGibbsKernel(grid, this.eps, options.theta);
    this.bwd = new StabilizedGibbsKernel(grid, this.eps, options.theta);
    const arr = (): Float64Array => new Float64Array(N);
    this.fb = arr();
    this.gb = arr();
    this.u = arr();
    this.v = arr();
    this.T = arr();
    this.S = arr();
    this.wA = arr();
    this.p = arr();
    this.q = arr();
    this.qPrev = arr();
    this.logZ = arr();
    this.logQ = arr();
    this.Veff = arr();
    this.tmp = arr();
    this.eB = arr();
    this.Sref = arr();
    this.fCur = arr();
    this.gCur = arr();
    this.fOld = arr();
    this.gOld = arr();
    this.extrapolate = options.extrapolate ?? true;
    const omega = options.omega ?? "auto";
    this.omega = omega === "auto" ? "auto" : requireNumber("omega", omega, { min: 1, max: 1.999 });
    this.kernelMode = options.kernel ?? "auto";
  }

  /** Entropy weight used by the prox for a step of length τ. */
  entropyWeight(tau: number): number {
    return this.split.entropy - (this.blurCorrection ? this.eps / (4 * tau) : 0);
  }

  private proxFor(tau: number): KlProx {
    const nu = this.entropyWeight(tau);
    let prox = this.proxCache.get(nu);
    if (!prox) {
      if (this.proxCache.size > 8) this.proxCache.clear();
      prox = new KlProx(this.grid, nu, this.split.powers, this.split.divergences);
      this.proxCache.set(nu, prox);
    }
    return prox;
  }

  /**
   * One step of length `tau` (default the scheme's τ) from density `rhoPrev` (cell
   * averages) into `rhoNext` (may be the same array). Returns the step's diagnostics.
   */
  step(rhoPrev: Float64Array, rhoNext: Float64Array, tau = this.tau): JkoStepInfo {
    const grid = this.grid;
    const N = grid.size;
    const eps = this.eps;
    const cell = grid.cellVolume;
    requireNumber("tau", tau, { min: 0, exclusiveMin: true });
    const { fb, gb, u, v, T, S, wA, p, q, qPrev, logZ, logQ, fwd, bwd } = this;
    let mass = 0;
    for (let i = 0; i < N; i++) {
      const r = rhoPrev[i];
      if (!(r >= 0) || !Number.isFinite(r)) {
        throw new InputError("rho", `entry ${i} is ${r}; densities must be finite and >= 0`);
      }
      p[i] = r * cell;
      mass += p[i];
    }
    if (!(mass > 0)) throw new InputError("rho", "has zero mass");
    // Effective potential: pointwise V plus the linearised terms at ρ_k.
    const V = this.effectivePotential(rhoPrev);
    const prox = this.proxFor(tau);
    const sigma = (2 * tau) / eps;
    const lambda = this.lambda;
    const hi = Math.exp(lambda);
    const lo = 1 / hi;

    let separableIterations = 0;
    let resumed = false;
    if (this.kernelMode === "separable" || (this.kernelMode === "auto" && !this.handedOver)) {
      const outcome = this.separableStep(p, mass, prox, sigma, V, rhoPrev, tau);
      if (outcome.converged) {
        return this.finish(
          p,
          mass,
          tau,
          null,
          null,
          outcome.iterations,
          outcome.change,
          0,
          rhoNext,
        );
      }
      if (this.kernelMode === "separable") {
        throw new SolverError(
          `entropic JKO (separable kernel): the scalings left double range (eps = ${eps} ` +
            `is too small here); use kernel "auto" or "stabilized"`,
        );
      }
      separableIterations = outcome.iterations;
      resumed = this.started;
      // Once the scalings have outgrown double range, later steps (same τ, ε, nearby
      // densities) would too: stay on the stabilised kernel for the rest of the run.
      this.handedOver = true;
    }
    if (this.kernelsStale) {
      fwd.build(fb, gb);
      bwd.build(gb, fb);
      this.kernelsStale = false;
    }
    // Fixed side: cells without mass are excluded (f = −∞); new cells with mass get f̄ = 0.
    let rebuildBwd = !this.started;
    for (let i = 0; i < N; i++) {
      if (p[i] > 0) {
        if (fb[i] === -Infinity || !this.started) {
          fb[i] = 0;
          rebuildBwd = true;
        }
        if (!(u[i] > 0)) u[i] = 1;
      } else {
        if (fb[i] !== -Infinity) rebuildBwd = true;
        fb[i] = -Infinity;
        u[i] = 0;
      }
    }
    if (!this.started) {
      this.coldPotentials(rhoPrev, prox, sigma, V, gb);
      v.fill(1);
      fwd.build(fb, gb);
      // f̄ = log p − φ_d: the first u-update then starts from scalings of order one.
      const off = fwd.logOffset;
      for (let i = 0; i < N; i++) if (p[i] > 0) fb[i] = Math.log(p[i]) - off[i];
      fwd.setAlpha(fb);
      rebuildBwd = true;
      this.started = true;
    }
    if (rebuildBwd) {
      fwd.setAlpha(fb);
      bwd.build(gb, fb);
    }
    const refreshA = (): void => {
      const ls = fwd.logScale;
      for (let i = 0; i < N; i++) wA[i] = p[i] > 0 ? Math.exp(Math.log(p[i]) - ls[i]) : 0;
    };
    refreshA();

    // Warm start: extrapolate the potentials linearly from the last two steps (same τ).
    if (!resumed && this.extrapolate && this.history === 2 && tau === this.lastTau) {
      const { fCur, gCur, fOld, gOld } = this;
      for (let i = 0; i < N; i++) {
        if (p[i] > 0 && fb[i] !== -Infinity && fCur[i] !== -Infinity && fOld[i] !== -Infinity) {
          u[i] = clampExp(2 * fCur[i] - fOld[i] - fb[i], lambda);
        }
        if (gb[i] !== -Infinity && gCur[i] !== -Infinity && gOld[i] !== -Infinity) {
          v[i] = clampExp(2 * gCur[i] - gOld[i] - gb[i], lambda);
        }
      }
    }

    const eB = this.eB;
    const Sref = this.Sref;
    const refreshB = (): void => {
      const ls = bwd.logScale;
      for (let j = 0; j < N; j++) eB[j] = Math.exp(ls[j]);
    };
    refreshB();
    // Closed-form prox (no power or f-divergence terms): v ∝ (Kᵀa)^{−σν/(1+σν)}, updated
    // multiplicatively from the previous S (exact identity; r^x by a Taylor polynomial when
    // r ≈ 1).
    const fast = prox.closedForm;
    const vExp = -(sigma * prox.nu) / (1 + sigma * prox.nu);
    const vCoef = powCoefficients(vExp);
    const acc = this.acc;
    let haveRef = false;
    let absorptions = 0;
    let change = Infinity;
    let it = 0;
    for (; ; it++) {
      if (it >= this.maxIter) {
        throw new SolverError(
          `entropic JKO step did not converge: ‖q − q_prev‖₁/‖q‖₁ = ${change.toExponential(3)} ` +
            `> tol ${this.tol} after ${this.maxIter} iterations (tau = ${tau}, eps = ${eps})`,
        );
      }
      // a-update: rows exact.
      fwd.apply(v, T);
      let out = divideUpdate(wA, T, u, lo, hi) > hi;
      if (out) {
        for (let i = 0; i < N; i++) {
          if (p[i] > 0) {
            fb[i] += Math.log(u[i]);
            u[i] = 1;
          }
        }
        fwd.setAlpha(fb);
        bwd.build(gb, fb);
        refreshA();
        refreshB();
        haveRef = false;
        absorptions++;
      }
      // Column sums of the plan: the current estimate of the new masses.
      bwd.apply(u, S);
      planMarginal(v, S, eB, q, qPrev, acc);
      const total = acc[1];
      if (!Number.isFinite(total)) {
        throw new SolverError(`entropic JKO: non-finite density at inner iteration ${it}`);
      }
      change = acc[0] / total;
      if (it > 0 && change < this.tol) break;
      // b-update through the prox: v = q_new / (S e^{lsB}).
      out = false;
      if (fast && haveRef) {
        out = ratioPowerUpdate(v, S, Sref, vCoef, lo, hi) > hi;
      } else {
        const offB = bwd.logOffset;
        for (let j = 0; j < N; j++) logZ[j] = S[j] > 0 ? Math.log(S[j]) + offB[j] : -Infinity;
        prox.apply(logZ, sigma, V, logQ);
        for (let j = 0; j < N; j++) {
          Sref[j] = S[j];
          const lq = logQ[j];
          if (lq === -Infinity) {
            v[j] = 0;
            continue;
          }
          const vj = gb[j] === -Infinity ? Infinity : Math.exp(lq - logZ[j] - gb[j]);
          v[j] = vj;
          if (!(vj <= hi && vj >= lo)) out = true;
        }
        haveRef = true;
      }
      if (out) {
        // Absorb in the log domain: ḡ = log q_new − log Kᵀa exactly (v itself may overflow).
        const offB = bwd.logOffset;
        for (let j = 0; j < N; j++) logZ[j] = S[j] > 0 ? Math.log(S[j]) + offB[j] : -Infinity;
        prox.apply(logZ, sigma, V, logQ);
        for (let j = 0; j < N; j++) {
          const lq = logQ[j];
          gb[j] = lq === -Infinity || logZ[j] === -Infinity ? -Infinity : lq - logZ[j];
          v[j] = gb[j] === -Infinity ? 0 : 1;
        }
        bwd.setAlpha(gb);
        fwd.build(fb, gb);
        refreshA();
        refreshB();
        haveRef = false;
        absorptions++;
      }
    }
    // Final potentials f/ε = f̄ + log u, g/ε = ḡ + log v (scratch arrays; the kernels keep f̄, ḡ).
    const fFinal = logZ;
    const gFinal = logQ;
    for (let i = 0; i < N; i++) {
      fFinal[i] = p[i] > 0 ? fb[i] + Math.log(u[i]) : -Infinity;
      gFinal[i] = v[i] > 0 ? gb[i] + Math.log(v[i]) : -Infinity;
    }
    const iterations = separableIterations + it + 1;
    return this.finish(p, mass, tau, fFinal, gFinal, iterations, change, absorptions, rhoNext);
  }

  /**
   * Bookkeeping shared by both kernels, with q the final column marginal: history for the
   * extrapolated warm start, output density, info. The stabilised kernel passes its final
   * potentials (f/ε, g/ε); the separable one passes null: its final scalings stay in
   * ScalingJko (kept for the next step's warm start), W_ε is taken from them by SIMD log
   * passes (ScalingJko.keptDualSums) and the objective is computed when first read, from a
   * copy of ρ_{k+1}. Either way
   * W_ε = Σ f r + Σ g c − εM − 2εM log|cell| (r = p_k exactly) of the final plan.
   */
  private finish(
    p: Float64Array,
    mass: number,
    tau: number,
    fFinal: Float64Array | null,
    gFinal: Float64Array | null,
    iterations: number,
    change: number,
    absorptions: number,
    rhoNext: Float64Array,
  ): JkoStepInfo {
    const { q, fCur, gCur, fOld, gOld } = this;
    const N = this.grid.size;
    const eps = this.eps;
    const cell = this.grid.cellVolume;
    if (fFinal && gFinal) {
      fOld.set(fCur);
      gOld.set(gCur);
      fCur.set(fFinal);
      gCur.set(gFinal);
    }
    this.potentialsKept = !fFinal;
    this.history = tau === this.lastTau ? Math.min(2, this.history + 1) : 1;
    this.lastTau = tau;
    this.started = true;
    for (let j = 0; j < N; j++) rhoNext[j] = q[j] / cell;
    const energy = this.energy;
    const transportOf = (dual: number): number =>
      dual - eps * mass - 2 * eps * mass * Math.log(cell);
    if (fFinal && gFinal) {
      let dual = 0;
      for (let i = 0; i < N; i++) {
        if (p[i] > 0) dual += eps * fFinal[i] * p[i];
        if (q[i] > 0) dual += eps * gFinal[i] * q[i];
      }
      const transport = transportOf(dual);
      this.info = {
        tau,
        iterations,
        change,
        absorptions,
        transport,
        objective: energy.value(rhoNext) + transport / (2 * tau),
        kernel: "stabilized",
      };
      return this.info;
    }
    // Separable: W_ε now from the kept scalings (SIMD logs, ScalingJko.keptDualSums); the
    // objective when first read, from a copy of ρ_{k+1} (dropped once computed).
    const transport = transportOf(eps * this.scaling!.keptDualSums(p, q));
    let rhoCopy: Float64Array | null = rhoNext.slice();
    let objective: number | null = null;
    const lazy = (): number => {
      if (objective === null) {
        objective = energy.value(rhoCopy!) + transport / (2 * tau);
        rhoCopy = null;
      }
      return objective;
    };
    this.info = {
      tau,
      iterations,
      change,
      absorptions,
      transport,
      get objective() {
        return lazy();
      },
      kernel: "separable",
    };
    return this.info;
  }

  /**
   * The step on the separable kernel in the scaling domain (scalingJko.ts), started from the
   * cold-start potentials, or from the previous step's scalings kept by ScalingJko
   * (extrapolated as the potentials would be). On success q holds the new masses and the
   * final scalings stay in ScalingJko; otherwise fb, gb hold the potentials reached (u = v =
   * 1), for the stabilised kernel to continue from.
   */
  private separableStep(
    p: Float64Array,
    mass: number,
    prox: KlProx,
    sigma: number,
    V: Float64Array | null,
    rhoPrev: Float64Array,
    tau: number,
  ): { converged: boolean; iterations: number; change: number } {
    const N = this.grid.size;
    const sj = (this.scaling ??= new ScalingJko(this.grid, this.eps));
    const { alpha, beta } = sj;
    const { fCur, gCur, fOld, gOld, fb, gb, u, v } = this;
    const ex = this.extrapolate && this.history === 2 && tau === this.lastTau;
    const kept = this.started && sj.kept;
    if (!this.started) {
      this.coldPotentials(rhoPrev, prox, sigma, V, beta);
      for (let i = 0; i < N; i++) alpha[i] = p[i] > 0 ? 0 : -Infinity;
    } else if (!kept) {
      for (let i = 0; i < N; i++) {
        const f = ex && Number.isFinite(fOld[i]) ? 2 * fCur[i] - fOld[i] : fCur[i];
        alpha[i] = p[i] > 0 ? (Number.isFinite(f) ? f : 0) : -Infinity;
        beta[i] = ex && Number.isFinite(gOld[i]) ? 2 * gCur[i] - gOld[i] : gCur[i];
      }
    }
    const out = sj.run({
      // From the last step's scalings (no exp/log; see ScalingJko): same σ and prox when τ
      // is, and the same V when no term is linearised at ρ_k.
      start: kept ? "kept" : "potentials",
      extrapolate: ex,
      sameProx: tau === this.lastTau && this.split.explicit.length === 0,
      p,
      mass,
      prox,
      sigma,
      V,
      tol: this.tol,
      maxIter: this.maxIter,
      omega: this.omega,
      q: this.q,
    });
    if (!out.converged) {
      // The stabilised kernel continues from the potentials reached; the history of the
      // warm start needs the last step's potentials if they were only kept as scalings.
      if (this.potentialsKept) {
        sj.keptPotentials(fCur, gCur);
        this.potentialsKept = false;
      }
      for (let i = 0; i < N; i++) {
        fb[i] = p[i] > 0 ? (Number.isFinite(alpha[i]) ? alpha[i] : 0) : -Infinity;
        gb[i] = Number.isFinite(beta[i]) ? beta[i] : beta[i] === -Infinity ? -Infinity : 0;
        u[i] = p[i] > 0 ? 1 : 0;
        v[i] = gb[i] === -Infinity ? 0 : 1;
      }
    }
    this.kernelsStale = true;
    if (!out.converged && out.iterations >= this.maxIter) {
      throw new SolverError(
        `entropic JKO step did not converge: ‖q − q_prev‖₁/‖q‖₁ = ${out.change.toExponential(3)} ` +
          `> tol ${this.tol} after ${this.maxIter} iterations (tau = ${tau}, eps = ${this.eps})`,
      );
    }
    return out;
  }

  /**
   * Cold-start log-weights ḡ from the JKO optimality condition with ρ_{k+1} ≈ ρ_k:
   * g = −2τ (δF/δρ(ρ_k) + ν), i.e. ḡ/ε = −σ(ν(log ρ_k + 1) + V + Σ c m/(m−1) ρ_k^{m−1}
   * + Σ w f'(ρ_k/π)).
   */
  private coldPotentials(
    rhoPrev: Float64Array,
    prox: KlProx,
    sigma: number,
    V: Float64Array | null,
    out: Float64Array,
  ): void {
    let rmax = 0;
    for (let i = 0; i < rhoPrev.length; i++) if (rhoPrev[i] > rmax) rmax = rhoPrev[i];
    const floor = rmax * 1e-30;
    const nu = prox.nu;
    for (let j = 0; j < rhoPrev.length; j++) {
      const r = Math.max(rhoPrev[j], floor);
      let xi = nu * (Math.log(r) + 1) + (V ? V[j] : 0);
      for (const { coef, m } of prox.powers) xi += ((coef * m) / (m - 1)) * r ** (m - 1);
      for (const { weight, term } of prox.divergences) {
        xi += weight * term.df(r / term.target[j]);
      }
      out[j] = -sigma * xi;
    }
  }

  private effectivePotential(rhoPrev: Float64Array): Float64Array | null {
    const { potential, explicit } = this.split;
    if (explicit.length === 0) return potential;
    const V = this.Veff;
    if (potential) V.set(potential);
    else V.fill(0);
    for (const { weight, energy } of explicit) {
      energy.smoothVariation(rhoPrev, this.tmp);
      for (let i = 0; i < V.length; i++) V[i] += weight * this.tmp[i];
    }
    return V;
  }

  /** Forgets the warm start (potentials and kernels are rebuilt at the next step). */
  reset(): void {
    this.scaling?.forget();
    this.potentialsKept = false;
    this.handedOver = false;
    this.started = false;
    this.history = 0;
    this.fb.fill(0);
    this.gb.fill(0);
    this.u.fill(1);
    this.v.fill(1);
    this.qPrev.fill(0);
  }
}

/** e^x clamped to [e^{−λ}, e^{λ}] (a warm-start guess must stay inside the scaling range). */
function clampExp(x: number, lambda: number): number {
  return Math.exp(Math.max(-lambda, Math.min(lambda, x)));
}

import type { Grid } from "../grid/grid.js";
import type { KlProx } from "./klProx.js";
import { powCoefficients } from "./scalingUpdates.js";
import { LOG_LIMIT, TailControl, loadBalanced, maxOf, saveScalings } from "./scalingRange.js";
import { RelaxationSearch, observedRate } from "./relaxationSearch.js";
import { SeparableGibbsKernel } from "./separableGibbsKernel.js";

/**
 * The inner loop of one entropic JKO step (entropicJko.ts) in the scaling domain, with the
 * translation-invariant separable kernel ({@link SeparableGibbsKernel}): the fast path for
 * the usual regime where the scalings fit in double range (as in scalingSinkhorn.ts).
 *
 * Plan P_ij = a_i K_ij b_j, a = e^{f/ε − c}, b = e^{g/ε + c} (c a balancing shift). Generalized
 * Sinkhorn (Peyré 2015): a ← p/(Kb); z = Ka (true column factor e^{−c} z); q = b·z;
 * b ← prox(z)/z, where the KL prox acts on the true log z = log(Ka) + c and the shift cancels
 * in b = e^{log q − log(Ka)}. For the closed-form prox (no power terms) the b-update is the
 * exact multiplicative identity b ← b (z/z_prev)^{−σν/(1+σν)} once a first prox update has
 * been made. Stopping rule: ‖q − q_prev‖₁/‖q‖₁ < tol (BENCHMARKS.md P4).
 *
 * **Truncation** as in scalingSinkhorn.ts: pairs with K_ij < e^{−T} are dropped, T chosen so
 * that the plan mass on dropped pairs is < 1e-15·M (TailControl, scalingRange.ts).
 * **Giving up:** if T would exceed 700 or a scaling leaves [e^{−700}, e^{700}], {@link run}
 * returns false with the potentials reached, and the caller continues with the
 * log-stabilised kernel.
 *
 * **Kept scalings (warm start without exp/log).** A converged run keeps its final a, b (slots
 * aCur, bCur), the previous run's b (bOld) and the reference Ka of the last b-update (KaRef),
 * all under one shift c. The next run may start from them ({@link ScalingJkoStep.start}
 * "kept"): b = bCur²/bOld is the multiplicative form of the linear extrapolation
 * β = 2β_cur − β_old (equal up to rounding; bCur where that leaves [e^{−700}, e^{700}] or
 * bOld = 0); a is not needed (the first a-update recomputes it). With the same σ, prox and
 * V the kept pair satisfies bCur = prox(KaRef)/KaRef, so the first b-update is the
 * multiplicative identity b ← bCur·(Ka/KaRef)^{−σν/(1+σν)} (taken only if no kept b is 0:
 * the identity cannot revive a cell). Neither the potentials nor the transport value are
 * computed: {@link keptPotentials} and {@link keptDualSums} give them on request. The shift
 * is re-balanced by an exact power of two when max a/max b drifts beyond 2^{±64}.
 *
 * **Over-relaxation** (closed-form prox; ω from {@link ScalingJkoStep.omega}). In log form
 * the b-update is β ← T(β) = x log Ka + C; the relaxed iteration is β ← (1 − ω)β + ωT(β)
 * (rates: relaxationSearch.ts). The target t = e^{T(β)} obeys the multiplicative identity
 * whatever β is — t ← t·(Ka/KaRef)^x, since T(β_k) − T(β_{k−1}) = x(log Ka_k − log Ka_{k−1})
 * — so it is updated like the unrelaxed b (slot t), and b follows it by the relaxation pass
 * of scalingSinkhorn.ts: b ← b·φ(t/b) with φ(r) = the binomial polynomial of r^ω for
 * ½ < r < 2, else r (band.wat `relax` with unit kernel values). Any φ with φ(1) = 1 leaves
 * the fixed point alone: at convergence b = t = the plain iteration's b. The kept pair is
 * (t, KaRef), which satisfies the prox identity; the plan's own b (with which q = b·Ka and
 * a = p/Kb were computed) is kept beside it for W_ε (bPlan). With ω = 1 the pass is skipped
 * and b itself is the target (the previous iteration bit for bit).
 *
 * **Cost per iteration.** Two kernel applications plus three pointwise passes (a-update,
 * plan marginal with its change, multiplicative b-update; a fourth, the relaxation, when
 * ω > 1) on fields that live in the
 * kernel's memory (slots): the applications work in place and the passes run as WebAssembly
 * SIMD (band.wat, second half); logarithms and exponentials are taken only by the first
 * prox update of a run that cannot use the kept identity (SIMD passes logShift/expShift around
 * the prox), and for the cells whose ratio z/z_prev is not within 2 % of 1 — those by
 * band.wat's SIMD log/exp (fastPow of pointwisePasses.ts, within a few ulps of Math's).
 */
export interface ScalingJkoStep {
  /**
   * Where the scalings start: "potentials" = e^{alpha − c}, e^{beta + c} (balanced c);
   * "kept" = the final scalings of the last converged run ({@link ScalingJko.kept}), b
   * extrapolated multiplicatively to bCur²/bOld if `extrapolate` (see {@link ScalingJko}).
   * Default "potentials"; "kept" without kept scalings falls back to it.
   */
  start?: "potentials" | "kept";
  /** With start "kept": extrapolate b from the last two converged runs (if both are kept). */
  extrapolate?: boolean;
  /**
   * With start "kept": σ, the prox and V are those of the kept run, so the kept b and its
   * reference Ka satisfy b = prox(Ka)/Ka and the first b-update may be multiplicative.
   */
  sameProx?: boolean;
  p: Float64Array;
  mass: number;
  prox: KlProx;
  sigma: number;
  V: Float64Array | null;
  tol: number;
  maxIter: number;
  /**
   * Over-relaxation of the closed-form b-update: ω ∈ [1, 2) (1 = plain), or "auto" (searched
   * across runs, relaxationSearch.ts). Ignored (1) for a prox without closed form.
   */
  omega: number | "auto";
  /** Output: column marginal q (masses) of the final plan. */
  q: Float64Array;
}

export interface ScalingJkoOutcome {
  converged: boolean;
  iterations: number;
  change: number;
}

export class ScalingJko {
  readonly grid: Grid;
  readonly kernel: SeparableGibbsKernel;
  /** f/ε and g/ε (−∞ off the supports); read and written by {@link run}. */
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly Ka: Float64Array;
  private readonly KaRef: Float64Array;
  private readonly qPrev: Float64Array;
  private readonly logZ: Float64Array;
  private readonly logQ: Float64Array;
  /** Byte offsets of the slots in the kernel's memory. */
  private readonly at: Record<
    | "a"
    | "b"
    | "Kb"
    | "Ka"
    | "KaRef"
    | "qPrev"
    | "p"
    | "q"
    | "t"
    | "ones"
    | "logZ"
    | "logQ"
    | "aCur"
    | "bCur"
    | "bPlan",
    number
  >;
  /** The unrelaxed target T(β) of the b-update in scaling form (see {@link run}). */
  private readonly t: Float64Array;
  /**
   * The final b of a relaxed run (the plan's column scaling, with aCur): bCur keeps the
   * target t instead, which satisfies the prox identity the next run's first update needs.
   */
  private readonly bPlan: Float64Array;
  private readonly pm: Float64Array;
  private readonly qm: Float64Array;
  private readonly aCur: Float64Array;
  private readonly bCur: Float64Array;
  private readonly bOld: Float64Array;
  /** KaRef of the previous converged run (the prox reference of bOld). */
  private readonly refOld: Float64Array;
  private shift = 0;
  /** The current run over-relaxes its b-update (t holds the unrelaxed target). */
  private relaxed = false;
  /** bPlan holds the kept plan's b (else bCur does). */
  private planKept = false;
  /** ω of the relaxed b-update, searched across runs (relaxationSearch.ts). */
  private readonly search = new RelaxationSearch();
  private readonly changes: number[] = [];
  /** Converged runs whose final b is kept (0, 1: bCur, 2: bCur and bOld). */
  private keptRuns = 0;
  /** No kept b is 0 (the multiplicative first b-update is allowed). */
  private keptPositive = false;

  constructor(grid: Grid, eps: number) {
    this.grid = grid;
    const kernel = new SeparableGibbsKernel(grid, eps, { slots: 17 });
    this.kernel = kernel;
    const N = grid.size;
    const arr = (): Float64Array => new Float64Array(N);
    this.alpha = arr();
    this.beta = arr();
    const [a, b, Kb, Ka, KaRef, qPrev, p, q, aCur, bCur, bOld, refOld, t, ones, bPlan, lz, lq] =
      Array.from({ length: 17 }, (_, k) => kernel.slot(k));
    this.logZ = lz.view;
    this.logQ = lq.view;
    this.bPlan = bPlan.view;
    this.t = t.view;
    ones.view.fill(1);
    this.refOld = refOld.view;
    this.aCur = aCur.view;
    this.bCur = bCur.view;
    this.bOld = bOld.view;
    this.a = a.view;
    this.b = b.view;
    this.Ka = Ka.view;
    this.KaRef = KaRef.view;
    this.qPrev = qPrev.view;
    this.pm = p.view;
    this.qm = q.view;
    this.at = {
      a: a.at,
      b: b.at,
      Kb: Kb.at,
      Ka: Ka.at,
      KaRef: KaRef.at,
      qPrev: qPrev.at,
      p: p.at,
      q: q.at,
      t: t.at,
      ones: ones.at,
      logZ: lz.at,
      logQ: lq.at,
      aCur: aCur.at,
      bCur: bCur.at,
      bPlan: bPlan.at,
    };
  }

  /**
   * Runs one step from the potentials in alpha/beta or from the kept scalings (see
   * {@link ScalingJkoStep.start}). Not converged: alpha/beta hold the potentials reached, for
   * another kernel to continue from; converged: the final scalings are kept and alpha/beta
   * are not written (see {@link keptPotentials}).
   */
  run(s: ScalingJkoStep): ScalingJkoOutcome {
    const { a, b, Ka, KaRef, qPrev, logZ, logQ, kernel, at } = this;
    const { p, q, prox, sigma, V } = s;
    const N = p.length;
    const pw = kernel.pointwise;
    const params = kernel.params;
    const coefAt = kernel.paramsAt; // params[0..8]: powCoefficients(vExp)
    const accAt = kernel.paramsAt + 8 * 10; // params[10], params[11]: change and total of q
    const omegaAt = kernel.paramsAt + 8 * 16; // params[16..24]: powCoefficients(ω)
    this.pm.set(p);
    const lo = Math.exp(-LOG_LIMIT);
    const hi = Math.exp(LOG_LIMIT);
    const fast = prox.closedForm;
    const vExp = -(sigma * prox.nu) / (1 + sigma * prox.nu);
    params.set(powCoefficients(vExp));
    const omega = !fast ? 1 : s.omega === "auto" ? this.search.omega(-vExp) : s.omega;
    const changes = this.changes;
    changes.length = 0;
    params.set(powCoefficients(omega), 16);
    let change = Infinity;
    let haveQ = false; // q (this.qm) written by this run
    const give = (it: number): ScalingJkoOutcome => {
      this.search.fail();
      // From kept scalings, alpha/beta first get the kept potentials (where save keeps them).
      if (this.keptRuns > 0) this.keptPotentials(this.alpha, this.beta);
      this.keptRuns = 0;
      this.save(p);
      if (haveQ) q.set(this.qm);
      return { converged: false, iterations: it, change };
    };
    const kept = s.start === "kept" && this.keptRuns > 0;
    // First b-update from the kept pair (b, KaRef) = (bCur, KaRef) or both extrapolated:
    // b ← b·(Ka/KaRef)^x.
    const fromKept = kept && fast && s.sameProx === true && this.keptPositive;
    if (kept) {
      if (!(s.extrapolate === true && this.keptRuns === 2 && this.extrapolateKept(lo, hi))) {
        b.set(this.bCur);
        this.refOld.set(KaRef);
      }
    } else {
      this.keptRuns = 0;
      if (!this.load()) return give(0);
    }
    const relaxed = omega !== 1;
    this.relaxed = relaxed;
    if (relaxed) this.t.set(b);
    const target = relaxed ? at.t : at.b;
    const tail = new TailControl(kernel, N, s.mass);
    let maxA = maxOf(kept ? this.aCur : a);
    let maxB = maxOf(b);
    if (!tail.update(maxA, maxB)) return give(0);
    qPrev.fill(0);
    let haveRef = fromKept;
    for (let it = 0; it < s.maxIter; it++) {
      kernel.applyAt(at.b, at.Kb);
      maxA = pw.divide(at.p, at.Kb, at.a, N, lo, hi);
      if (maxA > hi) return give(it);
      kernel.applyAt(at.a, at.Ka);
      pw.planMarginal(at.b, at.Ka, at.q, at.qPrev, N, accAt);
      haveQ = true;
      if (!Number.isFinite(params[11])) return give(it);
      change = params[10] / params[11];
      changes.push(change);
      if (it > 0 && change < s.tol) {
        if (relaxed) this.search.observe(observedRate(changes));
        this.keep(maxA, kept);
        q.set(this.qm);
        return { converged: true, iterations: it + 1, change };
      }
      let out: boolean;
      if (fast && haveRef) {
        maxB = pw.ratioPower(target, at.Ka, at.KaRef, N, coefAt, lo, hi, 1);
        out = maxB > hi;
        if (relaxed && !out) {
          maxB = pw.relax(at.t, at.ones, at.b, N, lo, hi, omegaAt, 0, 0);
          out = maxB > hi;
        }
      } else {
        // log z = log Ka + c (SIMD log pass; −∞ where Ka = 0), the prox, then
        // b = e^{log q − log Ka} (the shift cancels) by the SIMD exp pass, in place.
        const c = this.shift;
        pw.logShift(at.Ka, at.logZ, N, c);
        prox.apply(logZ, sigma, V, logQ);
        for (let j = 0; j < N; j++) {
          const lq = logQ[j];
          b[j] = lq === -Infinity ? -Infinity : lq - logZ[j];
        }
        KaRef.set(Ka);
        out = pw.expShift(at.b, N, c, LOG_LIMIT) !== 1;
        maxB = maxOf(b);
        haveRef = true;
        if (relaxed) this.t.set(b);
      }
      if (out || !tail.update(maxA, maxB)) return give(it + 1);
    }
    return give(s.maxIter);
  }

  /** True if a converged run's scalings are kept (a run may start from them). */
  get kept(): boolean {
    return this.keptRuns > 0;
  }

  /** Forgets the kept scalings (the next run starts from alpha/beta). */
  forget(): void {
    this.keptRuns = 0;
    this.search.fail();
  }

  /**
   * b = bCur²/bOld and KaRef = KaRef²/refOld (as c·(c/o)) per cell where all four are > 0 (else the
   * current values), refOld = the previous KaRef. Per cell, bCur = C_j (KaRef_j)^x and bOld =
   * C_j (refOld_j)^x (prox identities, same C_j), so the extrapolated pair satisfies the same
   * identity and the first b-update b·(Ka/KaRef)^x stays exact — with Ka/KaRef closer to 1
   * than Ka over the unextrapolated reference. False if an extrapolated b leaves [lo, hi]
   * (KaRef and refOld untouched; b partly written: the caller resets it to bCur).
   */
  private extrapolateKept(lo: number, hi: number): boolean {
    const { b, bCur, bOld, KaRef, refOld } = this;
    // One pass into b and a scratch slot (logZ) for the new KaRef; on failure b is
    // overwritten by the caller and KaRef, refOld are untouched.
    const next = this.logZ;
    // c·(c/o), not c²/o: the scalings and Ka may be near e^{±700}.
    for (let j = 0; j < b.length; j++) {
      const c = bCur[j];
      const r = KaRef[j];
      if (c > 0 && bOld[j] > 0 && r > 0 && refOld[j] > 0) {
        const e = c * (c / bOld[j]);
        const er = r * (r / refOld[j]);
        if (!(e >= lo && e <= hi) || !(er > 0 && er < Infinity)) return false;
        b[j] = e;
        next[j] = er;
      } else {
        b[j] = c;
        next[j] = r;
      }
    }
    refOld.set(KaRef);
    KaRef.set(next);
    return true;
  }

  /**
   * Keeps the converged run's scalings: aCur = a, bOld = bCur (if the run started from the
   * kept ones, `shiftOld`; refOld then holds that run's KaRef), bCur = b,
   * re-balanced by a power of two if max a/max b left [2^−64, 2^64].
   */
  private keep(maxA: number, shiftOld: boolean): void {
    const { a, b, aCur, bCur, bOld, KaRef, refOld } = this;
    if (shiftOld) bOld.set(bCur);
    bCur.set(this.relaxed ? this.t : b);
    if (this.relaxed) this.bPlan.set(b);
    this.planKept = this.relaxed;
    aCur.set(a);
    let maxB = 0;
    let minB = Infinity;
    for (let j = 0; j < b.length; j++) {
      const v = b[j];
      if (v > maxB) maxB = v;
      if (v < minB) minB = v;
    }
    this.keptPositive = minB > 0;
    this.keptRuns = shiftOld ? 2 : 1;
    const k = Math.round(Math.log2(maxB / maxA) / 2);
    if (Number.isFinite(k) && Math.abs(k) > 64) {
      // a·2^k, b·2^−k (exact): the plan is unchanged and c decreases by k log 2.
      const up = 2 ** k;
      const down = 2 ** -k;
      for (let i = 0; i < a.length; i++) {
        aCur[i] *= up;
        KaRef[i] *= up;
        refOld[i] *= up;
        bCur[i] *= down;
        this.bPlan[i] *= down;
        bOld[i] *= down;
      }
      this.shift -= k * Math.LN2;
    }
  }

  /**
   * The kept run's potentials: alpha = log aCur + c, beta = log bCur − c (−∞ where a
   * scaling is 0) — what {@link save} would have stored.
   */
  keptPotentials(alpha: Float64Array, beta: Float64Array): void {
    saveScalings(this.aCur, -this.shift, alpha, null);
    saveScalings(this.bCur, this.shift, beta, null);
  }

  /**
   * Σ_{p_i > 0} p_i α_i + Σ_{q_j > 0} q_j β_j for the kept plan's scalings, α = log aCur + c,
   * β = log b − c (b = the plan's b: bPlan after a relaxed run, else bCur), 0 where not finite (as the
   * potentials handed to the stabilised kernel): ε times it is the dual part of W_ε. The logs
   * by the SIMD pass logShift (within a few ulps of Math.log), in the slots logZ/logQ.
   */
  keptDualSums(p: Float64Array, q: Float64Array): number {
    const pw = this.kernel.pointwise;
    const at = this.at;
    const N = p.length;
    pw.logShift(at.aCur, at.logZ, N, this.shift);
    pw.logShift(this.planKept ? at.bPlan : at.bCur, at.logQ, N, -this.shift);
    const la = this.logZ;
    const lb = this.logQ;
    let sum = 0;
    for (let i = 0; i < N; i++) {
      const f = la[i];
      const g = lb[i];
      if (p[i] > 0 && Number.isFinite(f)) sum += f * p[i];
      if (q[i] > 0 && Number.isFinite(g)) sum += g * q[i];
    }
    return sum;
  }

  /** Scalings from alpha/beta, balanced (max a = max b); false if out of range. */
  private load(): boolean {
    const { a, b } = this.at;
    const { shift, ok } = loadBalanced(
      this.kernel.pointwise,
      this.alpha,
      this.beta,
      { view: this.a, at: a },
      { view: this.b, at: b },
    );
    this.shift = shift;
    return ok;
  }

  /** alpha = log a + c, beta = log b − c where finite (see saveScalings). */
  private save(p: Float64Array): void {
    saveScalings(this.a, -this.shift, this.alpha, p);
    saveScalings(this.b, this.shift, this.beta, null);
  }
}

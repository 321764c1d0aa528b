import type { Grid } from "../grid/grid.js";
import type { KlProx } from "./klProx.js";
import { divideUpdate, planMarginal, powCoefficients, ratioPowerUpdate } from "./scalingUpdates.js";
import { LOG_LIMIT, TailControl, loadBalanced, maxOf, saveScalings } from "./scalingRange.js";
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
 * that N²·max a·max b·e^{−T} < 1e-15·M. **Giving up:** if T would exceed 700 or a scaling
 * leaves [e^{−700}, e^{700}], {@link run} returns false with the potentials reached, and the
 * caller continues with the log-stabilised kernel.
 */
export interface ScalingJkoStep {
  p: Float64Array;
  mass: number;
  prox: KlProx;
  sigma: number;
  V: Float64Array | null;
  tol: number;
  maxIter: number;
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
  private readonly Kb: Float64Array;
  private readonly Ka: Float64Array;
  private readonly KaRef: Float64Array;
  private readonly qPrev: Float64Array;
  private readonly logZ: Float64Array;
  private readonly logQ: Float64Array;
  private readonly acc = new Float64Array(2);
  private shift = 0;

  constructor(grid: Grid, eps: number) {
    this.grid = grid;
    this.kernel = new SeparableGibbsKernel(grid, eps);
    const N = grid.size;
    const arr = (): Float64Array => new Float64Array(N);
    this.alpha = arr();
    this.beta = arr();
    this.a = arr();
    this.b = arr();
    this.Kb = arr();
    this.Ka = arr();
    this.KaRef = arr();
    this.qPrev = arr();
    this.logZ = arr();
    this.logQ = arr();
  }

  /** Runs one step from the potentials in alpha/beta; false: continue with another kernel. */
  run(s: ScalingJkoStep): ScalingJkoOutcome {
    const { a, b, Kb, Ka, KaRef, qPrev, logZ, logQ, acc, kernel } = this;
    const { p, q, prox, sigma, V } = s;
    const N = p.length;
    const lo = Math.exp(-LOG_LIMIT);
    const hi = Math.exp(LOG_LIMIT);
    const fast = prox.closedForm;
    const vExp = -(sigma * prox.nu) / (1 + sigma * prox.nu);
    const coef = powCoefficients(vExp);
    let change = Infinity;
    const give = (it: number): ScalingJkoOutcome => {
      this.save(p);
      return { converged: false, iterations: it, change };
    };
    if (!this.load()) return give(0);
    const tail = new TailControl(kernel, N, s.mass);
    let maxA = maxOf(a);
    let maxB = maxOf(b);
    if (!tail.update(maxA, maxB)) return give(0);
    qPrev.fill(0);
    let haveRef = false;
    for (let it = 0; it < s.maxIter; it++) {
      kernel.apply(b, Kb);
      maxA = divideUpdate(p, Kb, a, lo, hi);
      if (maxA > hi) return give(it);
      kernel.apply(a, Ka);
      planMarginal(b, Ka, this.ones(), q, qPrev, acc);
      if (!Number.isFinite(acc[1])) return give(it);
      change = acc[0] / acc[1];
      if (it > 0 && change < s.tol) {
        this.save(p);
        return { converged: true, iterations: it + 1, change };
      }
      let out: boolean;
      if (fast && haveRef) {
        maxB = ratioPowerUpdate(b, Ka, KaRef, coef, lo, hi);
        out = maxB > hi;
      } else {
        const c = this.shift;
        for (let j = 0; j < N; j++) logZ[j] = Ka[j] > 0 ? Math.log(Ka[j]) + c : -Infinity;
        prox.apply(logZ, sigma, V, logQ);
        out = false;
        maxB = 0;
        for (let j = 0; j < N; j++) {
          KaRef[j] = Ka[j];
          const lq = logQ[j];
          if (lq === -Infinity) {
            b[j] = 0;
            continue;
          }
          const bj = Math.exp(lq - logZ[j] + c);
          b[j] = bj;
          if (bj > maxB) maxB = bj;
          if (!(bj <= hi && bj >= lo)) out = true;
        }
        haveRef = true;
      }
      if (out || !tail.update(maxA, maxB)) return give(it + 1);
    }
    return give(s.maxIter);
  }

  private onesBuf: Float64Array | null = null;
  private ones(): Float64Array {
    this.onesBuf ??= new Float64Array(this.grid.size).fill(1);
    return this.onesBuf;
  }

  /** Scalings from alpha/beta, balanced (max a = max b); false if out of range. */
  private load(): boolean {
    const { shift, ok } = loadBalanced(this.alpha, this.beta, this.a, this.b);
    this.shift = shift;
    return ok;
  }

  /** alpha = log a + c, beta = log b − c where finite (see saveScalings). */
  private save(p: Float64Array): void {
    saveScalings(this.a, -this.shift, this.alpha, p);
    saveScalings(this.b, this.shift, this.beta, null);
  }
}

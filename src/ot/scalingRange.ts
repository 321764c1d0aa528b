import type { SeparableGibbsKernel } from "./separableGibbsKernel.js";
import type { PointwisePasses } from "./wasm/pointwisePasses.js";

/**
 * Shared bookkeeping of the scaling-domain paths (scalingSinkhorn.ts, scalingJko.ts): the
 * plan is P_ij = a_i K_ij b_j with a = e^{α − c}, b = e^{β + c}, α = f/ε, β = g/ε the
 * log-potentials (−∞ where a side has no mass) and c a balancing shift.
 */

/** Largest |log| of a scaling the paths accept (doubles reach e^{±709}). */
export const LOG_LIMIT = 700;

/** Shift c balancing the largest finite α − c against the largest finite β + c. */
export function balanceShift(alpha: Float64Array, beta: Float64Array): number {
  let ma = -Infinity;
  let mb = -Infinity;
  for (let i = 0; i < alpha.length; i++) {
    if (alpha[i] > ma) ma = alpha[i];
    if (beta[i] > mb) mb = beta[i];
  }
  return 0.5 * (ma - mb);
}

/** A scaling field in a kernel's memory: its view and byte offset (SeparableGibbsKernel.slot). */
export interface ScalingSlot {
  view: Float64Array;
  at: number;
}

/**
 * a = e^{α − c}, b = e^{β + c} with c = balanceShift(α, β) (max a = max b), written into the
 * kernel-memory slots a, b by the SIMD pass expShift (pointwisePasses.ts: within a few ulps
 * of Math.exp; a log of −∞ gives 0). Returns c and whether c is finite and every finite entry
 * lands in (e^{−LOG_LIMIT}, e^{LOG_LIMIT}) (the shift is needed to read the potentials back
 * either way).
 */
export function loadBalanced(
  pw: PointwisePasses,
  alpha: Float64Array,
  beta: Float64Array,
  a: ScalingSlot,
  b: ScalingSlot,
): { shift: number; ok: boolean } {
  const shift = balanceShift(alpha, beta);
  const n = alpha.length;
  a.view.set(alpha);
  b.view.set(beta);
  const okA = pw.expShift(a.at, n, -shift, LOG_LIMIT) === 1;
  const okB = pw.expShift(b.at, n, shift, LOG_LIMIT) === 1;
  return { shift, ok: Number.isFinite(shift) && okA && okB };
}

/**
 * logs = log s − shift where that is finite. Where s = 0: −∞ if the cell carries no mass
 * (`mass` null: a zero scaling means no mass), else the previous value is kept (underflow),
 * as it is where s overflowed.
 */
export function saveScalings(
  s: Float64Array,
  shift: number,
  logs: Float64Array,
  mass: Float64Array | null,
): void {
  for (let i = 0; i < s.length; i++) {
    const l = Math.log(s[i]);
    if (Number.isFinite(l)) logs[i] = l - shift;
    else if (s[i] === 0 && (mass === null || !(mass[i] > 0))) logs[i] = -Infinity;
  }
}

/** Largest entry (0 for an empty or non-positive array). */
export function maxOf(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) if (x[i] > m) m = x[i];
  return m;
}

/**
 * Keeps the kernel's truncation safe as the scalings grow: the plan mass on dropped pairs,
 * aᵀ(K − K̃)b, stays < 1e-15·M. The bound (K = ⊗_a K_a, K̃ = ⊗_a K̃_a keeping |i_a − j_a| ≤ w_a):
 * telescoping, K − K̃ = Σ_a K̃_0 ⊗ … ⊗ K̃_{a−1} ⊗ (K_a − K̃_a) ⊗ K_{a+1} ⊗ … ⊗ K_{d−1}, a sum of
 * non-negative matrices whose row sums are ≤ t_a Π_{b≠a} S_b, with
 *   S_b = 1 + √(π/κ_b) ≥ Σ_{k∈ℤ} e^{−κ_b k²}   (the sum over k ≠ 0 is ≤ 2∫₀^∞ e^{−κx²}dx),
 *   t_a = 2 e^{−κ_a (w_a+1)²} / (1 − e^{−2κ_a (w_a+1)}) ≥ Σ_{|k|>w_a} e^{−κ_a k²}
 *         (since (w+1+j)² ≥ (w+1)² + 2(w+1)j), and t_a = 0 if w_a = n_a − 1 (nothing dropped),
 * so that
 *   aᵀ(K − K̃)b ≤ max b · Σ_i a_i · R ≤ N · max a · max b · R,   R = Σ_a t_a Π_{b≠a} S_b.
 * The widths are raised (tail log T of {@link SeparableGibbsKernel.setTail}, with a margin of
 * 2) whenever N·max a·max b·R ≥ 1e-15·M. The previous bound, N²·max a·max b·e^{−T} (each of
 * the N² pairs at most e^{−T}), is larger by a factor ~N/(2d Π S_b): e.g. 2D N = 128²,
 * ε = 4h² (κ = 1/4): ≈ 1000, i.e. T smaller by 7, plus the old margin of 10 → 5.
 */
export class TailControl {
  private readonly kernel: SeparableGibbsKernel;
  /** log N + log(1e15/M): the bound holds iff log(max a·max b) + base + log R ≤ 0. */
  private readonly base: number;
  private readonly S: number[];
  /** log R for the kernel's current widths (+∞ before the first update). */
  private logR = Infinity;

  constructor(kernel: SeparableGibbsKernel, N: number, mass: number) {
    this.kernel = kernel;
    this.base = Math.log(N) + Math.log(1e15 / mass);
    this.S = kernel.kappa.map((k) => 1 + Math.sqrt(Math.PI / k));
  }

  /** log R (see the class comment) for the kernel's current half-widths. */
  static logDroppedRowSum(kernel: SeparableGibbsKernel, S: readonly number[]): number {
    const { n } = kernel.grid;
    let R = 0;
    for (let a = 0; a < n.length; a++) {
      const w = kernel.halfWidths[a];
      if (w >= n[a] - 1) continue;
      const k = kernel.kappa[a];
      let t = (2 * Math.exp(-k * (w + 1) * (w + 1))) / -Math.expm1(-2 * k * (w + 1));
      for (let b = 0; b < n.length; b++) if (b !== a) t *= S[b];
      R += t;
    }
    return Math.log(R);
  }

  /** Adjusts the widths for the current maxima; false if T would exceed LOG_LIMIT. */
  update(maxA: number, maxB: number): boolean {
    const need = Math.log(maxA) + Math.log(maxB) + this.base; // need + log R ≤ 0
    if (!(need <= LOG_LIMIT)) return false;
    if (need + this.logR <= 0) return true;
    // R ≤ e^{−T}·C(T) with C decreasing in T: start from T = need (C ≥ 1 for the
    // non-clamped axes) and raise T by the excess until the bound holds with the widths set.
    let T = Math.max(need, 1);
    for (let k = 0; k < 50; k++) {
      if (!(T <= LOG_LIMIT)) return false;
      this.kernel.setTail(T);
      this.logR = TailControl.logDroppedRowSum(this.kernel, this.S);
      const excess = need + this.logR;
      if (excess <= 0) {
        if (excess > -2 && T + 2 <= LOG_LIMIT) {
          // margin: fewer re-tablings while the scalings grow
          this.kernel.setTail(T + 2);
          this.logR = TailControl.logDroppedRowSum(this.kernel, this.S);
        }
        return true;
      }
      T += excess + 0.5;
    }
    return false;
  }
}

import type { GibbsOperator } from "./gibbsOperator.js";

/**
 * A translation-invariant Gibbs kernel, y_i = Σ_j e^{−C_ij/ε} x_j (entry 1 on the diagonal),
 * applied without weights: the separable Gaussian of the quadratic cost
 * (separableInvariantKernel.ts) or a radial kernel by FFT (fftGibbsKernel.ts).
 */
export interface InvariantKernel {
  readonly kind: "separable" | "fft";
  /** out = K x. */
  apply(x: Float64Array, out: Float64Array): void;
  /** out_i = Σ_j C_ij K_ij x_j. */
  applyCost(x: Float64Array, out: Float64Array): void;
  /**
   * Whether log-weights with these statistics can be used: the plan mass the kernel's
   * truncation or rounding could misplace, for scalings within [e^{−λ}, e^{λ}] of the
   * weights, must stay within the kernel's budget. May adjust the kernel (e.g. its tail).
   */
  accept(stats: WeightStats): boolean;
}

/** Statistics of the log-weights α (outputs) and β (inputs) over their finite entries. */
export interface WeightStats {
  maxAlpha: number;
  maxBeta: number;
  /** log Σ_i e^{α_i}, log Σ_j e^{β_j}, log (Σ_j e^{2β_j})^{1/2}. */
  logSumAlpha: number;
  logSumBeta: number;
  logNormBeta: number;
}

/**
 * The scaling-domain {@link GibbsOperator} of an {@link InvariantKernel}: with m = max β,
 *
 *   Q x = K(e^{β − m} ⊙ x),   logOffset_i = m,   logScale_i = α_i + m.
 *
 * Entries of Q are ≤ 1 (K ≤ 1). `build` refuses (returns false) when some finite β_j − m is
 * below −700 (e^{β_j − m} would underflow and the cell would be cut off) or when the kernel
 * does not accept the weights ({@link InvariantKernel.accept}); the solver then continues on a
 * log-stabilised operator. Outputs are clamped below by the diagonal term e^{β_i − m}x_i,
 * a lower bound of the exact value (all terms are ≥ 0), which removes the negative or
 * zero values FFT rounding can produce in cells where the output is tiny.
 */
export class ScalingGibbsOperator implements GibbsOperator {
  readonly kind: "separable" | "fft";
  readonly logScale: Float64Array;
  readonly logOffset: Float64Array;
  private readonly w: Float64Array;
  private readonly wx: Float64Array;
  private m = 0;

  constructor(
    readonly kernel: InvariantKernel,
    size: number,
  ) {
    this.kind = kernel.kind;
    this.logScale = new Float64Array(size);
    this.logOffset = new Float64Array(size);
    this.w = new Float64Array(size);
    this.wx = new Float64Array(size);
  }

  build(alpha: Float64Array, beta: Float64Array): boolean {
    const N = this.w.length;
    let m = -Infinity;
    let maxA = -Infinity;
    for (let i = 0; i < N; i++) {
      if (beta[i] > m) m = beta[i];
      if (alpha[i] > maxA) maxA = alpha[i];
    }
    if (!Number.isFinite(m) || Number.isNaN(maxA)) return false;
    let sa = 0;
    let sb = 0;
    let sb2 = 0;
    for (let i = 0; i < N; i++) {
      const b = beta[i];
      if (b === -Infinity) {
        this.w[i] = 0;
      } else {
        if (!(b - m >= -700)) return false;
        const e = Math.exp(b - m);
        this.w[i] = e;
        sb += e;
        sb2 += e * e;
      }
      if (alpha[i] > -Infinity) sa += Math.exp(alpha[i] - maxA);
    }
    const stats: WeightStats = {
      maxAlpha: maxA,
      maxBeta: m,
      logSumAlpha: maxA + Math.log(sa),
      logSumBeta: m + Math.log(sb),
      logNormBeta: m + 0.5 * Math.log(sb2),
    };
    if (!this.kernel.accept(stats)) return false;
    this.m = m;
    this.logOffset.fill(m);
    this.setAlpha(alpha);
    return true;
  }

  setAlpha(alpha: Float64Array): void {
    const ls = this.logScale;
    for (let i = 0; i < ls.length; i++) {
      ls[i] = alpha[i] === -Infinity ? -Infinity : alpha[i] + this.m;
    }
  }

  apply(x: Float64Array, out: Float64Array): void {
    const { w, wx } = this;
    for (let i = 0; i < w.length; i++) wx[i] = w[i] * x[i];
    this.kernel.apply(wx, out);
    for (let i = 0; i < w.length; i++) if (!(out[i] >= wx[i])) out[i] = wx[i];
  }

  applyCost(x: Float64Array, out: Float64Array): void {
    const { w, wx } = this;
    for (let i = 0; i < w.length; i++) wx[i] = w[i] * x[i];
    this.kernel.applyCost(wx, out);
    for (let i = 0; i < w.length; i++) if (!(out[i] >= 0)) out[i] = 0;
  }
}

import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";

/**
 * The KL-proximal operator of a pointwise energy on masses, used by the generalized
 * Sinkhorn iteration of the entropic JKO step (G. Peyré, "Entropic approximation of
 * Wasserstein gradient flows", SIAM J. Imaging Sci. 8, 2015; L. Chizat, G. Peyré,
 * B. Schmitzer & F.-X. Vialard, "Scaling algorithms for unbalanced optimal transport
 * problems", Math. Comp. 87, 2018).
 *
 * Energy (masses q_j = ρ_j|cell|, |cell| the cell volume):
 *   F(q) = Σ_j [ ν q_j log(q_j/|cell|) + V_j q_j + Σ_m c_m |cell|^{1−m} q_j^m/(m−1) ],
 * i.e. F(ρ) = Σ_j |cell| [ν ρ log ρ + Vρ + Σ c_m ρ^m/(m−1)] (PointwiseTerms of energy.ts).
 *
 * Prox with weight σ (= 2τ/ε in the JKO step):
 *   prox(z) = argmin_q σF(q) + Σ_j q_j log(q_j/z_j) − q_j + z_j.
 * Per cell, s = log q solves
 *   (1 + σν) s + σ Σ_m c_m (m/(m−1)) |cell|^{1−m} e^{(m−1)s} = log z + σ(ν log|cell| − ν − V),
 * in closed form when there are no power terms (s = B/(1+σν), exponent ε/(ε+2τ) for ν = 1)
 * and otherwise by Newton's method, which converges monotonically for this convex increasing
 * equation once started right of the root; starts are clamped to a proven upper bound of the
 * root (safeguard). Requires 1 + σν > 0 (ν may be negative, see the blur correction of
 * EntropicJko).
 *
 * Everything is in the log domain: input log z (−∞ allowed → q = 0), output log q.
 */
export class KlProx {
  readonly grid: Grid;
  /** Entropy weight ν. */
  readonly nu: number;
  /** Power terms c·ρ^m/(m−1), c > 0, m > 1. */
  readonly powers: readonly { coef: number; m: number }[];
  private readonly logCell: number;
  /** Power coefficients c_m m/(m−1) |cell|^{1−m}. */
  private readonly cp: Float64Array;
  private readonly mm1: Float64Array;
  /** Last solution per cell (Newton warm start). */
  private readonly last: Float64Array;
  /** Newton iterations used by the last call (max over cells). */
  maxNewton = 0;

  constructor(grid: Grid, nu: number, powers: readonly { coef: number; m: number }[]) {
    if (!Number.isFinite(nu)) throw new InputError("entropy weight", `must be finite, got ${nu}`);
    this.grid = grid;
    this.nu = nu;
    this.powers = powers.filter((p) => p.coef !== 0);
    for (const p of this.powers) {
      if (!(p.coef > 0) || !(p.m > 1) || !Number.isFinite(p.m)) {
        throw new InputError(
          "energy",
          `power terms need c > 0 and m > 1 for the JKO prox, got c = ${p.coef}, m = ${p.m}`,
        );
      }
    }
    const cell = grid.cellVolume;
    this.logCell = Math.log(cell);
    this.cp = Float64Array.from(
      this.powers,
      (p) => ((p.coef * p.m) / (p.m - 1)) * cell ** (1 - p.m),
    );
    this.mm1 = Float64Array.from(this.powers, (p) => p.m - 1);
    this.last = new Float64Array(grid.size).fill(NaN);
  }

  /**
   * Writes log prox(z) into `logQ` given log z (`logZ`), prox weight σ > 0 and the potential
   * V (null for none) at the cells.
   */
  apply(logZ: Float64Array, sigma: number, V: Float64Array | null, logQ: Float64Array): void {
    const nu = this.nu;
    const lin = 1 + sigma * nu;
    if (!(lin > 0)) {
      throw new InputError(
        "entropy weight",
        `the KL-prox needs 1 + σν > 0 (σ = 2τ/ε = ${sigma}, ν = ${nu})`,
      );
    }
    const shift = sigma * (nu * this.logCell - nu);
    const N = logZ.length;
    const P = this.cp.length;
    if (P === 0) {
      const inv = 1 / lin;
      for (let j = 0; j < N; j++) {
        const lz = logZ[j];
        logQ[j] = lz === -Infinity ? -Infinity : (lz + shift - (V ? sigma * V[j] : 0)) * inv;
      }
      return;
    }
    const cp = this.cp;
    const mm1 = this.mm1;
    const last = this.last;
    let maxIt = 0;
    for (let j = 0; j < N; j++) {
      const lz = logZ[j];
      if (lz === -Infinity) {
        logQ[j] = -Infinity;
        continue;
      }
      const B = lz + shift - (V ? sigma * V[j] : 0);
      // Upper bound of the root: s ≤ B/lin, and for each power s ≤ max(0, log(B/(σc'))/(m−1)).
      let sHi = B / lin;
      for (let k = 0; k < P; k++) {
        const b = B > 0 ? Math.max(0, Math.log(B / (sigma * cp[k])) / mm1[k]) : 0;
        if (b < sHi) sHi = b;
      }
      let s = last[j];
      if (!(s <= sHi)) s = sHi;
      let it = 0;
      for (; it < 100; it++) {
        let g = lin * s - B;
        let dg = lin;
        for (let k = 0; k < P; k++) {
          const e = sigma * cp[k] * Math.exp(mm1[k] * s);
          g += e;
          dg += mm1[k] * e;
        }
        let ds = g / dg;
        let sNew = s - ds;
        if (sNew > sHi) {
          sNew = sHi;
          ds = s - sNew;
        }
        s = sNew;
        if (Math.abs(ds) <= 1e-14 * Math.max(1, Math.abs(s))) break;
      }
      if (it > maxIt) maxIt = it;
      last[j] = s;
      logQ[j] = s;
    }
    this.maxNewton = maxIt;
  }
}

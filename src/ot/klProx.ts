import type { DivergenceTerm } from "../energy/energy.js";
import { InputError, SolverError } from "../errors.js";
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
 *
 * **f-divergence terms** w·Σ_j |cell| π_j f(ρ_j/π_j) (DivergenceTerm, energy.ts;
 * src/energy/fDivergence.ts) add σ w f'(q_j/(|cell|π_j)) to the left-hand side above. f' is
 * increasing (f convex), so the equation g(s) = 0 still has one root, but f' may be −∞ at 0
 * and neither bound above holds; it is solved by Newton's method safeguarded by bisection
 * (each iterate stays in a bracket [s_lo, s_hi] with g(s_lo) < 0 < g(s_hi), found by
 * doubling steps from the warm start; g → ∓∞ as s → ∓∞ because f'(r) ≤ 0 for r ≤ 1 and
 * f'(r) ≥ 0 for r ≥ 1). This path is taken only when such terms are present: the closed-form
 * and power paths are unchanged.
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
  /** f-divergence terms (weight w > 0, f', f'', π). */
  readonly divergences: readonly { weight: number; term: DivergenceTerm }[];
  /** True if the prox is the closed form q ∝ z^{1/(1+σν)} (no power, no divergence term). */
  readonly closedForm: boolean;
  /** log(|cell| π_j) per divergence term. */
  private readonly logCellPi: Float64Array[];
  /** Newton iterations used by the last call (max over cells). */
  maxNewton = 0;
  /** g and g' of the bracketed solve. */
  private readonly gd = new Float64Array(2);

  constructor(
    grid: Grid,
    nu: number,
    powers: readonly { coef: number; m: number }[],
    divergences: readonly { weight: number; term: DivergenceTerm }[] = [],
  ) {
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
    this.divergences = divergences.filter((d) => d.weight !== 0);
    this.logCellPi = this.divergences.map(({ weight, term }) => {
      if (!(weight > 0) || !Number.isFinite(weight)) {
        throw new InputError("energy", `f-divergence weights must be > 0, got ${weight}`);
      }
      grid.checkLength("target", term.target);
      return Float64Array.from(term.target, (p) => this.logCell + Math.log(p));
    });
    this.closedForm = this.powers.length === 0 && this.divergences.length === 0;
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
    if (this.divergences.length > 0) {
      this.applyBracketed(logZ, sigma, V, logQ, lin, shift);
      return;
    }
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

  /**
   * The prox with f-divergence terms: per cell, the root of the increasing function
   *   g(s) = lin·s − B + σ Σ_m c'_m e^{(m−1)s} + σ Σ_d w_d f_d'(e^s/(|cell|π_dj)),
   * by Newton's method kept inside a sign-change bracket (bisection when a Newton step leaves
   * it or g is not finite, e.g. f'(0) = −∞ after an underflow of e^s).
   */
  private applyBracketed(
    logZ: Float64Array,
    sigma: number,
    V: Float64Array | null,
    logQ: Float64Array,
    lin: number,
    shift: number,
  ): void {
    const N = logZ.length;
    const last = this.last;
    const gd = this.gd;
    let maxIt = 0;
    for (let j = 0; j < N; j++) {
      const lz = logZ[j];
      if (lz === -Infinity) {
        logQ[j] = -Infinity;
        continue;
      }
      const B = lz + shift - (V ? sigma * V[j] : 0);
      let s = last[j];
      if (!Number.isFinite(s)) s = B / lin;
      // Bracket: step away from s in doubling steps until g changes sign.
      this.evaluate(j, s, B, sigma, lin);
      let lo: number;
      let hi: number;
      if (gd[0] > 0) {
        hi = s;
        let step = 1;
        lo = s - step;
        for (let k = 0; k < 1100; k++) {
          this.evaluate(j, lo, B, sigma, lin);
          if (gd[0] < 0) break;
          hi = lo;
          step *= 2;
          lo = s - step;
        }
      } else if (gd[0] < 0) {
        lo = s;
        let step = 1;
        hi = s + step;
        for (let k = 0; k < 1100; k++) {
          this.evaluate(j, hi, B, sigma, lin);
          if (gd[0] > 0) break;
          lo = hi;
          step *= 2;
          hi = s + step;
        }
      } else {
        if (gd[0] !== 0) this.failNaN(j, s);
        last[j] = s;
        logQ[j] = s;
        continue;
      }
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
        throw new InputError(
          "energy",
          `the f-divergence prox found no bracket at cell ${j} (log z = ${lz}, σ = ${sigma})`,
        );
      }
      s = 0.5 * (lo + hi);
      let it = 0;
      for (; it < 200; it++) {
        this.evaluate(j, s, B, sigma, lin);
        const g = gd[0];
        if (g > 0) hi = s;
        else if (g < 0) lo = s;
        else if (g === 0) break;
        else this.failNaN(j, s);
        let sNew = s - g / gd[1];
        if (!(sNew > lo && sNew < hi)) sNew = 0.5 * (lo + hi);
        const ds = Math.abs(sNew - s);
        s = sNew;
        if (ds <= 1e-14 * Math.max(1, Math.abs(s)) || hi - lo <= 1e-15 * Math.max(1, Math.abs(s))) {
          break;
        }
      }
      if (it > maxIt) maxIt = it;
      last[j] = s;
      logQ[j] = s;
    }
    this.maxNewton = maxIt;
  }

  private failNaN(j: number, s: number): never {
    throw new SolverError(
      `the f-divergence prox equation is not a number at cell ${j} (log q = ${s}): f' or f'' ` +
        `returned NaN`,
    );
  }

  /** g(s) and g'(s) of applyBracketed at cell j into gd[0], gd[1]. */
  private evaluate(j: number, s: number, B: number, sigma: number, lin: number): void {
    let g = lin * s - B;
    let dg = lin;
    const cp = this.cp;
    const mm1 = this.mm1;
    for (let k = 0; k < cp.length; k++) {
      const e = sigma * cp[k] * Math.exp(mm1[k] * s);
      g += e;
      dg += mm1[k] * e;
    }
    const divs = this.divergences;
    for (let d = 0; d < divs.length; d++) {
      const { weight, term } = divs[d];
      const r = Math.exp(s - this.logCellPi[d][j]);
      const w = sigma * weight;
      g += w * term.df(r);
      if (r > 0 && r < Infinity) dg += w * r * term.d2f(r);
    }
    this.gd[0] = g;
    this.gd[1] = dg;
  }
}

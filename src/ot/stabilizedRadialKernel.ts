import { requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import type { GibbsOperator } from "./gibbsOperator.js";
import type { RadialCost } from "./radialCost.js";

/**
 * The log-stabilised Gibbs kernel of a radial cost that is not separable (the WFR cost of
 * radialCost.ts), as a {@link GibbsOperator}: the direct sum over a stencil of grid offsets
 * with the log-weights folded into the stored entries row by row,
 *
 *   Q_ij = exp(β_j + ℓ_{j−i} − φ_i),   φ_i = max_{k ∈ stencil} (β_{i+k} + ℓ_k),
 *   logScale_i = α_i + φ_i,            ℓ_k = −C(|k∘h|²)/ε,
 *
 * so every row has largest entry 1 and nothing under- or overflows however steep α, β are
 * (B. Schmitzer, "Stabilized sparse scaling algorithms for entropy regularized transport
 * problems", SIAM J. Sci. Comput. 41, 2019; the separable analogue is
 * stabilizedGibbsKernel.ts). Entries below θ (relative to the row maximum) are set to 0.
 *
 * **Stencil.** The offsets with ℓ_k ≥ −L (and a finite cost: inside the WFR support), L the
 * tail (initially 56 = |log 1e-20| + 10). An offset outside the stencil matters for row i only
 * if β rises by more than L − |log θ| over the distance: if after a build some entry of a
 * relevant row on the outermost shell of the stencil (one cell thick) is ≥ e^5·θ times the
 * row maximum, the row may continue beyond it (one cell further out, −C/ε drops by ≈ 2rh/ε,
 * more than 5 for the radii in use unless β rises as fast), and the stencil is enlarged (L ← 1.5L + 10) and the
 * build repeated, until no such entry touches the shell or the stencil covers the cost's
 * support and the box. Relevant rows are those whose scale α_i + φ_i is within |log θ| of the
 * largest (the others carry less than θ·S times the largest row's plan mass). This is a check
 * on the computed entries (β smooth on the grid scale), not a proof.
 *
 * **Storage and cost.** Entries are stored offset by offset (S arrays of N values, S the
 * stencil size), so an application is S passes of a contiguous multiply–add over the lines of
 * the grid, reading the input from a zero-padded copy; (offset, line) pairs whose entries
 * are all 0 are skipped. Building costs S·N additions/comparisons for the row maxima and two
 * multiplications per entry (entries along a grid line are filled by the ratio recurrence of
 * the banded kernel, with a direct exp as fallback).
 */
export class StabilizedRadialKernel implements GibbsOperator {
  readonly kind = "stabilized";
  readonly logScale: Float64Array;
  readonly logOffset: Float64Array;
  /** Current tail L: the stencil holds the offsets with −C/ε ≥ −L. */
  tail: number;
  private readonly logTheta: number;
  private readonly N: number;
  private readonly nLast: number;
  private readonly lines: number;
  private stencil!: Stencil;
  private vals!: Float64Array;
  private used!: Uint8Array;
  private xp!: Float64Array;
  private bp!: Float64Array;
  private lineBase!: Int32Array;
  private ratioB!: Float64Array;
  private readonly ratioP: Float64Array;
  private readonly relevant: Uint8Array;
  private full = false;

  constructor(
    readonly grid: Grid,
    readonly cost: RadialCost,
    readonly eps: number,
    options: { theta?: number; tail?: number } = {},
  ) {
    requireNumber("eps", eps, { min: 0, exclusiveMin: true });
    const theta = requireNumber("theta", options.theta ?? 1e-20, {
      min: 0,
      max: 1e-3,
      exclusiveMin: true,
    });
    this.logTheta = Math.log(theta);
    this.tail = requireNumber("tail", options.tail ?? -this.logTheta + 10, {
      min: 1,
      max: 1e6,
    });
    this.N = grid.size;
    this.nLast = grid.n[grid.dim - 1];
    this.lines = this.N / this.nLast;
    this.logScale = new Float64Array(this.N);
    this.logOffset = new Float64Array(this.N);
    this.ratioP = new Float64Array(this.N);
    this.relevant = new Uint8Array(this.N);
    this.makeStencil();
  }

  /** Number of offsets in the stencil. */
  get stencilSize(): number {
    return this.stencil.size;
  }

  private makeStencil(): void {
    const g = this.grid;
    const d = g.dim;
    const h = g.h;
    const L = this.tail;
    // Radius where −C/ε reaches −L (C non-decreasing in the distance), capped by the support.
    let R = Math.sqrt(this.eps * L);
    while (this.cost.cost(R * R) / this.eps < L && R < this.cost.support) R *= 1.5;
    R = Math.min(R, this.cost.support);
    const m = h.map((ha, a) => Math.min(g.n[a] - 1, Math.floor(R / ha)));
    const offs: number[][] = [];
    const ell: number[] = [];
    const cst: number[] = [];
    const radius: number[] = [];
    const m1 = d > 1 ? m[1] : 0;
    const m2 = d > 2 ? m[2] : 0;
    for (let i = -m[0]; i <= m[0]; i++)
      for (let j = -m1; j <= m1; j++)
        for (let k = -m2; k <= m2; k++) {
          const o = [i, j, k].slice(0, d);
          let r2 = 0;
          for (let a = 0; a < d; a++) r2 += (o[a] * h[a]) ** 2;
          const c = this.cost.cost(r2);
          if (!(c < Infinity) || -c / this.eps < -L) continue;
          offs.push(o);
          ell.push(-c / this.eps);
          cst.push(c);
          radius.push(Math.sqrt(r2));
        }
    const pad = new Array<number>(d).fill(0);
    for (const o of offs) for (let a = 0; a < d; a++) pad[a] = Math.max(pad[a], Math.abs(o[a]));
    const pn = g.n.map((n, a) => n + 2 * pad[a]);
    const ps = new Array<number>(d).fill(1);
    for (let a = d - 2; a >= 0; a--) ps[a] = ps[a + 1] * pn[a + 1];
    const S = offs.length;
    const delta = new Int32Array(S);
    const rMax = Math.max(...radius);
    const hMax = Math.max(...h);
    const shell = new Uint8Array(S);
    for (let s = 0; s < S; s++) {
      let dd = 0;
      for (let a = 0; a < d; a++) dd += offs[s][a] * ps[a];
      delta[s] = dd;
      shell[s] = radius[s] > rMax - hMax ? 1 : 0;
    }
    // The stencil cannot grow further once it spans the support (or the whole box).
    this.full = R >= this.cost.support || m.every((ma, a) => ma >= g.n[a] - 1);
    this.stencil = {
      size: S,
      ell: Float64Array.from(ell),
      cost: Float64Array.from(cst),
      delta,
      shell,
      pad,
      padSize: pn.reduce((p, v) => p * v, 1),
      padStrides: ps,
    };
    this.vals = new Float64Array(S * this.N);
    this.used = new Uint8Array(S * this.lines);
    this.xp = new Float64Array(this.stencil.padSize);
    this.bp = new Float64Array(this.stencil.padSize);
    this.ratioB = new Float64Array(this.stencil.padSize);
    // Padded index of the first cell of each line (all axes but the last).
    const lineBase = new Int32Array(this.lines);
    const idx = new Int32Array(d);
    for (let line = 0; line < this.lines; line++) {
      g.unravel(line * this.nLast, idx);
      let b = 0;
      for (let a = 0; a < d; a++) b += (idx[a] + pad[a]) * ps[a];
      lineBase[line] = b;
    }
    this.lineBase = lineBase;
  }

  /** Copies a grid field into the padded buffer (fill outside). */
  private pad(x: Float64Array, out: Float64Array, fill: number): void {
    out.fill(fill);
    const n = this.nLast;
    for (let line = 0; line < this.lines; line++) {
      const b = this.lineBase[line];
      const s = line * n;
      for (let t = 0; t < n; t++) out[b + t] = x[s + t];
    }
  }

  build(alpha: Float64Array, beta: Float64Array): boolean {
    for (;;) {
      if (this.buildOnce(alpha, beta) || this.full) break;
      this.tail = 1.5 * this.tail + 10;
      this.makeStencil();
    }
    this.setAlpha(alpha);
    return true;
  }

  /**
   * One build on the current stencil; false if a kept entry of a relevant row touches the
   * outer shell (rows whose scale α_i + φ_i is more than |log θ| below the largest carry a
   * negligible share of the plan and are not tested).
   */
  private buildOnce(alpha: Float64Array, beta: Float64Array): boolean {
    const { N, nLast: n, lines, lineBase, vals, used } = this;
    const theta = Math.exp(this.logTheta);
    const shellTheta = theta * Math.exp(SHELL_MARGIN);
    const { size: S, ell, delta, shell } = this.stencil;
    const bp = this.bp;
    this.pad(beta, bp, -Infinity);
    const phi = this.logOffset;
    phi.fill(-Infinity);
    for (let s = 0; s < S; s++) {
      const e = ell[s];
      const dd = delta[s];
      for (let line = 0; line < lines; line++) {
        const b = lineBase[line] + dd;
        const o = line * n;
        for (let t = 0; t < n; t++) {
          const v = bp[b + t] + e;
          if (v > phi[o + t]) phi[o + t] = v;
        }
      }
    }
    const relevant = this.relevant;
    let top = -Infinity;
    for (let i = 0; i < N; i++) {
      const sc = alpha[i] + phi[i];
      if (sc > top) top = sc;
    }
    for (let i = 0; i < N; i++) relevant[i] = alpha[i] + phi[i] >= top + this.logTheta ? 1 : 0;
    // Ratios along the last axis: dB[k] = e^{β_{k+1} − β_k} (padded), dP[i] = e^{φ_i − φ_{i+1}};
    // an entry is the previous one along the line times dB·dP (two multiplications instead of
    // an exp), with a direct exp whenever the running value leaves [1e-290, 1e290] or is not
    // finite (as the banded kernel, stabilizedGibbsKernel.ts).
    const dB = this.ratioB;
    const dP = this.ratioP;
    for (let k = 0; k + 1 < bp.length; k++) dB[k] = Math.exp(bp[k + 1] - bp[k]);
    for (let i = 0; i + 1 < N; i++) dP[i] = Math.exp(phi[i] - phi[i + 1]);
    let touches = false;
    for (let s = 0; s < S; s++) {
      const e = ell[s];
      const dd = delta[s];
      const base = s * N;
      for (let line = 0; line < lines; line++) {
        const b = lineBase[line] + dd;
        const o = line * n;
        let any = 0;
        let q = NaN;
        for (let t = 0; t < n; t++) {
          if (t > 0) q *= dB[b + t - 1] * dP[o + t - 1];
          if (!(q > 1e-290 && q < 1e290)) q = Math.exp(bp[b + t] + e - phi[o + t]);
          if (q >= theta) {
            vals[base + o + t] = q;
            any = 1;
            if (shell[s] && q >= shellTheta && relevant[o + t]) touches = true;
          } else {
            vals[base + o + t] = 0;
          }
        }
        used[s * lines + line] = any;
      }
    }
    return !touches;
  }

  setAlpha(alpha: Float64Array): void {
    const ls = this.logScale;
    const phi = this.logOffset;
    for (let i = 0; i < ls.length; i++) {
      const a = alpha[i];
      const p = phi[i];
      ls[i] = a === -Infinity || p === -Infinity ? -Infinity : a + p;
    }
  }

  apply(x: Float64Array, out: Float64Array): void {
    this.run(x, out, false);
  }

  applyCost(x: Float64Array, out: Float64Array): void {
    this.run(x, out, true);
  }

  private run(x: Float64Array, out: Float64Array, withCost: boolean): void {
    const { N, nLast: n, lines, lineBase, vals, used, xp } = this;
    const { size: S, delta, cost } = this.stencil;
    this.pad(x, xp, 0);
    out.fill(0);
    for (let s = 0; s < S; s++) {
      const dd = delta[s];
      const base = s * N;
      const w = withCost ? cost[s] : 1;
      const us = s * lines;
      for (let line = 0; line < lines; line++) {
        if (!used[us + line]) continue;
        const b = lineBase[line] + dd;
        const o = line * n;
        const vb = base + o;
        for (let t = 0; t < n; t++) out[o + t] += w * vals[vb + t] * xp[b + t];
      }
    }
  }
}

/** log of the factor above θ that an entry on the stencil's outer shell must reach to grow it. */
const SHELL_MARGIN = 5;

interface Stencil {
  size: number;
  /** −C_k/ε per offset. */
  ell: Float64Array;
  /** C_k per offset. */
  cost: Float64Array;
  /** Offset in the padded layout. */
  delta: Int32Array;
  /** 1 for offsets on the outermost shell (within one cell of the largest radius). */
  shell: Uint8Array;
  pad: number[];
  padSize: number;
  padStrides: number[];
}

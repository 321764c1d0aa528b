import { InputError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { MaxPlusEnvelope } from "./maxPlusEnvelope.js";
import { type BandedRowsFn, bandedRowsJs, loadBandedRows } from "./wasmBandedRows.js";

/**
 * The stabilised Gibbs kernel of entropic transport on a uniform grid, applied without ever
 * forming the N×N matrix:
 *
 *   y_i = Σ_j exp(α_i + β_j − C_ij/ε) x_j,   C_ij = |x_i − x_j|² (cell centres, same grid),
 *
 * where α, β are log-weights (dual potentials divided by ε; −∞ allowed for cells without
 * mass). Since C is a sum over axes, the operator is a product of d one-dimensional passes
 * (J. Solomon et al., "Convolutional Wasserstein distances", ACM TOG 34, 2015), one per axis.
 * The log-weights are absorbed into the passes in the spirit of B. Schmitzer, "Stabilized
 * sparse scaling algorithms for entropy regularized transport problems", SIAM J. Sci.
 * Comput. 41 (2019): pass k carries a log-offset φ_k on its intermediate array,
 *
 *   φ_0 = β,   φ_{k+1}(i_a) = max_{j_a} [φ_k(j_a) − (x_{i_a} − x_{j_a})²/ε]   (along axis a),
 *
 * a 1D c-transform computed in O(n) per line by {@link MaxPlusEnvelope}, and entries
 *
 *   Q_k(i_a, j_a) = exp(φ_k(j_a) − (x_{i_a} − x_{j_a})²/ε − φ_{k+1}(i_a)) ≤ 1,
 *
 * so every row has largest entry exactly 1 and no intermediate under- or overflows however
 * steep α, β are (ε down to h² and below works). Entries below θ (`theta`, relative to the
 * row maximum) are dropped: each row keeps the contiguous hull of its entries ≥ θ. Finally
 * y_i = exp(logScale_i)·(Q_d⋯Q_1 x)_i with logScale_i = α_i + φ_d(i).
 *
 * **Truncation error.** For x within [e^{−λ}, e^{λ}] the relative error of one pass is at
 * most θ·n·e^{2λ} (the solvers absorb their scalings into α, β before they leave that range).
 *
 * **Cost.** Building: O(N) exponentials plus one multiplication per stored entry (rows are
 * filled by the recurrence Q(i, j±1) = Q(i, j)·e^{φ(j±1)−φ(j)}·e^{−κ(2(±(j−i))+1)}, with a
 * direct exp as fallback). Applying: one multiply–add per stored entry, in WebAssembly SIMD
 * when available ({@link loadBandedRows}).
 *
 * **Layout.** A pass along the last axis of the current array writes its output with that
 * axis moved to the front, so every inner loop reads contiguous memory and after d passes the
 * array is back in the grid's order (row-major, first axis slowest).
 */
export class StabilizedGibbsKernel {
  readonly grid: Grid;
  readonly eps: number;
  /** log θ: entries exp(·) < θ are dropped. */
  readonly logTheta: number;
  /** α_i + φ_d(i): the log of the factor that multiplies output i. */
  readonly logScale: Float64Array;
  private readonly passes: Pass[];
  private readonly phi: [Float64Array, Float64Array];
  private readonly envelope: MaxPlusEnvelope;
  private readonly psiLine: Float64Array;
  private readonly argLine: Int32Array;
  private readonly preMax: Float64Array;
  private readonly sufMax: Float64Array;
  private readonly up: Float64Array;
  private readonly down: Float64Array;
  private readonly memory: WebAssembly.Memory | null;
  private readonly rows: BandedRowsFn | null;
  private readonly layout: Layout;
  private views!: Views;
  private phiFinal!: Float64Array;
  private built = false;
  private costBuf: [Float64Array, Float64Array, Float64Array] | null = null;

  constructor(grid: Grid, eps: number, theta = 1e-20) {
    requireNumber("eps", eps, { min: 0, exclusiveMin: true });
    requireNumber("theta", theta, { min: 0, max: 1e-3, exclusiveMin: true });
    this.grid = grid;
    this.eps = eps;
    this.logTheta = Math.log(theta);
    const N = grid.size;
    const d = grid.dim;
    this.passes = [];
    let estimate = 0;
    for (let k = 0; k < d; k++) {
      const axis = d - 1 - k;
      const n = grid.n[axis];
      const h = grid.h[axis];
      const kappa = (h * h) / eps;
      // ratio table e^{−κ m}, m = −2n..2n (entries may overflow to Infinity: fallback to exp)
      const ratio = new Float64Array(4 * n + 1);
      for (let m = -2 * n; m <= 2 * n; m++) ratio[m + 2 * n] = Math.exp(-kappa * m);
      this.passes.push({ axis, n, lines: N / n, kappa, ratio, start: 0 });
      estimate += N * Math.min(n, 2 * Math.ceil(Math.sqrt(-this.logTheta / kappa)) + 3);
    }
    this.logScale = new Float64Array(N);
    this.phi = [new Float64Array(N), new Float64Array(N)];
    const nMax = Math.max(...grid.n);
    this.envelope = new MaxPlusEnvelope(nMax);
    this.psiLine = new Float64Array(nMax);
    this.argLine = new Int32Array(nMax);
    this.preMax = new Float64Array(nMax);
    this.sufMax = new Float64Array(nMax);
    this.up = new Float64Array(nMax);
    this.down = new Float64Array(nMax);
    // Memory layout (bytes): x, w0, w1, y (f64 × N); per pass lo (i32 × N), off (i32 × N+1);
    // then the entries of all passes (f64), growing at the end.
    const align = (b: number): number => (b + 15) & ~15;
    let p = 0;
    const vec = [0, 0, 0, 0].map(() => {
      const q = p;
      p = align(p + 8 * N);
      return q;
    });
    const lo: number[] = [];
    const off: number[] = [];
    for (let k = 0; k < d; k++) {
      lo.push(p);
      p = align(p + 4 * N);
      off.push(p);
      p = align(p + 4 * (N + 1));
    }
    this.layout = { x: vec[0], w0: vec[1], w1: vec[2], y: vec[3], lo, off, vals: p };
    const bytes = p + 8 * Math.ceil(estimate * 1.25);
    let memory: WebAssembly.Memory | null = null;
    let rows: BandedRowsFn | null;
    try {
      memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
      rows = loadBandedRows(memory);
    } catch {
      rows = null;
    }
    this.memory = rows ? memory : null;
    this.rows = rows;
    this.makeViews(bytes);
  }

  /** True if the WebAssembly SIMD inner loop is in use. */
  get usesWasm(): boolean {
    return this.rows !== null;
  }

  /** Number of stored kernel entries over all passes (the cost of one application). */
  get nnz(): number {
    const d = this.passes.length;
    return this.views.off[d - 1][this.grid.size] - this.passes[0].start;
  }

  private makeViews(bytes: number): void {
    const N = this.grid.size;
    const L = this.layout;
    const d = this.passes.length;
    const buffer = this.memory ? this.memory.buffer : new ArrayBuffer(bytes);
    const old = this.views;
    this.views = {
      x: new Float64Array(buffer, L.x, N),
      w: [new Float64Array(buffer, L.w0, N), new Float64Array(buffer, L.w1, N)],
      y: new Float64Array(buffer, L.y, N),
      lo: L.lo.map((b) => new Int32Array(buffer, b, N)),
      off: L.off.map((b) => new Int32Array(buffer, b, N + 1)),
      vals: new Float64Array(buffer, L.vals, (buffer.byteLength - L.vals) >> 3),
    };
    if (old && !this.memory) {
      // Plain ArrayBuffer: copy what was built so far.
      for (let k = 0; k < d; k++) {
        this.views.lo[k].set(old.lo[k]);
        this.views.off[k].set(old.off[k]);
      }
      this.views.vals.set(old.vals);
    }
  }

  /** Makes room for at least `count` entries in total. */
  private reserve(count: number): void {
    const have = this.views.vals.length;
    if (count <= have) return;
    const want = Math.max(count, Math.ceil(have * 1.5));
    const bytes = this.layout.vals + 8 * want;
    if (this.memory) {
      const pages = Math.ceil(bytes / 65536) - this.memory.buffer.byteLength / 65536;
      if (pages > 0) this.memory.grow(pages);
    }
    this.makeViews(bytes);
  }

  /**
   * Rebuilds the passes for the output log-weights α (rows i) and input log-weights β
   * (columns j); both of grid size, entries finite or −∞.
   */
  build(alpha: Float64Array, beta: Float64Array): void {
    const N = this.grid.size;
    if (alpha.length !== N || beta.length !== N) {
      throw new InputError("alpha/beta", `must have ${N} entries`);
    }
    let phiIn: Float64Array = beta;
    let nz = 0;
    for (let k = 0; k < this.passes.length; k++) {
      const phiOut = this.phi[k % 2];
      this.passes[k].start = nz;
      nz = this.buildPass(k, phiIn, phiOut, nz);
      phiIn = phiOut;
    }
    this.phiFinal = phiIn;
    this.built = true;
    this.setAlpha(alpha);
  }

  /** φ_d(i): the log-offset of output i before α is added (logScale = α + φ_d). */
  get logOffset(): Float64Array {
    return this.phiFinal;
  }

  /**
   * Changes the output log-weights α only (O(N): the passes depend on β alone); use after
   * absorbing the output-side scaling into α.
   */
  setAlpha(alpha: Float64Array): void {
    if (!this.built) throw new Error("StabilizedGibbsKernel: build() must be called first");
    const ls = this.logScale;
    const phi = this.phiFinal;
    for (let i = 0; i < ls.length; i++) {
      const a = alpha[i];
      const p = phi[i];
      ls[i] = a === -Infinity || p === -Infinity ? -Infinity : a + p;
    }
  }

  private buildPass(k: number, phiIn: Float64Array, phiOut: Float64Array, nz: number): number {
    const pass = this.passes[k];
    const { n, lines, kappa, ratio } = pass;
    const c2 = 2 * n;
    const logTheta = this.logTheta;
    const psi = this.psiLine;
    const arg = this.argLine;
    const pre = this.preMax;
    const suf = this.sufMax;
    const up = this.up;
    const down = this.down;
    let lo = this.views.lo[k];
    let off = this.views.off[k];
    let vals = this.views.vals;
    let row = 0;
    off[0] = nz;
    for (let r = 0; r < lines; r++) {
      const base = r * n;
      this.envelope.transform(phiIn, base, n, kappa, psi, arg);
      let m = -Infinity;
      for (let j = 0; j < n; j++) {
        const v = phiIn[base + j];
        if (v > m) m = v;
        pre[j] = m;
      }
      m = -Infinity;
      for (let j = n - 1; j >= 0; j--) {
        const v = phiIn[base + j];
        if (v > m) m = v;
        suf[j] = m;
      }
      for (let j = 0; j + 1 < n; j++) {
        const dphi = phiIn[base + j + 1] - phiIn[base + j];
        const e = Math.exp(dphi); // e^{φ(j+1) − φ(j)}; NaN/0/∞ handled by the fallback
        up[j] = e;
        down[j] = 1 / e;
      }
      for (let i = 0; i < n; i++, row++) {
        const ps = psi[i];
        phiOut[i * lines + r] = ps;
        if (ps === -Infinity) {
          lo[row] = 0;
          off[row + 1] = nz;
          continue;
        }
        const js = arg[i];
        // Hull [low, hi] of the entries ≥ θ; the walks stop once no further entry can
        // reach θ (bound from the running max of φ and the growing distance to i).
        let hi = js;
        for (let j = js + 1; j < n; j++) {
          const dj = j - i;
          const e = kappa * dj * dj;
          if (suf[j] - (j >= i ? e : 0) - ps < logTheta) break;
          if (phiIn[base + j] - e - ps >= logTheta) hi = j;
        }
        let low = js;
        for (let j = js - 1; j >= 0; j--) {
          const dj = j - i;
          const e = kappa * dj * dj;
          if (pre[j] - (j <= i ? e : 0) - ps < logTheta) break;
          if (phiIn[base + j] - e - ps >= logTheta) low = j;
        }
        const len = hi - low + 1;
        if (nz + len > vals.length) {
          this.reserve(nz + len + n * (lines - r));
          vals = this.views.vals;
          lo = this.views.lo[k];
          off = this.views.off[k];
        }
        // Fill from the maximiser outwards by the multiplicative recurrence.
        const at = nz - low;
        vals[at + js] = 1;
        let q = 1;
        for (let j = js + 1; j <= hi; j++) {
          q = q * up[j - 1] * ratio[2 * (j - 1 - i) + 1 + c2];
          if (!(q > 1e-290 && q < 1e290)) {
            const dj = j - i;
            q = Math.exp(phiIn[base + j] - kappa * dj * dj - ps);
          }
          vals[at + j] = q;
        }
        q = 1;
        for (let j = js - 1; j >= low; j--) {
          q = q * down[j] * ratio[2 * (i - j) - 1 + c2];
          if (!(q > 1e-290 && q < 1e290)) {
            const dj = j - i;
            q = Math.exp(phiIn[base + j] - kappa * dj * dj - ps);
          }
          vals[at + j] = q;
        }
        nz += len;
        lo[row] = low;
        off[row + 1] = nz;
      }
    }
    return nz;
  }

  /**
   * out = Q_d⋯Q_1 x (the kernel without the final factor exp(logScale)). `out` may alias `x`.
   */
  apply(x: Float64Array, out: Float64Array): void {
    if (!this.built) throw new Error("StabilizedGibbsKernel: build() must be called first");
    const V = this.views;
    const L = this.layout;
    const d = this.passes.length;
    V.x.set(x);
    for (let k = 0; k < d; k++) {
      const { n, lines } = this.passes[k];
      const srcIdx = k === 0 ? -1 : (k - 1) % 2;
      const dstIdx = k === d - 1 ? -1 : k % 2;
      if (this.rows) {
        const src = srcIdx < 0 ? L.x : srcIdx === 0 ? L.w0 : L.w1;
        const dst = dstIdx < 0 ? L.y : dstIdx === 0 ? L.w0 : L.w1;
        this.rows(src, dst, L.lo[k], L.off[k], L.vals, n, lines);
      } else {
        const src = srcIdx < 0 ? V.x : V.w[srcIdx];
        const dst = dstIdx < 0 ? V.y : V.w[dstIdx];
        bandedRowsJs(src, dst, V.lo[k], V.off[k], V.vals, n, lines);
      }
    }
    out.set(V.y);
  }

  /**
   * Like {@link apply} but with the entries of the pass along `axis` multiplied by
   * (x_i − x_j)² along that axis; summing over axes gives Σ_j C_ij K̃_ij x_j. The other
   * passes use the same (SIMD) loop as {@link apply}; work buffers are allocated once.
   */
  applyAxisCost(x: Float64Array, out: Float64Array, axis: number): void {
    if (!this.built) throw new Error("StabilizedGibbsKernel: build() must be called first");
    const V = this.views;
    const d = this.passes.length;
    const N = this.grid.size;
    this.costBuf ??= [new Float64Array(N), new Float64Array(N), new Float64Array(N)];
    const bufs = this.costBuf;
    let src = bufs[0];
    src.set(x);
    for (let k = 0; k < d; k++) {
      const { n, lines } = this.passes[k];
      const lo = V.lo[k];
      const off = V.off[k];
      const vals = V.vals;
      const dst = bufs[k % 2 === 0 ? 1 : 2];
      if (this.passes[k].axis === axis) {
        const h2 = this.grid.h[axis] ** 2;
        let row = 0;
        for (let r = 0; r < lines; r++) {
          const base = r * n;
          for (let i = 0; i < n; i++, row++) {
            let s = 0;
            let j = lo[row];
            for (let t = off[row]; t < off[row + 1]; t++, j++) {
              s += vals[t] * src[base + j] * ((i - j) * (i - j) * h2);
            }
            dst[i * lines + r] = s;
          }
        }
      } else if (this.rows) {
        const L = this.layout;
        V.x.set(src);
        this.rows(L.x, L.y, L.lo[k], L.off[k], L.vals, n, lines);
        dst.set(V.y);
      } else {
        bandedRowsJs(src, dst, lo, off, vals, n, lines);
      }
      src = dst;
    }
    out.set(src);
  }
}

interface Pass {
  /** Grid axis this pass sums over. */
  axis: number;
  /** Cells along the axis. */
  n: number;
  /** Number of lines (N / n). */
  lines: number;
  /** h²/ε along the axis. */
  kappa: number;
  /** e^{−κ m} for m = −2n..2n, at index m + 2n. */
  ratio: Float64Array;
  /** Index of the pass's first entry in the shared entry array. */
  start: number;
}

interface Layout {
  x: number;
  w0: number;
  w1: number;
  y: number;
  lo: number[];
  off: number[];
  vals: number;
}

interface Views {
  x: Float64Array;
  w: [Float64Array, Float64Array];
  y: Float64Array;
  lo: Int32Array[];
  off: Int32Array[];
  vals: Float64Array;
}

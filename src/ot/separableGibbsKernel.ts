import { InputError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { type Band32Passes, band32Passes } from "./wasm/band32Passes.js";
import type { BandPasses } from "./wasm/bandPasses.js";
import { acquireBandPasses, releaseBandPasses } from "./wasm/passesPool.js";
import type { PointwisePasses } from "./wasm/pointwisePasses.js";

/**
 * Column-tile width of a non-contiguous pass whose stride is ≥ 2·TILE_COLS (measured on the
 * 2-core EPYC: 64³ first axis 4.4 → 6 G/s, 256² 5.5 → 6.2 G/s at w = 105; 72–192 all
 * within noise of each other; no gain at stride 128).
 */
const TILE_COLS = 96;

/**
 * The Gibbs kernel of entropic transport on a uniform grid, applied as a product of
 * one-dimensional convolutions (J. Solomon et al., "Convolutional Wasserstein distances",
 * ACM TOG 34, 2015):
 *
 *   y_i = Σ_j exp(−|z_i − z_j|²/ε) x_j = ((K_0 ⊗ … ⊗ K_{d−1}) x)_i,
 *   K_a(i_a, j_a) = exp(−κ_a (i_a − j_a)²),   κ_a = h_a²/ε,
 *
 * with z_i the cell centres of `grid` (cost |z_i − z_j|², plain Euclidean on the box:
 * periodic boundaries are not wrapped) and x a field in the grid's order. K_a depends on
 * i_a − j_a only, so each axis needs one table of 2w_a + 1 weights and nothing is stored
 * per row — unlike StabilizedGibbsKernel (src/ot/stabilizedGibbsKernel.ts), which carries
 * log-weights into its rows for tiny ε. This kernel is for the regime where the Sinkhorn
 * scalings fit in double range.
 *
 * **Truncation.** Along axis a only |i_a − j_a| ≤ w_a is kept, w_a = min(n_a − 1, smallest
 * w with κ_a (w+1)² ≥ tailLog) (see {@link setTail}; default tailLog = 46, e^{−46} ≈ 1e−20).
 * A dropped entry of K has some factor K_a ≤ e^{−κ_a (w_a+1)²} ≤ e^{−tailLog} and all other
 * factors ≤ 1, so for x > 0 with max x / min x ≤ e^R,
 *
 *   0 ≤ (Kx)_i − (K̃x)_i ≤ (N−1)·e^{−tailLog}·max x,   (Kx)_i ≥ K_ii x_i = x_i ≥ min x,
 *
 * hence the relative error of every output is ≤ N·e^{−tailLog}·e^R (exact arithmetic; the
 * rounding of the positive sums adds a relative error of order Σ_a (2w_a+1)·2⁻⁵³, in practice
 * a few ulps). Entries that underflow (κ_a k² > 745) are zero in either case.
 *
 * **Layout and cost.** Fields are row-major, first axis slowest ({@link Grid}). The pass
 * along a non-contiguous axis a (index stride s_a) computes, for every outer block and every
 * i_a, the s_a outputs of that row at once from the 2w_a+1 neighbouring rows (in column tiles
 * of TILE_COLS gathered into a packed scratch when s_a is large, so the rows read stay in
 * cache); the pass along the last, contiguous axis copies each line into a scratch with w
 * zeros on each side and convolves it, skipping per block of outputs the terms that only
 * read zeros. The loops (src/ot/wasm/band.wat) are WebAssembly SIMD — blocks of 12 outputs
 * in six f64x2 accumulators sharing one splat of K_a(k) — or, when SIMD is unavailable or
 * MEASUREFLOW_NO_WASM is set, JavaScript with the same summation order (identical results).
 * Passes ping-pong between work buffers in the module's memory, allocated once; `apply`
 * allocates nothing. One apply costs {@link multiplyAdds} multiply–adds (plus at most 11
 * zero terms per output near the ends of the last axis).
 *
 * **Slots.** A solver may ask for `slots` extra fields of N values in the same memory
 * ({@link slot}): an apply whose input or output is a slot reads or writes it in place (no
 * copy), and the solver's pointwise updates ({@link pointwise}) run on the slots with
 * WebAssembly SIMD as well (band.wat, second half). A small parameter block ({@link params},
 * 32 values) carries update coefficients and results.
 */
export class SeparableGibbsKernel {
  readonly grid: Grid;
  private epsValue: number;
  /** h_a²/ε per axis. */
  private kappaValue: readonly number[];
  /** Kept offsets per axis: |i_a − j_a| ≤ halfWidths[a]. */
  readonly halfWidths: number[];
  private tailLogValue = 46;
  private readonly passes: BandPasses;
  private readonly f64: Float64Array;
  /**
   * Byte offsets: input copy, two work buffers, line scratch, per-axis centres of the K_a
   * tables and of the cost-weighted tables (see {@link applyAxisCost}).
   */
  private readonly at: {
    x: number;
    w0: number;
    w1: number;
    scratch: number;
    table: number[];
    costTable: number[];
  };
  private readonly xView: Float64Array;
  private readonly wView: [Float64Array, Float64Array];
  private readonly slotAt: number[];
  /** The pointwise updates on this kernel's memory (see the class comment). */
  readonly pointwise: PointwisePasses;
  /** 16 values in this kernel's memory for update coefficients and results, and their offset. */
  readonly params: Float64Array;
  readonly paramsAt: number;
  /** The single-precision passes and their buffers (see {@link float32}), or null. */
  private readonly single: {
    passes: Band32Passes;
    w0: number;
    w1: number;
    scratch: number;
    table: number[];
    fieldAt: number[];
  } | null = null;
  private tables32Fresh = false;

  /**
   * `options.slots`: extra fields of N values in the kernel's memory (default 0);
   * `options.float32Fields`: f32 fields of N values (padded to a multiple of 4) for a
   * single-precision phase ({@link float32}; default 0: none).
   */
  constructor(grid: Grid, eps: number, options: { slots?: number; float32Fields?: number } = {}) {
    requireNumber("eps", eps, { min: 0, exclusiveMin: true });
    this.grid = grid;
    this.epsValue = eps;
    const d = grid.dim;
    const N = grid.size;
    this.kappaValue = grid.h.map((h) => (h * h) / eps);
    const nLast = grid.n[d - 1];
    let p = 0;
    const take = (values: number): number => {
      const q = p;
      p += 8 * (values + (values & 1)); // keep 16-byte alignment
      return q;
    };
    const x = take(N);
    const w0 = take(N);
    const w1 = take(N);
    // line scratch (n + 2w values, w ≤ n − 1) or column tile (n_a · TILE_COLS values)
    const scratchValues = Math.max(3 * nLast - 2, ...grid.n.map((v) => v * TILE_COLS));
    const scratch = take(scratchValues);
    const table = grid.n.map((n) => take(2 * n - 1) + 8 * (n - 1));
    const costTable = grid.n.map((n) => take(2 * n - 1) + 8 * (n - 1));
    this.at = { x, w0, w1, scratch, table, costTable };
    const slots = requireNumber("slots", options.slots ?? 0, { min: 0, integer: true });
    this.slotAt = Array.from({ length: slots }, () => take(N));
    this.paramsAt = take(32);
    const fields32 = requireNumber("float32Fields", options.float32Fields ?? 0, {
      min: 0,
      integer: true,
    });
    const n4 = 4 * Math.ceil(N / 4);
    const single =
      fields32 > 0
        ? {
            w0: take(n4 / 2),
            w1: take(n4 / 2),
            scratch: take(Math.ceil(scratchValues / 2)),
            table: grid.n.map((n) => take(n) + 4 * (n - 1)),
            fieldAt: Array.from({ length: fields32 }, () => take(n4 / 2)),
          }
        : null;
    this.passes = acquireBandPasses(p);
    const passes32 = single ? band32Passes(this.passes.memory) : null;
    if (single && passes32) this.single = { ...single, passes: passes32 };
    const buf = this.passes.buffer;
    this.pointwise = this.passes.pointwise;
    this.params = new Float64Array(buf, this.paramsAt, 32);
    this.f64 = new Float64Array(buf, 0, p / 8);
    this.xView = new Float64Array(buf, x, N);
    this.wView = [new Float64Array(buf, w0, N), new Float64Array(buf, w1, N)];
    this.halfWidths = new Array<number>(d).fill(0);
    this.setTail(46);
  }

  /** Slot k (0 ≤ k < options.slots): a view of N values in the kernel's memory, and its byte offset. */
  slot(k: number): { view: Float64Array; at: number } {
    const at = this.slotAt[k];
    if (at === undefined)
      throw new InputError("slot", `no slot ${k} (${this.slotAt.length} allocated)`);
    return { view: new Float64Array(this.passes.buffer, at, this.grid.size), at };
  }

  /** Entropic regularisation ε of the kernel e^{−|x−y|²/ε}. */
  get eps(): number {
    return this.epsValue;
  }

  /** h_a²/ε per axis. */
  get kappa(): readonly number[] {
    return this.kappaValue;
  }

  /**
   * Re-targets the kernel to another ε on the same grid: κ_a = h_a²/ε and the tables for the
   * current tail log (slots, memory and the module instance are kept — building those is
   * what a new kernel costs: ~0.1–0.25 ms, against a few µs for the tables).
   */
  setEps(eps: number): void {
    requireNumber("eps", eps, { min: 0, exclusiveMin: true });
    this.epsValue = eps;
    this.kappaValue = this.grid.h.map((h) => (h * h) / eps);
    this.setTail(this.tailLogValue);
  }

  /**
   * Hands the kernel's memory back for reuse by the next kernel (passesPool.ts). Only for an
   * owner that will not use this kernel, its slots or their views again.
   */
  release(): void {
    releaseBandPasses(this.passes);
  }

  /** True if the WebAssembly SIMD loops are in use (false: JavaScript fallback). */
  get usesWasm(): boolean {
    return this.passes.wasm;
  }

  /** The tail threshold in use: every dropped 1D entry is < e^{−tailLog}. */
  get tailLog(): number {
    return this.tailLogValue;
  }

  /**
   * Kernel entries used by one apply (Σ over passes of the in-grid band entries, i.e. the
   * useful multiply–adds; the zero padding of the last axis is not counted).
   */
  get multiplyAdds(): number {
    const { n, size } = this.grid;
    let total = 0;
    for (let a = 0; a < n.length; a++) {
      const w = this.halfWidths[a];
      let perLine = 0;
      for (let i = 0; i < n[a]; i++) perLine += Math.min(w, i) + Math.min(w, n[a] - 1 - i) + 1;
      total += (size / n[a]) * perLine;
    }
    return total;
  }

  /**
   * Chooses the half-widths: w_a = min(n_a − 1, smallest w ≥ 0 with κ_a (w+1)² ≥ tailLog), so
   * every dropped one-dimensional entry is < e^{−tailLog}, and refills the weight tables.
   */
  setTail(tailLog: number): void {
    requireNumber("tailLog", tailLog, { min: 0, exclusiveMin: true });
    this.tailLogValue = tailLog;
    const m = this.f64;
    for (let a = 0; a < this.grid.dim; a++) {
      const n = this.grid.n[a];
      const kappa = this.kappa[a];
      let w = Math.max(0, Math.ceil(Math.sqrt(tailLog / kappa)) - 1);
      while (w > 0 && kappa * w * w >= tailLog) w--; // guard the rounding of sqrt
      while (kappa * (w + 1) * (w + 1) < tailLog && w < n - 1) w++;
      w = Math.min(w, n - 1);
      this.halfWidths[a] = w;
      const c = this.at.table[a] / 8;
      const cc = this.at.costTable[a] / 8;
      const h2 = this.grid.h[a] ** 2;
      this.tables32Fresh = false;
      m[c] = 1; // exp(−κ·0) also when κ = ∞ (ε below the double range of h²)
      m[cc] = 0;
      for (let k = 1; k <= w; k++) {
        const e = Math.exp(-kappa * k * k);
        m[c + k] = m[c - k] = e;
        m[cc + k] = m[cc - k] = h2 * k * k * e;
      }
    }
  }

  /**
   * The single-precision passes (band32.wat) on this kernel's memory, when the kernel was made
   * with `float32Fields` and WebAssembly SIMD is available; else null.
   */
  get float32(): Band32Passes | null {
    return this.single?.passes ?? null;
  }

  /** Byte offset of f32 field k (0 ≤ k < float32Fields; 4·⌈N/4⌉ values, zero padding). */
  field32(k: number): number {
    const at = this.single?.fieldAt[k];
    if (at === undefined) throw new InputError("field32", `no float32 field ${k}`);
    return at;
  }

  /**
   * out = K̃·x in single precision, x and out f32 fields at byte offsets `src` and `dst`
   * (`dst` may equal `src`): the same truncation and weights as {@link applyAt}, each weight
   * rounded to f32. Requires {@link float32}.
   */
  applyAt32(src: number, dst: number): void {
    const single = this.single;
    if (!single) throw new InputError("float32", "this kernel has no float32 passes");
    const { size: N, dim: d, n, strides } = this.grid;
    if (!this.tables32Fresh) {
      for (let a = 0; a < d; a++) {
        const w = this.halfWidths[a];
        const t = new Float32Array(this.passes.buffer, single.table[a] - 4 * w, 2 * w + 1);
        t.set(this.f64.subarray(this.at.table[a] / 8 - w, this.at.table[a] / 8 + w + 1));
      }
      this.tables32Fresh = true;
    }
    const P = single.passes;
    for (let a = 0; a < d; a++) {
      const to = a === d - 1 ? dst : a % 2 === 0 ? single.w0 : single.w1;
      const w = this.halfWidths[a];
      if (a === d - 1) {
        P.lines32(src, to, n[a], N / n[a], w, single.table[a], single.scratch);
      } else {
        const s = strides[a];
        const cols = s >= 2 * TILE_COLS ? TILE_COLS : s;
        P.axis32(src, to, n[a], s, N / (n[a] * s), w, single.table[a], cols, single.scratch);
      }
      src = to;
    }
  }

  /** out = K̃ x (truncated kernel, see the class comment). `out` may alias `x`. */
  apply(x: Float64Array, out: Float64Array): void {
    this.run(x, out, -1);
  }

  /**
   * out_i = Σ_j (x_{i,a} − x_{j,a})² K̃_ij x_j for a = `axis` (coordinates of cell centres):
   * the pass along that axis uses the weights (k h_a)² K_a(k); summing over axes gives
   * Σ_j C_ij K̃_ij x_j (e.g. the transport cost ⟨C, P⟩). Same truncation as {@link apply};
   * a dropped weight is ε·s·e^{−s} with s = κ_a k² ≥ tailLog, < ε·tailLog·e^{−tailLog} when
   * tailLog ≥ 1. `out` may alias `x`.
   */
  applyAxisCost(x: Float64Array, out: Float64Array, axis: number): void {
    requireNumber("axis", axis, { min: 0, max: this.grid.dim - 1, integer: true });
    this.run(x, out, axis);
  }

  /**
   * The d passes; axis `costAxis` (or none if −1) uses its cost-weighted table. A slot (a view
   * of this kernel's memory) is read or written in place; other arrays are copied in / out.
   */
  private run(x: Float64Array, out: Float64Array, costAxis: number): void {
    const N = this.grid.size;
    if (!(x instanceof Float64Array) || x.length !== N) {
      throw new InputError("x", `must be a Float64Array of ${N} entries (the grid size)`);
    }
    if (!(out instanceof Float64Array) || out.length !== N) {
      throw new InputError("out", `must be a Float64Array of ${N} entries (the grid size)`);
    }
    const buf = this.passes.buffer;
    let src = this.at.x;
    if (x.buffer === buf) src = x.byteOffset;
    else this.xView.set(x);
    const inPlace = out.buffer === buf;
    const last = this.passesAt(src, inPlace ? out.byteOffset : -1, costAxis);
    if (!inPlace) out.set(this.wView[last]);
  }

  /**
   * out = K̃·(field at byte offset `src`) into the field at byte offset `dst`, both in this
   * kernel's memory (slots, see {@link slot}); `dst` may equal `src`.
   */
  applyAt(src: number, dst: number): void {
    this.passesAt(src, dst, -1);
  }

  /**
   * Runs the passes from `src`; the last one writes to `dst`, or (dst = −1) to a work buffer
   * whose index (0: w0, 1: w1) is returned.
   */
  private passesAt(src: number, dst: number, costAxis: number): number {
    const { size: N, dim: d, n, strides } = this.grid;
    const at = this.at;
    const P = this.passes;
    for (let a = 0; a < d; a++) {
      const to = a === d - 1 && dst >= 0 ? dst : a % 2 === 0 ? at.w0 : at.w1;
      const w = this.halfWidths[a];
      const table = a === costAxis ? at.costTable[a] : at.table[a];
      if (a === d - 1) {
        P.lines(src, to, n[a], N / n[a], w, table, at.scratch);
      } else {
        const s = strides[a];
        const cols = s >= 2 * TILE_COLS ? TILE_COLS : s;
        P.axis(src, to, n[a], s, N / (n[a] * s), w, table, cols, at.scratch);
      }
      src = to;
    }
    return (d - 1) % 2;
  }
}

import { wasmBytes } from "./band.generated.js";
import { compiledModule } from "./compiledModule.js";
import { type PointwisePasses, jsPointwisePasses } from "./pointwisePasses.js";

/**
 * The three loops of band.wat — `band`, `axis`, `lines` — and its pointwise updates
 * ({@link BandPasses.pointwise}) behind one interface, either as
 * the WebAssembly SIMD module (band.generated.ts, assembled from band.wat) or as plain
 * JavaScript with the same contract. Pointers are byte offsets into {@link BandPasses.buffer}
 * (8-byte aligned); `table` points at the k = 0 entry of a symmetric weight table stored in
 * full (weights of offsets −w … w at table − 8w … table + 8w). See band.wat for the sums.
 */
export interface BandPasses {
  /** True for the WebAssembly module, false for the JavaScript fallback. */
  readonly wasm: boolean;
  /** The memory all pointers refer to (views must be recreated if it were to grow). */
  readonly buffer: ArrayBuffer;
  /** The WebAssembly memory behind {@link buffer} (WebAssembly passes only). */
  readonly memory?: WebAssembly.Memory;
  /** The pointwise updates of the scaling solvers on the same memory (pointwisePasses.ts). */
  readonly pointwise: PointwisePasses;
  /** dst[c] = Σ_{k=kLo}^{kHi} table[k] · src[c + k·stride], c = 0 … count−1. */
  band(
    src: number,
    dst: number,
    count: number,
    stride: number,
    kLo: number,
    kHi: number,
    table: number,
  ): void;
  /**
   * Pass along an axis of n cells, index stride `stride`, over `outer` blocks of n·stride;
   * when cols < stride, in column tiles of `cols` gathered into `scratch` (n·cols values).
   */
  axis(
    src: number,
    dst: number,
    n: number,
    stride: number,
    outer: number,
    w: number,
    table: number,
    cols: number,
    scratch: number,
  ): void;
  /** Pass along contiguous lines of n values through a zero-padded scratch of n + 2w values. */
  lines(
    src: number,
    dst: number,
    n: number,
    lines: number,
    w: number,
    table: number,
    scratch: number,
  ): void;
}

/** The compiled band.wat module, or null (no SIMD, or MEASUREFLOW_NO_WASM set). */
const bandModule = compiledModule(wasmBytes);

/** True if createBandPasses would now make WebAssembly passes (else the JavaScript ones). */
export function wasmBandPasses(): boolean {
  return bandModule() !== null;
}

/**
 * Loops on a fresh memory of at least `bytes` bytes: WebAssembly SIMD when the engine has it,
 * else (or when the environment variable MEASUREFLOW_NO_WASM is set, as for
 * src/ot/wasmBandedRows.ts) the JavaScript fallback.
 */
export function createBandPasses(bytes: number): BandPasses {
  const mod = bandModule();
  if (mod) {
    try {
      const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
      const ex = new WebAssembly.Instance(mod, {
        env: { mem: memory, exp: Math.exp, log: Math.log },
      }).exports as unknown as Pick<BandPasses, "band" | "axis" | "lines"> &
        Omit<PointwisePasses, "wasm" | "buffer">;
      const buffer = memory.buffer;
      return {
        wasm: true,
        buffer,
        memory,
        band: ex.band,
        axis: ex.axis,
        lines: ex.lines,
        pointwise: {
          wasm: true,
          buffer,
          divide: ex.divide,
          relax: ex.relax,
          marginalError: ex.marginalError,
          planMarginal: ex.planMarginal,
          ratioPower: ex.ratioPower,
          expShift: ex.expShift,
          logShift: ex.logShift,
        },
      };
    } catch {
      // fall through to JavaScript (e.g. memory limits)
    }
  }
  return jsBandPasses(new ArrayBuffer(bytes));
}

/** The JavaScript fallback on `buffer` (same contract and summation order as band.wat). */
export function jsBandPasses(buffer: ArrayBuffer): BandPasses {
  const m = new Float64Array(buffer, 0, Math.floor(buffer.byteLength / 8));
  const band = (
    src: number,
    dst: number,
    count: number,
    stride: number,
    kLo: number,
    kHi: number,
    table: number,
  ): void => {
    // k outermost: each dst[c] still accumulates k = kLo … kHi in order from +0, as in
    // band.wat (so the results agree bit for bit), but the inner loop has no serial chain.
    const d0 = dst / 8;
    const d1 = d0 + count;
    m.fill(0, d0, d1);
    const tc = table / 8;
    for (let k = kLo; k <= kHi; k++) {
      const wk = m[tc + k];
      const shift = src / 8 + k * stride - d0;
      for (let c = d0; c < d1; c++) m[c] += wk * m[c + shift];
    }
  };
  return {
    wasm: false,
    buffer,
    pointwise: jsPointwisePasses(buffer),
    band,
    // Tiling only changes where the values are read from, not the sums: not needed here.
    axis(src, dst, n, stride, outer, w, table) {
      const sb = 8 * stride;
      let off = 0;
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < n; i++, off += sb) {
          band(
            src + off,
            dst + off,
            stride,
            stride,
            -Math.min(w, i),
            Math.min(w, n - 1 - i),
            table,
          );
        }
      }
    },
    // No padded scratch: each k only visits the outputs whose term is inside the line (the
    // padded terms are exact zeros, so the sums are the same bit for bit).
    lines(src, dst, n, lines, w, table) {
      const tc = table / 8;
      for (let r = 0; r < lines; r++) {
        const s0 = src / 8 + r * n;
        const d0 = dst / 8 + r * n;
        m.fill(0, d0, d0 + n);
        for (let k = -w; k <= w; k++) {
          const wk = m[tc + k];
          const shift = s0 + k - d0;
          const c1 = d0 + Math.min(n, n - k);
          for (let c = d0 + Math.max(0, -k); c < c1; c++) m[c] += wk * m[c + shift];
        }
      }
    },
  };
}

import { wasmBytes } from "./band32.generated.js";
import type { BandPasses } from "./bandPasses.js";
import { compiledModule } from "./compiledModule.js";
import type { PointwisePasses } from "./pointwisePasses.js";

/**
 * The single-precision passes of band32.wat on a band-pass memory (bandPasses.ts): the
 * convolutions `axis32` and `lines32` (band.wat's `axis` and `lines` on f32 arrays), the
 * conversions between the f64 and f32 fields, and the plain and over-relaxed Sinkhorn
 * updates with their marginal error. Pointers are byte offsets into that memory. The
 * pointwise functions run over quads: their `n` is a multiple of 4 whose padding cells have a
 * zero marginal. See band32.wat for each contract.
 */
export interface Band32Passes {
  /** band.wat's `axis` (same arguments) on f32 fields and an f32 table. */
  readonly axis32: BandPasses["axis"];
  /** band.wat's `lines` (same arguments) on f32 fields and an f32 table. */
  readonly lines32: BandPasses["lines"];
  /** Copies n f32 values (non-overlapping). */
  copy32(from: number, to: number, n: number): void;
  /** dst32[i] = f32(src64[i]·factor), i < n. */
  demote(src: number, dst: number, n: number, factor: number): void;
  /** dst64[i] = f64(src32[i])·factor, i < n. */
  promote(src: number, dst: number, n: number, factor: number): void;
  /** `divide` of pointwisePasses.ts on quads of f32 (s = 0 where w = 0). */
  readonly divide32: PointwisePasses["divide"];
  /** Over-relaxed update with f32 coefficients at `coef`; Σ|s kx − w| to the f64 at `err`. */
  relax32(
    w: number,
    kx: number,
    s: number,
    n: number,
    lo: number,
    hi: number,
    coef: number,
    err: number,
  ): number;
  /** `marginalError` of pointwisePasses.ts on quads of f32 (the sum in f64). */
  readonly marginalError32: PointwisePasses["marginalError"];
}

const band32Module = compiledModule(wasmBytes);

/** One instance per memory: pooled kernel memories (passesPool.ts) keep theirs. */
const instances = new WeakMap<WebAssembly.Memory, Band32Passes>();

/**
 * The passes on `memory`, or null when WebAssembly SIMD is unavailable or disabled
 * (MEASUREFLOW_NO_WASM), or when there is no WebAssembly memory (JavaScript band passes).
 */
export function band32Passes(memory: WebAssembly.Memory | undefined): Band32Passes | null {
  const mod = band32Module();
  if (!mod || !memory) return null;
  let passes = instances.get(memory);
  if (!passes) {
    const instance = new WebAssembly.Instance(mod, { env: { mem: memory } });
    passes = instance.exports as unknown as Band32Passes;
    instances.set(memory, passes);
  }
  return passes;
}

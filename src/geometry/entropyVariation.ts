import { compiledModule } from "../wasm/compiledModule.js";
import { wasmBytes } from "./wasm/entropyVariation.generated.js";

const compiled = compiledModule(wasmBytes);

/** The smallest positive normal double: below it the WebAssembly pass defers to Math.log. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * The entropy part of the first variation for the upwind fluxes, ξ_i = ν·log ρ_i + ψ_i
 * (−∞ where ρ_i is not > 0), for all cells at once. With WebAssembly SIMD (the default) the
 * logarithms are those of entropyVariation.wat — fdlibm's algorithm on two cells per
 * instruction, within 1 ulp of Math.log — at about half the cost of a Math.log loop; cells whose
 * ρ is not a positive normal number (vacuum, subnormals) are recomputed with Math.log. Without
 * WebAssembly (or with MEASUREFLOW_NO_WASM set) it is that loop. Buffers are allocated once,
 * for `size` cells.
 */
export class EntropyVariation {
  private readonly pass: ((n: number, nu: number) => number) | null = null;
  private readonly rho: Float64Array = new Float64Array(0);
  private readonly psi: Float64Array = new Float64Array(0);
  private readonly xi: Float64Array = new Float64Array(0);
  /** Cells handed to WebAssembly: size rounded up to even (the pass takes pairs). */
  private readonly even: number;

  constructor(readonly size: number) {
    this.even = size + (size & 1);
    const mod = size > 0 ? compiled() : null;
    if (!mod) return;
    const instance = new WebAssembly.Instance(mod, {});
    const memory = instance.exports.memory as WebAssembly.Memory;
    const bytes = 3 * 8 * this.even;
    const pages = Math.ceil(bytes / 65536) - memory.buffer.byteLength / 65536;
    if (pages > 0) memory.grow(pages);
    const buf = memory.buffer;
    this.rho = new Float64Array(buf, 0, this.even);
    this.psi = new Float64Array(buf, 8 * this.even, this.even);
    this.xi = new Float64Array(buf, 16 * this.even, this.even);
    // The padding cell of an odd size holds ρ = 1, ψ = 0: a normal number, ξ = 0, never read.
    this.rho.fill(1);
    this.psi.fill(0);
    this.pass = instance.exports.entropyVariation as (n: number, nu: number) => number;
  }

  /** True if the WebAssembly pass is in use. */
  get wasm(): boolean {
    return this.pass !== null;
  }

  /** Writes ξ = ν log ρ + ψ into `out` (−∞ where ρ ≤ 0 or ρ is NaN). */
  compute(rho: Float64Array, psi: Float64Array, nu: number, out: Float64Array): void {
    const n = this.size;
    const pass = this.pass;
    if (pass === null) {
      for (let i = 0; i < n; i++) {
        const r = rho[i];
        out[i] = r > 0 ? nu * Math.log(r) + psi[i] : -Infinity;
      }
      return;
    }
    this.rho.set(rho.length === n ? rho : rho.subarray(0, n));
    this.psi.set(psi.length === n ? psi : psi.subarray(0, n));
    const bad = pass(this.even, nu);
    out.set(this.xi.length === n ? this.xi : this.xi.subarray(0, n));
    if (bad === 0) return;
    for (let i = 0; i < n; i++) {
      const r = rho[i];
      if (!(r >= MIN_NORMAL && r < Infinity)) {
        out[i] = r > 0 ? nu * Math.log(r) + psi[i] : -Infinity;
      }
    }
  }
}

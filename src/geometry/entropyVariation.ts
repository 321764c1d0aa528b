import { compiledModule } from "../wasm/compiledModule.js";
import { wasmBytes } from "./wasm/entropyVariation.generated.js";

const compiled = compiledModule(wasmBytes);

/** The smallest positive normal double: below it the WebAssembly pass defers to Math.log. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * The first variation of an energy with an entropy part for the upwind fluxes,
 * ξ_i = ν·log ρ_i + ψ_i (−∞ where ρ_i is not > 0), for all cells at once. It owns the ψ and ξ
 * arrays (`psi`, `xi`, `size` cells each): the caller writes ψ into `psi`, `compute(ρ, ν)`
 * fills `xi`. With WebAssembly SIMD (the default) both live in the module's memory, ρ is copied
 * in, and the logarithms are those of entropyVariation.wat — fdlibm's algorithm on two cells
 * per instruction, within 1 ulp of Math.log, at about half its cost; cells whose ρ is not a
 * positive normal number (vacuum, subnormals) are recomputed with Math.log. Without
 * WebAssembly (or with MEASUREFLOW_NO_WASM set) it is the Math.log loop.
 */
export class EntropyVariation {
  readonly psi: Float64Array;
  readonly xi: Float64Array;
  private readonly pass: ((n: number, nu: number) => number) | null = null;
  /** ρ in the module's memory (size rounded up to even: the pass takes pairs of cells). */
  private readonly rho: Float64Array | null = null;
  private readonly even: number;

  constructor(readonly size: number) {
    const even = size + (size & 1);
    this.even = even;
    const mod = size > 0 ? compiled() : null;
    if (!mod) {
      this.psi = new Float64Array(size);
      this.xi = new Float64Array(size);
      return;
    }
    const instance = new WebAssembly.Instance(mod, {});
    const memory = instance.exports.memory as WebAssembly.Memory;
    const pages = Math.ceil((24 * even) / 65536) - memory.buffer.byteLength / 65536;
    if (pages > 0) memory.grow(pages); // once: the views below stay valid
    const buf = memory.buffer;
    const rho = new Float64Array(buf, 0, even);
    const psi = new Float64Array(buf, 8 * even, even);
    // The padding cell of an odd size holds ρ = 1, ψ = 0: a normal number, never read.
    rho.fill(1);
    psi.fill(0);
    this.rho = rho;
    this.psi = psi.subarray(0, size);
    this.xi = new Float64Array(buf, 16 * even, size);
    this.pass = instance.exports.entropyVariation as (n: number, nu: number) => number;
  }

  /** True if the WebAssembly pass is in use. */
  get wasm(): boolean {
    return this.pass !== null;
  }

  /** Fills `xi` with ν log ρ + ψ from `psi` (−∞ where ρ ≤ 0 or ρ is NaN). */
  compute(rho: Float64Array, nu: number): void {
    const n = this.size;
    const { psi, xi, pass } = this;
    if (pass !== null) {
      this.rho!.set(rho.length === n ? rho : rho.subarray(0, n));
      if (pass(this.even, nu) === 0) return;
    }
    for (let i = 0; i < n; i++) {
      const r = rho[i];
      if (pass === null || !(r >= MIN_NORMAL && r < Infinity)) {
        xi[i] = r > 0 ? nu * Math.log(r) + psi[i] : -Infinity;
      }
    }
  }
}

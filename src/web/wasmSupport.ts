import { createBandPasses } from "../ot/wasm/bandPasses.js";
import { loadBandedRows } from "../ot/wasmBandedRows.js";

/**
 * Which WebAssembly kernels of the entropic-OT code this engine runs: the band passes
 * (band.wat) and the banded rows of the stabilised Gibbs kernel (bandedRows.wat). Both are
 * inlined as base64 in the JavaScript (src/ot/wasm/*.generated.ts) and compiled
 * synchronously, so they load from the same module in Node, in a page and in a Web Worker;
 * false means the engine lacks WebAssembly SIMD and the JavaScript loops (same results,
 * slower) are used.
 */
export function wasmKernels(): { band: boolean; bandedRows: boolean } {
  const band = createBandPasses(1024).wasm;
  let bandedRows: boolean;
  try {
    bandedRows = loadBandedRows(new WebAssembly.Memory({ initial: 1 })) !== null;
  } catch {
    bandedRows = false;
  }
  return { band, bandedRows };
}

import { type BandPasses, createBandPasses, wasmBandPasses } from "./bandPasses.js";

/**
 * A small pool of released band-pass memories (bandPasses.ts) for reuse by the next kernel
 * of at most that size. Fresh memory is expensive where it is first written: every 4 KiB page
 * faults in (measured on the developers' VM: 3–6 ms to first fill 1 MiB, 0.04 ms the second
 * time), which a multiscale Sinkhorn solve paid for each of its kernels on every call.
 *
 * Only code that owns a kernel from construction to its last use releases it
 * (multiscaleSinkhorn.ts releases its per-level solvers when it returns); a released memory
 * must not be read or written through old views. An acquired memory is zero-filled over the
 * requested bytes, as fresh memory would be. At most {@link POOL_ENTRIES} memories and
 * {@link POOL_BYTES} bytes are kept; the pool only hands out passes of the kind
 * createBandPasses would make now (WebAssembly or, with MEASUREFLOW_NO_WASM, JavaScript).
 */
const pool: BandPasses[] = [];

export const POOL_ENTRIES = 8;
export const POOL_BYTES = 256 * 2 ** 20;

/** Band passes on a memory of at least `bytes` bytes: a released one if it fits, else new. */
export function acquireBandPasses(bytes: number): BandPasses {
  const wasm = wasmBandPasses();
  let best = -1;
  for (let i = 0; i < pool.length; i++) {
    const size = pool[i].buffer.byteLength;
    if (pool[i].wasm === wasm && size >= bytes) {
      if (best < 0 || size < pool[best].buffer.byteLength) best = i;
    }
  }
  if (best < 0) return createBandPasses(bytes);
  const passes = pool.splice(best, 1)[0];
  new Uint8Array(passes.buffer, 0, bytes).fill(0);
  return passes;
}

/** Returns passes to the pool (dropped if the pool is full). */
export function releaseBandPasses(passes: BandPasses): void {
  if (pool.includes(passes)) return;
  let total = passes.buffer.byteLength;
  for (const p of pool) total += p.buffer.byteLength;
  if (pool.length >= POOL_ENTRIES || total > POOL_BYTES) return;
  pool.push(passes);
}

/** Drops every pooled memory (for tests). */
export function clearPool(): void {
  pool.length = 0;
}

/** Number of pooled memories (for tests). */
export function pooledPasses(): number {
  return pool.length;
}

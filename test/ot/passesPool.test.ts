import { afterEach, describe, expect, it } from "vitest";
import { Grid } from "../../src/grid/grid.js";
import { multiscaleSinkhorn } from "../../src/ot/multiscaleSinkhorn.js";
import { SeparableGibbsKernel } from "../../src/ot/separableGibbsKernel.js";
import {
  POOL_ENTRIES,
  acquireBandPasses,
  clearPool,
  pooledPasses,
  releaseBandPasses,
} from "../../src/ot/wasm/passesPool.js";

/**
 * The pool of released kernel memories (passesPool.ts): a released memory is handed to the
 * next kernel that fits, zero-filled as fresh memory; the pool is bounded and keeps the
 * WebAssembly/JavaScript kind; a multiscale solve that reuses pooled (dirty) memories
 * computes exactly what it computes on fresh ones.
 */
describe("kernel memory pool", () => {
  afterEach(() => {
    // Drop what a test left, so the others start from an empty pool.
    clearPool();
    delete process.env.MEASUREFLOW_NO_WASM;
  });

  it("reuses a released memory of sufficient size, zero-filled", () => {
    clearPool();
    const a = acquireBandPasses(4096);
    new Float64Array(a.buffer, 0, 512).fill(7);
    releaseBandPasses(a);
    releaseBandPasses(a); // twice: kept once
    expect(pooledPasses()).toBe(1);
    const b = acquireBandPasses(2048);
    expect(b).toBe(a);
    expect(Array.from(new Float64Array(b.buffer, 0, 256)).every((v) => v === 0)).toBe(true);
    expect(pooledPasses()).toBe(0);
    releaseBandPasses(b);
    // Too large for the pooled one: a new memory.
    const c = acquireBandPasses(b.buffer.byteLength + 1);
    expect(c).not.toBe(b);
    expect(pooledPasses()).toBe(1);
  });

  it("keeps at most POOL_ENTRIES memories and only hands out the current kind", () => {
    for (let i = 0; i < POOL_ENTRIES + 3; i++) releaseBandPasses(acquireBandPasses(1024 * (i + 1)));
    // Each acquire took the previously released one back when it fitted.
    expect(pooledPasses()).toBeLessThanOrEqual(POOL_ENTRIES);
    const many = Array.from({ length: POOL_ENTRIES + 3 }, () => acquireBandPasses(1024));
    for (const p of many) releaseBandPasses(p);
    expect(pooledPasses()).toBe(POOL_ENTRIES);
    const wasmKind = many[0].wasm;
    process.env.MEASUREFLOW_NO_WASM = "1";
    const js = acquireBandPasses(1024);
    expect(js.wasm).toBe(false);
    if (wasmKind) expect(pooledPasses()).toBe(POOL_ENTRIES); // no WebAssembly one handed out
  });

  it("multiscale Sinkhorn on pooled memories = on fresh ones, bit for bit", () => {
    const N = 32;
    const grid = new Grid({ n: [N, N], lo: [0, 0], hi: [1, 1] });
    const bump = (cx: number, cy: number, s: number): Float64Array => {
      const m = grid.sample((x) => Math.exp(-((x[0] - cx) ** 2 + (x[1] - cy) ** 2) / (2 * s * s)));
      let t = 0;
      for (const v of m) t += v;
      return m.map((v) => v / t);
    };
    const p = bump(0.4, 0.5, 0.08);
    const q = bump(0.6, 0.45, 0.12);
    clearPool();
    const fresh = multiscaleSinkhorn(grid, p, q, 4 / (N * N), { tol: 1e-9, omega: "auto" });
    expect(pooledPasses()).toBeGreaterThan(0); // its kernels went back to the pool
    // Dirty the pooled memories, then solve again on them.
    const dirty = Array.from({ length: pooledPasses() }, () => acquireBandPasses(1));
    for (const d of dirty) new Float64Array(d.buffer).fill(Number.NaN);
    for (const d of dirty) releaseBandPasses(d);
    const again = multiscaleSinkhorn(grid, p, q, 4 / (N * N), { tol: 1e-9, omega: "auto" });
    expect(again.iterations).toBe(fresh.iterations);
    expect(again.transportCost).toBe(fresh.transportCost);
    expect(Array.from(again.f)).toEqual(Array.from(fresh.f));
    expect(Array.from(again.g)).toEqual(Array.from(fresh.g));
    // A kernel built on a pooled memory applies like one on fresh memory.
    const k1 = new SeparableGibbsKernel(grid, 2 / (N * N));
    const x = p.slice();
    const y1 = grid.zeros();
    k1.apply(x, y1);
    k1.release();
    const k2 = new SeparableGibbsKernel(grid, 2 / (N * N));
    const y2 = grid.zeros();
    k2.apply(x, y2);
    expect(Array.from(y2)).toEqual(Array.from(y1));
  });
});

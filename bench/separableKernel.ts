/**
 * Throughput of SeparableGibbsKernel.apply (WebAssembly SIMD and its JavaScript fallback)
 * and, for comparison, of StabilizedGibbsKernel.apply (built once with zero log-weights,
 * θ = e^{−tailLog}), on the unit box: 1D 512, 2D 128² and 256², 3D 64³, ε = 2h², 4h², 16h²,
 * tailLog = 46 and 700. Times are the median per apply of 21 samples after ≥ 20 ms of
 * warm-up (each sample repeats the apply until it lasts ≥ 2 ms); G/s counts the useful
 * multiply–adds (in-grid kernel entries: SeparableGibbsKernel.multiplyAdds,
 * StabilizedGibbsKernel.nnz). On the shared 2-core VM single rows can drop by ~30 % when
 * another process competes for the caches (the 64³ arrays live in L3): compare within a run.
 *
 * Run alone: `npx tsx bench/separableKernel.ts`, or `npm run bench -- separableKernel`.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { Grid } from "../src/grid/grid.js";
import { SeparableGibbsKernel } from "../src/ot/separableGibbsKernel.js";
import { StabilizedGibbsKernel } from "../src/ot/stabilizedGibbsKernel.js";
import { median } from "./_stats.js";

/**
 * Median ms per call over `samples` samples of ≥ 2 ms each, after ≥ 20 ms of warm-up calls
 * (enough for V8 to tier the WebAssembly module up from Liftoff to TurboFan, and to fault in
 * freshly allocated memory).
 */
function msPerCall(fn: () => void, samples = 21): number {
  const w0 = performance.now();
  do fn();
  while (performance.now() - w0 < 20);
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) fn();
    if (performance.now() - t0 >= 2 || reps >= 1 << 20) break;
    reps *= 2;
  }
  const ts: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) fn();
    ts.push((performance.now() - t0) / reps);
  }
  return median(ts);
}

/** The kernel built with the JavaScript fallback (MEASUREFLOW_NO_WASM set while constructing). */
function jsKernel(grid: Grid, eps: number): SeparableGibbsKernel {
  const old = process.env.MEASUREFLOW_NO_WASM;
  process.env.MEASUREFLOW_NO_WASM = "1";
  try {
    return new SeparableGibbsKernel(grid, eps);
  } finally {
    if (old === undefined) delete process.env.MEASUREFLOW_NO_WASM;
    else process.env.MEASUREFLOW_NO_WASM = old;
  }
}

const fmt = (ms: number): string => (ms >= 10 ? ms.toFixed(1) : ms.toPrecision(3));

export default async function separableKernelBench(): Promise<void> {
  const shapes = [[512], [128, 128], [256, 256], [64, 64, 64]];
  const header = [
    "grid",
    "ε/h²",
    "tailLog",
    "w",
    "M madd",
    "wasm ms",
    "G/s",
    "js ms",
    "G/s",
    "stab ms",
    "G/s",
    "wasm/stab",
  ];
  const rows: string[][] = [];
  for (const n of shapes) {
    const grid = new Grid({ n, lo: n.map(() => 0), hi: n.map(() => 1) });
    const x = grid.zeros().map((_, i) => 1 + 0.5 * Math.sin(0.37 * i));
    const y = grid.zeros();
    for (const ratio of [2, 4, 16]) {
      const eps = ratio * grid.h[0] ** 2;
      const wasm = new SeparableGibbsKernel(grid, eps);
      const js = jsKernel(grid, eps);
      for (const tailLog of [46, 700]) {
        wasm.setTail(tailLog);
        js.setTail(tailLog);
        const madd = wasm.multiplyAdds;
        const tW = msPerCall(() => wasm.apply(x, y));
        const tJ = msPerCall(() => js.apply(x, y));
        const stab = new StabilizedGibbsKernel(grid, eps, Math.exp(-tailLog));
        stab.build(grid.zeros(), grid.zeros());
        const tS = msPerCall(() => stab.apply(x, y));
        const gs = (m: number, ms: number): string => (m / ms / 1e6).toFixed(2);
        rows.push([
          n.join("×"),
          String(ratio),
          String(tailLog),
          wasm.halfWidths.join(","),
          (madd / 1e6).toFixed(2),
          fmt(tW),
          gs(madd, tW),
          fmt(tJ),
          gs(madd, tJ),
          fmt(tS),
          gs(stab.nnz, tS),
          (tS / tW).toFixed(1),
        ]);
      }
    }
  }
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string => cells.map((s, c) => s.padStart(widths[c])).join("  ");
  process.stdout.write(`${line(header)}\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await separableKernelBench();

/**
 * The WebAssembly SIMD multiply–add peak of this machine, the yardstick of the Sinkhorn
 * kernels (src/ot/separableGibbsKernel.ts, band.wat): how many f64 (and f32) multiply–adds
 * per second one core reaches in the best case, next to the kernel itself.
 *
 * - "registers": `acc_k ← acc_k + x_k·c` on 6 independent f64x2 (f32x4) accumulators, no
 *   memory traffic: the arithmetic peak (WebAssembly SIMD of Node 20 has no fused
 *   multiply–add, so one multiply–add is one f64x2.mul plus one f64x2.add per 2 lanes).
 * - "L1 stream": the same six-accumulator loop as band.wat (one splat of the weight, six
 *   128-bit loads per step), over a 32 KiB source that stays in L1: the peak of a banded
 *   convolution with loads.
 * - "kernel": SeparableGibbsKernel.apply on the P3 grid (128², ε = 16h², the final-grid
 *   half-width), counting its useful multiply–adds ({@link SeparableGibbsKernel.multiplyAdds}).
 *
 * Each figure is the best of 7 timed repetitions of ~20 ms after a warm-up (best-of-N, the
 * machine is shared). Run alone: `npx tsx bench/wasmPeak.ts`, or `npm run bench -- wasmPeak`.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { assembleWat } from "../scripts/buildWasm.js";
import { Grid } from "../src/grid/grid.js";
import { SeparableGibbsKernel } from "../src/ot/separableGibbsKernel.js";

/**
 * ACC accumulators of `type` (f64x2 | f32x4): `iters` rounds of acc_k += x_k · c (2·ACC + 1
 * vectors stay in the 16 xmm registers; with 12 accumulators V8 spills and runs at half speed).
 */
function registerLoop(type: "f64x2" | "f32x4"): string {
  const locals = Array.from({ length: ACC }, (_, k) => `(local $a${k} v128) (local $x${k} v128)`);
  const init = Array.from(
    { length: ACC },
    (_, k) =>
      `(local.set $x${k} (${type}.splat (${type === "f64x2" ? "f64" : "f32"}.const ${1 + k * 1e-3})))`,
  );
  const body = Array.from(
    { length: ACC },
    (_, k) =>
      `(local.set $a${k} (${type}.add (local.get $a${k}) (${type}.mul (local.get $x${k}) (local.get $c))))`,
  );
  const sum = Array.from(
    { length: ACC - 1 },
    (_, k) => `(local.set $a0 (${type}.add (local.get $a0) (local.get $a${k + 1})))`,
  );
  return `(func (export "reg_${type}") (param $iters i32) (param $out i32)
    (local $c v128) ${locals.join(" ")}
    (local.set $c (${type}.splat (${type === "f64x2" ? "f64" : "f32"}.const 0.999)))
    ${init.join("\n    ")}
    (loop $l
      ${body.join("\n      ")}
      (local.set $iters (i32.sub (local.get $iters) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get $iters) (i32.const 0))))
    ${sum.join("\n    ")}
    (v128.store (local.get $out) (local.get $a0)))`;
}

/**
 * band.wat's inner loop on `type`: for c in blocks of 6 vectors, dst[c] = Σ_{k<taps} t[k]·src[c+k]
 * over `count` outputs (lane counts), `reps` times.
 */
function streamLoop(type: "f64x2" | "f32x4"): string {
  const lane = type === "f64x2" ? 8 : 4;
  const splat = type === "f64x2" ? "v128.load64_splat" : "v128.load32_splat";
  const acc = Array.from({ length: 6 }, (_, k) => `(local $a${k} v128)`).join(" ");
  const zero = Array.from({ length: 6 }, (_, k) => `(local.set $a${k} (v128.const i64x2 0 0))`);
  const mac = Array.from(
    { length: 6 },
    (_, k) =>
      `(local.set $a${k} (${type}.add (local.get $a${k}) (${type}.mul (local.get $kv) (v128.load offset=${16 * k} align=${lane} (local.get $p)))))`,
  );
  const store = Array.from(
    { length: 6 },
    (_, k) => `(v128.store offset=${16 * k} align=${lane} (local.get $o) (local.get $a${k}))`,
  );
  return `(func (export "stream_${type}") (param $src i32) (param $dst i32) (param $table i32)
    (param $count i32) (param $taps i32) (param $reps i32)
    (local $c i32) (local $p i32) (local $t i32) (local $tEnd i32) (local $o i32) (local $kv v128) ${acc}
    (local.set $tEnd (i32.add (local.get $table) (i32.mul (local.get $taps) (i32.const ${lane}))))
    (loop $rep
      (local.set $c (i32.const 0))
      (loop $blk
        ${zero.join("\n        ")}
        (local.set $p (i32.add (local.get $src) (i32.mul (local.get $c) (i32.const ${lane}))))
        (local.set $t (local.get $table))
        (loop $k
          (local.set $kv (${splat} (local.get $t)))
          ${mac.join("\n          ")}
          (local.set $p (i32.add (local.get $p) (i32.const ${lane})))
          (local.set $t (i32.add (local.get $t) (i32.const ${lane})))
          (br_if $k (i32.lt_u (local.get $t) (local.get $tEnd))))
        (local.set $o (i32.add (local.get $dst) (i32.mul (local.get $c) (i32.const ${lane}))))
        ${store.join("\n        ")}
        (local.set $c (i32.add (local.get $c) (i32.const ${96 / lane})))
        (br_if $blk (i32.lt_u (local.get $c) (local.get $count))))
      (local.set $reps (i32.sub (local.get $reps) (i32.const 1)))
      (br_if $rep (i32.gt_s (local.get $reps) (i32.const 0)))))`;
}

/** Accumulators of the register loop. */
const ACC = 6;

const WAT = `(module (import "env" "mem" (memory 4))
  ${registerLoop("f64x2")}
  ${registerLoop("f32x4")}
  ${streamLoop("f64x2")}
  ${streamLoop("f32x4")})`;

/** Best of `reps` timings (ms) of `run`, after `warm` untimed calls. */
function best(run: () => void, reps = 7, warm = 3): number {
  for (let r = 0; r < warm; r++) run();
  let b = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    run();
    b = Math.min(b, performance.now() - t0);
  }
  return b;
}

export interface PeakFigures {
  /** Multiply–adds per second (G/s) of each measurement. */
  regF64: number;
  regF32: number;
  streamF64: number;
  streamF32: number;
  kernelF64: number;
}

/** Measures the figures of the module comment. */
export async function measurePeak(): Promise<PeakFigures> {
  const bytes = await assembleWat("wasmPeak.wat", WAT);
  const memory = new WebAssembly.Memory({ initial: 4 });
  const ex = new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.from(bytes)), {
    env: { mem: memory },
  }).exports as Record<string, (...args: number[]) => void>;
  const iters = 1_000_000;
  // 12 accumulators × lanes per round
  const regF64 = (iters * ACC * 2) / best(() => ex.reg_f64x2(iters, 0)) / 1e6;
  const regF32 = (iters * ACC * 4) / best(() => ex.reg_f32x4(iters, 0)) / 1e6;
  // L1 stream: 2048 outputs + 64 taps of source (f64: 16.9 KiB source, 16 KiB output)
  const f64 = new Float64Array(memory.buffer);
  const count = 2016; // multiple of 12 (f64) and 24 (f32)
  const taps = 65;
  const src = 0;
  const dst = 8 * 4096;
  const table = 8 * 8192;
  for (let i = 0; i < 4096; i++) f64[i] = 1 + 1e-3 * (i % 17);
  for (let k = 0; k < taps; k++) f64[table / 8 + k] = Math.exp(-k / 20);
  const f32 = new Float32Array(memory.buffer);
  const src32 = 8 * 12288;
  const dst32 = src32 + 4 * 4096;
  const table32 = dst32 + 4 * 4096;
  for (let i = 0; i < 4096; i++) f32[src32 / 4 + i] = 1 + 1e-3 * (i % 17);
  for (let k = 0; k < taps; k++) f32[table32 / 4 + k] = Math.exp(-k / 20);
  const reps = 150;
  const streamF64 =
    (reps * count * taps) / best(() => ex.stream_f64x2(src, dst, table, count, taps, reps)) / 1e6;
  const streamF32 =
    (reps * count * taps) /
    best(() => ex.stream_f32x4(src32, dst32, table32, count, taps, reps)) /
    1e6;
  // The Sinkhorn kernel itself on the P3 final grid (128², ε = 16h², tail as in the solve).
  const grid = new Grid({ n: [128, 128], lo: [0, 0], hi: [1, 1] });
  const kernel = new SeparableGibbsKernel(grid, 16 / 128 ** 2);
  kernel.setTail(189);
  const x = new Float64Array(grid.size).fill(1);
  const y = new Float64Array(grid.size);
  const applies = 50;
  const kernelF64 =
    (applies * kernel.multiplyAdds) /
    best(() => {
      for (let r = 0; r < applies; r++) kernel.apply(x, y);
    }) /
    1e6;
  return { regF64, regF32, streamF64, streamF32, kernelF64 };
}

export default async function main(): Promise<void> {
  const p = await measurePeak();
  const row = (name: string, f64: number, f32?: number): string =>
    `  ${name.padEnd(34)} ${f64.toFixed(2).padStart(8)} ${f32 === undefined ? "       —" : f32.toFixed(2).padStart(8)}`;
  process.stdout.write(
    [
      "WebAssembly SIMD multiply–add peak, one core (G multiply–adds/s, best of 7)",
      `  ${"".padEnd(34)} ${"f64".padStart(8)} ${"f32".padStart(8)}`,
      row(`registers (${ACC} accumulators)`, p.regF64, p.regF32),
      row("L1 stream (band.wat inner loop)", p.streamF64, p.streamF32),
      row("SeparableGibbsKernel.apply (P3 128²)", p.kernelF64),
      `kernel / L1-stream peak: ${((100 * p.kernelF64) / p.streamF64).toFixed(0)} %`,
      "",
    ].join("\n"),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}

/**
 * FFT convolution timings (issue 3): ms per convolution (median of repeated runs after one
 * warm-up) for 2D 256×256 and 3D 64³ linear (zero-padded) convolutions, a few other shapes,
 * and the speed-up over the direct O(N²) sum at 2D 64×64, with the max relative difference;
 * then the same kernel from moments of ρ (src/fft/momentConvolver.ts) against the FFT.
 * Target: 256×256 linear in under 15 ms on one core.
 *
 * Run alone: `npx tsx bench/convolution.ts`, or through `npm run bench -- convolution`.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { Convolver } from "../src/fft/convolver.js";
import { directConvolution } from "../src/fft/direct.js";
import { MomentConvolver } from "../src/fft/momentConvolver.js";
import type { ConvolutionMode } from "../src/fft/displacements.js";
import { PowerLawKernel } from "../src/fft/kernels.js";
import { Grid } from "../src/grid/grid.js";
import { median } from "./_stats.js";

/** Median and min ms of `runs` calls after one warm-up call. */
function time(fn: () => void, runs: number): { median: number; min: number } {
  fn();
  const ts: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return { median: median(ts), min: Math.min(...ts) };
}

function seeded(n: number): Float64Array {
  let a = 12345;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    out[i] = a / 4294967296;
  }
  return out;
}

interface Row {
  case: string;
  padded: string;
  setup: string;
  median: string;
  min: string;
}

export default async function convolutionBench(): Promise<void> {
  const rows: Row[] = [];
  const cases: { n: number[]; mode: ConvolutionMode; runs: number }[] = [
    { n: [4096], mode: "linear", runs: 41 },
    { n: [256, 256], mode: "linear", runs: 41 },
    { n: [256, 256], mode: "periodic", runs: 41 },
    { n: [200, 200], mode: "linear", runs: 21 },
    { n: [512, 512], mode: "linear", runs: 11 },
    { n: [64, 64, 64], mode: "linear", runs: 9 },
    { n: [64, 64, 64], mode: "periodic", runs: 9 },
  ];
  for (const { n, mode, runs } of cases) {
    const grid = new Grid({ n, lo: n.map(() => -2), hi: n.map(() => 2) });
    const kernel = new PowerLawKernel(4, 2, grid.dim);
    const t0 = performance.now();
    const conv = new Convolver(grid, kernel, { mode });
    const setup = performance.now() - t0;
    const rho = seeded(grid.size);
    const out = grid.zeros();
    const t = time(() => conv.apply(rho, out), runs);
    rows.push({
      case: `${n.join("×")} ${mode}`,
      padded: conv.padded.join("×"),
      setup: setup.toFixed(1),
      median: t.median.toFixed(2),
      min: t.min.toFixed(2),
    });
  }
  process.stdout.write(
    "FFT convolution, W = |x|⁴/4 − |x|²/2 (ms; median of runs after a warm-up)\n",
  );
  printTable(rows, ["case", "padded", "setup", "median", "min"], {
    case: "grid / mode",
    padded: "FFT box",
    setup: "setup ms",
    median: "ms/conv (median)",
    min: "ms/conv (min)",
  });
  const target = rows.find((r) => r.case === "256×256 linear")!;
  process.stdout.write(
    `256×256 linear: ${target.median} ms (target < 15 ms: ${Number(target.median) < 15 ? "met" : "MISSED"})\n`,
  );

  // Speed-up over the direct sum at 64×64 (linear).
  const grid = new Grid({ n: [64, 64], lo: [-2, -2], hi: [2, 2] });
  const kernel = new PowerLawKernel(4, 2, 2);
  const conv = new Convolver(grid, kernel, { mode: "linear" });
  const rho = seeded(grid.size);
  const fast = grid.zeros();
  const slow = grid.zeros();
  const tf = time(() => conv.apply(rho, fast), 41);
  const td = time(() => directConvolution(grid, kernel, rho, slow, "linear"), 5);
  let err = 0;
  let scale = 0;
  for (let i = 0; i < fast.length; i++) {
    err = Math.max(err, Math.abs(fast[i] - slow[i]));
    scale = Math.max(scale, Math.abs(slow[i]));
  }
  process.stdout.write(
    `\n64×64 linear: FFT ${tf.median.toFixed(3)} ms, direct sum ${td.median.toFixed(1)} ms ` +
      `(includes its kernel table), speed-up ×${(td.median / tf.median).toFixed(0)}; ` +
      `max |FFT − direct| / max |direct| = ${(err / scale).toExponential(2)}\n`,
  );

  // The same kernel from moments of ρ (what `convolverFor` picks for it on no-flux boxes).
  process.stdout.write(
    "\nW = |x|⁴/4 − |x|²/2 from moments of ρ (MomentConvolver) vs FFT, linear:\n",
  );
  for (const n of [
    [128, 128],
    [256, 256],
    [64, 64, 64],
  ]) {
    const g = new Grid({ n, lo: n.map(() => -2), hi: n.map(() => 2) });
    const k = new PowerLawKernel(4, 2, g.dim);
    const field = seeded(g.size);
    const viaMoments = g.zeros();
    const viaFft = g.zeros();
    const moments = new MomentConvolver(g, k, k.radialPolynomial!);
    const fft = new Convolver(g, k, { mode: "linear" });
    const tm = time(() => moments.apply(field, viaMoments), 21);
    const tfft = time(() => fft.apply(field, viaFft), 21);
    process.stdout.write(
      `  ${n.join("×")}: moments ${tm.median.toFixed(3)} ms, FFT ${tfft.median.toFixed(3)} ms ` +
        `(×${(tfft.median / tm.median).toFixed(1)})\n`,
    );
  }
}

function printTable<T extends object>(
  rows: T[],
  keys: (keyof T)[],
  header: Record<keyof T, string>,
): void {
  const widths = keys.map((k) =>
    Math.max(header[k].length, ...rows.map((r) => String(r[k]).length)),
  );
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i])).join("  ");
  process.stdout.write(`${line(keys.map((k) => header[k]))}\n`);
  for (const r of rows) process.stdout.write(`${line(keys.map((k) => String(r[k])))}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await convolutionBench();

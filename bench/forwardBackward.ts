/**
 * Forward–backward on grids (issue 13, docs/sampling.md): milliseconds per step of
 * - grid forward–backward (push + blur-corrected entropic JKO step of the entropy, ε = 2h²,
 *   tol 1e-10) and of the grid ULA twin (push + exact heat flow), at N = 512 cells in 1D and
 *   128² in 2D, for KL towards N(0, I) with γ = 0.1, from N(1, 0.5·I) (the median of 10 steps
 *   after 3 warm-up ones: the JKO warm-starts from the previous steps' potentials);
 * - their parts: the push alone, the heat flow alone (FFT and direct sums).
 * Wall and CPU time (process.cpuUsage), as bench/particles.ts: on a shared machine the wall
 * time includes waiting for a core.
 *
 * Run alone: `npx tsx bench/forwardBackward.ts`, or `npm run bench -- forwardBackward`.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { Gaussian } from "../src/exact/gaussian.js";
import { Grid } from "../src/grid/grid.js";
import { EntropicJkoBackward, HeatBackward } from "../src/schemes/backwardSteps.js";
import { ForwardBackwardScheme } from "../src/schemes/forwardBackward.js";
import { HeatFlow } from "../src/schemes/heatFlow.js";
import { PushForward } from "../src/schemes/pushForward.js";
import { median } from "./_stats.js";

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Median wall and CPU ms of `run` over `reps` calls after `warm` warm-up calls. */
function time(run: () => void, reps = 10, warm = 3): { wall: number; cpu: number } {
  for (let k = 0; k < warm; k++) run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now();
    const c0 = cpuMs();
    run();
    cpu.push(cpuMs() - c0);
    wall.push(performance.now() - t0);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

function gridOf(dim: 1 | 2): Grid {
  return dim === 1
    ? new Grid({ n: [512], lo: [-8], hi: [8] })
    : new Grid({ n: [128, 128], lo: [-7, -7], hi: [7, 7] });
}

const grad = (x: Float64Array, g: Float64Array): void => {
  for (let a = 0; a < x.length; a++) g[a] = x[a];
};

export default function main(): void {
  const gamma = 0.1;
  const fmt = (label: string, t: { wall: number; cpu: number }) =>
    process.stdout.write(`${label}: ${t.wall.toFixed(2)} ms (CPU ${t.cpu.toFixed(2)} ms)\n`);
  for (const dim of [1, 2] as const) {
    const grid = gridOf(dim);
    const size = dim === 1 ? "N = 512, 1D" : "128², 2D";
    const start = new Gaussian(new Array<number>(dim).fill(1), 0.5).cellAverages(grid);
    const push = new PushForward(grid, grad);
    const h = grid.h[0];
    const fb = new ForwardBackwardScheme(
      grid,
      push,
      new EntropicJkoBackward(grid, 1, { tau: gamma, eps: 2 * h * h, blurCorrection: true }),
      { gamma, name: "fb" },
    );
    const ula = new ForwardBackwardScheme(grid, push, new HeatBackward(grid, 1), {
      gamma,
      name: "ula-grid",
    });
    let rho = start.slice();
    fmt(
      `forward-backward step, ${size}`,
      time(() => fb.step(rho, gamma)),
    );
    rho = start.slice();
    fmt(
      `ula-grid step, ${size}`,
      time(() => ula.step(rho, gamma)),
    );
    const out = grid.zeros();
    fmt(
      `  push alone, ${size}`,
      time(() => push.apply(start, gamma, out)),
    );
    for (const method of ["fft", "direct"] as const) {
      const heat = new HeatFlow(grid, { method });
      rho = start.slice();
      fmt(
        `  heat flow (${method}), ${size}`,
        time(() => heat.apply(rho, gamma)),
      );
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main();

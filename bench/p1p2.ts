/**
 * Benchmarks P1, P2a, P2b of the benchmark definitions (docs/finite-volumes.md, bench/) for the explicit finite-volume
 * Wasserstein schemes (fv1, fv2, sg), against the py-pde anchors:
 *
 * - P1: ∂ρ/∂t = Δρ + div(ρ∇V), V = |x|²/2 on [−5,5]², no-flux, N = 128 and 256;
 *   ρ0 = N((1,0), 0.5 I) sampled at cell centres and normalised; to t = 0.5; L1 against
 *   the exact Ornstein–Uhlenbeck cell averages.
 * - P2a: the same equation in 1D on [−8,8], N = 4096, ρ0 = N(1, 0.5) (cell-centre samples,
 *   normalised), to t = 0.5.
 * - P2b: ∂ρ/∂t = Δρ² on [−3,3]², N = 128, from the Barenblatt profile (m = 2) at t0 = 0.1
 *   (exact cell averages) to t = 0.5, compared with the Barenblatt cell averages at 0.5.
 *
 * Timing: one warm-up run (to t_end/20), then the median wall time of 5 full runs. The fv
 * rows of P2a (12–26 s per run) only run with MF_BENCH_FULL=1.
 * P2b also has fv2/euler rows at cfl = 0.85 and 0.8: there Euler's O(dt) error dominates
 * (Heun with the same steps has 0.4× the L1), and the limit is already the linear stability
 * limit h²/(8ρ_max), so a slightly smaller step is how Euler reaches the anchor's L1.
 * "cfl=1" rows take the full forward-Euler positivity limit (every step a convex combination
 * with non-negative weights); with Euler, whose O(dt) error partly cancels the O(h²) error of
 * the flux near dt ≈ h²/(2d), this is both faster and more accurate than cfl = 0.9.
 * "cell-upd/s" = steps × cells / time (a Runge–Kutta step counts once, as py-pde's Euler
 * step does). "t-ratio" = our time / anchor time; "time-to-accuracy" is that ratio when our
 * L1 is ≤ the anchor's (≤ 1 means: same accuracy or better in the same time or less), and
 * "miss" otherwise. The sg rows marked ⟨π⟩ use the potential U_i = −log⟨e^{−V}⟩_cell (cell
 * averages of the Gibbs density) instead of V at the cell centres: same equation, a
 * discretisation whose discrete equilibrium equals the exact one's cell averages.
 *
 * Run alone: `npx tsx bench/p1p2.ts [P1|P2a|P2b]`, or `npm run bench -- p1p2`.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { Energy } from "../src/energy/energy.js";
import { GeneralizedEntropy } from "../src/energy/generalizedEntropy.js";
import { RelativeEntropy } from "../src/energy/kl.js";
import { Barenblatt, Gaussian, OrnsteinUhlenbeck } from "../src/exact/index.js";
import { WassersteinGeometry, type WassersteinFlux } from "../src/geometry/wasserstein.js";
import { cellAverages, normalise } from "../src/grid/density.js";
import { Grid } from "../src/grid/grid.js";
import { l1Error } from "../src/metrics/errors.js";
import { ExplicitScheme } from "../src/schemes/explicit.js";
import type { RkMethod } from "../src/schemes/rungeKutta.js";
import { buildProblem, validateSpec } from "../src/problem/index.js";
import { median } from "./_stats.js";

interface Problem {
  id: string;
  grid: Grid;
  rho0: Float64Array;
  tEnd: number;
  exact: Float64Array;
  /** Energy with V at cell centres, and (ν > 0 only) with the cell-averaged Gibbs potential. */
  energy: Energy;
  energyAvg?: Energy;
  anchor: { l1: number; time: number };
  /** The problem as a spec with scheme {kind: "fv"} (the default path), where it has one. */
  spec?: Record<string, unknown>;
}

interface Variant {
  /** "default": the scheme `buildProblem` makes from the problem's spec with scheme {kind: "fv"}. */
  flux: WassersteinFlux | "default";
  method?: RkMethod;
  avg?: boolean;
  /** Fraction of the forward-Euler limit (default 0.9). */
  cfl?: number;
  /** Long runs (> 10 s each): only with MF_BENCH_FULL=1. */
  slow?: boolean;
}

function schemeOf(p: Problem, v: Variant): ExplicitScheme {
  if (v.flux === "default") {
    if (!p.spec) throw new Error(`${p.id} has no spec`);
    return buildProblem(validateSpec(p.spec)).scheme as ExplicitScheme;
  }
  const energy = v.avg && p.energyAvg ? p.energyAvg : p.energy;
  const geometry = new WassersteinGeometry(energy, { flux: v.flux });
  return new ExplicitScheme(geometry, p.grid, { method: v.method!, cfl: v.cfl ?? 0.9 });
}

function run(
  p: Problem,
  v: Variant,
  tEnd: number,
  scheme = schemeOf(p, v),
): { rho: Float64Array; steps: number } {
  const rho = p.rho0.slice();
  let t = 0;
  while (t < tEnd * (1 - 1e-14)) t += scheme.step(rho, tEnd - t);
  return { rho, steps: scheme.steps };
}

function fokkerPlanck(
  id: string,
  n: number[],
  lo: number,
  hi: number,
  anchor: Problem["anchor"],
): Problem {
  const d = n.length;
  const grid = new Grid({ n, lo: n.map(() => lo), hi: n.map(() => hi) });
  const mean = d === 1 ? [1] : [1, 0];
  const gauss = new Gaussian(mean, 0.5);
  const rho0 = normalise(
    grid,
    grid.sample((x) => gauss.density(x)),
  );
  const identity = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)),
  );
  const ou = new OrnsteinUhlenbeck({ A: identity, initial: gauss });
  const V = (x: Float64Array): number => {
    let s = 0;
    for (let a = 0; a < d; a++) s += 0.5 * x[a] * x[a];
    return s;
  };
  const gibbsAvg = cellAverages(grid, (x) => Math.exp(-V(x)));
  const U = gibbsAvg.map((g) => -Math.log(g));
  return {
    id,
    grid,
    rho0,
    tEnd: 0.5,
    exact: ou.cellAverages(grid, 0.5),
    energy: new RelativeEntropy(grid, V),
    energyAvg: new RelativeEntropy(grid, U),
    anchor,
    spec: {
      grid: { n, lo: n.map(() => lo), hi: n.map(() => hi) },
      initial: { kind: "gaussian", mean, cov: 0.5 },
      energy: [{ kind: "kl", V: { kind: "quadratic", A: identity } }],
      geometry: { kind: "wasserstein" },
      scheme: { kind: "fv" },
      output: { tEnd: 0.5, snapshots: 2 },
    },
  };
}

function porousMedium(): Problem {
  const grid = new Grid({ n: [128, 128], lo: [-3, -3], hi: [3, 3] });
  const B = new Barenblatt({ dim: 2, m: 2 });
  return {
    id: "P2b 2D PME N=128",
    grid,
    rho0: B.cellAverages(grid, 0.1),
    tEnd: 0.4,
    exact: B.cellAverages(grid, 0.5),
    energy: new GeneralizedEntropy(grid, 2),
    anchor: { l1: 7.1e-4, time: 0.12 },
  };
}

const FP_VARIANTS: Variant[] = [
  { flux: "default" },
  { flux: "sg", method: "euler" },
  { flux: "sg", method: "euler", avg: true },
  { flux: "sg", method: "euler", avg: true, cfl: 1 },
  { flux: "sg", method: "heun" },
  { flux: "sg", method: "heun", avg: true },
  { flux: "fv2", method: "heun" },
  { flux: "fv2", method: "euler" },
  { flux: "fv2", method: "ssprk3", avg: true },
  { flux: "fv2", method: "euler", avg: true },
  { flux: "fv1", method: "euler" },
];
/** P2a: 73 000 steps; the fv rows (log of every cell at every stage) take 12–26 s per run. */
const FP1D_VARIANTS: Variant[] = FP_VARIANTS.map((v) =>
  v.flux === "sg" ? v : { ...v, slow: true },
);
const PME_VARIANTS: Variant[] = [
  { flux: "fv2", method: "euler" },
  { flux: "fv2", method: "euler", cfl: 0.85 },
  { flux: "fv2", method: "euler", cfl: 0.8 },
  { flux: "fv2", method: "euler", cfl: 1 },
  { flux: "fv2", method: "heun" },
  { flux: "fv1", method: "euler" },
];

/** What the default path resolves to, e.g. "wasserstein-sg/euler", and its build time. */
function defaultLabel(p: Problem): string {
  const t0 = performance.now();
  const built = buildProblem(validateSpec(p.spec!));
  const ms = performance.now() - t0;
  const s = built.scheme as ExplicitScheme;
  return `${s.name} (build ${ms.toFixed(0)} ms)`;
}

function fmt(x: number, digits = 2): string {
  return x.toExponential(digits);
}

function bench(p: Problem, variants: Variant[], runs = 5): void {
  process.stdout.write(
    `\n${p.id}: ${p.grid.size} cells, t_end = ${p.tEnd}; anchor py-pde L1 ${fmt(p.anchor.l1, 1)} in ${p.anchor.time} s\n`,
  );
  process.stdout.write(
    `${"scheme".padEnd(46)}${"steps".padStart(8)}${"time s".padStart(10)}${"cell-upd/s".padStart(12)}` +
      `${"L1".padStart(11)}${"L1/anchor".padStart(11)}${"t-ratio".padStart(9)}  time-to-accuracy\n`,
  );
  for (const v of variants) {
    const label =
      v.flux === "default"
        ? `default: ${defaultLabel(p)}`
        : `${v.flux}${v.avg ? "⟨π⟩" : ""}/${v.method}${v.cfl ? ` cfl=${v.cfl}` : ""}`;
    if (v.slow && process.env.MF_BENCH_FULL !== "1") {
      process.stdout.write(`${label.padEnd(46)}  (skipped: > 10 s per run; set MF_BENCH_FULL=1)\n`);
      continue;
    }
    run(p, v, p.tEnd / 20); // warm-up
    const times: number[] = [];
    let last = run(p, v, 0);
    for (let r = 0; r < runs; r++) {
      const scheme = schemeOf(p, v); // built outside the timing, as the anchor's setup is
      const t0 = performance.now();
      last = run(p, v, p.tEnd, scheme);
      times.push((performance.now() - t0) / 1000);
    }
    const time = median(times);
    const l1 = l1Error(p.grid, last.rho, p.exact);
    const tRatio = time / p.anchor.time;
    const tta =
      l1 <= p.anchor.l1
        ? `${tRatio.toFixed(2)}${tRatio <= 1 ? " (meets target)" : " (slower)"}`
        : "miss (L1 > anchor)";
    process.stdout.write(
      `${label.padEnd(46)}${String(last.steps).padStart(8)}${time.toFixed(3).padStart(10)}` +
        `${fmt((last.steps * p.grid.size) / time).padStart(12)}${fmt(l1).padStart(11)}` +
        `${(l1 / p.anchor.l1).toFixed(2).padStart(11)}${tRatio.toFixed(2).padStart(9)}  ${tta}\n`,
    );
  }
}

export default async function main(only?: string): Promise<void> {
  const want = (id: string): boolean => !only || id.startsWith(only);
  if (want("P1")) {
    bench(
      fokkerPlanck("P1 2D FP N=128", [128, 128], -5, 5, { l1: 3.5e-4, time: 0.083 }),
      FP_VARIANTS,
    );
    bench(
      fokkerPlanck("P1 2D FP N=256", [256, 256], -5, 5, { l1: 8.7e-5, time: 1.37 }),
      FP_VARIANTS,
    );
  }
  if (want("P2a")) {
    bench(
      fokkerPlanck("P2a 1D FP N=4096", [4096], -8, 8, { l1: 6.2e-7, time: 2.42 }),
      FP1D_VARIANTS,
    );
  }
  if (want("P2b")) bench(porousMedium(), PME_VARIANTS);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main(process.argv[2]);
}

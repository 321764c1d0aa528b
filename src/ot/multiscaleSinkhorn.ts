import { requireNumber } from "../errors.js";
import { Grid } from "../grid/grid.js";
import type { ScalingSinkhorn } from "./scalingSinkhorn.js";
import { SinkhornSolver, type SinkhornOptions, type SinkhornResult } from "./sinkhorn.js";

/**
 * Sinkhorn with ε-scaling on a multiscale hierarchy of grids: a warm start for the final
 * solve (B. Schmitzer, "Stabilized sparse scaling algorithms for entropy regularized
 * transport problems", SIAM J. Sci. Comput. 41, 2019, §3–4: ε-scaling and multiscale).
 *
 * The grid is halved per axis while every axis has an even count ≥ 2·`minCells`; masses are
 * summed over blocks of 2^d cells. Starting on the coarsest grid at ε₀ (default a quarter of
 * the squared largest box side), ε is halved stage by stage; each stage runs over-relaxed
 * Sinkhorn (ω = `stageOmega`) to the marginal error `stageTol`, warm-started from the
 * previous stage's potentials. A level is left for the next finer one once the next ε would
 * fall below `minRatio`·h² of that level (potentials are prolonged by multilinear
 * interpolation between cell centres). The finest grid then solves at the target ε directly
 * (no intermediate ε there: its kernels are the most expensive to build) with the caller's options (stopping rule unchanged: first-marginal error < tol). The final plan
 * is the same as a cold-start solve's (same fixed point, same stopping rule); only the
 * number of iterations and absorptions changes.
 */
export interface MultiscaleOptions extends SinkhornOptions {
  /** Coarsest grid: at least this many cells per axis (default 16). */
  minCells?: number;
  /** Starting ε on the coarsest grid (default (max side)²/4). */
  eps0?: number;
  /** Stage tolerance (default 1e-3). */
  stageTol?: number;
  /** Over-relaxation of the warm-up stages (default 1.5). */
  stageOmega?: number;
  /** Lowest ε/h² used on a coarse level (default 1). */
  minRatio?: number;
}

export interface MultiscaleResult extends SinkhornResult {
  /** Iterations of the warm-up stages (work-weighted by cells relative to the finest grid). */
  warmupIterations: number;
  warmupStages: number;
}

export function multiscaleSinkhorn(
  grid: Grid,
  p: Float64Array,
  q: Float64Array,
  eps: number,
  options: MultiscaleOptions = {},
): MultiscaleResult {
  requireNumber("eps", eps, { min: 0, exclusiveMin: true });
  const minCells = options.minCells ?? 16;
  const stageTol = options.stageTol ?? 1e-3;
  const stageOmega = options.stageOmega ?? 1.5;
  const minRatio = options.minRatio ?? 1;
  // Hierarchy, finest first.
  const grids: Grid[] = [grid];
  const ps: Float64Array[] = [p];
  const qs: Float64Array[] = [q];
  for (;;) {
    const g = grids[grids.length - 1];
    if (!g.n.every((n) => n % 2 === 0 && n / 2 >= minCells)) break;
    const coarse = new Grid({ n: g.n.map((n) => n / 2), lo: [...g.lo], hi: [...g.hi] });
    grids.push(coarse);
    const map = coarseIndex(g, coarse);
    ps.push(restrict(map, coarse.size, ps[ps.length - 1]));
    qs.push(restrict(map, coarse.size, qs[qs.length - 1]));
  }
  const side = Math.max(...grid.hi.map((h, a) => h - grid.lo[a]));
  let e = Math.max(options.eps0 ?? (side * side) / 4, eps);
  let level = grids.length - 1;
  let init: { f: Float64Array; g: Float64Array } | undefined;
  let warmupIterations = 0;
  let lastOmega = 1;
  // One scaling-domain solver (kernel, module instance, memory) per level, re-targeted to
  // each stage's ε: building one costs ~0.1–0.25 ms, a stage on a coarse level little more.
  const scalings: (ScalingSinkhorn | undefined)[] = [];
  let warmupStages = 0;
  const hMax = (g: Grid): number => Math.max(...g.h);
  for (;;) {
    // Move to a finer level once ε is small for the current one.
    while (level > 0 && e < minRatio * hMax(grids[level]) ** 2) {
      if (init) init = prolong(grids[level], grids[level - 1], init);
      level--;
    }
    // On the finest grid only the target ε is solved (the final solve below).
    if (level === 0) break;
    const g = grids[level];
    const solver = new SinkhornSolver(g, e, { theta: options.theta, scaling: scalings[level] });
    const res = solver.solve(ps[level], qs[level], {
      tol: stageTol,
      maxIter: options.maxIter,
      omega: stageOmega,
      init,
      absorb: options.absorb,
      // Coarse stages are cheap (≈ 1 ms of P3's 20): their arithmetic stays double, so the
      // warm start does not depend on the final solve's precision option.
      precision: "float64",
    });
    scalings[level] = solver.scalingSolver;
    init = { f: res.f, g: res.g };
    lastOmega = res.omega;
    warmupIterations += (res.iterations * g.size) / grid.size;
    warmupStages++;
    if (e <= eps) break;
    e = Math.max(eps, e / 2);
  }
  while (level > 0) {
    if (init) init = prolong(grids[level], grids[level - 1], init);
    level--;
  }
  // The final solve keeps the caller's ω; with ω = "auto" it starts from the relaxation
  // reached on the last warm-up stage (and adapts it further to the final ε).
  const finalSolver = new SinkhornSolver(grid, eps, { theta: options.theta });
  try {
    const final = finalSolver.solve(p, q, {
      ...options,
      omegaStart: options.omega === "auto" ? lastOmega : undefined,
      init,
    });
    return { ...final, warmupIterations, warmupStages };
  } finally {
    // The kernels' memories go back to the pool for the next solve (passesPool.ts).
    finalSolver.release();
    for (const s of scalings) s?.release();
  }
}

/** Sums masses over blocks of 2^d fine cells (`map` = coarseIndex(fine, coarse)). */
function restrict(map: Int32Array, coarseSize: number, m: Float64Array): Float64Array {
  const out = new Float64Array(coarseSize);
  for (let k = 0; k < map.length; k++) out[map[k]] += m[k];
  return out;
}

/** For every fine cell, the index of the coarse cell containing it (2^d blocks). */
function coarseIndex(fine: Grid, coarse: Grid): Int32Array {
  const map = new Int32Array(fine.size);
  const d = fine.dim;
  const idx = new Int32Array(d);
  for (let k = 0; k < fine.size; k++) {
    let c = 0;
    for (let a = 0; a < d; a++) c += (idx[a] >> 1) * coarse.strides[a];
    map[k] = c;
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a] < fine.n[a]) break;
      idx[a] = 0;
    }
  }
  return map;
}

/**
 * Multilinear interpolation of potentials from coarse to fine cell centres (constant
 * extrapolation at the walls); −∞ entries (no mass) are replaced by the largest finite
 * neighbour value so that every fine cell gets a finite guess. Without −∞ entries the
 * interpolation is done axis by axis (the tensor-product form of the same weights, equal up
 * to rounding: this is only a warm start); otherwise corner by corner.
 */
function prolong(
  coarse: Grid,
  fine: Grid,
  pot: { f: Float64Array; g: Float64Array },
): { f: Float64Array; g: Float64Array } {
  const d = fine.dim;
  // Per axis and fine index: lower coarse neighbour and the weight of the upper one.
  const lower: Int32Array[] = [];
  const weight: Float64Array[] = [];
  for (let a = 0; a < d; a++) {
    const n = fine.n[a];
    lower.push(new Int32Array(n));
    weight.push(new Float64Array(n));
    for (let i = 0; i < n; i++) {
      // fine centre in coarse index units: (i + ½)/2 − ½
      const x = (i + 0.5) / 2 - 0.5;
      let j = Math.floor(x);
      let t = x - j;
      if (j < 0) {
        j = 0;
        t = 0;
      } else if (j >= coarse.n[a] - 1) {
        j = coarse.n[a] - 1;
        t = 0;
      }
      lower[a][i] = j;
      weight[a][i] = t;
    }
  }
  const separable = (src: Float64Array): Float64Array => {
    // Refine one axis at a time: shape n_0 … n_{a−1} (fine) × m_a … (coarse) → fine on axis a.
    let cur = src;
    const shape = [...coarse.n];
    for (let a = 0; a < d; a++) {
      const m = shape[a];
      const n = fine.n[a];
      let inner = 1;
      for (let b = a + 1; b < d; b++) inner *= shape[b];
      let outer = 1;
      for (let b = 0; b < a; b++) outer *= shape[b];
      const next = new Float64Array(outer * n * inner);
      const lo = lower[a];
      const wt = weight[a];
      for (let o = 0; o < outer; o++) {
        const sBase = o * m * inner;
        const dBase = o * n * inner;
        for (let i = 0; i < n; i++) {
          const j = lo[i];
          const t = wt[i];
          const s0 = sBase + j * inner;
          const s1 = t > 0 ? s0 + inner : s0;
          const dst = dBase + i * inner;
          for (let c = 0; c < inner; c++) next[dst + c] = (1 - t) * cur[s0 + c] + t * cur[s1 + c];
        }
      }
      cur = next;
      shape[a] = n;
    }
    return cur;
  };
  const one = (src: Float64Array): Float64Array => {
    if (!src.includes(-Infinity)) return separable(src);
    const out = new Float64Array(fine.size);
    const idx = new Int32Array(d);
    for (let k = 0; k < fine.size; k++) {
      let s = 0;
      let wsum = 0;
      let best = -Infinity;
      for (let corner = 0; corner < 1 << d; corner++) {
        let c = 0;
        let w = 1;
        for (let a = 0; a < d; a++) {
          const up = (corner >> a) & 1;
          const t = weight[a][idx[a]];
          const j = lower[a][idx[a]] + (up && t > 0 ? 1 : 0);
          c += j * coarse.strides[a];
          w *= up ? t : 1 - t;
        }
        if (w === 0) continue;
        const v = src[c];
        if (v === -Infinity) continue;
        s += w * v;
        wsum += w;
        if (v > best) best = v;
      }
      out[k] = wsum > 0 ? s / wsum : Number.isFinite(best) ? best : 0;
      for (let a = d - 1; a >= 0; a--) {
        if (++idx[a] < fine.n[a]) break;
        idx[a] = 0;
      }
    }
    return out;
  };
  return { f: one(pot.f), g: one(pot.g) };
}

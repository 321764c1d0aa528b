import type { Energy } from "../../src/energy/energy.js";
import type { Geometry } from "../../src/geometry/geometry.js";
import { WassersteinGeometry, type WassersteinOptions } from "../../src/geometry/wasserstein.js";
import type { Grid } from "../../src/grid/grid.js";
import { ExplicitScheme, type ExplicitOptions } from "../../src/schemes/explicit.js";

/** mulberry32: a tiny seeded PRNG with uniform output in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A smooth random density: a floor-free sum of 3 Gaussian bumps with random centres (inside
 * the middle half of the box), widths and weights, sampled at cell centres. Far tails may
 * underflow to exact zeros, which exercises the vacuum faces.
 */
export function randomBumps(grid: Grid, rand: () => number, bumps = 3): Float64Array {
  const d = grid.dim;
  const spec = Array.from({ length: bumps }, () => ({
    c: Array.from({ length: d }, (_, a) => {
      const L = grid.hi[a] - grid.lo[a];
      return grid.lo[a] + L * (0.25 + 0.5 * rand());
    }),
    s: Array.from({ length: d }, (_, a) => (grid.hi[a] - grid.lo[a]) * (0.05 + 0.08 * rand())),
    w: 0.3 + rand(),
  }));
  return grid.sample((x) => {
    let v = 0;
    for (const b of spec) {
      let e = 0;
      for (let a = 0; a < d; a++) e += ((x[a] - b.c[a]) / b.s[a]) ** 2;
      v += b.w * Math.exp(-0.5 * e);
    }
    return v;
  });
}

/** A compactly supported random density: (random smooth bump field − level)₊. */
export function randomCompact(grid: Grid, rand: () => number): Float64Array {
  const rho = randomBumps(grid, rand, 2);
  let max = 0;
  for (const v of rho) max = Math.max(max, v);
  const level = 0.3 * max;
  for (let i = 0; i < rho.length; i++) rho[i] = Math.max(0, rho[i] - level);
  return rho;
}

/** A smooth random potential: confining quadratic plus random Fourier modes. */
export function randomPotential(grid: Grid, rand: () => number): (x: Float64Array) => number {
  const d = grid.dim;
  const modes = Array.from({ length: 4 }, () => ({
    k: Array.from(
      { length: d },
      (_, a) => ((1 + Math.floor(3 * rand())) * 2 * Math.PI) / (grid.hi[a] - grid.lo[a]),
    ),
    phase: 2 * Math.PI * rand(),
    amp: 0.6 * (rand() - 0.5),
  }));
  const gamma = 0.3 + 0.7 * rand();
  return (x) => {
    let v = 0;
    for (let a = 0; a < d; a++) v += 0.5 * gamma * x[a] * x[a];
    for (const m of modes) {
      let arg = m.phase;
      for (let a = 0; a < d; a++) arg += m.k[a] * x[a];
      v += m.amp * Math.cos(arg);
    }
    return v;
  };
}

/** Runs `scheme` on rho (in place) to time T; calls `each` after every step. */
export function runTo(
  scheme: ExplicitScheme,
  rho: Float64Array,
  T: number,
  each?: (rho: Float64Array, t: number) => void,
): number {
  let t = 0;
  while (t < T * (1 - 1e-14)) {
    t += scheme.step(rho, T - t);
    each?.(rho, t);
  }
  return t;
}

/** Wasserstein geometry + explicit scheme for an energy. */
export function makeRun(
  energy: Energy,
  geometry: WassersteinOptions,
  scheme: ExplicitOptions = {},
): { geometry: Geometry; scheme: ExplicitScheme } {
  const g = new WassersteinGeometry(energy, geometry);
  return { geometry: g, scheme: new ExplicitScheme(g, energy.grid, scheme) };
}

/** Observed orders log2(e_k/e_{k+1}) of errors at successively halved h. */
export function orders(errors: number[]): number[] {
  return errors.slice(1).map((e, k) => Math.log2(errors[k] / e));
}

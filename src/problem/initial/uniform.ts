import { z } from "zod";
import { InputError } from "../../errors.js";
import { tensorProduct } from "../../exact/gaussian.js";
import { mass, vector } from "../fields.js";
import { entries, joinPath } from "../jsonPath.js";
import type { InitialEntry } from "../kinds.js";

export interface UniformParams {
  lo?: number[];
  hi?: number[];
  mass: number;
}

/**
 * ρ0 = M·1_B/|B| on a box B = [lo, hi] inside the grid's box, as exact cell averages: per
 * axis the fraction |cell ∩ [lo_a, hi_a]|/h_a, times M/|B| (tensor product). Its grid mass is
 * M up to rounding (cut cells carry their exact share).
 */
export const uniformInitial: InitialEntry<UniformParams> = {
  kind: "uniform",
  doc: "M·1_B/|B|: uniform on the box B = [lo, hi] (default the whole grid box), exact cell averages",
  params: z.strictObject({
    lo: vector().optional().describe("lower corner of B (default the grid's lo)"),
    hi: vector().optional().describe("upper corner of B (default the grid's hi)"),
    mass: mass(),
  }),
  build: (p, ctx, path) => {
    const grid = ctx.grid;
    const d = grid.dim;
    const lo = p.lo ?? [...grid.lo];
    const hi = p.hi ?? [...grid.hi];
    for (const [f, v] of [
      ["lo", lo],
      ["hi", hi],
    ] as const) {
      if (v.length !== d) {
        throw new InputError(
          joinPath(path, f),
          `must have ${entries(d)} (the grid's dimension), got ${v.length}`,
        );
      }
    }
    let volume = 1;
    const factors = lo.map((l, a) => {
      const u = hi[a];
      if (!(u > l)) {
        throw new InputError(joinPath(path, "hi", a), `must be > lo[${a}] = ${l}, got ${u}`);
      }
      if (l < grid.lo[a] || u > grid.hi[a]) {
        throw new InputError(
          joinPath(path, l < grid.lo[a] ? "lo" : "hi", a),
          `the box [${l}, ${u}] must lie inside the grid's [${grid.lo[a]}, ${grid.hi[a]}] on axis ${a}`,
        );
      }
      volume *= u - l;
      const h = grid.h[a];
      const f = new Float64Array(grid.n[a]);
      for (let i = 0; i < f.length; i++) {
        const c0 = grid.lo[a] + i * h;
        const ov = Math.min(u, c0 + h) - Math.max(l, c0);
        f[i] = ov > 0 ? ov / h : 0;
      }
      return f;
    });
    return tensorProduct(grid, factors, p.mass / volume);
  },
};

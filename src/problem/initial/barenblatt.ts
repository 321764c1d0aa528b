import { z } from "zod";
import { InputError } from "../../errors.js";
import { Barenblatt } from "../../exact/barenblatt.js";
import { Grid } from "../../grid/grid.js";
import { mass, vector } from "../fields.js";
import { entries, joinPath } from "../jsonPath.js";
import type { InitialEntry } from "../kinds.js";

export interface BarenblattParams {
  m: number;
  t0: number;
  mass: number;
  center?: number[];
}

export const barenblattFields = {
  m: z.number().gt(1).describe("porous-medium exponent m > 1 of ∂ρ/∂t = Δ(ρ^m)"),
  t0: z.number().gt(0).describe("Barenblatt time t0 > 0 of the profile (its age)"),
  mass: mass(),
  center: vector().optional().describe("centre (default the origin)"),
};

/**
 * The Barenblatt profile U(s, x − c) of mass M in the grid's dimension, with its exact cell
 * averages at Barenblatt time s (src/exact/barenblatt.ts: the front integrated exactly). A
 * centre c ≠ 0 is handled by integrating U over the grid shifted by −c.
 */
export class CenteredBarenblatt {
  readonly profile: Barenblatt;
  readonly center: number[];
  private shifted: { grid: Grid; moved: Grid } | null = null;

  /**
   * `dim` is the number of grid axes; `radialDim` the space dimension d of a radial grid
   * (its one axis is the radius, so the centre must be the origin, [0]).
   */
  constructor(p: Omit<BarenblattParams, "t0">, dim: number, path: string, radialDim?: number) {
    let c = p.center ?? new Array<number>(dim).fill(0);
    if (radialDim !== undefined) {
      if (c.some((v) => v !== 0)) {
        throw new InputError(
          joinPath(path, "center"),
          `must be the origin on a radial grid, got ${JSON.stringify(c)}`,
        );
      }
      c = [0];
    }
    if (c.length !== dim) {
      throw new InputError(
        joinPath(path, "center"),
        `must have ${entries(dim)} (the grid's dimension), got ${c.length}`,
      );
    }
    this.profile = new Barenblatt({ dim: radialDim ?? dim, m: p.m, mass: p.mass });
    this.center = c;
  }

  /** Cell averages of U(s, · − c) on `grid` (s the Barenblatt time). */
  cellAverages(grid: Grid, s: number): Float64Array {
    if (this.center.every((v) => v === 0)) return this.profile.cellAverages(grid, s);
    if (this.shifted?.grid !== grid) {
      const moved = new Grid({
        n: [...grid.n],
        lo: grid.lo.map((v, a) => v - this.center[a]),
        hi: grid.hi.map((v, a) => v - this.center[a]),
        boundary: [...grid.boundary],
      });
      this.shifted = { grid, moved };
    }
    return this.profile.cellAverages(this.shifted.moved, s);
  }
}

/**
 * The Barenblatt profile of ∂ρ/∂t = Δ(ρ^m) at its time t0 > 0 (exact cell averages), of mass
 * M centred at c: U(t0, x) = t0^{−α}(C − k|x − c|²t0^{−2β})₊^{1/(m−1)} (docs/exact-solutions.md). Pair it
 * with the exact solution "barenblatt", which continues it to Barenblatt time t0 + t.
 */
export const barenblattInitial: InitialEntry<BarenblattParams> = {
  kind: "barenblatt",
  doc: "Barenblatt profile of Δ(ρ^m) at its time t0 > 0, mass M, centre c (exact cell averages; front integrated exactly)",
  params: z.strictObject(barenblattFields),
  build: (p, ctx, path) =>
    new CenteredBarenblatt(p, ctx.grid.dim, path, ctx.grid.radial?.dim).cellAverages(
      ctx.grid,
      p.t0,
    ),
};

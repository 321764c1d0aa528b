import { requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import type { Gaussian } from "./gaussian.js";

/**
 * A closed-form solution ρ(t, x) of a gradient flow on the whole space ℝ^d, as used to
 * validate grid solvers: point values, and the exact cell averages a grid solution must be
 * compared with (EXACT.md §0.1: point samples carry an O(h²) bias).
 */
export interface ExactSolution {
  readonly dim: number;
  /** Total mass (conserved by every flow here). */
  readonly mass: number;
  /** ρ(t, x). */
  density(t: number, x: ArrayLike<number>): number;
  /** x ↦ ρ(t, x), for plotting and for quadrature. */
  densityAt(t: number): (x: ArrayLike<number>) => number;
  /** Cell averages (1/|cell|)∫_cell ρ(t, ·) on `grid`. */
  cellAverages(grid: Grid, t: number): Float64Array;
}

/** An exact solution that stays Gaussian: ρ_t = M N(mean(t), cov(t)). */
export interface GaussianPath extends ExactSolution {
  at(t: number): Gaussian;
  mean(t: number): number[];
  cov(t: number): number[][];
}

/**
 * Common plumbing for time-dependent Gaussians (mass constant or not): everything derives
 * from `at(t)`.
 */
export abstract class GaussianFlowBase {
  abstract at(t: number): Gaussian;

  mean(t: number): number[] {
    return [...this.at(t).mean];
  }

  cov(t: number): number[][] {
    return this.at(t).cov.map((r) => [...r]);
  }

  density(t: number, x: ArrayLike<number>): number {
    return this.at(t).density(x);
  }

  densityAt(t: number): (x: ArrayLike<number>) => number {
    const g = this.at(t);
    return (x) => g.density(x);
  }

  /** Exact cell averages of ρ_t on `grid` (1–3D; see Gaussian.cellAverages). */
  cellAverages(grid: Grid, t: number): Float64Array {
    return this.at(t).cellAverages(grid);
  }
}

/** A mass-conserving Gaussian path (heat, Ornstein–Uhlenbeck): GaussianFlowBase + mass. */
export abstract class GaussianPathBase extends GaussianFlowBase implements GaussianPath {
  abstract readonly dim: number;
  abstract readonly mass: number;
}

/**
 * The solution started at time t0 of `base`: ρ̃(t) = ρ_base(t0 + t). Scenarios use it so
 * that the Problem time (time since the start of the run) is 0 at the initial datum, e.g. a
 * Barenblatt profile started at its own time t0 > 0.
 */
export function shiftTime(base: ExactSolution, t0: number): ExactSolution {
  requireNumber("t0", t0);
  return {
    dim: base.dim,
    mass: base.mass,
    density: (t, x) => base.density(t0 + t, x),
    densityAt: (t) => base.densityAt(t0 + t),
    cellAverages: (grid, t) => base.cellAverages(grid, t0 + t),
  };
}

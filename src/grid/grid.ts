import { InputError, requireNumber } from "../errors.js";
import { RadialCells } from "./radial.js";

/** Boundary condition of one axis: no-flux (reflecting walls) or periodic (wrap-around). */
export type Boundary = "noflux" | "periodic";

/** Plain-data description of a grid, as stored in a scenario spec or summary.json. */
export interface GridSpec {
  /** Cells per axis (1 to 3 axes). */
  n: number[];
  /** Lower box corner per axis. */
  lo: number[];
  /** Upper box corner per axis. */
  hi: number[];
  /** One boundary for all axes, or one per axis. Default "noflux". */
  boundary?: Boundary | Boundary[];
  /**
   * A radial grid (radial.ts, docs/radial.md): the one axis is the radius r ∈ [0, R] of
   * radially symmetric densities on ℝ^d. Needs n = [n], lo = [0] and no-flux boundaries.
   */
  radial?: { dim: number };
}

/**
 * A uniform, cell-centred grid in 1, 2 or 3 dimensions.
 *
 * Cell i along axis a covers [lo_a + i h_a, lo_a + (i+1) h_a] with centre
 * x_i = lo_a + (i + ½) h_a, h_a = (hi_a − lo_a)/n_a.
 *
 * **Index order.** A field on the grid is a Float64Array of length n_0·n_1·…, stored
 * row-major with the first axis slowest: index = (i_0·n_1 + i_1)·n_2 + i_2. In 2D this is
 * the array ρ[i_x][i_y] flattened, i.e. x is the row index.
 *
 * **Densities are cell averages**: ρ_i = (1/|cell|)∫_cell ρ, so the mass is Σ ρ_i · cellVolume.
 *
 * **Radial grids** (`spec.radial = { dim: d }`, radial.ts): one axis, the radius r ∈ [0, R],
 * for radially symmetric densities on ℝ^d. Cells are spherical shells of unequal measure
 * V_i = |S^{d−1}|(r_{i+1}^d − r_i^d)/d (`cellMeasures`), densities are shell averages and the
 * mass is Σ ρ_i V_i; `cellVolume` is NaN there, so that code which assumes equal cells
 * cannot silently give a wrong integral. `spaceDim` is d (`dim`, the number of axes, is 1).
 */
export class Grid {
  readonly dim: number;
  readonly n: readonly number[];
  readonly lo: readonly number[];
  readonly hi: readonly number[];
  /** Cell width per axis. */
  readonly h: readonly number[];
  readonly boundary: readonly Boundary[];
  /** Total number of cells. */
  readonly size: number;
  /** Product of the cell widths. */
  readonly cellVolume: number;
  /** Index stride of each axis (stride of the last axis is 1). */
  readonly strides: readonly number[];
  /** The shells of a radial grid, null on Cartesian grids. */
  readonly radial: RadialCells | null;
  /** Per-cell measures V_i of a radial grid; null on Cartesian grids (all equal cellVolume). */
  readonly cellMeasures: Float64Array | null;
  /** Dimension of the space the densities live in: d on radial grids, else `dim`. */
  readonly spaceDim: number;

  constructor(spec: GridSpec) {
    const { n, lo, hi } = spec;
    if (!Array.isArray(n) || n.length < 1 || n.length > 3) {
      throw new InputError("grid.n", `must list 1 to 3 cell counts, got ${JSON.stringify(n)}`);
    }
    const dim = n.length;
    if (!Array.isArray(lo) || lo.length !== dim || !Array.isArray(hi) || hi.length !== dim) {
      throw new InputError(
        "grid.lo/grid.hi",
        `must each have ${dim} entries (one per axis of grid.n)`,
      );
    }
    n.forEach((v, a) => requireNumber(`grid.n[${a}]`, v, { min: 2, integer: true }));
    for (let a = 0; a < dim; a++) {
      requireNumber(`grid.lo[${a}]`, lo[a]);
      requireNumber(`grid.hi[${a}]`, hi[a]);
      if (!(hi[a] > lo[a])) {
        throw new InputError(`grid.hi[${a}]`, `must be > grid.lo[${a}] = ${lo[a]}, got ${hi[a]}`);
      }
    }
    const b = spec.boundary ?? "noflux";
    const boundary = Array.isArray(b) ? b.slice() : new Array<Boundary>(dim).fill(b);
    if (boundary.length !== dim) {
      throw new InputError("grid.boundary", `must have ${dim} entries, got ${boundary.length}`);
    }
    boundary.forEach((v, a) => {
      if (v !== "noflux" && v !== "periodic") {
        throw new InputError(
          `grid.boundary[${a}]`,
          `must be "noflux" or "periodic", got ${String(v)}`,
        );
      }
    });
    this.dim = dim;
    this.n = n.slice();
    this.lo = lo.slice();
    this.hi = hi.slice();
    this.h = n.map((na, a) => (hi[a] - lo[a]) / na);
    this.boundary = boundary;
    this.size = n.reduce((p, v) => p * v, 1);
    const radial = spec.radial === undefined ? null : radialCells(spec, boundary);
    this.radial = radial;
    this.cellMeasures = radial ? radial.measures : null;
    this.spaceDim = radial ? radial.dim : dim;
    this.cellVolume = radial ? NaN : this.h.reduce((p, v) => p * v, 1);
    const strides = new Array<number>(dim).fill(1);
    for (let a = dim - 2; a >= 0; a--) strides[a] = strides[a + 1] * n[a + 1];
    this.strides = strides;
  }

  /** Plain-data form (for summaries and JSON specs). */
  toSpec(): GridSpec {
    return {
      n: [...this.n],
      lo: [...this.lo],
      hi: [...this.hi],
      boundary: [...this.boundary],
      ...(this.radial ? { radial: { dim: this.radial.dim } } : {}),
    };
  }

  /** Σ v_i·(measure of cell i): the integral of a piecewise-constant field. */
  integrate(values: ArrayLike<number>): number {
    let s = 0;
    const w = this.cellMeasures;
    if (w) {
      for (let i = 0; i < values.length; i++) s += values[i] * w[i];
      return s;
    }
    for (let i = 0; i < values.length; i++) s += values[i];
    return s * this.cellVolume;
  }

  /** Centre coordinate of cell i along axis a. */
  center(axis: number, i: number): number {
    return this.lo[axis] + (i + 0.5) * this.h[axis];
  }

  /** All cell-centre coordinates of one axis. */
  centers(axis: number): Float64Array {
    const out = new Float64Array(this.n[axis]);
    for (let i = 0; i < out.length; i++) out[i] = this.center(axis, i);
    return out;
  }

  /** Multi-index of a flat index, written into `out` (length dim). */
  unravel(index: number, out: number[] | Int32Array): void {
    let r = index;
    for (let a = 0; a < this.dim; a++) {
      out[a] = Math.floor(r / this.strides[a]);
      r -= out[a] * this.strides[a];
    }
  }

  /** A new zero field on this grid. */
  zeros(): Float64Array {
    return new Float64Array(this.size);
  }

  /** Point values f(x) at the cell centres (x is reused between calls: copy it to keep it). */
  sample(f: (x: Float64Array) => number): Float64Array {
    const out = new Float64Array(this.size);
    const x = new Float64Array(this.dim);
    const idx = new Int32Array(this.dim);
    for (let k = 0; k < this.size; k++) {
      this.unravel(k, idx);
      for (let a = 0; a < this.dim; a++) x[a] = this.center(a, idx[a]);
      out[k] = f(x);
    }
    return out;
  }

  /** Throws unless `field` is an array on this grid. */
  checkLength(name: string, field: ArrayLike<number>): void {
    if (field.length !== this.size) {
      throw new InputError(
        name,
        `has ${field.length} entries but the grid ${this.n.join("×")} has ${this.size} cells`,
      );
    }
  }

  /** True if every axis has power-of-two cell count. */
  isPowerOfTwo(): boolean {
    return this.n.every((v) => (v & (v - 1)) === 0);
  }
}

/** The shells of a radial grid spec, or an InputError naming the field that rules it out. */
function radialCells(spec: GridSpec, boundary: Boundary[]): RadialCells {
  const d = spec.radial?.dim;
  if (typeof d !== "number" || !Number.isInteger(d) || d < 1) {
    throw new InputError(
      "grid.radial.dim",
      `must be an integer >= 1 (the space dimension), got ${String(d)}`,
    );
  }
  if (spec.n.length !== 1) {
    throw new InputError(
      "grid.n",
      `a radial grid has one axis (the radius): give one cell count, got ${spec.n.length}`,
    );
  }
  if (spec.lo[0] !== 0) {
    throw new InputError(
      "grid.lo",
      `a radial grid starts at the origin: must be [0], got [${spec.lo[0]}]`,
    );
  }
  if (boundary[0] !== "noflux") {
    throw new InputError(
      "grid.boundary",
      `a radial grid has no-flux walls (the origin and r = R), not ${boundary[0]}`,
    );
  }
  return new RadialCells(d, spec.n[0], spec.hi[0]);
}

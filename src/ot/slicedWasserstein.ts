import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { SegmentMesh, SegmentWork, segmentTransport1d } from "./segmentTransport1d.js";
import { sliceDirections } from "./sliceDirections.js";
import { sortedTransport1d } from "./sortedTransport1d.js";

/**
 * How a cell's mass sits on a projection line: at the projected centre ("points", the measure
 * Σ w_i δ_{x_i} of Bonet et al.), or spread uniformly over a segment of width
 * δ_θ = (Σ_a h_a²θ_a²)^{1/2} around it ("segments": the width whose variance δ²/12 is that of
 * the projected cell, h²/12 for square cells; on a 1D grid the cell itself).
 */
export type SliceModel = "points" | "segments";

/**
 * Sliced-Wasserstein distance between two measures on the cell centres of a fixed grid
 * (J. Rabin, G. Peyré, J. Delon & M. Bernot, "Wasserstein barycenter and its application to
 * texture mixing", SSVM 2011):
 *
 *   SW₂²(a, b) = (1/L) Σ_ℓ W₂²(P_ℓ# a, P_ℓ# b),   P_ℓ(x) = ⟨x, θ_ℓ⟩,
 *
 * for a = Σ_i a_i δ_{x_i}, b = Σ_i b_i δ_{x_i} with weights (masses, not densities) on the cell
 * centres x_i and the same total mass M (nothing is normalised: a translate by u is at
 * SW₂² = M|u|²/d). The directions θ_ℓ are those of {@link sliceDirections} (a quadrature of
 * the uniform measure on the sphere that is exact for quadratic forms).
 *
 * The grid is fixed, so each direction's projected centres are computed and sorted once, at
 * construction (O(L n log n)); every evaluation is then L sweeps of sortedTransport1d, O(L n),
 * reading the weights through the cached sort order. The gradient in a is the average of the
 * 1D Kantorovich potentials, f = (1/L) Σ_ℓ f_ℓ(P_ℓ x_i) (a subgradient: SW₂²(·, b) is convex
 * and piecewise linear in the weights; see sortedTransport1d.ts), defined up to a constant.
 */
export class GridSlices {
  /** Number of directions L. */
  readonly count: number;
  /** Number of cells n. */
  readonly size: number;
  /** The directions, row after row (L·d). */
  readonly directions: Float64Array;
  /** Sorted projected centres, direction after direction (L·n). */
  readonly positions: Float64Array;
  /** Cell index of each sorted projected centre (L·n). */
  readonly order: Uint32Array;
  /** The segment meshes, one per direction ("segments" model only). */
  readonly meshes: SegmentMesh[] = [];
  private readonly work: SegmentWork | null;

  /**
   * @param directions L unit vectors (L·d numbers), or the number L for sliceDirections(d, L, seed)
   */
  constructor(
    readonly grid: Grid,
    directions: Float64Array | number,
    readonly model: SliceModel = "points",
    seed = 1,
  ) {
    if (grid.radial) {
      throw new InputError(
        "grid.radial",
        "sliced Wasserstein projects cell centres of a Cartesian grid; a radial grid has shells",
      );
    }
    const d = grid.dim;
    this.directions =
      typeof directions === "number" ? sliceDirections(d, directions, seed) : directions;
    if (this.directions.length % d !== 0 || this.directions.length === 0) {
      throw new InputError("directions", `must hold L·${d} numbers, got ${this.directions.length}`);
    }
    this.count = this.directions.length / d;
    const n = grid.size;
    this.size = n;
    this.positions = new Float64Array(this.count * n);
    this.order = new Uint32Array(this.count * n);
    const centres = Array.from({ length: d }, (_, a) => grid.centers(a));
    const idx = new Int32Array(d);
    const proj = new Float64Array(n);
    const ord = new Uint32Array(n);
    for (let l = 0; l < this.count; l++) {
      for (let k = 0; k < n; k++) {
        grid.unravel(k, idx);
        let s = 0;
        for (let a = 0; a < d; a++) s += centres[a][idx[a]] * this.directions[l * d + a];
        proj[k] = s;
        ord[k] = k;
      }
      ord.sort((p, q) => proj[p] - proj[q]);
      for (let k = 0; k < n; k++) {
        this.order[l * n + k] = ord[k];
        this.positions[l * n + k] = proj[ord[k]];
      }
      if (model === "segments") {
        let w2 = 0;
        for (let a = 0; a < d; a++) w2 += (grid.h[a] * this.directions[l * d + a]) ** 2;
        this.meshes.push(
          new SegmentMesh(
            this.positions.subarray(l * n, (l + 1) * n),
            this.order.subarray(l * n, (l + 1) * n),
            Math.sqrt(w2),
          ),
        );
      }
    }
    this.work = model === "segments" ? new SegmentWork(n) : null;
  }

  /**
   * SW₂²(a, b) for weights a, b (length n, same mass). With `gradient`, writes
   * (1/L) Σ_ℓ f_ℓ into it, the subgradient of SW₂²(·, b) at a described above.
   */
  sw2(a: Float64Array, b: Float64Array, gradient?: Float64Array): number {
    const n = this.size;
    if (a.length !== n || b.length !== n) {
      throw new InputError("weights", `must have ${n} entries (one per cell)`);
    }
    if (gradient) gradient.fill(0);
    const L = this.count;
    let total = 0;
    for (let l = 0; l < L; l++) {
      total += this.work
        ? segmentTransport1d(this.meshes[l], a, b, this.work, gradient, 1 / L)
        : sortedTransport1d(
            this.positions.subarray(l * n, (l + 1) * n),
            this.order.subarray(l * n, (l + 1) * n),
            a,
            b,
            gradient,
            1 / L,
          );
    }
    return total / L;
  }
}

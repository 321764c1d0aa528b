import { InputError } from "../errors.js";
import { gaussLegendre } from "./gaussLegendre.js";

/**
 * The cells of a radial grid: radially symmetric densities on ℝ^d, d ≥ 1, stored as
 * functions of r = |x| on n uniform cells of [0, R] (docs/radial.md).
 *
 * Cell i is the spherical shell r_i ≤ |x| ≤ r_{i+1}, r_i = i·h, h = R/n, with the measure
 * dμ = |S^{d−1}| r^{d−1} dr of ℝ^d in polar coordinates, so
 *
 *   cell measure   V_i = |S^{d−1}| (r_{i+1}^d − r_i^d)/d,
 *   face area      A_k = |S^{d−1}| r_k^{d−1}        (the sphere |x| = r_k),
 *   |S^{d−1}| = 2π^{d/2}/Γ(d/2)   (2, 2π, 4π, 2π², … for d = 1, 2, 3, 4, …).
 *
 * Densities are radial cell averages ρ_i = (1/V_i)∫_cell ρ dμ (the average over the shell
 * in ℝ^d), so the mass is Σ ρ_i V_i and ∫f(ρ) is Σ f(ρ_i) V_i for pointwise f. The face at
 * the origin is a no-flux face (zero area for d ≥ 2, and for every d the flux of a radial
 * density vanishes there by symmetry); the outer face r = R is a no-flux wall.
 *
 * For d = 1 a radial grid holds the even densities on [−R, R] (|S⁰| = 2: both half-lines).
 *
 * The ratios the finite-volume fluxes need, A/(V h) for the inner and outer face of each
 * cell, are computed from i and d alone (expm1/log1p forms), so they stay accurate and
 * finite for any d; the measures themselves must be representable: the constructor refuses
 * a box whose smallest or largest cell measure under- or overflows.
 */
export class RadialCells {
  /** Space dimension d. */
  readonly dim: number;
  readonly n: number;
  /** Cell width h = R/n. */
  readonly h: number;
  /** Area of the unit sphere in ℝ^d. */
  readonly sphereArea: number;
  /** V_i (length n). */
  readonly measures: Float64Array;
  /** A_k/(V_k h): the inner face of cell k over its measure (0 for k = 0). */
  readonly inner: Float64Array;
  /** A_{k+1}/(V_k h): the outer face of cell k over its measure (0 for the last cell). */
  readonly outer: Float64Array;
  /** ⟨r²⟩_i = (1/V_i)∫_cell r² dμ, the mean of |x|² over the shell. */
  readonly meanR2: Float64Array;

  constructor(dim: number, n: number, R: number, path = "grid.radial.dim") {
    if (!Number.isInteger(dim) || dim < 1) {
      throw new InputError(path, `must be an integer >= 1 (the space dimension), got ${dim}`);
    }
    this.dim = dim;
    this.n = n;
    const h = R / n;
    this.h = h;
    this.sphereArea = sphereArea(dim);
    const d = dim;
    const measures = new Float64Array(n);
    const inner = new Float64Array(n);
    const outer = new Float64Array(n);
    const meanR2 = new Float64Array(n);
    const h2 = h * h;
    const logScale = Math.log(this.sphereArea / d);
    for (let i = 0; i < n; i++) {
      const r1 = (i + 1) * h;
      // 1 − (r_i/r_{i+1})^d and the same with d + 2, without cancellation.
      const lq = Math.log1p(-1 / (i + 1));
      const shell = -Math.expm1(d * lq);
      const shell2 = -Math.expm1((d + 2) * lq);
      measures[i] = Math.exp(logScale + d * Math.log(r1)) * shell;
      meanR2[i] = ((d / (d + 2)) * r1 * r1 * shell2) / shell;
      // A_{i+1}/(V_i h) = d/(h²(i+1)(1 − (i/(i+1))^d)).
      outer[i] = i < n - 1 ? d / (h2 * (i + 1) * shell) : 0;
      // A_i/(V_i h) = d/(h² i ((1 + 1/i)^d − 1)).
      inner[i] = i > 0 ? d / (h2 * i * Math.expm1(d * Math.log1p(1 / i))) : 0;
    }
    for (const i of [0, n - 1]) {
      if (!(measures[i] > 1e-300) || !(measures[i] < 1e300)) {
        throw new InputError(
          path,
          `d = ${d} on [0, ${R}] with ${n} cells gives cell ${i} the measure ${measures[i]}, ` +
            `outside the floating-point range; use a radius nearer 1 or fewer cells`,
        );
      }
    }
    this.measures = measures;
    this.inner = inner;
    this.outer = outer;
    this.meanR2 = meanR2;
  }

  /**
   * Radial cell averages (1/V_i)∫_cell f(r) dμ of a function of the radius, by Gauss–Legendre
   * in r with `order` points on each of `panels` equal sub-intervals per cell and the weight
   * r^{d−1} in the integrand (normalised so that constants are reproduced exactly). Exact for
   * f·r^{d−1} polynomial of degree ≤ 2·order − 1; f must be smooth on each cell (split kinks
   * yourself).
   */
  cellAverages(f: (r: number) => number, order = 12, panels = 1): Float64Array {
    const { nodes, weights } = gaussLegendre(order);
    const out = new Float64Array(this.n);
    const d = this.dim;
    const h = this.h;
    const w0 = h / panels;
    for (let i = 0; i < this.n; i++) {
      const r1 = (i + 1) * h;
      let s = 0;
      let w = 0;
      for (let p = 0; p < panels; p++) {
        const mid = i * h + (p + 0.5) * w0;
        for (let k = 0; k < nodes.length; k++) {
          const r = mid + 0.5 * w0 * nodes[k];
          // (r/r_{i+1})^{d−1} keeps the weights in range for any d.
          const wk = weights[k] * (d === 1 ? 1 : Math.pow(r / r1, d - 1));
          s += wk * f(r);
          w += wk;
        }
      }
      out[i] = s / w;
    }
    return out;
  }
}

/** |S^{d−1}| = 2π^{d/2}/Γ(d/2), by |S^{d+1}| = 2π|S^{d−1}|/d from |S⁰| = 2, |S¹| = 2π. */
export function sphereArea(d: number): number {
  let s = d % 2 === 1 ? 2 : 2 * Math.PI;
  for (let k = d % 2 === 1 ? 1 : 2; k < d; k += 2) s *= (2 * Math.PI) / k;
  return s;
}

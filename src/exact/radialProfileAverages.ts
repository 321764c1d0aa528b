import { gaussLegendre } from "../grid/gaussLegendre.js";
import type { RadialCells } from "../grid/radial.js";

/**
 * Radial cell averages of the power profile f(r) = (R² − r²)₊^p, p > 0 — the Barenblatt
 * profile up to a factor — on the shells of a radial grid in any dimension d (grid/radial.ts):
 *
 *   f_i = ∫_{r_i}^{r_{i+1}} f(r) r^{d−1} dr / ∫_{r_i}^{r_{i+1}} r^{d−1} dr.
 *
 * f has a kink (p ≥ 1) or an infinite slope (p < 1) at the front r = R, so:
 * - shells ending at least half a cell inside the front: Gauss–Legendre in r (f·r^{d−1} is
 *   analytic there, its nearest singularity ≥ h/2 beyond the shell: converges like
 *   3.7^{−2q}; exact for integer p and q ≥ (2p + d)/2);
 * - shells at or next to the front: ∫_a^{min(b,R)} = J(a) − J(min(b, R)) with
 *   J(x) = ∫_x^R f(r) r^{d−1} dr computed after the substitution r = R − (R − x)t^k, which
 *   turns (R − r)^p into t^{kp} and the integrand into a multiple of t^{kp+k−1}(R + r)^p r^{d−1}:
 *   k = 2 makes it smooth when 2p is an integer (m = 2, 3, 1.5: p = 1, ½, 2), k = 4 leaves
 *   t^{4p+3} (≥ 3 continuous derivatives) otherwise.
 * The powers r^{d−1} are taken as (r/r_{i+1})^{d−1}, so any d stays in floating-point range.
 */
export function radialPowerAverages(cells: RadialCells, R2: number, p: number): Float64Array {
  const n = cells.n;
  const h = cells.h;
  const d = cells.dim;
  const out = new Float64Array(n);
  if (!(R2 > 0)) return out;
  const R = Math.sqrt(R2);
  const smooth = gaussLegendre(Math.min(64, Math.max(16, Math.ceil(p + d / 2) + 2)));
  const graded = gaussLegendre(32);
  const k = Math.abs(2 * p - Math.round(2 * p)) < 1e-12 ? 2 : 4;
  /** ∫_x^R (R² − r²)^p (r/b)^{d−1} dr for 0 ≤ x ≤ R. */
  const tail = (x: number, b: number): number => {
    const L = R - x;
    if (!(L > 0)) return 0;
    const { nodes, weights } = graded;
    let s = 0;
    for (let j = 0; j < nodes.length; j++) {
      const t = 0.5 * (nodes[j] + 1);
      const tk1 = Math.pow(t, k - 1);
      const r = R - L * tk1 * t;
      const f = Math.pow(L * tk1 * t * (R + r), p);
      const w = d === 1 ? 1 : Math.pow(r / b, d - 1);
      s += weights[j] * f * w * k * L * tk1;
    }
    return 0.5 * s;
  };
  for (let i = 0; i < n; i++) {
    const a = i * h;
    if (a >= R) break;
    const b = (i + 1) * h;
    // ∫_a^b (r/b)^{d−1} dr = b(1 − (a/b)^d)/d.
    const shell = i === 0 ? 1 : -Math.expm1(d * Math.log1p(-1 / (i + 1)));
    const den = (b * shell) / d;
    let num: number;
    if (b + 0.5 * h <= R) {
      const { nodes, weights } = smooth;
      num = 0;
      for (let j = 0; j < nodes.length; j++) {
        const r = a + 0.5 * h * (nodes[j] + 1);
        const w = d === 1 ? 1 : Math.pow(r / b, d - 1);
        num += weights[j] * Math.pow((R - r) * (R + r), p) * w;
      }
      num *= 0.5 * h;
    } else {
      num = tail(a, b) - (b < R ? tail(b, b) : 0);
    }
    out[i] = num / den;
  }
  return out;
}

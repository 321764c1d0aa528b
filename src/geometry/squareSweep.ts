import { activeRegion, openRow } from "./activeRegion.js";
import { thetaSlope } from "./limiters.js";

/**
 * The compact 2D upwind (fv1/fv2) sweep of compactSweeps.ts specialised to the pure m = 2
 * power energy F = c∫ρ², ξ = 2c·ρ, the porous-medium equation ∂ρ/∂t = cΔρ² (no entropy, no
 * potential), on a grid with no-flux walls. It computes the same fluxes, stability rates and
 * active columns with the same floating-point results, bit for bit, as compactCells2D with
 * ξ evaluated on the fly (ξ_p − ξ_q = kXi·(ρ_p − ρ_q), kXi = 2c), but about 1.5× faster:
 *
 * - kXi is a power of two ≥ 1, so (kXi·Δρ)·(1/h²) = Δρ·(kXi/h²) exactly (scaling by 2^e is
 *   exact): one product per face, k_a = kXi/h_a², which is also the diffusion-rate factor
 *   kD/h_a² (kD = 2c = kXi for this energy).
 * - ξ is increasing in ρ, so the upwind cell of a face is the denser one and the difference
 *   towards the downwind cell is ≤ 0: the limited slope minmod(θa, (a+b)/2, θb) can only be
 *   non-zero with both differences negative, and the branch for positive ones is skipped.
 * - Interior rows (1 ≤ i ≤ n0 − 3 and active columns within [1, n1 − 3]) read every
 *   neighbour without boundary tests; the west face and the slope differences along the row
 *   are carried from the previous cell, the south face's flux from a row buffer, and its
 *   diffusion-rate term is recomputed from the cell below (which is what the buffer held).
 *   Rows touching a wall take the general path (`edgeRow`).
 *
 * Why the results are identical: the same fluxes are formed from the same differences,
 * products and limiter operations (negating both differences of the limiter negates its
 * result exactly, and a − b = −(b − a) exactly in IEEE arithmetic).
 *
 * Arguments: n0 rows, n1 columns, k0 = kXi/h0², k1 = kXi/h1², θ the limiter parameter (0:
 * fv1), `rows` ≥ n1 entries, `ranges` and `active` ≥ 2·n0 entries. Outputs as compactCells2D
 * (dρ/dt in `out` on the active columns, zero elsewhere if `zeroOutside`; the active
 * columns of row i in [active[2i], active[2i + 1]]; stats[0] = max_i r_i or NaN if any dρ/dt
 * is not finite) except stats[1] = 0: no power term is left for the global bound through
 * max ρ. Returns the number of cells computed (the sum of the active row lengths).
 */
export function compactSquare2D(
  n0: number,
  n1: number,
  consts: Float64Array,
  rho: Float64Array,
  out: Float64Array,
  zeroOutside: boolean,
  ranges: Int32Array,
  active: Int32Array,
  stats: Float64Array,
): number {
  // Read as raw doubles (parameters would be re-read and re-checked in the loop).
  const k0 = consts[0];
  const k1 = consts[1];
  const theta = consts[2];
  activeRegion(n0, n1, rho, ranges, active);
  stats[0] = 0;
  stats[1] = 0;
  stats[2] = 0;
  let rmax = 0;
  let check = 0;
  let count = 0;
  const n2 = 2 * n1;
  for (let i = 0; i < n0; i++) {
    const row = i * n1;
    const a = active[2 * i];
    const b = active[2 * i + 1];
    if (!openRow(i, n1, active, out, zeroOutside)) continue;
    count += b - a + 1;
    if (i === 0 || i + 3 > n0 || a === 0 || b + 3 > n1) {
      edgeRow(i, n0, n1, a, b, k0, k1, rho, theta, out, stats);
      continue;
    }
    // Carried along the row: ρ_p, ρ_{p+1}, ρ_p − ρ_{p−1}, the west face's rate term and the
    // west face's flux into p (≤ 0 when it leaves p: then it is part of p's outflow).
    let rp = rho[row + a];
    let rq = rho[row + a + 1];
    let back = rp - rho[row + a - 1];
    let gW = 0;
    let inW = 0;
    let dW = 0;
    for (let j = a; j <= b; j++) {
      const p = row + j;
      const rf = rho[(p + 2) | 0];
      // East face (p, p+1). Past the last occupied column both cells are empty: w = 0, d = 0.
      // The upwind branch also tells the sign of the flux (face values are ≥ 0 for θ ≤ 2):
      // outE = max(gE, 0) and, for the next cell, outW = min(gE, 0), without comparisons.
      const dpq = rp - rq;
      const dqp = rq - rp;
      const w = dpq * k1;
      let gE: number;
      let outE = 0;
      let inE = 0;
      if (w > 0) {
        // ρ_p + σ_p/2, σ_p = minmod(θ(ρ_p − ρ_{p−1}), ·, θ(ρ_{p+1} − ρ_p)), the latter < 0.
        let s = 0;
        if (back < 0) {
          const c = 0.5 * (back + dqp);
          const m = theta * (back > dqp ? back : dqp);
          s = c > m ? c : m;
        }
        gE = w * (rp + 0.5 * s);
        outE = gE;
      } else {
        // ρ_q − σ_q/2 = ρ_q + minmod(θ(ρ_q − ρ_{q+1}), ·, θ(ρ_p − ρ_q))/2, the latter ≤ 0.
        const fwd = rq - rf;
        let s = 0;
        if (fwd < 0 && dpq < 0) {
          const c = 0.5 * (fwd + dpq);
          const m = theta * (fwd > dpq ? fwd : dpq);
          s = c > m ? c : m;
        }
        gE = w * (rq + 0.5 * s);
        inE = gE;
      }
      const dE = k1 * (rp > rq ? rp : rq);
      // North face (p, p+n1) and the south face's rate term.
      const rN = rho[(p + n1) | 0];
      const rS = rho[(p - n1) | 0];
      const dv = rp - rN;
      const wv = dv * k0;
      let gN: number;
      let outN = 0;
      if (wv > 0) {
        const up = rp - rS;
        const dn = rN - rp;
        let s = 0;
        if (up < 0) {
          const c = 0.5 * (up + dn);
          const m = theta * (up > dn ? up : dn);
          s = c > m ? c : m;
        }
        gN = wv * (rp + 0.5 * s);
        outN = gN;
      } else {
        const fwd = rN - rho[(p + n2) | 0];
        let s = 0;
        if (fwd < 0 && dv < 0) {
          const c = 0.5 * (fwd + dv);
          const m = theta * (fwd > dv ? fwd : dv);
          s = c > m ? c : m;
        }
        gN = wv * (rN + 0.5 * s);
      }
      const dN = k0 * (rp > rN ? rp : rN);
      const dS = k0 * (rS > rp ? rS : rp);
      const gS = out[p];
      const o = gW - gE + gS - gN;
      out[p] = o;
      out[(p + n1) | 0] = gN;
      check += o;
      let r = dW + dE + dS + dN;
      if (rp > 0) r += (outE - inW + outN - (gS < 0 ? gS : 0)) / rp;
      if (r > rmax) rmax = r;
      gW = gE;
      inW = inE;
      dW = dE;
      back = dqp;
      rp = rq;
      rq = rf;
    }
  }
  if (stats[0] > rmax) rmax = stats[0];
  check += stats[2];
  stats[0] = check - check === 0 ? rmax : NaN;
  stats[1] = 0;
  return count;
}

/**
 * One row of compactSquare2D with boundary tests (a row or column next to a wall): the
 * general fluxes of compactCells2D with ξ_p − ξ_q = kXi·(ρ_p − ρ_q). Accumulates max r into
 * stats[0] and Σ dρ/dt into stats[2].
 */
export function edgeRow(
  i: number,
  n0: number,
  n1: number,
  a: number,
  b: number,
  k0: number,
  k1: number,
  rho: Float64Array,
  theta: number,
  out: Float64Array,
  stats: Float64Array,
): void {
  const row = i * n1;
  const hasN = i < n0 - 1;
  let rmax = stats[0];
  let check = stats[2];
  let gW = 0;
  let dW = 0;
  for (let j = a; j <= b; j++) {
    const p = row + j;
    const rp = rho[p];
    let gE = 0;
    let dE = 0;
    if (j < b) {
      const q = p + 1;
      const rq = rho[q];
      const w = (rp - rq) * k1;
      if (w > 0) {
        const rb = j > 0 ? rho[p - 1] : rp;
        gE = w * (rp + 0.5 * thetaSlope(theta, rp - rb, rq - rp));
      } else {
        const rf = j + 2 < n1 ? rho[p + 2] : rq;
        gE = w * (rq + 0.5 * thetaSlope(theta, rq - rf, rp - rq));
      }
      dE = k1 * (rp > rq ? rp : rq);
    }
    let gN = 0;
    let dN = 0;
    if (hasN) {
      const q = p + n1;
      const rq = rho[q];
      const w = (rp - rq) * k0;
      if (w > 0) {
        const rb = i > 0 ? rho[p - n1] : rp;
        gN = w * (rp + 0.5 * thetaSlope(theta, rp - rb, rq - rp));
      } else {
        const rf = i + 2 < n0 ? rho[q + n1] : rq;
        gN = w * (rq + 0.5 * thetaSlope(theta, rq - rf, rp - rq));
      }
      dN = k0 * (rp > rq ? rp : rq);
    }
    let dS = 0;
    if (i > 0) {
      const rS = rho[p - n1];
      dS = k0 * (rS > rp ? rS : rp);
    }
    const gS = out[p];
    const o = gW - gE + gS - gN;
    out[p] = o;
    if (hasN) out[p + n1] = gN;
    check += o;
    let r = dW + dE + dS + dN;
    if (rp > 0) {
      r += ((gE > 0 ? gE : 0) - (gW < 0 ? gW : 0) + (gN > 0 ? gN : 0) - (gS < 0 ? gS : 0)) / rp;
    }
    if (r > rmax) rmax = r;
    gW = gE;
    dW = dE;
  }
  stats[0] = rmax;
  stats[2] = check;
}

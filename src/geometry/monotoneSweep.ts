import { thetaSlope } from "./limiters.js";
import { openRow } from "./activeRegion.js";

/**
 * The compact 2D upwind (fv1/fv2) sweep of compactSweeps.ts for a ψ that is non-decreasing
 * in ρ cell by cell, read from an array: the pure power energies without potential, e.g.
 * F = c/(m−1)∫ρ^m with ψ = c·m/(m−1)·ρ^{m−1} (WassersteinGeometry uses it for m = 3, where
 * ψ = 3c/2·ρ·ρ is monotone in floating point too: rounding is monotone), ν = 0, no-flux
 * walls. Same fluxes, stability rates, max ρ and active columns as compactCells2D with
 * `regionReady`, bit for bit, for ρ ≥ 0 (the caller checks; pointwisePsi.ts), faster:
 *
 * - ψ non-decreasing: ξ_p > ξ_q implies ρ_p > ρ_q, so on the upwind branch (w > 0) the
 *   forward difference ρ_q − ρ_p is < 0 and the limited slope minmod(θa, (a+b)/2, θb) can
 *   only be non-zero with both differences negative (the positive branch is skipped); on the
 *   other branch (w ≤ 0) either ρ_p ≤ ρ_q, the same, or w = +0 and the flux is +0 whatever
 *   the slope (face values are finite and ≥ 0 for θ ≤ 2).
 * - Interior rows (1 ≤ i ≤ n0 − 3, active columns within [1, n1 − 3]) read every neighbour
 *   without boundary tests and carry ρ, ξ, the west face and the backward difference along
 *   the row (as squareSweep.ts); rows touching a wall take the general path (`edgeRow`).
 * - kD = 0 (no m = 2 term: the power diffusivity is bounded globally through max ρ) skips the
 *   per-face diffusion-rate terms, which are then +0 in compactCells2D.
 *
 * ξ is read only where compactCells2D reads it (row i and the north row on row i's active
 * columns; at the last active column the east face joins two empty cells and is taken as 0
 * without reading ξ beyond it), so `xi` need only be current there (pointwisePsi.ts).
 *
 * Arguments: `consts` = [c0 = 1/h0², c1 = 1/h1², θ, kD], then as compactCells2D with
 * `regionReady` (ranges and active already hold the region of ρ). Outputs as compactCells2D:
 * dρ/dt in `out` on the active columns (0 elsewhere if `zeroOutside`), stats[0] = max_i r_i
 * (NaN if any dρ/dt is not finite), stats[1] = max ρ over occupied cells. Returns the number
 * of cells computed.
 */
export function compactMonotone2D(
  n0: number,
  n1: number,
  consts: Float64Array,
  rho: Float64Array,
  xi: Float64Array,
  out: Float64Array,
  zeroOutside: boolean,
  active: Int32Array,
  stats: Float64Array,
): number {
  const c0 = consts[0];
  const c1 = consts[1];
  const theta = consts[2];
  const kD = consts[3];
  const kc0 = kD * c0;
  const kc1 = kD * c1;
  const diffusive = kD !== 0;
  stats[0] = 0;
  stats[1] = 0;
  stats[2] = 0;
  let rmax = 0;
  let rhoMax = 0;
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
      edgeRow(i, n0, n1, a, b, c0, c1, kc0, kc1, rho, xi, theta, out, stats);
      continue;
    }
    let rp = rho[row + a];
    let rq = rho[row + a + 1];
    let xp = xi[row + a];
    let back = rp - rho[row + a - 1];
    let gW = 0;
    let inW = 0;
    let dW = 0;
    for (let j = a; j <= b; j++) {
      const p = row + j;
      const rf = rho[(p + 2) | 0];
      // East face (p, p+1); at j = b both cells are empty: w = +0 as the general sweep's 0.
      const xq = j < b ? xi[(p + 1) | 0] : xp;
      const dpq = rp - rq;
      const dqp = rq - rp;
      const w = (xp - xq) * c1;
      let gE: number;
      let outE = 0;
      let inE = 0;
      if (w > 0) {
        let s = 0;
        if (back < 0) {
          const c = 0.5 * (back + dqp);
          const m = theta * (back > dqp ? back : dqp);
          s = c > m ? c : m;
        }
        gE = w * (rp + 0.5 * s);
        outE = gE;
      } else {
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
      // North face (p, p+n1).
      const rN = rho[(p + n1) | 0];
      const rS = rho[(p - n1) | 0];
      const dv = rp - rN;
      const wv = (xp - xi[(p + n1) | 0]) * c0;
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
      const gS = out[p];
      const o = gW - gE + gS - gN;
      out[p] = o;
      out[(p + n1) | 0] = gN;
      check += o;
      let r = 0;
      if (diffusive) {
        const dE = kc1 * (rp > rq ? rp : rq); // at j = b: ρ_p = ρ_q = 0, dE = 0
        r = dW + dE + kc0 * (rS > rp ? rS : rp) + kc0 * (rp > rN ? rp : rN);
        dW = dE;
      }
      if (rp > 0) {
        r += (outE - inW + outN - (gS < 0 ? gS : 0)) / rp;
        if (rp > rhoMax) rhoMax = rp;
      }
      if (r > rmax) rmax = r;
      gW = gE;
      inW = inE;
      back = dqp;
      rp = rq;
      rq = rf;
      xp = xq;
    }
  }
  if (stats[0] > rmax) rmax = stats[0];
  if (stats[1] > rhoMax) rhoMax = stats[1];
  check += stats[2];
  stats[0] = check - check === 0 ? rmax : NaN;
  stats[1] = rhoMax;
  return count;
}

/**
 * One row of compactMonotone2D with boundary tests: the general fluxes of compactCells2D.
 * Accumulates max r into stats[0], max ρ into stats[1] and Σ dρ/dt into stats[2].
 */
export function edgeRow(
  i: number,
  n0: number,
  n1: number,
  a: number,
  b: number,
  c0: number,
  c1: number,
  kc0: number,
  kc1: number,
  rho: Float64Array,
  x: Float64Array,
  theta: number,
  out: Float64Array,
  stats: Float64Array,
): void {
  const row = i * n1;
  const hasN = i < n0 - 1;
  let rmax = stats[0];
  let rhoMax = stats[1];
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
      const w = (x[p] - x[q]) * c1;
      if (w > 0) {
        const rb = j > 0 ? rho[p - 1] : rp;
        gE = w * (rp + 0.5 * thetaSlope(theta, rp - rb, rq - rp));
      } else {
        const rf = j + 2 < n1 ? rho[p + 2] : rq;
        gE = w * (rq + 0.5 * thetaSlope(theta, rq - rf, rp - rq));
      }
      dE = kc1 * (rp > rq ? rp : rq);
    }
    let gN = 0;
    let dN = 0;
    if (hasN) {
      const q = p + n1;
      const rq = rho[q];
      const w = (x[p] - x[q]) * c0;
      if (w > 0) {
        const rb = i > 0 ? rho[p - n1] : rp;
        gN = w * (rp + 0.5 * thetaSlope(theta, rp - rb, rq - rp));
      } else {
        const rf = i + 2 < n0 ? rho[q + n1] : rq;
        gN = w * (rq + 0.5 * thetaSlope(theta, rq - rf, rp - rq));
      }
      dN = kc0 * (rp > rq ? rp : rq);
      out[q] = gN;
    }
    let dS = 0;
    if (i > 0) {
      const rs = rho[p - n1];
      dS = kc0 * (rs > rp ? rs : rp);
    }
    const gS = out[p];
    const o = gW - gE + gS - gN;
    out[p] = o;
    check += o;
    let r = dW + dE + dS + dN;
    if (rp > 0) {
      r += ((gE > 0 ? gE : 0) - (gW < 0 ? gW : 0) + (gN > 0 ? gN : 0) - (gS < 0 ? gS : 0)) / rp;
      if (rp > rhoMax) rhoMax = rp;
    }
    if (r > rmax) rmax = r;
    gW = gE;
    dW = dE;
  }
  stats[0] = rmax;
  stats[1] = rhoMax;
  stats[2] = check;
}

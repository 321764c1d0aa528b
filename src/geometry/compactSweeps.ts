import { thetaSlope } from "./limiters.js";
import { activeRegion, openRow } from "./activeRegion.js";

/**
 * Fused 2D upwind (fv1/fv2) sweep for energies without entropy (ν = 0, ξ = ψ finite), on a
 * grid with no-flux walls on both axes, that visits only the part of the grid where the
 * fluxes can be non-zero. It computes exactly the fluxes of upwindCells2D (cellSweeps.ts),
 * face by face with the same floating-point operations, so the results are bit-identical.
 *
 * Why empty cells can be skipped (ν = 0): the flux through a face is G = w·ρ_face with the
 * face value ρ_face = ρ_u + σ_u/2 taken from the upwind cell u and the limited slope
 * σ_u = minmod(θ(ρ_u − ρ_b), (ρ_d − ρ_b)/2, θ(ρ_d − ρ_u)). If ρ_u = 0 the two differences
 * −ρ_b ≤ 0 and ρ_d ≥ 0 never share a strict sign, so σ_u = 0 and G = 0. Hence a face between
 * two empty cells carries no flux, whatever ξ is (ξ must be finite), and so does its
 * diffusion-rate term kD·max(ρ_p, ρ_q)/h². A cell's dρ/dt and stability rate are therefore
 * zero unless the cell or one of its four neighbours is occupied (ρ ≠ 0; NaN counts as
 * occupied, so it still propagates). Solutions of degenerate diffusions such as the porous
 * medium equation have compact support (finite speed of propagation), so this region can be
 * a small part of the grid.
 *
 * Per row i the occupied columns [lo_i, hi_i] are found by scanning from both ends (the scan
 * stops at the first occupied cell, so it reads only the empty margins); the active columns
 * of row i are [min(lo_{i−1}, lo_i − 1, lo_{i+1}), max(hi_{i−1}, hi_i + 1, hi_{i+1})]
 * (activeRegion.ts), and `out` is set to 0 outside them if `zeroOutside`. The flux through
 * the south face of a cell is parked in `out` at that cell until the cell is visited (no row
 * buffer: one array fewer in the loop); a column that the row below did not visit has zero
 * flux there, by the argument above.
 *
 * Arguments as upwindCells2D: n0 rows (axis 0, c0 = 1/h0²), n1 columns (axis 1, c1 = 1/h1²),
 * kD the linear (m = 2) diffusivity coefficient, `ranges` and `active` Int32Arrays of
 * ≥ 2·n0 entries. ξ is read from `xi`, or, if `xi` is null, evaluated on the fly as
 * ξ_i = kXi·ρ_i (the pure m = 2 power energy, ξ = 2c·ρ; saves a pass over the grid; when
 * kXi is a power of two WassersteinGeometry uses the faster squareSweep.ts instead). Writes
 * dρ/dt into `out` on the active columns (and 0 on the rest if `zeroOutside`; otherwise the
 * rest holds stale values or parked zero fluxes), the active columns of row i as
 * [active[2i], active[2i + 1]] (empty if the first exceeds the second), stats[0] = max_i r_i
 * (NaN if any dρ/dt is not finite), stats[1] = max_i ρ_i, with
 *   r_i = outflow_i/ρ_i + kD Σ_faces(i) max(ρ_i, ρ_nbr)/h².
 * If `regionReady`, `ranges` and `active` already hold the region of this ρ (activeRegion,
 * called by the geometry before it evaluated ξ there: pointwisePsi.ts) and are not recomputed.
 * Returns the number of cells computed (the sum of the active row lengths).
 */
export function compactCells2D(
  n0: number,
  n1: number,
  c0: number,
  c1: number,
  rho: Float64Array,
  xi: Float64Array | null,
  kXi: number,
  theta: number,
  kD: number,
  out: Float64Array,
  zeroOutside: boolean,
  ranges: Int32Array,
  active: Int32Array,
  stats: Float64Array,
  regionReady = false,
): number {
  const kc0 = kD * c0;
  const kc1 = kD * c1;
  const onTheFly = xi === null;
  const x = xi ?? rho;
  if (!regionReady) activeRegion(n0, n1, rho, ranges, active);
  let rmax = 0;
  let rhoMax = 0;
  let check = 0;
  let count = 0;
  for (let i = 0; i < n0; i++) {
    const row = i * n1;
    const a = active[2 * i];
    const b = active[2 * i + 1];
    if (!openRow(i, n1, active, out, zeroOutside)) continue;
    count += b - a + 1;
    const hasN = i < n0 - 1;
    // The faces (a−1, a) and (b, b+1) join two empty cells (or are walls): zero flux.
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
        const w = (onTheFly ? kXi * (rp - rq) : x[p] - x[q]) * c1;
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
        const w = (onTheFly ? kXi * (rp - rq) : x[p] - x[q]) * c0;
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
  }
  stats[0] = check - check === 0 ? rmax : NaN;
  stats[1] = rhoMax;
  return count;
}

/**
 * The SSP Runge–Kutta stage ρ ← a·u0 + (1 − a)(ρ + dt·k) after compactCells2D, with the
 * floating-point operations of explicit.ts (ρ_p + dt·k_p for a = 0, a·u0_p + b·ρ_p + (b·dt)·k_p
 * with b = 1 − a otherwise). Outside the active columns k = 0 and ρ = 0: forward Euler
 * (a = 0; u0 is then not read) leaves those cells alone, a later stage sets them to
 * a·u0_p + b·ρ_p. Returns true if an entry became negative or not finite.
 */
export function compactStage2D(
  n0: number,
  n1: number,
  rho: Float64Array,
  k: Float64Array,
  active: Int32Array,
  dt: number,
  a: number,
  u0: Float64Array,
): boolean {
  let bad = false;
  if (a === 0) {
    for (let i = 0; i < n0; i++) {
      const row = i * n1;
      const end = row + active[2 * i + 1];
      for (let p = row + active[2 * i]; p <= end; p++) {
        const v = rho[p] + dt * k[p];
        rho[p] = v;
        if (!(v >= 0 && v < Infinity)) bad = true;
      }
    }
    return bad;
  }
  const b = 1 - a;
  const bdt = b * dt;
  for (let i = 0; i < n0; i++) {
    const row = i * n1;
    const lo = row + active[2 * i];
    const hi = row + active[2 * i + 1];
    for (let p = row; p < row + n1; p++) {
      const v = p >= lo && p <= hi ? a * u0[p] + b * rho[p] + bdt * k[p] : a * u0[p] + b * rho[p];
      rho[p] = v;
      if (!(v >= 0 && v < Infinity)) bad = true;
    }
  }
  return bad;
}

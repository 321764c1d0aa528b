import { thetaSlope } from "./limiters.js";

/**
 * Fused cell-by-cell versions of the Wasserstein face fluxes for 1D and 2D grids (the hot
 * loops of the explicit schemes). They compute the same fluxes as the per-axis face sweeps
 * (upwindFlux.ts, scharfetterGummel.ts) but visit every cell once: the flux through the
 * west face is carried from the previous cell, the flux through the south face from the
 * previous row (row buffer), so dρ/dt is written once per cell and, for the upwind fluxes,
 * the cell's positivity rate outflow/ρ is known at the same time. Boundaries per axis:
 * no-flux (no face) or periodic (wrap face, computed once per line).
 *
 * Index order as in Grid: p = i·n1 + j in 2D (axis 0 = i slowest, axis 1 = j).
 */

/**
 * Upwind flux G = F/h (rate units) from p to q across a face with c = 1/h², for the
 * fv1/fv2 family (upwindFlux.ts): u = (ξ_p − ξ_q)/h, mass from the upwind side with the
 * limited piecewise-linear face value (θ = 0: first order). `pb` is the cell behind p and
 * `qf` the cell beyond q (p and q themselves at a no-flux wall). A non-finite ξ difference
 * (an empty cell with ν > 0) switches to the log-free form ν(ρ_p − ρ_q)c + upwinded ψ flux.
 */
export function upwindFace(
  rho: Float64Array,
  xi: Float64Array,
  psi: Float64Array,
  p: number,
  q: number,
  pb: number,
  qf: number,
  c: number,
  nuc: number,
  theta: number,
): number {
  const w = (xi[p] - xi[q]) * c;
  if (w - w !== 0) return vacuumFace(rho, psi, p, q, pb, qf, c, nuc, theta);
  // Upwind cell u, downwind cell d, cell behind u: face value ρ_u + σ_u/2 (σ odd, symmetric).
  let ru: number;
  let rd: number;
  let rb: number;
  if (w > 0) {
    ru = rho[p];
    rd = rho[q];
    rb = rho[pb];
  } else {
    ru = rho[q];
    rd = rho[p];
    rb = rho[qf];
  }
  return w * (ru + 0.5 * thetaSlope(theta, ru - rb, rd - ru));
}

/** The log-free flux of a face next to an empty cell (ν > 0): ν(ρ_p − ρ_q)c + upwinded ψ part. */
function vacuumFace(
  rho: Float64Array,
  psi: Float64Array,
  p: number,
  q: number,
  pb: number,
  qf: number,
  c: number,
  nuc: number,
  theta: number,
): number {
  const rp = rho[p];
  const rq = rho[q];
  const wd = (psi[p] - psi[q]) * c;
  let up: number;
  if (wd > 0) up = wd * (rp + 0.5 * thetaSlope(theta, rp - rho[pb], rq - rp));
  else up = wd * (rq + 0.5 * thetaSlope(theta, rq - rho[qf], rp - rq));
  return nuc * (rp - rq) + up;
}

/**
 * 1D upwind fluxes: writes dρ/dt into `out` and stats[0] = max_i r_i (NaN if any dρ/dt is
 * not finite), stats[1] = max_i ρ_i, where the per-cell stability rate is
 *   r_i = outflow_i/ρ_i + kD Σ_faces(i) max(ρ_i, ρ_nbr)/h²,
 * the second term being the diffusion rate of a linear diffusivity D(ρ) = kD·ρ (the m = 2
 * power terms; kD = 0 if none).
 */
export function upwindCells1D(
  n: number,
  periodic: boolean,
  c: number,
  rho: Float64Array,
  xi: Float64Array,
  psi: Float64Array,
  nu: number,
  theta: number,
  kD: number,
  out: Float64Array,
  stats: Float64Array,
): void {
  const nuc = nu * c;
  const gWrap = periodic ? upwindFace(rho, xi, psi, n - 1, 0, n - 2, 1, c, nuc, theta) : 0;
  const dWrap = periodic ? kD * c * Math.max(rho[n - 1], rho[0]) : 0;
  let gW = gWrap;
  let dW = dWrap;
  let rmax = 0;
  let rhoMax = 0;
  let check = 0;
  for (let p = 0; p < n; p++) {
    const rp = rho[p];
    let gE = gWrap;
    let dE = dWrap;
    if (p < n - 1) {
      const pb = p > 0 ? p - 1 : periodic ? n - 1 : 0;
      const qf = p + 2 < n ? p + 2 : periodic ? p + 2 - n : p + 1;
      gE = upwindFace(rho, xi, psi, p, p + 1, pb, qf, c, nuc, theta);
      if (kD > 0) {
        const rq = rho[p + 1];
        dE = kD * c * (rp > rq ? rp : rq);
      }
    }
    const o = gW - gE;
    out[p] = o;
    check += o;
    let r = dW + dE;
    if (rp > 0) {
      r += ((gE > 0 ? gE : 0) - (gW < 0 ? gW : 0)) / rp;
      if (rp > rhoMax) rhoMax = rp;
    }
    if (r > rmax) rmax = r;
    gW = gE;
    dW = dE;
  }
  stats[0] = check - check === 0 ? rmax : NaN;
  stats[1] = rhoMax;
}

/**
 * 2D upwind fluxes (axis 0: n0 rows, c0 = 1/h0²; axis 1: n1 columns, c1 = 1/h1²).
 * `rows` is a work array of 4·n1 entries. Writes dρ/dt into `out`, stats[0] = max_i r_i
 * (NaN if any dρ/dt is not finite) and stats[1] = max_i ρ_i, with r_i as in upwindCells1D.
 */
export function upwindCells2D(
  n0: number,
  n1: number,
  per0: boolean,
  per1: boolean,
  c0: number,
  c1: number,
  rho: Float64Array,
  xi: Float64Array,
  psi: Float64Array,
  nu: number,
  theta: number,
  kD: number,
  out: Float64Array,
  rows: Float64Array,
  stats: Float64Array,
): void {
  const nuc0 = nu * c0;
  const nuc1 = nu * c1;
  const kc0 = kD * c0;
  const kc1 = kD * c1;
  const size = n0 * n1;
  const last0 = size - n1;
  // rows[j]: flux from the cell below (i−1, j) into (i, j) (the wrap face for row 0);
  // rows[n1 + j]: the wrap-face fluxes; rows[2n1 + j], rows[3n1 + j]: the same for the
  // diffusion rates of those faces.
  const gRow = 0;
  const gWrapRow = n1;
  const dRow = 2 * n1;
  const dWrapRow = 3 * n1;
  if (per0) {
    for (let j = 0; j < n1; j++) {
      const p = last0 + j;
      const g = upwindFace(rho, xi, psi, p, j, p - n1, j + n1, c0, nuc0, theta);
      const d = kc0 * Math.max(rho[p], rho[j]);
      rows[gWrapRow + j] = g;
      rows[gRow + j] = g;
      rows[dWrapRow + j] = d;
      rows[dRow + j] = d;
    }
  } else {
    rows.fill(0);
  }
  let rmax = 0;
  let rhoMax = 0;
  let check = 0;
  for (let i = 0; i < n0; i++) {
    const row = i * n1;
    const hasN = i < n0 - 1;
    const dpb = i > 0 ? -n1 : per0 ? last0 : 0;
    const dqf = i + 2 < n0 ? 2 * n1 : per0 ? 2 * n1 - size : n1;
    const l = row + n1 - 1;
    const gWrap = per1 ? upwindFace(rho, xi, psi, l, row, l - 1, row + 1, c1, nuc1, theta) : 0;
    const dWrap = per1 ? kc1 * Math.max(rho[l], rho[row]) : 0;
    let gW = gWrap;
    let dW = dWrap;
    for (let j = 0; j < n1; j++) {
      const p = row + j;
      const rp = rho[p];
      let gE = gWrap;
      let dE = dWrap;
      if (j < n1 - 1) {
        const pb = j > 0 ? p - 1 : per1 ? l : p;
        const qf = j + 2 < n1 ? p + 2 : per1 ? row + j + 2 - n1 : p + 1;
        gE = upwindFace(rho, xi, psi, p, p + 1, pb, qf, c1, nuc1, theta);
        if (kD > 0) {
          const rq = rho[p + 1];
          dE = kc1 * (rp > rq ? rp : rq);
        }
      }
      let gN: number;
      let dN: number;
      if (hasN) {
        gN = upwindFace(rho, xi, psi, p, p + n1, p + dpb, p + dqf, c0, nuc0, theta);
        dN = 0;
        if (kD > 0) {
          const rq = rho[p + n1];
          dN = kc0 * (rp > rq ? rp : rq);
        }
      } else {
        gN = rows[gWrapRow + j];
        dN = rows[dWrapRow + j];
      }
      const gS = rows[gRow + j];
      const o = gW - gE + gS - gN;
      out[p] = o;
      check += o;
      let r = dW + dE + rows[dRow + j] + dN;
      if (rp > 0) {
        r += ((gE > 0 ? gE : 0) - (gW < 0 ? gW : 0) + (gN > 0 ? gN : 0) - (gS < 0 ? gS : 0)) / rp;
        if (rp > rhoMax) rhoMax = rp;
      }
      if (r > rmax) rmax = r;
      rows[gRow + j] = gN;
      rows[dRow + j] = dN;
      gW = gE;
      dW = dE;
    }
  }
  stats[0] = check - check === 0 ? rmax : NaN;
  stats[1] = rhoMax;
}

/**
 * 1D Scharfetter–Gummel/SQRA fluxes with per-cell coefficients coef[2p] = a_{p→p+1},
 * coef[2p+1] = a_{p+1→p} (the wrap face stored at p = n − 1; zeros where there is no face).
 * Returns Σ dρ/dt (≈ 0; non-finite if any entry is).
 */
export function sgCells1D(
  n: number,
  periodic: boolean,
  rho: Float64Array,
  coef: Float64Array,
  out: Float64Array,
): number {
  const l = n - 1;
  let gW = periodic ? coef[2 * l] * rho[l] - coef[2 * l + 1] * rho[0] : 0;
  let rp = rho[0];
  let check = 0;
  for (let p = 0; p < l; p++) {
    const rq = rho[p + 1];
    const gE = coef[2 * p] * rp - coef[2 * p + 1] * rq;
    const o = gW - gE;
    out[p] = o;
    check += o;
    gW = gE;
    rp = rq;
  }
  const gE = periodic ? coef[2 * l] * rp - coef[2 * l + 1] * rho[0] : 0;
  out[l] = gW - gE;
  return check + out[l];
}

/**
 * 2D Scharfetter–Gummel/SQRA fluxes with per-cell coefficients: coef[4p], coef[4p+1] for
 * the face to the next row (axis 0), coef[4p+2], coef[4p+3] for the face to the next column
 * (axis 1); wrap faces stored at the last row/column, zeros where there is no face.
 * Returns Σ dρ/dt (≈ 0; non-finite if any entry is).
 */
export function sgCells2D(
  n0: number,
  n1: number,
  per0: boolean,
  per1: boolean,
  rho: Float64Array,
  coef: Float64Array,
  out: Float64Array,
  rowG: Float64Array,
): number {
  const size = n0 * n1;
  const last0 = size - n1;
  let check = 0;
  if (per0) {
    for (let j = 0; j < n1; j++) {
      const p = last0 + j;
      rowG[j] = coef[4 * p] * rho[p] - coef[4 * p + 1] * rho[j];
    }
  } else {
    rowG.fill(0);
  }
  for (let i = 0; i < n0; i++) {
    const row = i * n1;
    const l = row + n1 - 1;
    const dn = i < n0 - 1 ? n1 : per0 ? -last0 : 0;
    const gWrap = per1 ? coef[4 * l + 2] * rho[l] - coef[4 * l + 3] * rho[row] : 0;
    let gW = gWrap;
    let rp = rho[row];
    for (let p = row; p < l; p++) {
      const rq = rho[p + 1];
      const k = 4 * p;
      const gE = coef[k + 2] * rp - coef[k + 3] * rq;
      const gN = coef[k] * rp - coef[k + 1] * rho[p + dn];
      const o = gW - gE + rowG[p - row] - gN;
      out[p] = o;
      check += o;
      rowG[p - row] = gN;
      gW = gE;
      rp = rq;
    }
    const k = 4 * l;
    const gN = coef[k] * rp - coef[k + 1] * rho[l + dn];
    const o = gW - gWrap + rowG[n1 - 1] - gN;
    out[l] = o;
    check += o;
    rowG[n1 - 1] = gN;
  }
  return check;
}

/**
 * One SSP Runge–Kutta stage ρ ← a·u0 + (1 − a)(ρ + dt·L(ρ)) of the 1D Scharfetter–Gummel/SQRA
 * fluxes (coefficients as in sgCells1D), in place and in one sweep: the east flux uses the
 * old ρ_{p+1} (not yet overwritten) and the west flux is carried. The result is
 * bit-identical to sgCells1D followed by the update of explicit.ts: ρ_p + dt·out_p for
 * a = 0 (forward Euler; u0 is then not read), a·u0_p + b·ρ_p + (b·dt)·out_p with b = 1 − a
 * otherwise. Returns true if an entry became negative or not finite.
 */
export function sgStage1D(
  n: number,
  periodic: boolean,
  rho: Float64Array,
  coef: Float64Array,
  dt: number,
  a: number,
  u0: Float64Array,
): boolean {
  const l = n - 1;
  const r0 = rho[0];
  const euler = a === 0;
  const b = 1 - a;
  const bdt = b * dt;
  let gW = periodic ? coef[2 * l] * rho[l] - coef[2 * l + 1] * r0 : 0;
  let rp = r0;
  let bad = false;
  for (let p = 0; p < l; p++) {
    const rq = rho[p + 1];
    const gE = coef[2 * p] * rp - coef[2 * p + 1] * rq;
    const v = euler ? rp + dt * (gW - gE) : a * u0[p] + b * rp + bdt * (gW - gE);
    rho[p] = v;
    if (!(v >= 0 && v < Infinity)) bad = true;
    gW = gE;
    rp = rq;
  }
  const gE = periodic ? coef[2 * l] * rp - coef[2 * l + 1] * r0 : 0;
  const v = euler ? rp + dt * (gW - gE) : a * u0[l] + b * rp + bdt * (gW - gE);
  rho[l] = v;
  return bad || !(v >= 0 && v < Infinity);
}

/**
 * One SSP Runge–Kutta stage ρ ← a·u0 + (1 − a)(ρ + dt·L(ρ)) of the 2D Scharfetter–Gummel/SQRA
 * fluxes (coefficients as in sgCells2D), in place and in one sweep, bit-identical to
 * sgCells2D followed by the update of explicit.ts (see sgStage1D): the north flux reads the
 * next row (still old), the south flux comes from the row buffer `rowG`, and with a periodic
 * axis 0 the old first row is kept in `row0` (n1 entries) for the wrap faces of the last
 * row. Returns true if an entry became negative or not finite.
 */
export function sgStage2D(
  n0: number,
  n1: number,
  per0: boolean,
  per1: boolean,
  rho: Float64Array,
  coef: Float64Array,
  dt: number,
  a: number,
  u0: Float64Array,
  rowG: Float64Array,
  row0: Float64Array,
): boolean {
  const size = n0 * n1;
  const last0 = size - n1;
  const euler = a === 0;
  const b = 1 - a;
  const bdt = b * dt;
  let bad = false;
  if (per0) {
    for (let j = 0; j < n1; j++) {
      const p = last0 + j;
      rowG[j] = coef[4 * p] * rho[p] - coef[4 * p + 1] * rho[j];
      row0[j] = rho[j];
    }
  } else {
    rowG.fill(0);
  }
  for (let i = 0; i < n0; i++) {
    const row = i * n1;
    const l = row + n1 - 1;
    // Old values of the next row: ρ itself, the saved first row (periodic wrap), or, at a
    // no-flux wall, the cell itself (read before it is overwritten; its north coefficients
    // are 0, so gN = 0 exactly as in sgCells2D).
    const next = i === n0 - 1 && per0 ? row0 : rho;
    const dn = i < n0 - 1 ? n1 : per0 ? -row : 0;
    const gWrap = per1 ? coef[4 * l + 2] * rho[l] - coef[4 * l + 3] * rho[row] : 0;
    let gW = gWrap;
    let rp = rho[row];
    for (let p = row; p < l; p++) {
      const j = p - row;
      const k = 4 * p;
      const rq = rho[p + 1];
      const gE = coef[k + 2] * rp - coef[k + 3] * rq;
      const gN = coef[k] * rp - coef[k + 1] * next[p + dn];
      const o = gW - gE + rowG[j] - gN;
      const v = euler ? rp + dt * o : a * u0[p] + b * rp + bdt * o;
      rho[p] = v;
      if (!(v >= 0 && v < Infinity)) bad = true;
      rowG[j] = gN;
      gW = gE;
      rp = rq;
    }
    const k = 4 * l;
    const gN = coef[k] * rp - coef[k + 1] * next[l + dn];
    const o = gW - gWrap + rowG[n1 - 1] - gN;
    const v = euler ? rp + dt * o : a * u0[l] + b * rp + bdt * o;
    rho[l] = v;
    if (!(v >= 0 && v < Infinity)) bad = true;
    rowG[n1 - 1] = gN;
  }
  return bad;
}

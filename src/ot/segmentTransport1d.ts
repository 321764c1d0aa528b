/**
 * Exact quadratic optimal transport on the line between two measures made of uniform segments
 * of one common width δ centred at the same sorted points, and the gradient of the cost in the
 * segments' masses.
 *
 * Point k (sorted, p_0 ≤ … ≤ p_{n−1}) carries the mass a[order[k]] spread uniformly over
 * [p_k − δ/2, p_k + δ/2] (likewise b). Both measures are then piecewise-constant densities on
 * one mesh, the merged sorted list of the 2n segment ends x_0 ≤ … ≤ x_{2n−1} (fixed: it depends
 * on the points and δ only, so it is built once, {@link SegmentMesh}). On a 1D grid with δ = h
 * these densities are exactly the cell averages, and the value is W₂² of the piecewise-constant
 * densities (as src/metrics/w2.ts, unnormalised).
 *
 * **Value.** W₂² = ∫₀^M |Q_a(s) − Q_b(s)|² ds, the quantile functions being piecewise linear
 * (the CDFs are): one sweep over the merged break points of the two CDFs, adding on each level
 * interval Δs (d₀² + d₀d₁ + d₁²)/3 with d the quantile difference at its ends. O(n).
 *
 * **Gradient.** For densities, the first variation of W₂²(·, b) is the Kantorovich potential
 * φ with φ'(x) = 2(x − T(x)), T = Q_b∘F_a the monotone map (Santambrogio, "Optimal Transport
 * for Applied Mathematicians", 2015, §7.2), so ∂W₂²/∂a_k = (1/δ)∫_{p_k−δ/2}^{p_k+δ/2} φ
 * = (Φ(p_k + δ/2) − Φ(p_k − δ/2))/δ with Φ' = φ. On each piece of the sweep T is affine in x,
 * φ quadratic and Φ cubic, so Φ is integrated exactly along the sweep and read at the mesh
 * nodes. Across a gap of a's support (no mass) T is held at the quantile of b at that level
 * (one choice of the potential there, the cost of moving an infinitesimal mass into the gap).
 * W₂² is then differentiable in the weights wherever a's projected density is positive — unlike
 * the point model (sortedTransport1d.ts), whose cost is piecewise linear — and the gradient
 * vanishes at a = b (T = identity). φ is fixed by φ(x_0) = 0 (a constant in φ adds the same
 * constant to every component).
 */

/** The segment mesh of one direction: fixed for a grid, a direction and a width δ. */
export class SegmentMesh {
  /** Mesh nodes x_0 ≤ … ≤ x_{2n−1} (segment ends, merged). */
  readonly nodes: Float64Array;
  /** Event at each node: k + 1 where segment k opens, −(k + 1) where it closes. */
  readonly events: Int32Array;
  /** Node index of the left and right end of segment k. */
  readonly openNode: Uint32Array;
  readonly closeNode: Uint32Array;
  /** Cell (order[k]) whose segment opens or closes at each node. */
  readonly eventCell: Uint32Array;
  /** +1/δ where a segment opens, −1/δ where one closes (the density's jump per unit mass). */
  readonly eventJump: Float64Array;

  /**
   * @param positions sorted segment centres p_0 ≤ … ≤ p_{n−1}
   * @param order the cell of each sorted centre
   * @param width the common segment width δ > 0
   */
  constructor(
    readonly positions: Float64Array,
    readonly order: Uint32Array,
    readonly width: number,
  ) {
    const n = positions.length;
    const half = 0.5 * width;
    this.nodes = new Float64Array(2 * n);
    this.events = new Int32Array(2 * n);
    this.openNode = new Uint32Array(n);
    this.closeNode = new Uint32Array(n);
    this.eventCell = new Uint32Array(2 * n);
    this.eventJump = new Float64Array(2 * n);
    let i = 0; // next segment to open
    let j = 0; // next segment to close
    for (let m = 0; m < 2 * n; m++) {
      // Opens are sorted, closes too; a close at the same abscissa as an open comes first.
      if (i < n && positions[i] - half < positions[j] + half) {
        this.nodes[m] = positions[i] - half;
        this.events[m] = i + 1;
        this.openNode[i] = m;
        i++;
      } else {
        this.nodes[m] = positions[j] + half;
        this.events[m] = -(j + 1);
        this.closeNode[j] = m;
        j++;
      }
    }
    for (let m = 0; m < 2 * n; m++) {
      const e = this.events[m];
      this.eventCell[m] = order[Math.abs(e) - 1];
      this.eventJump[m] = (e > 0 ? 1 : -1) / width;
    }
  }
}

/** Work arrays of segmentTransport1d for meshes of up to n segments. */
export class SegmentWork {
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  readonly phi: Float64Array;
  constructor(n: number) {
    this.alpha = new Float64Array(2 * n);
    this.beta = new Float64Array(2 * n);
    this.phi = new Float64Array(2 * n);
  }
}

/** Masses of the mesh intervals [x_m, x_{m+1}] of the measures with weights a and b. */
function intervalMasses(
  mesh: SegmentMesh,
  a: Float64Array,
  b: Float64Array,
  alpha: Float64Array,
  beta: Float64Array,
): void {
  const { nodes, eventCell, eventJump } = mesh;
  const last = nodes.length - 1;
  let da = 0;
  let db = 0;
  for (let m = 0; m < last; m++) {
    const c = eventCell[m];
    const jump = eventJump[m];
    da += jump * a[c];
    db += jump * b[c];
    const dx = nodes[m + 1] - nodes[m];
    alpha[m] = da > 0 ? da * dx : 0;
    beta[m] = db > 0 ? db * dx : 0;
  }
  alpha[last] = 0;
  beta[last] = 0;
}

/**
 * W₂² between the segment measures of a and b (weights in cell order, read through the mesh's
 * `order`); with `gradient`, adds `scale`·∂W₂²/∂a_i to gradient[i] for every cell i.
 */
export function segmentTransport1d(
  mesh: SegmentMesh,
  a: Float64Array,
  b: Float64Array,
  work: SegmentWork,
  gradient?: Float64Array,
  scale = 1,
): number {
  const x = mesh.nodes;
  const nm = x.length - 1; // number of mesh intervals
  if (nm < 1) return 0;
  const { alpha, beta, phi: Phi } = work;
  intervalMasses(mesh, a, b, alpha, beta);
  let i = 0; // a's interval
  let j = 0; // b's interval
  let sa = 0; // level at the start of a's interval i
  let sb = 0;
  let s = 0; // current level
  let cost = 0;
  // φ and Φ at a's current position xa = Q_a(s). Over a length dx along which T is affine,
  // T = T0 + slope·(x − xa), with c = xa − T0, q = 1 − slope:
  //   Φ += φ dx + c dx² + q dx³/3,   φ += 2c dx + q dx²   (exact: φ' = 2(x − T)).
  let phi = 0;
  let cum = 0;
  let xa = x[0];
  Phi[0] = 0;
  let qb = 0; // slope of Q_b on b's interval j (dx per unit mass), set when j moves on
  let jSlope = -1;
  for (;;) {
    while (j < nm && !(beta[j] > 0)) j++;
    if (j >= nm) break; // b used up (or rounding): the rest of a is handled below
    if (jSlope !== j) {
      qb = (x[j + 1] - x[j]) / beta[j];
      jSlope = j;
    }
    // Q_b(s) on b's interval j.
    const xb0 = x[j] + (s - sb) * qb;
    // Cross a's empty intervals at this level, T held at Q_b(s).
    while (i < nm && !(alpha[i] > 0)) {
      const dx = x[i + 1] - xa;
      const c = xa - xb0;
      cum += phi * dx + c * dx * dx + (dx * dx * dx) / 3;
      phi += 2 * c * dx + dx * dx;
      xa = x[i + 1];
      i++;
      Phi[i] = cum;
    }
    if (i >= nm) break;
    const endA = sa + alpha[i];
    const endB = sb + beta[j];
    let next: number;
    let xa1: number;
    let xb1: number;
    if (endA <= endB) {
      next = endA;
      xa1 = x[i + 1];
      xb1 = endA === endB ? x[j + 1] : x[j] + (next - sb) * qb;
    } else {
      next = endB;
      xa1 = x[i] + ((next - sa) * (x[i + 1] - x[i])) / alpha[i];
      xb1 = x[j + 1];
    }
    const d0 = xa - xb0;
    const d1 = xa1 - xb1;
    cost += ((next - s) * (d0 * d0 + d0 * d1 + d1 * d1)) / 3;
    const dx = xa1 - xa;
    if (dx > 0) {
      const q = 1 - (xb1 - xb0) / dx;
      cum += phi * dx + d0 * dx * dx + (q * dx * dx * dx) / 3;
      phi += 2 * d0 * dx + q * dx * dx;
    }
    xa = xa1;
    s = next;
    if (next === endA) {
      i++;
      sa = endA;
      Phi[i] = cum;
      xa = x[i];
      if (i >= nm) break;
    }
    if (next === endB) {
      j++;
      sb = endB;
    }
  }
  if (gradient) {
    // Nodes not reached (a's mass beyond b's by rounding, or empty intervals at the end): T at
    // b's last point.
    let tEnd = x[nm];
    for (let m = nm - 1; m >= 0; m--) {
      if (beta[m] > 0) {
        tEnd = x[m + 1];
        break;
      }
    }
    while (i < nm) {
      const dx = x[i + 1] - xa;
      const c = xa - tEnd;
      cum += phi * dx + c * dx * dx + (dx * dx * dx) / 3;
      phi += 2 * c * dx + dx * dx;
      xa = x[i + 1];
      i++;
      Phi[i] = cum;
    }
    const inv = scale / mesh.width;
    const { openNode, closeNode, order } = mesh;
    for (let k = 0; k < openNode.length; k++) {
      gradient[order[k]] += (Phi[closeNode[k]] - Phi[openNode[k]]) * inv;
    }
  }
  return cost;
}

/**
 * The 1D max-plus transform with a quadratic cost on a uniform index grid:
 *
 *   ψ_i = max_j [ φ_j − κ (i − j)² ],   j* (i) = an index attaining the maximum,
 *
 * for i, j = 0..n−1 (φ_j = −∞ allowed: such j never attain the maximum). This is the
 * discrete c-transform along one axis of a grid; the stabilised Gibbs kernel uses it to
 * shift every row of a 1D pass so that its largest entry is exactly 1.
 *
 * Algorithm: the upper envelope of the parabolas j ↦ φ_j − κ(i − j)², built in O(n) as in
 * P. Felzenszwalb & D. Huttenlocher, "Distance transforms of sampled functions", Theory of
 * Computing 8 (2012), written here for maxima. Parabola q (> p) dominates p for
 * i > s(p, q) = (p + q)/2 − (φ_q − φ_p)/(2κ(q − p)).
 */
export class MaxPlusEnvelope {
  private readonly v: Int32Array;
  private readonly z: Float64Array;

  constructor(readonly capacity: number) {
    this.v = new Int32Array(capacity);
    this.z = new Float64Array(capacity + 1);
  }

  /**
   * Computes ψ (into `psi[0..n)`) and the maximiser j* (into `arg[0..n)`) for
   * φ_j = `phi[offset + j]`, κ > 0. If every φ_j is −∞, ψ = −∞ and arg = −1 everywhere.
   */
  transform(
    phi: Float64Array,
    offset: number,
    n: number,
    kappa: number,
    psi: Float64Array,
    arg: Int32Array,
  ): void {
    const v = this.v;
    const z = this.z;
    let k = -1;
    for (let q = 0; q < n; q++) {
      const fq = phi[offset + q];
      if (fq === -Infinity) continue;
      if (k < 0) {
        k = 0;
        v[0] = q;
        z[0] = -Infinity;
        z[1] = Infinity;
        continue;
      }
      let s: number;
      for (;;) {
        const p = v[k];
        s = 0.5 * (p + q) - (fq - phi[offset + p]) / (2 * kappa * (q - p));
        if (s <= z[k] && k > 0) k--;
        else break;
      }
      if (s <= z[k]) {
        // k = 0 and the new parabola dominates everywhere.
        v[0] = q;
        z[0] = -Infinity;
        z[1] = Infinity;
        continue;
      }
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = Infinity;
    }
    if (k < 0) {
      for (let i = 0; i < n; i++) {
        psi[i] = -Infinity;
        arg[i] = -1;
      }
      return;
    }
    let m = 0;
    for (let i = 0; i < n; i++) {
      while (z[m + 1] < i) m++;
      const j = v[m];
      const d = i - j;
      psi[i] = phi[offset + j] - kappa * d * d;
      arg[i] = j;
    }
  }
}

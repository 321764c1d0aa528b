import { InputError, SolverError, requireNumber } from "../errors.js";
import { limiterTheta, thetaSlope, type Limiter } from "../geometry/limiters.js";
import type { Grid } from "../grid/grid.js";

/** ∇V at a point: writes the d components of the gradient at `x` into `out`. */
export type GradientField = (x: Float64Array, out: Float64Array) => void;

/**
 * The forward (explicit) step of the Wasserstein proximal gradient on a grid: the push-forward
 * ρ ↦ T_γ#ρ of the cell masses by the gradient-descent map T_γ(x) = x − γ∇V(x), deposited
 * conservatively back onto the same grid (Salim, Korba & Luise, "The Wasserstein proximal
 * gradient algorithm", NeurIPS 2020; Wibisono, COLT 2018).
 *
 * **Representation of a cell's mass.** Each cell carries the limited piecewise-linear
 * reconstruction p_i(x) = ρ_i + Σ_a σ_{i,a}(x_a − x_{i,a}) of the cell averages (slopes from
 * the monotonized-central limiter, `mc` by default; the same family as the fv2 fluxes,
 * src/geometry/limiters.ts). Its integral over the cell is the cell's mass, and its variance
 * is that of the underlying density to O(h⁴): the discrete measure of cell averages on the
 * centres has variance s² + h²/12 per axis, a uniform block per cell would add another h²/12
 * (s² + h²/6 in all), and the slopes take h²/6 back off (Σ_i 2(x_i − μ)σ_i h³/12 ≈
 * (h²/6)∫(x − μ)ρ' = −(h²/6)∫ρ). So the push moves the density's own mass distribution, not
 * a point at each centre nor a block per cell: a centre-point (cloud-in-cell) or block deposit
 * adds about h²/6 of variance per step, a numerical diffusion whose effect on the stationary
 * variance grows like h²/γ.
 *
 * **Map per cell.** Along each axis a, cell i's extent s ∈ [−h_a/2, h_a/2] is mapped by the
 * quadratic interpolant s ↦ M + Js + Ks² of T_a through the images of its lower face, centre
 * and upper face, L = T_a(x_i − (h_a/2)e_a), M = T_a(x_i), R = T_a(x_i + (h_a/2)e_a) (∇V
 * evaluated at these three points); the cell goes to the axis-aligned box of these images and
 * its linear density with it. When the quadratic is not monotone on the cell (T folds inside
 * it: 1 − γ∂²V changes sign) the affine interpolant through L and R is used. In 1D adjacent
 * cells share their face images, so the images tile the line wherever T is monotone.
 * - Exact for affine T in 1D (quadratic V): the reconstruction is pushed and integrated over
 *   the target cells exactly, so the variance follows s² ↦ (1 − γ/σ²)²s² to O(h⁴).
 * - For a non-affine T the interpolant errs by O(h³) in position, and one push has an L1 error
 *   O(h²) (moments O(h³) or better; measured in docs/sampling.md). An affine interpolant
 *   through the faces alone would err by T″h²/8 in position, varying from cell to cell with
 *   where the target faces fall, which makes the L1 error of one push only O(h).
 * - In 2D/3D the box ignores the shear ∂T_a/∂x_b (b ≠ a) inside a cell (exact for a
 *   separable V, e.g. a quadratic V with diagonal Hessian): the cell's own covariance is then
 *   wrong by O(γ|∂²V/∂x_a∂x_b| h²) per step, so the covariance error is O(h²) there.
 *
 * **Deposit.** The mass the pushed cell puts into target cell j is the integral of its linear
 * density over the preimage of cell j, a box Π_a[s0_a, s1_a]: |preimage|·p_i(mid-point), exact
 * for a linear function. Per axis the preimage fractions f sum to 1 and their first moments
 * Σ f·s_mid to 0, so the deposits of a cell sum to its mass: **mass is conserved** to
 * round-off. **Positivity:** the limited slopes keep p_i ≥ 0 on the whole cell (per axis the mc
 * face values lie between neighbouring averages; in 2D/3D the slopes are scaled down jointly
 * when Σ_a|σ_a|h_a/2 > ρ_i), so every deposit, a volume times a value of p_i inside the cell,
 * is ≥ 0.
 *
 * **Walls.** On a no-flux axis mass pushed beyond the box is clamped into the edge cell (the
 * edge cells extend to ±∞ for the deposit); on a periodic axis it wraps around.
 *
 * ∇V is evaluated once, at construction, at the centre and the 2d face centres of every cell;
 * `apply` takes any γ (T is affine in γ) and allocates no per-cell memory (its per-axis piece
 * buffers grow once to the widest image met).
 */
export class PushForward {
  readonly grid: Grid;
  readonly limiter: Limiter;
  /** ∂_aV at the lower face centre, centre and upper face centre of each cell: [k·d + a]. */
  private readonly gLo: Float64Array;
  private readonly gMid: Float64Array;
  private readonly gHi: Float64Array;
  /** Limited slopes σ_{i,a} (density per length): [k·d + a]. */
  private readonly slopes: Float64Array;
  private readonly theta: number;
  /** Per-axis deposit pieces of the current cell: target index, fraction f, mid-point s. */
  private idx: Int32Array[];
  private frac: Float64Array[];
  private mid: Float64Array[];
  private readonly count: number[];
  /** The current cell's map along the current axis, s ↦ C + Js + Ks², and the last preimage. */
  private readonly map = { C: 0, J: 1, K: 0 };
  private sPrev = 0;

  constructor(grid: Grid, gradV: GradientField, options: { limiter?: Limiter } = {}) {
    this.grid = grid;
    this.limiter = options.limiter ?? "mc";
    this.theta = limiterTheta(this.limiter);
    const d = grid.dim;
    const N = grid.size;
    this.gLo = new Float64Array(N * d);
    this.gMid = new Float64Array(N * d);
    this.gHi = new Float64Array(N * d);
    this.slopes = new Float64Array(N * d);
    const x = new Float64Array(d);
    const g = new Float64Array(d);
    const ix = new Int32Array(d);
    for (let k = 0; k < N; k++) {
      grid.unravel(k, ix);
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) x[b] = grid.center(b, ix[b]);
        this.gMid[k * d + a] = gradientComponent(gradV, x, g, a);
        x[a] -= grid.h[a] / 2;
        this.gLo[k * d + a] = gradientComponent(gradV, x, g, a);
        x[a] += grid.h[a];
        this.gHi[k * d + a] = gradientComponent(gradV, x, g, a);
      }
    }
    this.idx = grid.n.map(() => new Int32Array(8));
    this.frac = grid.n.map(() => new Float64Array(8));
    this.mid = grid.n.map(() => new Float64Array(8));
    this.count = grid.n.map(() => 0);
  }

  /**
   * out = T_γ#ρ deposited on the grid, T_γ = I − γ∇V (γ ≥ 0). `out` must not be `rho`.
   */
  apply(rho: Float64Array, gamma: number, out: Float64Array): void {
    const grid = this.grid;
    grid.checkLength("rho", rho);
    grid.checkLength("out", out);
    if (out === rho) throw new InputError("out", "must be a different array from rho");
    requireNumber("gamma", gamma, { min: 0 });
    this.computeSlopes(rho);
    out.fill(0);
    const d = grid.dim;
    const N = grid.size;
    const ix = new Int32Array(3);
    const sl = this.slopes;
    const st = grid.strides;
    for (let k = 0; k < N; k++) {
      const r = rho[k];
      if (r === 0) continue; // the limiter gives zero slopes in an empty cell
      grid.unravel(k, ix);
      for (let a = 0; a < d; a++) {
        const xc = grid.center(a, ix[a]);
        const h = grid.h[a];
        const L = xc - h / 2 - gamma * this.gLo[k * d + a];
        const M = xc - gamma * this.gMid[k * d + a];
        const R = xc + h / 2 - gamma * this.gHi[k * d + a];
        this.pieces(a, L, M, R);
      }
      const s0 = sl[k * d];
      const s1 = d > 1 ? sl[k * d + 1] : 0;
      const s2 = d > 2 ? sl[k * d + 2] : 0;
      const [i0, f0, m0] = [this.idx[0], this.frac[0], this.mid[0]];
      const c0 = this.count[0];
      if (d === 1) {
        for (let p = 0; p < c0; p++) {
          const v = r + s0 * m0[p];
          out[i0[p]] += f0[p] * (v > 0 ? v : 0);
        }
        continue;
      }
      const [i1, f1, m1] = [this.idx[1], this.frac[1], this.mid[1]];
      const c1 = this.count[1];
      const i2 = d > 2 ? this.idx[2] : ZERO_I;
      const f2 = d > 2 ? this.frac[2] : ONE_F;
      const m2 = d > 2 ? this.mid[2] : ZERO_F;
      const c2 = d > 2 ? this.count[2] : 1;
      const st1 = st[1];
      const st2 = d > 2 ? st[2] : 0;
      for (let p = 0; p < c0; p++) {
        const base0 = i0[p] * st[0];
        const v0 = r + s0 * m0[p];
        for (let q = 0; q < c1; q++) {
          const base1 = base0 + i1[q] * st1;
          const v1 = v0 + s1 * m1[q];
          const w01 = f0[p] * f1[q];
          for (let u = 0; u < c2; u++) {
            const v = v1 + s2 * m2[u];
            out[base1 + i2[u] * st2] += w01 * f2[u] * (v > 0 ? v : 0);
          }
        }
      }
    }
  }

  /** Limited slopes per axis (mc by default), scaled jointly so that p_i ≥ 0 on the cell. */
  private computeSlopes(rho: Float64Array): void {
    const grid = this.grid;
    const d = grid.dim;
    const N = grid.size;
    const ix = new Int32Array(d);
    const sl = this.slopes;
    for (let k = 0; k < N; k++) {
      const r = rho[k];
      if (!(r >= 0) || !Number.isFinite(r)) {
        throw new InputError("rho", `entry ${k} is ${r}; densities must be finite and >= 0`);
      }
      grid.unravel(k, ix);
      let reach = 0;
      for (let a = 0; a < d; a++) {
        const n = grid.n[a];
        const s = grid.strides[a];
        const periodic = grid.boundary[a] === "periodic";
        const i = ix[a];
        const lo = i > 0 ? rho[k - s] : periodic ? rho[k + (n - 1) * s] : r;
        const hi = i < n - 1 ? rho[k + s] : periodic ? rho[k - (n - 1) * s] : r;
        const slope = thetaSlope(this.theta, r - lo, hi - r) / grid.h[a];
        sl[k * d + a] = slope;
        reach += (Math.abs(slope) * grid.h[a]) / 2;
      }
      if (reach > r) {
        const scale = reach > 0 ? r / reach : 0;
        for (let a = 0; a < d; a++) sl[k * d + a] *= scale;
      }
    }
  }

  /**
   * The deposit pieces along axis a of the image of a cell whose lower face, centre and upper
   * face go to L, M and R: for each target cell met, its index, the fraction f of the cell's
   * extent mapped into it, and the preimage mid-point s. The map along the axis is the
   * quadratic s ↦ M + Js + Ks² through the three images (J = (R − L)/h, K = 2(L + R − 2M)/h²),
   * or the affine s ↦ (L + R)/2 + Js when the quadratic is not monotone on the cell.
   */
  private pieces(a: number, L: number, M: number, R: number): void {
    const grid = this.grid;
    const h = grid.h[a];
    const n = grid.n[a];
    const lo = grid.lo[a];
    const hi = grid.hi[a];
    const periodic = grid.boundary[a] === "periodic";
    if (!Number.isFinite(L) || !Number.isFinite(M) || !Number.isFinite(R)) {
      throw new SolverError(`push-forward: the map T = I − γ∇V is not finite (axis ${a})`);
    }
    this.count[a] = 0;
    const A = L < R ? L : R;
    const B = L < R ? R : L;
    if (!(B - A > 1e-14 * h)) {
      // The cell collapses to a point (1 − γ∂²V = 0 across it): all of it goes there.
      this.push(a, this.cellOf(a, 0.5 * (L + R), periodic), 1, 0);
      return;
    }
    const J = (R - L) / h;
    let K = (2 * (L + R - 2 * M)) / (h * h);
    if (!(Math.abs(K) * h < 0.9 * Math.abs(J))) K = 0; // not monotone on the cell: affine
    this.map.J = J;
    this.map.K = K;
    this.map.C = K === 0 ? 0.5 * (L + R) : M;
    // The preimage of the left end A of the image.
    this.sPrev = L < R ? -h / 2 : h / 2;
    const sEnd = -this.sPrev;
    if (periodic) {
      const j0 = Math.floor((A - lo) / h);
      const j1 = Math.floor((B - lo) / h);
      for (let j = j0; j <= j1; j++) {
        const y1 = lo + (j + 1) * h;
        this.piece(a, ((j % n) + n) % n, y1 < B ? this.preimage(y1) : sEnd);
      }
      return;
    }
    // No-flux: [A, lo) → cell 0, [lo, hi] cell by cell, (hi, B] → cell n − 1.
    const j0 = A < lo ? 0 : Math.min(n - 1, Math.floor((A - lo) / h));
    const j1 = B > hi ? n - 1 : Math.max(0, Math.min(n - 1, Math.floor((B - lo) / h)));
    for (let j = j0; j <= j1; j++) {
      const y1 = j === n - 1 ? Infinity : lo + (j + 1) * h;
      this.piece(a, j, y1 < B ? this.preimage(y1) : sEnd);
    }
  }

  /** The preimage s ∈ [−h/2, h/2] of y under the current cell's map (stable root). */
  private preimage(y: number): number {
    const { C, J, K } = this.map;
    const u = y - C;
    if (K === 0) return u / J;
    const disc = Math.sqrt(Math.max(0, J * J + 4 * K * u));
    return (2 * u) / (J + (J > 0 ? disc : -disc));
  }

  /** The piece from the previous breakpoint's preimage to `sNext`, going to cell j. */
  private piece(a: number, j: number, sNext: number): void {
    const s0 = this.sPrev;
    this.sPrev = sNext;
    const len = Math.abs(sNext - s0);
    if (len > 0) this.push(a, j, len / this.grid.h[a], 0.5 * (s0 + sNext));
  }

  /** The cell containing coordinate y along axis a (clamped, or wrapped when periodic). */
  private cellOf(a: number, y: number, periodic: boolean): number {
    const n = this.grid.n[a];
    const j = Math.floor((y - this.grid.lo[a]) / this.grid.h[a]);
    if (periodic) return ((j % n) + n) % n;
    return j < 0 ? 0 : j >= n ? n - 1 : j;
  }

  private push(a: number, j: number, f: number, s: number): void {
    const c = this.count[a];
    if (c === this.idx[a].length) {
      const grow = <T extends Int32Array | Float64Array>(arr: T, make: (n: number) => T): T => {
        const next = make(2 * arr.length);
        next.set(arr);
        return next;
      };
      this.idx[a] = grow(this.idx[a], (m) => new Int32Array(m));
      this.frac[a] = grow(this.frac[a], (m) => new Float64Array(m));
      this.mid[a] = grow(this.mid[a], (m) => new Float64Array(m));
    }
    this.idx[a][c] = j;
    this.frac[a][c] = f;
    this.mid[a][c] = s;
    this.count[a] = c + 1;
  }
}

const ZERO_I = Int32Array.of(0);
const ONE_F = Float64Array.of(1);
const ZERO_F = Float64Array.of(0);

/** Component a of ∇V at x (finite, else an InputError naming the point). */
function gradientComponent(
  gradV: GradientField,
  x: Float64Array,
  g: Float64Array,
  a: number,
): number {
  gradV(x, g);
  const v = g[a];
  if (!Number.isFinite(v)) {
    throw new InputError("V", `∇V is not finite at x = (${[...x].join(", ")}): ${v}`);
  }
  return v;
}

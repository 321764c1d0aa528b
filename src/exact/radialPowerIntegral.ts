import { requireNumber } from "../errors.js";
import { gaussLegendre, type QuadratureRule } from "../grid/gaussLegendre.js";
import type { Grid } from "../grid/grid.js";
import { gamma } from "./gamma.js";

/**
 * Integrals of the radial power profile f(x) = (r² − |x|²)₊^p over axis-aligned boxes in
 * d = 1, 2, 3 dimensions — the building block of exact Barenblatt cell averages (the
 * Barenblatt profile is A·(R² − |x|²)₊^p with p = 1/(m−1)).
 *
 * f has a kink (or, for p < 1, an infinite slope) on the sphere |x| = r, so plain tensor
 * Gauss–Legendre converges only algebraically in the cells cut by the front. Here the
 * integral is computed by nested 1D integration whose break points are known exactly:
 *
 * - Last axis, closed form: ∫_a^b (c − x²)₊^p dx = c^{p+½}∫ cos^{2p+1}θ dθ over
 *   θ ∈ [asin(a/√c), asin(b/√c)] (x = √c sinθ). For 2p+1 odd, a polynomial in sinθ
 *   integrated exactly by Gauss–Legendre in s = sinθ; for 2p+1 even, the reduction formula
 *   ∫cosⁿ = cosⁿ⁻¹θ sinθ/n + (n−1)/n ∫cosⁿ⁻²; otherwise a graded Gauss–Legendre rule (below).
 * - Outer axes: the inner integral, as a function of the outer coordinate x, is analytic
 *   except where the slice radius² r² − x² crosses a critical value q of the remaining box —
 *   the squared distance to the origin of the nearest point of one of its faces, edges or
 *   corners (Σ_{i∈S} e_i², e_i ∈ {lo_i, hi_i}, the other axes free and containing 0). There
 *   it behaves like |x − x*|^β with β ≥ p + ½. The interval is split at those points, and
 *   pieces ending at (or within half their length of) one are integrated with the
 *   sin²-transformed Gauss–Legendre rule x = u + (v−u)ψ(s), ψ(s) = s − sin(2πs)/(2π)
 *   (Sidi's sin^m transformation with m = 2; A. Sidi, Int. Ser. Numer. Math. 112 (1993)),
 *   which turns |x − x*|^β into s^{2β+2}; other pieces use plain Gauss–Legendre.
 *
 * Cells entirely inside the ball with integer p take a tensor Gauss–Legendre rule with p + 1
 * points per axis, exact for the polynomial (r² − |x|²)^p.
 */
export interface RadialPowerOptions {
  /** Gauss–Legendre points on smooth pieces (default 8). */
  smoothOrder?: number;
  /** Gauss–Legendre points on sin²-transformed pieces next to a break point (default 24). */
  singularOrder?: number;
}

export class RadialPowerIntegrator {
  /** n = 2p + 1, the exponent of cos θ in the chord integral. */
  private readonly n: number;
  private readonly kind: "odd" | "even" | "general";
  private readonly sRule: QuadratureRule | null;
  private readonly smooth: QuadratureRule;
  private readonly singular: { nodes: Float64Array; weights: Float64Array };
  private readonly generalRule: QuadratureRule;
  /** ∫_0^{π/2} cosⁿθ dθ = √π Γ((n+1)/2) / (2Γ(n/2+1)). */
  private readonly halfIntegral: number;

  constructor(
    readonly p: number,
    options: RadialPowerOptions = {},
  ) {
    requireNumber("p", p, { min: 0, exclusiveMin: true });
    const smoothOrder = options.smoothOrder ?? 8;
    const singularOrder = options.singularOrder ?? 24;
    requireNumber("smoothOrder", smoothOrder, { min: 1, max: 64, integer: true });
    requireNumber("singularOrder", singularOrder, { min: 1, max: 64, integer: true });
    const n = 2 * p + 1;
    this.n = n;
    const nInt = Math.abs(n - Math.round(n)) < 1e-14;
    this.kind = nInt ? (Math.round(n) % 2 === 1 ? "odd" : "even") : "general";
    this.sRule = this.kind === "odd" ? gaussLegendre(Math.round(p) + 1) : null;
    this.smooth = gaussLegendre(smoothOrder);
    const gl = gaussLegendre(singularOrder);
    // sin²-transformed rule on [0, 1]: nodes ψ(s_k), weights w_k ψ'(s_k).
    const nodes = new Float64Array(singularOrder);
    const weights = new Float64Array(singularOrder);
    for (let k = 0; k < singularOrder; k++) {
      const s = 0.5 * (gl.nodes[k] + 1);
      nodes[k] = s - Math.sin(2 * Math.PI * s) / (2 * Math.PI);
      weights[k] = 0.5 * gl.weights[k] * (1 - Math.cos(2 * Math.PI * s));
    }
    this.singular = { nodes, weights };
    this.generalRule = gaussLegendre(24);
    this.halfIntegral = (Math.sqrt(Math.PI) * gamma((n + 1) / 2)) / (2 * gamma(n / 2 + 1));
  }

  /** ∫_a^b (c − x²)₊^p dx. */
  chord(c: number, a: number, b: number): number {
    if (!(c > 0)) return 0;
    const r = Math.sqrt(c);
    const lo = Math.max(a, -r);
    const hi = Math.min(b, r);
    if (!(hi > lo)) return 0;
    const s0 = Math.max(-1, lo / r);
    const s1 = Math.min(1, hi / r);
    return Math.pow(r, this.n) * this.cosPower(s0, s1);
  }

  /** ∫_{asin s0}^{asin s1} cosⁿθ dθ = ∫_{s0}^{s1} (1 − s²)^p ds, −1 ≤ s0 ≤ s1 ≤ 1. */
  cosPower(s0: number, s1: number): number {
    if (this.kind === "odd") {
      const { nodes, weights } = this.sRule!;
      const half = 0.5 * (s1 - s0);
      const mid = 0.5 * (s1 + s0);
      const K = Math.round(this.p);
      let sum = 0;
      for (let k = 0; k < nodes.length; k++) {
        const s = mid + half * nodes[k];
        const w = (1 - s) * (1 + s);
        let v = 1;
        for (let j = 0; j < K; j++) v *= w;
        sum += weights[k] * v;
      }
      return half * sum;
    }
    if (this.kind === "even") return this.evenPrimitive(s1) - this.evenPrimitive(s0);
    return this.generalPrimitive(s1) - this.generalPrimitive(s0);
  }

  /** ∫_0^{asin s} cosⁿθ dθ for even n, by the reduction formula. */
  private evenPrimitive(s: number): number {
    const theta = Math.asin(s);
    const c = Math.sqrt((1 - s) * (1 + s));
    let J = theta;
    let cp = c; // c^{k−1}
    for (let k = 2; k <= this.n + 0.5; k += 2) {
      J = (cp * s) / k + ((k - 1) / k) * J;
      cp *= c * c;
    }
    return J;
  }

  /**
   * ∫_0^{asin s} cosⁿθ dθ for non-integer n: Gauss–Legendre (24 points) on [0, θ] if θ ≤ π/4
   * (cos θ ≥ 0.7, analytic integrand); otherwise half − ∫_0^{π/2−θ} sinⁿφ dφ with φ = Φu⁴,
   * which makes the endpoint behaviour u^{4n+3} (≥ u⁷) harmless for Gauss–Legendre.
   */
  private generalPrimitive(s: number): number {
    if (s < 0) return -this.generalPrimitive(-s);
    const theta = Math.asin(s);
    const { nodes, weights } = this.generalRule;
    const n = this.n;
    if (theta <= Math.PI / 4) {
      let sum = 0;
      for (let k = 0; k < nodes.length; k++) {
        sum += weights[k] * Math.pow(Math.cos(0.5 * theta * (nodes[k] + 1)), n);
      }
      return 0.5 * theta * sum;
    }
    const Phi = Math.PI / 2 - theta;
    let sum = 0;
    for (let k = 0; k < nodes.length; k++) {
      const u = 0.5 * (nodes[k] + 1);
      const u3 = u * u * u;
      sum += weights[k] * Math.pow(Math.sin(Phi * u3 * u), n) * 4 * u3;
    }
    return this.halfIntegral - 0.5 * Phi * sum;
  }

  /** ∫_box (r2 − |x|²)₊^p dx over the box [lo, hi] (1 to 3 axes). */
  box(r2: number, lo: ArrayLike<number>, hi: ArrayLike<number>): number {
    const d = lo.length;
    let minR2 = 0;
    let maxR2 = 0;
    for (let i = 0; i < d; i++) {
      minR2 += distance2(lo[i], hi[i]);
      maxR2 += Math.max(lo[i] * lo[i], hi[i] * hi[i]);
    }
    if (!(r2 > minR2)) return 0;
    if (maxR2 <= r2 && this.sRule) return this.polynomialBox(r2, lo, hi);
    return this.level(r2, lo, hi, 0);
  }

  /** Tensor Gauss–Legendre with p + 1 points per axis: exact for the polynomial (r2 − |x|²)^p. */
  private polynomialBox(r2: number, lo: ArrayLike<number>, hi: ArrayLike<number>): number {
    const { nodes, weights } = this.sRule!;
    const q = nodes.length;
    const d = lo.length;
    const K = Math.round(this.p);
    const total = q ** d;
    let sum = 0;
    let vol = 1;
    for (let a = 0; a < d; a++) vol *= 0.5 * (hi[a] - lo[a]);
    for (let j = 0; j < total; j++) {
      let r = j;
      let w = 1;
      let x2 = 0;
      for (let a = 0; a < d; a++) {
        const k = r % q;
        r = (r - k) / q;
        const x = 0.5 * (lo[a] + hi[a]) + 0.5 * (hi[a] - lo[a]) * nodes[k];
        x2 += x * x;
        w *= weights[k];
      }
      const base = r2 - x2;
      let v = 1;
      for (let i = 0; i < K; i++) v *= base;
      sum += w * v;
    }
    return vol * sum;
  }

  /** ∫ over axes axis..d−1 of the box of (r2 − Σ x_i²)₊^p. */
  private level(r2: number, lo: ArrayLike<number>, hi: ArrayLike<number>, axis: number): number {
    const d = lo.length;
    if (axis === d - 1) return this.chord(r2, lo[axis], hi[axis]);
    let minOther = 0;
    for (let i = axis + 1; i < d; i++) minOther += distance2(lo[i], hi[i]);
    if (!(r2 > minOther)) return 0;
    const rx = Math.sqrt(r2 - minOther);
    const a = Math.max(lo[axis], -rx);
    const b = Math.min(hi[axis], rx);
    if (!(b > a)) return 0;
    // Singular points ±√(r2 − q) of the inner integral along this axis (scratch per level,
    // since the recursion below reuses the deeper levels' buffers).
    const crit = this.critScratch[axis];
    const nCrit = criticalValues(lo, hi, axis + 1, crit);
    const sing = this.singScratch[axis];
    const cuts = this.cutScratch[axis];
    let nSing = 0;
    let nCuts = 0;
    cuts[nCuts++] = a;
    for (let c = 0; c < nCrit; c++) {
      if (r2 > crit[c]) {
        const x = Math.sqrt(r2 - crit[c]);
        sing[nSing++] = x;
        sing[nSing++] = -x;
        if (x > a && x < b) cuts[nCuts++] = x;
        if (-x > a && -x < b) cuts[nCuts++] = -x;
      }
    }
    cuts[nCuts++] = b;
    insertionSort(cuts, nCuts);
    let total = 0;
    for (let c = 0; c + 1 < nCuts; c++) {
      const u = cuts[c];
      const v = cuts[c + 1];
      if (!(v > u)) continue;
      const reach = 0.5 * (v - u);
      let graded = false;
      for (let j = 0; j < nSing && !graded; j++) {
        graded = Math.abs(sing[j] - u) <= reach || Math.abs(sing[j] - v) <= reach;
      }
      total += graded
        ? this.piece(r2, lo, hi, axis, u, v, this.singular, 0, 1)
        : this.piece(r2, lo, hi, axis, u, v, this.smooth, -1, 2);
    }
    return total;
  }

  // Work buffers of `level`, one per outer axis (≤ 3² critical values, 2 points each).
  private readonly critScratch = [new Float64Array(9), new Float64Array(9)];
  private readonly singScratch = [new Float64Array(18), new Float64Array(18)];
  private readonly cutScratch = [new Float64Array(20), new Float64Array(20)];

  /** Rule (nodes on [origin, origin + span]) applied to the inner integral on [u, v]. */
  private piece(
    r2: number,
    lo: ArrayLike<number>,
    hi: ArrayLike<number>,
    axis: number,
    u: number,
    v: number,
    rule: QuadratureRule,
    origin: number,
    span: number,
  ): number {
    const { nodes, weights } = rule;
    const len = v - u;
    let s = 0;
    for (let k = 0; k < nodes.length; k++) {
      const x = u + (len * (nodes[k] - origin)) / span;
      s += weights[k] * this.level(r2 - x * x, lo, hi, axis + 1);
    }
    return (s * len) / span;
  }
}

function insertionSort(a: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

/** Squared distance from 0 to the interval [lo, hi]. */
function distance2(lo: number, hi: number): number {
  if (lo > 0) return lo * lo;
  if (hi < 0) return hi * hi;
  return 0;
}

/**
 * Critical values of |y|² over the faces of the box [lo, hi] restricted to axes from..d−1:
 * Σ_{i∈S} e_i² with e_i ∈ {lo_i, hi_i}, the axes outside S being free (allowed only when
 * their interval contains 0, where the nearest point of the face lies). Written into `out`
 * (length ≥ 3^{d−from}); returns their number.
 */
function criticalValues(
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  from: number,
  out: Float64Array,
): number {
  out[0] = 0;
  let n = 1;
  for (let i = from; i < lo.length; i++) {
    const free = lo[i] <= 0 && hi[i] >= 0;
    const l2 = lo[i] * lo[i];
    const h2 = hi[i] * hi[i];
    const m = n;
    let w = m;
    for (let c = 0; c < m; c++) {
      const q = out[c];
      // A free axis keeps q in place; otherwise q is replaced by q + lo².
      if (free) out[w++] = q + l2;
      else out[c] = q + l2;
      out[w++] = q + h2;
    }
    n = w;
  }
  return n;
}

/**
 * ∫_{s·cell} (r2 − |x|²)₊^p dx for every cell of `grid` (cell scaled by s > 0 about the
 * origin; s = 1 for the plain cells). The profile is invariant under x_a → −x_a and under
 * permutations of axes, so on grids symmetric about 0 each orbit of cells (up to 2^d·d!
 * cells) is integrated once and copied: the result is exactly symmetric and up to 48× cheaper
 * in 3D.
 */
export function radialBoxIntegrals(
  grid: Grid,
  r2: number,
  integrator: RadialPowerIntegrator,
  s = 1,
): Float64Array {
  const d = grid.dim;
  const out = new Float64Array(grid.size);
  if (!(r2 > 0)) return out;
  const symmetric = grid.lo.map((lo, a) => Math.abs(lo + grid.hi[a]) <= 1e-12 * (grid.hi[a] - lo));
  // Axes that can be permuted: same cells and both symmetric.
  const sameAxes = (a: number, b: number): boolean =>
    symmetric[a] && symmetric[b] && grid.n[a] === grid.n[b] && grid.lo[a] === grid.lo[b];
  const cache = new Map<number, number>();
  const idx = new Int32Array(d);
  const can = new Int32Array(d);
  const lo = new Float64Array(d);
  const hi = new Float64Array(d);
  for (let c = 0; c < grid.size; c++) {
    grid.unravel(c, idx);
    let min2 = 0;
    for (let a = 0; a < d; a++) {
      const l = s * (grid.lo[a] + idx[a] * grid.h[a]);
      const u = l + s * grid.h[a];
      const dist = l > 0 ? l : u < 0 ? -u : 0;
      min2 += dist * dist;
    }
    if (min2 >= r2) continue;
    for (let a = 0; a < d; a++) {
      const i = idx[a];
      can[a] = symmetric[a] ? Math.max(i, grid.n[a] - 1 - i) : i;
    }
    // Sort canonical indices within groups of interchangeable axes (d ≤ 3: bubble sort).
    for (let pass = 0; pass < d; pass++)
      for (let a = 0; a + 1 < d; a++)
        if (sameAxes(a, a + 1) && can[a] > can[a + 1]) {
          const tmp = can[a];
          can[a] = can[a + 1];
          can[a + 1] = tmp;
        }
    let key = 0;
    for (let a = 0; a < d; a++) key += can[a] * grid.strides[a];
    let v = cache.get(key);
    if (v === undefined) {
      for (let a = 0; a < d; a++) {
        lo[a] = s * (grid.lo[a] + can[a] * grid.h[a]);
        hi[a] = lo[a] + s * grid.h[a];
      }
      v = integrator.box(r2, lo, hi);
      cache.set(key, v);
    }
    out[c] = v;
  }
  return out;
}

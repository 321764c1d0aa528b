import { InputError } from "../errors.js";

/**
 * The potential U(x) of a particle sampler, as a point function with its gradient, evaluated
 * at every particle of a cloud (positions row-major N×dim).
 */
export interface ParticlePotential {
  readonly dim: number;
  /** How ∇U is computed: "exact" (closed form) or "central differences". */
  readonly gradientMethod: string;
  /** U at one point x (dim entries from x[offset]). */
  value(x: Float64Array, offset: number): number;
  /** ∇U at the first `count` particles of `positions`, written row-major into `out`. */
  gradients(positions: Float64Array, count: number, out: Float64Array): void;
}

/** A point function V with, optionally, its exact gradient (the potential registry's form). */
export interface PointFunction {
  V: (x: ArrayLike<number>) => number;
  gradient?: (x: ArrayLike<number>, out: Float64Array) => void;
}

/** ε^{1/3} for ε = 2⁻⁵²: the step of the central differences, relative to max(1, |x_a|). */
export const DIFFERENCE_STEP = Math.cbrt(2 ** -52);

/**
 * U(x) = Σ_k w_k V_k(x), a weighted sum of point potentials.
 *
 * Gradient: each term's exact gradient when it has one; otherwise central differences
 * ∂_a V ≈ (V(x + δe_a) − V(x − δe_a))/(2δ) with δ = ε^{1/3}·max(1, |x_a|) ≈ 6.1·10⁻⁶·max(1, |x_a|)
 * (the step written back as (x_a + δ) − x_a so it is exactly representable). The error is
 * δ²|∂³V|/6 (truncation) + ε|V|/δ (rounding of V), ≈ 4·10⁻¹¹·(|∂³V| + |V|) at |x| ≤ 1: about
 * ten correct digits where V is smooth on the scale δ (2·dim evaluations of V per particle).
 */
export class WeightedPotential implements ParticlePotential {
  readonly gradientMethod: string;
  private readonly x: Float64Array;
  private readonly g: Float64Array;

  constructor(
    readonly dim: number,
    private readonly terms: readonly { weight: number; f: PointFunction }[],
  ) {
    this.x = new Float64Array(dim);
    this.g = new Float64Array(dim);
    const exact = terms.every((t) => t.f.gradient !== undefined);
    this.gradientMethod = exact ? "exact" : "central differences";
  }

  value(x: Float64Array, offset: number): number {
    const p = this.x;
    for (let a = 0; a < this.dim; a++) p[a] = x[offset + a];
    let s = 0;
    for (const { weight, f } of this.terms) s += weight * f.V(p);
    return s;
  }

  gradients(positions: Float64Array, count: number, out: Float64Array): void {
    const dim = this.dim;
    const p = this.x;
    const g = this.g;
    out.fill(0, 0, count * dim);
    for (const { weight, f } of this.terms) {
      if (weight === 0) continue;
      for (let k = 0; k < count; k++) {
        const o = k * dim;
        for (let a = 0; a < dim; a++) p[a] = positions[o + a];
        if (f.gradient) f.gradient(p, g);
        else centralGradient(f.V, p, g);
        for (let a = 0; a < dim; a++) {
          const v = g[a];
          if (!Number.isFinite(v)) {
            throw new InputError(
              "energy",
              `∇V is not finite at x = (${Array.from(p).join(", ")}): the potential must be ` +
                "smooth and finite on the whole box",
            );
          }
          out[o + a] += weight * v;
        }
      }
    }
  }
}

/** Central differences of V at p (restored on return), into g (see WeightedPotential). */
function centralGradient(
  V: (x: ArrayLike<number>) => number,
  p: Float64Array,
  g: Float64Array,
): void {
  for (let a = 0; a < p.length; a++) {
    const x = p[a];
    const d = x + DIFFERENCE_STEP * Math.max(1, Math.abs(x)) - x;
    p[a] = x + d;
    const vp = V(p);
    p[a] = x - d;
    const vm = V(p);
    p[a] = x;
    g[a] = (vp - vm) / (2 * d);
  }
}

/**
 * U(x) = ½xᵀAx − bᵀx (+ const), A symmetric, with the exact linear gradient Ax − b: the sum
 * of weighted quadratic potentials w_k·½(x − c_k)ᵀA_k(x − c_k) (A = Σ w_k A_k,
 * b = Σ w_k A_k c_k; no term: U ≡ 0). The samplers' fast path (one multiply–add per
 * coordinate in 1D).
 */
export class LinearGradientPotential implements ParticlePotential {
  readonly gradientMethod = "exact";
  private readonly A: Float64Array;
  private readonly b: Float64Array;

  constructor(
    readonly dim: number,
    A: readonly (readonly number[])[],
    b: readonly number[],
  ) {
    this.A = Float64Array.from(A.flat());
    this.b = Float64Array.from(b);
  }

  /** Σ w_k·½(x − c_k)ᵀA_k(x − c_k) as one linear-gradient potential. */
  static fromQuadratics(
    dim: number,
    terms: readonly {
      weight: number;
      A: readonly (readonly number[])[];
      center: readonly number[];
    }[],
  ): LinearGradientPotential {
    const A = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
    const b = new Array<number>(dim).fill(0);
    for (const t of terms) {
      for (let i = 0; i < dim; i++) {
        for (let j = 0; j < dim; j++) {
          A[i][j] += t.weight * t.A[i][j];
          b[i] += t.weight * t.A[i][j] * t.center[j];
        }
      }
    }
    return new LinearGradientPotential(dim, A, b);
  }

  value(x: Float64Array, offset: number): number {
    const d = this.dim;
    let s = 0;
    for (let i = 0; i < d; i++) {
      let ax = 0;
      for (let j = 0; j < d; j++) ax += this.A[i * d + j] * x[offset + j];
      s += x[offset + i] * (0.5 * ax - this.b[i]);
    }
    return s;
  }

  gradients(positions: Float64Array, count: number, out: Float64Array): void {
    const d = this.dim;
    const A = this.A;
    const b = this.b;
    if (d === 1) {
      const a = A[0];
      const b0 = b[0];
      for (let k = 0; k < count; k++) out[k] = a * positions[k] - b0;
      return;
    }
    for (let k = 0; k < count; k++) {
      const o = k * d;
      for (let i = 0; i < d; i++) {
        let s = -b[i];
        for (let j = 0; j < d; j++) s += A[i * d + j] * positions[o + j];
        out[o + i] = s;
      }
    }
  }

  /** The 1D coefficients (a, b) of ∇U = a·x − b, for the samplers' fused 1D loops. */
  get scalar(): { a: number; b: number } | null {
    return this.dim === 1 ? { a: this.A[0], b: this.b[0] } : null;
  }
}

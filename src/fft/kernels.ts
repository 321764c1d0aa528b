import { InputError, requireNumber } from "../errors.js";
import type { Kernel } from "./kernel.js";
import { homogeneousOriginAverage } from "./originAverage.js";

/** −log(1e-20): kernels are treated as zero beyond the distance where they fall below 1e-20. */
const TAIL = 20 * Math.LN10;

/**
 * Gaussian kernel K(x) = exp(−|x|²/(2σ²)), unnormalised (K(0) = 1), the MMD kernel of
 * docs/exact-solutions.md §0/§F. Its Fourier transform is (2πσ²)^{d/2} exp(−σ²|ω|²/2).
 * The Gibbs kernel exp(−|x|²/ε) of entropic transport is `new GaussianKernel(Math.sqrt(ε/2))`.
 */
export class GaussianKernel implements Kernel {
  readonly name: string;
  readonly range: number;
  private readonly c: number;

  constructor(readonly sigma: number) {
    requireNumber("kernel.sigma", sigma, { min: 0, exclusiveMin: true });
    this.name = `gaussian(σ=${sigma})`;
    this.range = sigma * Math.sqrt(2 * TAIL);
    this.c = 1 / (2 * sigma * sigma);
  }

  get spec(): Record<string, unknown> {
    return { type: "gaussian", sigma: this.sigma };
  }

  value(r2: number): number {
    return Math.exp(-r2 * this.c);
  }
}

/**
 * Laplace (Matérn-½) kernel K(x) = exp(−|x|/σ), unnormalised. Positive definite in every
 * dimension; not differentiable at 0 (its first variation has a kink at each atom).
 */
export class LaplaceKernel implements Kernel {
  readonly name: string;
  readonly range: number;

  constructor(readonly sigma: number) {
    requireNumber("kernel.sigma", sigma, { min: 0, exclusiveMin: true });
    this.name = `laplace(σ=${sigma})`;
    this.range = sigma * TAIL;
  }

  get spec(): Record<string, unknown> {
    return { type: "laplace", sigma: this.sigma };
  }

  value(r2: number): number {
    return Math.exp(-Math.sqrt(r2) / this.sigma);
  }
}

/**
 * Inverse multiquadric K(x) = (c² + |x|²)^{−β}, c > 0, β > 0 (β = ½ is the classical IMQ).
 * Positive definite; decays only algebraically, so periodic convolutions use the minimum
 * image (range = Infinity).
 */
export class InverseMultiquadricKernel implements Kernel {
  readonly name: string;
  readonly range = Infinity;
  private readonly c2: number;

  constructor(
    readonly c: number,
    readonly beta = 0.5,
  ) {
    requireNumber("kernel.c", c, { min: 0, exclusiveMin: true });
    requireNumber("kernel.beta", beta, { min: 0, exclusiveMin: true });
    this.name = beta === 0.5 ? `imq(c=${c})` : `imq(c=${c}, β=${beta})`;
    this.c2 = c * c;
  }

  get spec(): Record<string, unknown> {
    return { type: "imq", c: this.c, beta: this.beta };
  }

  value(r2: number): number {
    return (this.c2 + r2) ** -this.beta;
  }
}

/**
 * Attractive–repulsive power law W(x) = |x|^a/a − |x|^b/b with a > b > −d (local
 * integrability); an exponent 0 stands for log|x| (the limit of (|x|^e − 1)/e). Attractive at
 * long range (|x|^a/a), repulsive at short range (−|x|^b/b). The seeds' example
 * W = |x|⁴/4 − |x|²/2 is `new PowerLawKernel(4, 2, d)`; its minimisers are uniform on a
 * sphere of radius √(d/(2(d+1))) (docs/exact-solutions.md §G).
 *
 * Carrillo–Chipot–Huang, Phil. Trans. R. Soc. A 372 (2014); Balagué–Carrillo–Laurent–Raoul,
 * ARMA 209 (2013).
 *
 * When an exponent is ≤ 0 the kernel is singular at 0 and the zero-displacement entry of the
 * sampled kernel is its exact cell average (see homogeneousOriginAverage).
 */
export class PowerLawKernel implements Kernel {
  readonly name: string;
  readonly range = Infinity;
  /** [c₀, c₁, c₂] when a, b ∈ {2, 4}: |x|^a/a − |x|^b/b is then a polynomial in |x|² (Kernel). */
  readonly radialPolynomial: readonly number[] | null;

  constructor(
    readonly a: number,
    readonly b: number,
    readonly dim: number,
  ) {
    requireNumber("kernel.dim", dim, { min: 1, max: 3, integer: true });
    requireNumber("kernel.b", b, { min: -dim, exclusiveMin: true });
    requireNumber("kernel.a", a);
    if (!(a > b)) {
      throw new InputError("kernel.a", `must be > kernel.b = ${b} (a > b > −d), got ${a}`);
    }
    this.name = `powerlaw(a=${a}, b=${b})`;
    this.radialPolynomial = polynomialPowerLaw(a, b);
  }

  get spec(): Record<string, unknown> {
    return { type: "powerlaw", a: this.a, b: this.b };
  }

  value(r2: number): number {
    return term(r2, this.a) - term(r2, this.b);
  }

  /** True when K(0) is not finite (an exponent ≤ 0). */
  get singular(): boolean {
    return this.b <= 0;
  }

  originAverage(h: readonly number[]): number {
    // Both terms averaged over the cell (the a-term is continuous, but averaging it too keeps
    // the origin entry a cell average of W).
    return homogeneousOriginAverage(h, this.a) - homogeneousOriginAverage(h, this.b);
  }
}

/** The coefficients of |x|^a/a − |x|^b/b in powers of r² = |x|², if a, b ∈ {2, 4}; else null. */
function polynomialPowerLaw(a: number, b: number): readonly number[] | null {
  if (!(a === 2 || a === 4) || !(b === 2 || b === 4)) return null;
  const c = [0, 0, 0];
  c[a / 2] += 1 / a;
  c[b / 2] -= 1 / b;
  return c;
}

/** |x|^e / e for e ≠ 0, log|x| for e = 0, from r2 = |x|². */
function term(r2: number, e: number): number {
  return e === 0 ? 0.5 * Math.log(r2) : r2 ** (e / 2) / e;
}

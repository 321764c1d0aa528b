/**
 * A radial convolution kernel K(x) = k(|x|²) on ℝ^d, as used by interaction energies
 * ½∫∫W(x−y)ρ(x)ρ(y), the MMD energy and the Gibbs kernel of entropic transport.
 *
 * Kernels are even (K(−x) = K(x)), so the spectrum of a kernel sampled on symmetric grid
 * displacements is real; the convolver relies on this.
 */
export interface Kernel {
  /** Short name with parameters, e.g. "gaussian(σ=0.5)". */
  readonly name: string;
  /** Plain-data parameters for summary.json. */
  readonly spec: Record<string, unknown>;
  /** K at squared distance r2 = |x|² ≥ 0. May be non-finite at r2 = 0 for singular kernels. */
  value(r2: number): number;
  /**
   * A distance beyond which |K| ≤ 1e-20·max|K| (exponentially decaying kernels), or Infinity
   * for kernels that do not decay fast. A finite range lets the periodic convolver sum the
   * periodic images Σ_m K(x + mL); with Infinity it uses the minimum image only.
   */
  readonly range: number;
  /**
   * For kernels singular at the origin (K(0) not finite): the average of K over the cell
   * Π_a[−h_a/2, h_a/2] centred at 0, used for the self-interaction (zero-displacement) entry.
   */
  originAverage?(h: readonly number[]): number;
  /**
   * For kernels that are polynomials in r² of degree ≤ 2, K = c₀ + c₁r² + c₂r⁴: [c₀, c₁, c₂]
   * (the convolution is then a polynomial in x with moments of ρ as coefficients:
   * momentConvolver.ts). Absent or null otherwise.
   */
  readonly radialPolynomial?: readonly number[] | null;
}

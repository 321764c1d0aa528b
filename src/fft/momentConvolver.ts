import type { Grid } from "../grid/grid.js";
import type { Kernel } from "./kernel.js";

/**
 * The discrete convolution of the Convolver, (K*ρ)_i = Σ_j K(x_i − x_j) ρ_j |cell| over a
 * box with no-flux (linear, non-periodic) axes, for a kernel that is a polynomial of degree
 * ≤ 2 in r² = |x|²:
 *
 *   K(x) = c₀ + c₁|x|² + c₂|x|⁴      (e.g. the power law |x|⁴/4 − |x|²/2: c = [0, −½, ¼]).
 *
 * Expanding |x − y|² = |x|² − 2x·y + |y|² turns the sum into a polynomial in x_i whose
 * coefficients are moments of ρ up to order 4 (coordinates z = x − the box centre, to keep
 * the terms of the expansion small):
 *
 *   Σ_j ρ_j|cell| |x − y_j|²  = M₀|x|² − 2x·M₁ + S₂,
 *   Σ_j ρ_j|cell| |x − y_j|⁴  = M₀|x|⁴ + 4xᵀM₂x + S₄ − 4|x|² x·M₁ + 2|x|²S₂ − 4x·M₃,
 *
 * M₀ = Σρ|cell|, M₁ = Σρ y|cell|, M₂ = Σρ yyᵀ|cell|, S₂ = tr M₂, M₃ = Σρ|y|²y|cell|,
 * S₄ = Σρ|y|⁴|cell|. One pass for the moments and one for the values: O(N) instead of the
 * FFT's O(N log N) on a padded box (2^d times the cells), with the same result up to
 * rounding (the sums are the same finite sums, regrouped; test/fft/momentConvolver.test.ts
 * bounds the difference by the FFT's own rounding scale). This is the midpoint-rule
 * convolution the Convolver computes (point values K(x_i − x_j); the kernel is not singular,
 * so there is no cell-average origin entry), and ξ = K*ρ stays the exact gradient of the
 * discrete interaction energy.
 */
export class MomentConvolver {
  /** Cell-centre coordinates relative to the box centre, per axis. */
  private readonly z: Float64Array[];

  constructor(
    readonly grid: Grid,
    readonly kernel: Kernel,
    /** c₀, c₁, c₂ of K(x) = Σ c_k |x|^{2k} (missing entries are 0). */
    readonly coefficients: readonly number[],
  ) {
    if (coefficients.length > 3) {
      throw new Error(`MomentConvolver: degree ≤ 2 in |x|², got ${coefficients.length - 1}`);
    }
    this.z = grid.n.map((na, a) => {
      const mid = 0.5 * (grid.lo[a] + grid.hi[a]);
      return Float64Array.from({ length: na }, (_, i) => grid.center(a, i) - mid);
    });
  }

  /** out = K*ρ (as Convolver.apply). `out` may be the same array as `field`. */
  apply(field: Float64Array, out: Float64Array): void {
    const g = this.grid;
    g.checkLength("convolution input", field);
    g.checkLength("convolution output", out);
    const d = g.dim;
    const [c0 = 0, c1 = 0, c2 = 0] = this.coefficients;
    const z0 = this.z[0];
    const z1 = d > 1 ? this.z[1] : ZERO;
    const z2 = d > 2 ? this.z[2] : ZERO;
    const n1 = d > 1 ? g.n[1] : 1;
    const n2 = d > 2 ? g.n[2] : 1;
    // Moments of ρ (without |cell|, applied to the result): M₀, M₁ = (a0, a1, a2),
    // M₂ = (q00 q01 q02; q01 q11 q12; q02 q12 q22), M₃ = (t0, t1, t2), S₄.
    let m0 = 0;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let q00 = 0;
    let q11 = 0;
    let q22 = 0;
    let q01 = 0;
    let q02 = 0;
    let q12 = 0;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let s4 = 0;
    let p = 0;
    for (let i = 0; i < g.n[0]; i++) {
      const x = z0[i];
      for (let j = 0; j < n1; j++) {
        const y = z1[j];
        for (let k = 0; k < n2; k++, p++) {
          const w = field[p];
          if (w === 0) continue;
          const u = z2[k];
          const r2 = x * x + y * y + u * u;
          m0 += w;
          a0 += w * x;
          a1 += w * y;
          a2 += w * u;
          q00 += w * x * x;
          q11 += w * y * y;
          q22 += w * u * u;
          q01 += w * x * y;
          q02 += w * x * u;
          q12 += w * y * u;
          const wr2 = w * r2;
          t0 += wr2 * x;
          t1 += wr2 * y;
          t2 += wr2 * u;
          s4 += wr2 * r2;
        }
      }
    }
    const v = g.cellVolume;
    const s2 = q00 + q11 + q22;
    p = 0;
    for (let i = 0; i < g.n[0]; i++) {
      const x = z0[i];
      for (let j = 0; j < n1; j++) {
        const y = z1[j];
        for (let k = 0; k < n2; k++, p++) {
          const u = z2[k];
          const r2 = x * x + y * y + u * u;
          const xm1 = x * a0 + y * a1 + u * a2;
          const second = m0 * r2 - 2 * xm1 + s2;
          let value = c0 * m0 + c1 * second;
          if (c2 !== 0) {
            const xqx =
              x * x * q00 +
              y * y * q11 +
              u * u * q22 +
              2 * (x * y * q01 + x * u * q02 + y * u * q12);
            const xm3 = x * t0 + y * t1 + u * t2;
            const fourth = m0 * r2 * r2 + 4 * xqx + s4 - 4 * r2 * xm1 + 2 * r2 * s2 - 4 * xm3;
            value += c2 * fourth;
          }
          out[p] = v * value;
        }
      }
    }
  }
}

const ZERO = new Float64Array(1);

import { describe, expect, it } from "vitest";
import { Convolver, convolverFor } from "../../src/fft/convolver.js";
import { directConvolution } from "../../src/fft/direct.js";
import { GaussianKernel, PowerLawKernel } from "../../src/fft/kernels.js";
import { MomentConvolver } from "../../src/fft/momentConvolver.js";
import { Grid } from "../../src/grid/grid.js";
import { relMaxError } from "./relMaxError.js";
import { lcg } from "../ot/lcg.js";

/**
 * MomentConvolver (src/fft/momentConvolver.ts) evaluates the Convolver's midpoint-rule sum
 * (K*ρ)_i = Σ_j K(x_i − x_j) ρ_j |cell| for K = |x|⁴/4 − |x|²/2 from moments of ρ. It must
 * equal the direct O(N²) sum and the FFT convolver to rounding. Bound: every term of the
 * expansion is at most (2R)⁴·M₀ in size (R the largest |z|, z the coordinates about the box
 * centre), the sums have N terms, so the error is ≲ N·ε·(2R)⁴·M₀; on these boxes (2R)⁴ ≤ 64²
 * relative to results of order R⁴M₀, i.e. ≲ 1e-12 of max|K*ρ| for N ≤ 10⁴ — the same bound
 * the FFT convolver is held to in convolver.test.ts. Measured (2026-12-04): 1.3e-15 to 3.4e-15
 * against the direct sum, where the FFT convolver has 0.6e-15 to 2.6e-15. Boxes off the origin
 * (the coordinates are centred), 1D to 3D, densities with empty cells.
 */

const BOXES: { n: number[]; lo: number[]; hi: number[] }[] = [
  { n: [300], lo: [-2], hi: [2] },
  { n: [257], lo: [3], hi: [5.5] },
  { n: [40, 33], lo: [-2, -2], hi: [2, 2] },
  { n: [31, 48], lo: [10, -3], hi: [11.5, -1] },
  { n: [12, 9, 10], lo: [-1, 0, 2], hi: [1, 1.5, 3] },
];

describe("MomentConvolver (polynomial kernels from moments of ρ)", () => {
  it("equals the direct sum and the FFT convolver to rounding, 1D–3D, boxes off the origin", () => {
    const rand = lcg(20_261_204);
    for (const box of BOXES) {
      const grid = new Grid(box);
      const kernel = new PowerLawKernel(4, 2, grid.dim);
      // Random cell values with about a quarter of the cells empty.
      const rho = grid.sample(() => (rand() < 0.25 ? 0 : rand()));
      const moments = grid.zeros();
      new MomentConvolver(grid, kernel, kernel.radialPolynomial!).apply(rho, moments);
      const direct = grid.zeros();
      directConvolution(grid, kernel, rho, direct, "linear");
      const fft = grid.zeros();
      new Convolver(grid, kernel, { mode: "linear" }).apply(rho, fft);
      expect(relMaxError(moments, direct), JSON.stringify(box.n)).toBeLessThan(1e-12);
      expect(relMaxError(moments, fft), JSON.stringify(box.n)).toBeLessThan(1e-12);
    }
  });

  it("output may alias the input", () => {
    const grid = new Grid({ n: [20, 16], lo: [-1, -1], hi: [1, 1] });
    const kernel = new PowerLawKernel(4, 2, 2);
    const conv = new MomentConvolver(grid, kernel, kernel.radialPolynomial!);
    const rand = lcg(7);
    const rho = grid.sample(() => rand());
    const a = grid.zeros();
    conv.apply(rho, a);
    conv.apply(rho, rho);
    expect(Array.from(rho)).toEqual(Array.from(a));
  });

  it("convolverFor takes it for |x|⁴/4 − |x|²/2 on no-flux boxes only", () => {
    const noflux = new Grid({ n: [16, 16], lo: [-1, -1], hi: [1, 1] });
    const periodic = new Grid({ n: [16, 16], lo: [-1, -1], hi: [1, 1], boundary: "periodic" });
    const power = new PowerLawKernel(4, 2, 2);
    expect(power.radialPolynomial).toEqual([0, -0.5, 0.25]);
    expect(new PowerLawKernel(4, 1, 2).radialPolynomial).toBeNull();
    expect(new PowerLawKernel(2, 0, 2).radialPolynomial).toBeNull();
    expect(convolverFor(noflux, power)).toBeInstanceOf(MomentConvolver);
    expect(convolverFor(periodic, power)).toBeInstanceOf(Convolver);
    expect(convolverFor(noflux, power, { mode: "periodic" })).toBeInstanceOf(Convolver);
    expect(convolverFor(noflux, new GaussianKernel(0.3))).toBeInstanceOf(Convolver);
  });
});

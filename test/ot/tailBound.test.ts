import { describe, expect, it } from "vitest";
import { Grid } from "../../src/grid/grid.js";
import { TailControl } from "../../src/ot/scalingRange.js";
import { SeparableGibbsKernel } from "../../src/ot/separableGibbsKernel.js";

/**
 * The truncation bound of TailControl (scalingRange.ts): the plan mass on the pairs the
 * separable kernel drops, Σ_{dropped (i,j)} a_i K_ij b_j, is ≤ N·max a·max b·R with
 * R = Σ_a t_a Π_{b≠a} S_b, and TailControl picks widths with that ≤ 1e-15·M. Checked by
 * brute force over all N² pairs (a sum of positive terms: no cancellation, relative rounding
 * ~N²·2⁻⁵³ ≈ 1e-11) on constant scalings — the worst case for given maxima — on a grid where
 * the previous bound N²·max a·max b·e^{−T} (plus its margin of 10) asks for wider bands.
 * Measured: 40², ε = 4h²: half-width 11 (previous rule 14), dropped/M = 1.9e-16; 32², ε = h²:
 * 5 (previous 7), 4.3e-16.
 */

function droppedMass(grid: Grid, kernel: SeparableGibbsKernel, a: number, b: number): number {
  const [nx, ny] = grid.n;
  const [kx, ky] = kernel.kappa;
  const [wx, wy] = kernel.halfWidths;
  let s = 0;
  for (let i0 = 0; i0 < nx; i0++)
    for (let i1 = 0; i1 < ny; i1++)
      for (let j0 = 0; j0 < nx; j0++)
        for (let j1 = 0; j1 < ny; j1++) {
          const d0 = i0 - j0;
          const d1 = i1 - j1;
          if (Math.abs(d0) > wx || Math.abs(d1) > wy) {
            s += a * b * Math.exp(-kx * d0 * d0 - ky * d1 * d1);
          }
        }
  return s;
}

function fullMass(grid: Grid, kernel: SeparableGibbsKernel, a: number, b: number): number {
  const row = (n: number, k: number): number => {
    let t = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t += Math.exp(-k * (i - j) ** 2);
    return t;
  };
  return a * b * row(grid.n[0], kernel.kappa[0]) * row(grid.n[1], kernel.kappa[1]);
}

describe("TailControl truncation bound", () => {
  for (const [n, c] of [
    [40, 4],
    [32, 1],
  ] as const) {
    it(`${n}×${n}, ε = ${c}h²: dropped mass < 1e-15·M with narrower bands than N²·e^{−T}`, () => {
      const grid = new Grid({ n: [n, n], lo: [0, 0], hi: [1, 1] });
      const h = 1 / n;
      const kernel = new SeparableGibbsKernel(grid, c * h * h);
      const N = grid.size;
      const A = 1e3;
      const B = 1e-2;
      const M = fullMass(grid, kernel, A, B); // the plan mass with the full kernel
      const control = new TailControl(kernel, N, M);
      expect(control.update(A, B)).toBe(true);
      const w = kernel.halfWidths[0];
      const dropped = droppedMass(grid, kernel, A, B);
      expect(dropped).toBeLessThan(1e-15 * M);
      // The inequality itself: dropped ≤ N·max a·max b·R.
      const S = kernel.kappa.map((k) => 1 + Math.sqrt(Math.PI / k));
      const bound = N * A * B * Math.exp(TailControl.logDroppedRowSum(kernel, S));
      expect(dropped).toBeLessThanOrEqual(bound);
      // The previous rule: T = log(max a·max b) + 2 log N + log(1e15/M) + 5, plus 10.
      const old = new SeparableGibbsKernel(grid, c * h * h);
      old.setTail(Math.log(A * B) + 2 * Math.log(N) + Math.log(1e15 / M) + 15);
      expect(old.halfWidths[0]).toBeGreaterThan(w);
      // Constant scalings are the worst case: the bound is tight there (measured ratio 0.53
      // for both grids; 1/10 allows for the walls, where rows have fewer dropped pairs).
      expect(dropped).toBeGreaterThan(bound / 10);
    });
  }
});

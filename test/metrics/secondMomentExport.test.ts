/**
 * The package entry exports the second moment of metrics/moments.ts, which accepts
 * { center, cellAverageCorrection }, and keeps the two-argument centre rule of grid/density.ts
 * as `secondMomentRaw` (issue 10: the entry used to export the grid one, which shadowed the
 * metrics one and silently ignored `{ cellAverageCorrection: true }`).
 */
import { describe, expect, it } from "vitest";
import { Gaussian, Grid, secondMoment, secondMomentRaw } from "../../src/index.js";

describe("secondMoment from the package entry", () => {
  // 2D Gaussian, mass 1.6, mean (0.3, −0.2), Σ = diag(0.5, 0.3): ∫|x|²ρ = M(|μ|² + tr Σ) = 1.488.
  const g = new Gaussian(
    [0.3, -0.2],
    [
      [0.5, 0],
      [0, 0.3],
    ],
    1.6,
  );
  const grid = new Grid({ n: [48, 40], lo: [-6, -5], hi: [6, 5] });
  const avg = g.cellAverages(grid);

  it("applies { cellAverageCorrection: true }: the h²/12 bias is removed", () => {
    const raw = secondMoment(grid, avg);
    const corrected = secondMoment(grid, avg, { cellAverageCorrection: true });
    // The bias of the centre rule on cell averages is M Σ_a h_a²/12 = 0.0167 here (EXACT.md
    // §0.1); the difference is computed from the same sums, so it matches to rounding (1e-14).
    const bias = (1.6 * (grid.h[0] ** 2 + grid.h[1] ** 2)) / 12;
    expect(Math.abs(raw - corrected - bias)).toBeLessThan(1e-14);
    // Corrected = the continuous moment up to aliasing e^{−2π²σ²/h²} ≈ 1e-34 (h = 0.25 ≈ σ/2.2,
    // box ≥ 8σ) and the rounding of the cell averages and of a 1920-term sum (worst case
    // 1920·1.1e-16·1.5 ≈ 3e-13; measured 2.5e-14 and 2.1e-14 about the mean): bound 1e-13.
    // The option ignored (the old export) leaves it off by the bias, 0.0167.
    expect(Math.abs(corrected - g.secondMoment())).toBeLessThan(1e-13);
    // About the mean: M tr Σ = 1.28.
    expect(
      Math.abs(
        secondMoment(grid, avg, { center: [0.3, -0.2], cellAverageCorrection: true }) - 1.28,
      ),
    ).toBeLessThan(1e-13);
  });

  it("two arguments: identical to the raw centre rule, still exported as secondMomentRaw", () => {
    // Same terms summed in the same order: equal to the bit.
    expect(secondMoment(grid, avg)).toBe(secondMomentRaw(grid, avg));
    expect(Math.abs(secondMomentRaw(grid, avg) - g.secondMoment() - 1.6 / 96)).toBeLessThan(1e-13);
  });
});

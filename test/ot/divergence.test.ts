import { describe, expect, it } from "vitest";
import { Grid } from "../../src/grid/grid.js";
import { sinkhornDivergence } from "../../src/ot/divergence.js";

function density(grid: Grid, f: (x: Float64Array) => number): Float64Array {
  const r = grid.sample(f);
  let s = 0;
  for (const v of r) s += v;
  s *= grid.cellVolume;
  return r.map((v) => v / s);
}

describe("Sinkhorn divergence", () => {
  const grid = new Grid({ n: [40, 40], lo: [-2, -2], hi: [2, 2] });
  const eps = 2 * grid.h[0] ** 2;
  const a = density(grid, (x) => Math.exp(-(x[0] ** 2 + x[1] ** 2) / 0.3));
  const b = density(grid, (x) => Math.exp(-((x[0] - 0.5) ** 2 + (x[1] + 0.2) ** 2) / 0.2));

  it("S_ε(α, α) = 0 to 1e-10", () => {
    expect(Math.abs(sinkhornDivergence(grid, a, a, eps).divergence)).toBeLessThan(1e-10);
  });

  it("is symmetric, positive and close to W₂² for small ε", () => {
    const ab = sinkhornDivergence(grid, a, b, eps, { tol: 1e-11 });
    const ba = sinkhornDivergence(grid, b, a, eps, { tol: 1e-11 });
    expect(Math.abs(ab.divergence - ba.divergence)).toBeLessThan(1e-9);
    expect(ab.divergence).toBeGreaterThan(0);
    // Gaussians N(0, 0.15 I) → N((0.5, −0.2), 0.1 I): W₂² = |Δμ|² + 2(√0.15 − √0.1)²;
    // the debiased divergence differs by O(ε²) plus the O(h²) cell-centre discretisation.
    const w2 = 0.29 + 2 * (Math.sqrt(0.15) - Math.sqrt(0.1)) ** 2;
    expect(Math.abs(ab.divergence - w2)).toBeLessThan(0.01 * w2);
  });

  it("refuses unequal masses", () => {
    expect(() =>
      sinkhornDivergence(
        grid,
        a,
        b.map((v) => 2 * v),
        eps,
      ),
    ).toThrow(/equal masses/);
  });
});

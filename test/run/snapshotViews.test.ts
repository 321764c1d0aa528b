import { describe, expect, it } from "vitest";
import { Grid } from "../../src/grid/grid.js";
import { snapshotViews } from "../../src/run/snapshotViews.js";

describe("snapshot views", () => {
  it("1D: the whole profile, resampled conservatively beyond the line limit", () => {
    const g = new Grid({ n: [10], lo: [0], hi: [1] });
    const rho = g.sample((x) => x[0]);
    const v = snapshotViews(g, 0, 0, 0, rho, rho, { maxLine: 4, maxPlane: 4 });
    expect(v.planes).toEqual([]);
    const line = v.lines[0];
    expect(line.bin).toBe(2.5); // 10 cells onto 4 points
    expect(line.x).toEqual([0.125, 0.375, 0.625, 0.875]);
    // Point 0 averages cells 0, 1 and half of cell 2 (values 0.05, 0.15, 0.25):
    // (0.05 + 0.15 + 0.5·0.25)/2.5 = 0.13, and so on; the mean (mass) is kept: 0.5.
    expect(line.density.map((d) => +d.toFixed(12))).toEqual([0.13, 0.37, 0.63, 0.87]);
    expect(line.exact).toEqual(line.density);
  });

  it("2D: a plane resampled onto fewer points keeps the mass (up to the rounding)", () => {
    const g = new Grid({ n: [10, 7], lo: [0, 0], hi: [1, 2] });
    const rho = g.sample((x) => 1 + x[0] * x[1]);
    const v = snapshotViews(g, 0, 0, 0, rho, null, { maxPlane: 4 });
    const p = v.planes[0];
    expect(p.bin).toEqual([2.5, 1.75]);
    expect([p.xa.length, p.xb.length]).toEqual([4, 4]);
    const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, x) => s + x, 0) / a.length;
    // Resampling keeps the mean exactly; rounding to multiples of 1e-3 (10⁻³·max ρ, max 3,
    // rounded down to a power of ten) moves each value, hence the mean, by at most 5e-4.
    expect(Math.abs(mean(p.density) - mean(rho))).toBeLessThanOrEqual(5e-4);
  });

  it("2D: centre lines along each axis and the whole field (first axis slowest)", () => {
    const g = new Grid({ n: [4, 6], lo: [0, 0], hi: [4, 6] });
    const rho = g.sample((x) => 10 * Math.floor(x[0]) + Math.floor(x[1])); // = 10 i + j
    const ex = rho.map((v) => v - 0.5);
    const v = snapshotViews(g, 2, 0.5, 7, rho, ex);
    expect(v).toMatchObject({ index: 2, t: 0.5, step: 7, dim: 2 });
    expect(v.lines[0].density).toEqual([3, 13, 23, 33]); // along x at j = 3
    expect(v.lines[0].fixed).toEqual([{ axis: 1, index: 3, x: 3.5 }]);
    expect(v.lines[1].density).toEqual([20, 21, 22, 23, 24, 25]); // along y at i = 2
    const p = v.planes[0];
    expect(p.axes).toEqual([0, 1]);
    expect(p.density).toEqual(Array.from(rho));
    expect(p.error!.every((e) => e === 0.5)).toBe(true);
  });

  it("3D: three central planes", () => {
    const g = new Grid({ n: [4, 4, 4], lo: [0, 0, 0], hi: [1, 1, 1] });
    const rho = g.sample((x) => x[0] + 2 * x[1] + 4 * x[2]);
    const v = snapshotViews(g, 0, 0, 0, rho, null);
    expect(v.lines).toHaveLength(3);
    expect(v.planes.map((p) => [p.axes, p.fixed!.axis])).toEqual([
      [[0, 1], 2],
      [[0, 2], 1],
      [[1, 2], 0],
    ]);
    expect(v.planes[0].error).toBeNull();
    // xy plane at z index 2 (z = 0.625): value at (i, j) = x_i + 2 y_j + 4·0.625.
    expect(v.planes[0].density[1 * 4 + 3]).toBeCloseTo(0.375 + 2 * 0.875 + 2.5, 5);
  });
});

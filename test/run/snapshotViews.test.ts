import { describe, expect, it } from "vitest";
import { Grid } from "../../src/grid/grid.js";
import { snapshotViews } from "../../src/run/snapshotViews.js";

describe("snapshot views", () => {
  it("1D: the whole profile, block-averaged beyond the line limit", () => {
    const g = new Grid({ n: [10], lo: [0], hi: [1] });
    const rho = g.sample((x) => x[0]);
    const v = snapshotViews(g, 0, 0, 0, rho, rho, { maxLine: 4, maxPlane: 4 });
    expect(v.planes).toEqual([]);
    const line = v.lines[0];
    expect(line.bin).toBe(3);
    expect(line.x).toHaveLength(4); // blocks of 3, 3, 3 and 1 cells
    // Averages of cell centres 0.05…0.95: a block average of a linear function is its centre.
    expect(line.density.map((d) => +d.toFixed(12))).toEqual([0.15, 0.45, 0.75, 0.95]);
    expect(line.x.map((d) => +d.toFixed(12))).toEqual([0.15, 0.45, 0.75, 0.95]);
    expect(line.exact).toEqual(line.density);
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

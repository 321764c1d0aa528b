import { describe, expect, it } from "vitest";
import { packFigures, quantise, quantise16, UNPACK_JS } from "../../src/report/packPlots.js";
import { roundRelative, roundToRange } from "../../src/report/rounding.js";
import type { PlotSpec } from "../../src/report/runPlots.js";

const unpack = new Function(`${UNPACK_JS}; return mfUnpack;`)() as (
  v: unknown,
  table: unknown[],
) => unknown;

const linspace = (n: number, f: (x: number) => number) =>
  Array.from({ length: n }, (_, i) => f(i / (n - 1)));

describe("rounding for plots", () => {
  it("relative rounding keeps the largest values' digits and zeroes the far tail", () => {
    // max 0.3, resolution 1e-4: multiples of 1e-5.
    expect(roundRelative([0.3, 0.0123456, 1e-9, -0.1234567], 1e-4)).toEqual([
      0.3, 0.01235, 0, -0.12346,
    ]);
    expect(roundRelative([0, 0], 1e-4)).toEqual([0, 0]);
  });

  it("range rounding resolves a small variation on a large offset", () => {
    // F = 1.41894 + 1e-6·s: the range 1e-6 sets the step 1e-11, not 1.4e-5.
    const f = [1.41894, 1.41894 + 3.3e-7, 1.41894 + 1e-6];
    const r = roundToRange(f, 1e-5) as number[];
    expect(r[2] - r[0]).toBeCloseTo(1e-6, 12);
    expect(r[1] - r[0]).toBeCloseTo(3.3e-7, 10);
  });
});

describe("packed figure data", () => {
  const x = linspace(50, (s) => -2 + 4 * s);
  const y1 = x.map((v) => Math.exp(-v * v));
  const z = [
    [0, 1, 2],
    [3, 4, 5],
  ];
  const spec: PlotSpec = {
    id: "p",
    data: [
      { type: "scatter", x, y: y1 },
      { type: "scatter", x, y: y1.map((v) => v * 1e-9), yaxis: "y2" },
      { type: "heatmap", z, x: [0, 1, 2], y: [0, 1] },
    ],
    layout: { yaxis2: { type: "log" } },
    frames: [
      { name: "s0", traces: [0, 2], data: [{ y: y1 }, { z: [[-1, 0, 2]] }] },
      { name: "s1", traces: [2], data: [{ z }] },
    ],
  };

  it("shares repeated arrays, quantises matrices, and unpacks to plot-equal data", () => {
    const packed = packFigures([spec]);
    // Stored once each: x (two traces), y1 (trace 0 and frame 0), y1·1e-9, z (trace 2 and
    // frame 1), and frame 0's z.
    expect(packed.arrays).toHaveLength(5);
    const back = unpack(packed.figures, packed.arrays) as PlotSpec[];
    const d = back[0].data;
    // Two bytes per value: within half a level, range/65534/2 — on the linear axis the range
    // of y1 (< 1), on the log axis that of log10 y (< 2 decades: a relative error below
    // ln 10 · 2/65534/2 = 3.6e-5).
    (d[0].y as number[]).forEach((v, i) => expect(Math.abs(v - y1[i])).toBeLessThanOrEqual(7.7e-6));
    (d[1].y as number[]).forEach((v, i) =>
      expect(Math.abs(v / (y1[i] * 1e-9) - 1)).toBeLessThanOrEqual(3.6e-5),
    );
    // One byte per cell: within half a level, (max − min)/254/2.
    (d[2].z as number[][]).flat().forEach((v, i) => expect(Math.abs(v - i)).toBeLessThan(0.01));
    // A signed matrix keeps 0 exactly (level 127).
    expect((back[0].frames![0].data[1].z as number[][])[0][1]).toBe(0);
    expect(back[0].frames![0].data[0].y).toEqual(d[0].y);
  });

  it("a missing value survives quantisation as null (and a non-positive one on a log axis)", () => {
    const q = quantise([[1, null, 3]]);
    expect((unpack(q, []) as (number | null)[][])[0][1]).toBeNull();
    const u = quantise16([1, null, 0, 100], true);
    const back = unpack(u, []) as (number | null)[];
    expect(back[1]).toBeNull();
    expect(back[2]).toBeNull();
    expect(back[3]).toBeCloseTo(100, 10);
  });
});

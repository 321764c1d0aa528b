import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Gaussian } from "../../src/exact/gaussian.js";
import { mass } from "../../src/grid/density.js";
import { Grid } from "../../src/grid/grid.js";
import { conservativeRemap } from "../../src/problem/gridRemap.js";
import {
  buildProblem,
  gridOf,
  initials,
  validateSpec,
  type ProblemSpecInput,
} from "../../src/problem/index.js";
import { simulate } from "../../src/run/simulate.js";
import { expectInputError } from "../expectInputError.js";

/**
 * Initial data from files (initial kind "file", src/problem/densityFile.ts): a density.json
 * written by simulate comes back bit for bit; another grid is refused naming both grids or
 * remapped conservatively; bad values are refused naming initial.path, the file and the cell;
 * CSV in 1D (x,rho rows) and 2D (a matrix).
 */

const dir = mkdtempSync(join(tmpdir(), "measureflow-density-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function spec(grid: ProblemSpecInput["grid"], initial: unknown): ProblemSpecInput {
  return {
    grid,
    initial,
    energy: [{ kind: "entropy" }],
    geometry: { kind: "wasserstein" },
    scheme: { kind: "fv" },
    output: { tEnd: 0.01, snapshots: 2 },
  };
}

/** ρ0 of a spec whose initial is the file `name` holding `text` (read from memory). */
function fromText(
  grid: ProblemSpecInput["grid"],
  name: string,
  text: string,
  extra: Record<string, unknown> = {},
): Float64Array {
  const s = validateSpec(spec(grid, { kind: "file", path: name, ...extra }));
  return initials.build(
    s.initial,
    {
      grid: gridOf(s),
      spec: s,
      readText: (p) => {
        if (p !== name) throw new Error(`unexpected file ${p}`);
        return text;
      },
    },
    "initial",
  );
}

function densityJson(
  grid: { n: number[]; lo: number[]; hi: number[] },
  density: unknown[],
): string {
  return JSON.stringify({ grid: { ...grid, boundary: grid.n.map(() => "noflux") }, density });
}

const G1 = { n: [8], lo: [0], hi: [2] };
const G2 = { n: [4, 3], lo: [-1, 0], hi: [1, 3] };

describe("density.json round trip", () => {
  it("a density saved by simulate is the initial data of the next run, bit for bit", () => {
    const grid = { n: [24, 20], lo: [-3, -2.5], hi: [3, 2.5] };
    const problem = buildProblem(
      validateSpec(spec(grid, { kind: "gaussian", mean: [0.2, -0.1], cov: [[0.5, 0.1], [0.1, 0.4]] })), // prettier-ignore
    );
    const out = join(dir, "run");
    const result = simulate(problem, { outDir: out, saveDensity: true, meta: { name: "run" } });
    const file = join(out, "density.json");
    const s = validateSpec(spec(grid, { kind: "file", path: "run/density.json" }));
    const rho = initials.build(
      s.initial,
      { grid: gridOf(s), spec: s, readText: (p) => readFileSync(join(dir, p), "utf8") },
      "initial",
    );
    expect(rho).toEqual(result.rho);
    // The same through buildProblem, which also validates the density.
    const again = buildProblem(s, { readText: () => readFileSync(file, "utf8") });
    expect(again.rho0).toEqual(result.rho);
  });

  it("a file on another grid is refused with both grids in the message", () => {
    const text = densityJson(G1, [1, 2, 3, 4, 4, 3, 2, 1]);
    for (const other of [
      { n: [16], lo: [0], hi: [2] },
      { n: [8], lo: [0], hi: [2.5] },
      { n: [8, 8], lo: [0, 0], hi: [2, 2] },
    ]) {
      expectInputError(
        () => fromText(other, "a.json", text),
        "initial.path",
        /a\.json: the file's grid \(n = \[8\], lo = \[0\], hi = \[2\]\) is not the spec's grid \(n = \[\d+(, \d+)?\], lo = \[[\d., ]+\], hi = \[[\d., ]+\]\)/,
      );
    }
    // The same grid up to 1e-6 of a cell (GRID_TOLERANCE) is accepted as is.
    expect(fromText({ n: [8], lo: [1e-9], hi: [2] }, "a.json", text)).toEqual(
      Float64Array.from([1, 2, 3, 4, 4, 3, 2, 1]),
    );
  });

  it("conservative resampling keeps the mass and reproduces a refined piecewise-constant density", () => {
    const src = Float64Array.from([1, 2, 3, 4, 4, 3, 2, 1]);
    const text = densityJson(G1, Array.from(src));
    const m0 = mass(new Grid(G1), src);
    // Integer refinement (×3): each fine cell inside one coarse cell has its value exactly.
    const fine = fromText({ n: [24], lo: [0], hi: [2] }, "a.json", text, {
      resample: "conservative",
    });
    expect(fine).toEqual(Float64Array.from({ length: 24 }, (_, j) => src[Math.floor(j / 3)]));
    // A non-nested grid covering the source box: mass kept to rounding (a few ulps of each of
    // ~10 overlap sums: 1e-14 relative).
    const odd = { n: [13], lo: [-0.37], hi: [2.41] };
    const rho = fromText(odd, "a.json", text, { resample: "conservative" });
    expect(Math.abs(mass(new Grid(odd), rho) - m0) / m0).toBeLessThan(1e-14);
    // A target box inside the source box: the source mass outside it is dropped, exactly.
    const half = fromText({ n: [5], lo: [0.5], hi: [1.5] }, "a.json", text, {
      resample: "conservative",
    });
    expect(
      Math.abs(mass(new Grid({ n: [5], lo: [0.5], hi: [1.5] }), half) - (3 + 4 + 4 + 3) * 0.25),
    ).toBeLessThan(1e-14);
  });

  it("conservative remap in 2D: integer refinement exact, mass kept for any covering grid", () => {
    const src = { n: [6, 5], lo: [-1, -2], hi: [2, 1] };
    const g = new Gaussian([0.3, -0.4], [[0.3, 0.05], [0.05, 0.2]]).cellAverages(new Grid(src)); // prettier-ignore
    const fine = { n: [12, 20], lo: [-1, -2], hi: [2, 1] };
    const r = conservativeRemap(src, g, fine);
    for (let i = 0; i < 12; i++)
      for (let j = 0; j < 20; j++)
        expect(r[i * 20 + j]).toBe(g[Math.floor(i / 2) * 5 + Math.floor(j / 4)]);
    const m0 = mass(new Grid(src), g);
    const cover = { n: [17, 11], lo: [-1.3, -2.2], hi: [2.05, 1.4] };
    const c = conservativeRemap(src, g, cover);
    expect(Math.abs(mass(new Grid(cover), c) - m0) / m0).toBeLessThan(1e-14);
    // Coarsening by an integer factor: cell averages of the 2×… blocks.
    const coarse = conservativeRemap(fine, r, src);
    for (let k = 0; k < g.length; k++)
      expect(Math.abs(coarse[k] - g[k])).toBeLessThan(1e-15 * g[k] + 1e-300);
  });
});

describe("bad values", () => {
  const json = (vals: unknown[]) => densityJson(G1, vals);
  it("NaN, Infinity, negative values and zero mass are refused naming the file and the cell", () => {
    expectInputError(
      () => fromText(G1, "d.json", json([1, 1, 1, null, 1, 1, 1, 1])),
      "initial.path",
      /d\.json: cell 3 is null \(NaN or ±Infinity/,
    );
    expectInputError(
      () =>
        fromText(
          G1,
          "d.json",
          json([1, 1, 1, 1, 1, 1, 1, 1]).replace("[1,1,1,1,1,1,1,1]", "[1,1,1e999,1,1,1,1,1]"),
        ),
      "initial.path",
      /d\.json: cell 2 is Infinity; a density must be finite and >= 0/,
    );
    expectInputError(
      () => fromText(G1, "d.json", json([1, 1, 1, 1, 1, -0.5, 1, 1])),
      "initial.path",
      /cell 5 is -0\.5/,
    );
    expectInputError(
      () => fromText(G1, "d.json", json([0, 0, 0, 0, 0, 0, 0, 0])),
      "initial.path",
      /d\.json: has zero mass/,
    );
    expectInputError(
      () => fromText(G2, "m.csv", "1,2,3\n4,nan,6\n7,8,9\n1,1,1\n"),
      "initial.path",
      /m\.csv: cell \[1, 1\] \(flat index 4\) is NaN/,
    );
    expectInputError(
      () => fromText(G1, "d.csv", "x,rho\n0.125,1\n0.375,abc\n"),
      "initial.path",
      /d\.csv: line 3, field 2: 'abc' is not a number/,
    );
  });

  it("malformed files are refused with what is wrong", () => {
    expectInputError(
      () => fromText(G1, "d.json", "{"),
      "initial.path",
      /d\.json: is not valid JSON/,
    );
    expectInputError(
      () => fromText(G1, "d.json", json([1, 2])),
      "initial.path",
      /has 2 density values but its grid 8 has 8 cells/,
    );
    expectInputError(
      () => fromText(G1, "d.json", JSON.stringify({ grid: G1 })),
      "initial.path",
      /not a density file: density: is required/,
    );
    expectInputError(
      () =>
        fromText(
          G1,
          "d.json",
          JSON.stringify({
            format: "measureflow-density/9",
            grid: G1,
            density: [1, 1, 1, 1, 1, 1, 1, 1],
          }),
        ),
      "initial.path",
      /format 'measureflow-density\/9'/,
    );
    expectInputError(
      () => fromText({ n: [2, 2, 2], lo: [0, 0, 0], hi: [1, 1, 1] }, "d.csv", "1,2\n3,4\n"),
      "initial.path",
      /3D grid needs json/,
    );
    expectInputError(
      () => fromText(G1, "d.csv", "0.125,1\n0.4,1\n0.625,1\n"),
      "initial.path",
      /line 2: x = 0\.4 breaks the uniform spacing/,
    );
    expectInputError(
      () => validateSpec(spec(G1, { kind: "file", path: "a.json", resample: "linear" })),
      "initial.resample",
      /"refuse", "conservative"/,
    );
    const s = validateSpec(spec(G1, { kind: "file", path: "missing.json" }));
    expectInputError(
      () =>
        initials.build(
          s.initial,
          {
            grid: gridOf(s),
            spec: s,
            readText: () => {
              throw new Error("ENOENT: no such file");
            },
          },
          "initial",
        ),
      "initial.path",
      /cannot read 'missing\.json': ENOENT/,
    );
  });
});

describe("CSV", () => {
  it("1D: rows x,rho (cell centres) with an optional header", () => {
    const text = "x,rho\n0.125,1\n0.375,2\n0.625,3\n0.875,4\n1.125,4\n1.375,3\n1.625,2\n1.875,1\n";
    const want = Float64Array.from([1, 2, 3, 4, 4, 3, 2, 1]);
    expect(fromText(G1, "d.csv", text)).toEqual(want);
    expect(
      fromText(G1, "d.txt", text.replace("x,rho\n", "# comment\n").replaceAll(",", " ")),
    ).toEqual(want);
    // Another grid: refused naming the CSV's reconstructed grid, or remapped.
    expectInputError(
      () => fromText({ n: [4], lo: [0], hi: [2] }, "d.csv", text),
      "initial.path",
      /the file's grid \(n = \[8\], lo = \[0\], hi = \[2\]\)/,
    );
    expect(
      fromText({ n: [4], lo: [0], hi: [2] }, "d.csv", text, { resample: "conservative" }),
    ).toEqual(Float64Array.from([1.5, 3.5, 3.5, 1.5]));
  });

  it("2D: a matrix, rows along x, on the spec's box or the given lo/hi", () => {
    const text = "y0,y1,y2\n1,2,3\n4,5,6\n7,8,9\n10,11,12\n";
    expect(fromText(G2, "m.csv", text)).toEqual(Float64Array.from({ length: 12 }, (_, k) => k + 1));
    expect(fromText(G2, "m", text, { format: "csv" })).toEqual(
      Float64Array.from({ length: 12 }, (_, k) => k + 1),
    );
    // The matrix on a box twice as wide in y, remapped: the spec's cells y ∈ [0,1], [1,2] lie
    // in the file's first column ([0, 2]), y ∈ [2,3] in its second.
    const r = fromText(G2, "m.csv", text, { lo: [-1, 0], hi: [1, 6], resample: "conservative" });
    expect(Array.from(r.slice(0, 3))).toEqual([1, 1, 2]);
    expectInputError(
      () => fromText(G2, "m.csv", "1,2,3\n4,5\n"),
      "initial.path",
      /line 2: has 2 fields, the first row has 3/,
    );
    expectInputError(
      () => fromText(G1, "d.json", densityJson(G1, [1, 1, 1, 1, 1, 1, 1, 1]), { lo: [0] }),
      "initial.lo",
      /2D CSV matrices only/,
    );
  });
});

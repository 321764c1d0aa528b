import { z } from "zod";
import { InputError } from "../../errors.js";
import { readDensity, type FileRef } from "../densityFile.js";
import { densityOnGrid } from "../gridRemap.js";
import { vector } from "../fields.js";
import { entries, joinPath } from "../jsonPath.js";
import type { InitialEntry } from "../kinds.js";

export interface FileParams {
  path: string;
  format: "auto" | "json" | "csv";
  resample: "refuse" | "conservative";
  lo?: number[];
  hi?: number[];
}

/**
 * ρ0 read from a file (src/problem/densityFile.ts): a `density.json` written by
 * `--save-density`, or a CSV (1D rows "x,rho" with x the cell centres; 2D a matrix, row i =
 * cell i along x, column j = cell j along y, on the box `lo`/`hi`, default the spec's grid
 * box). The path is read through the build context (relative paths are relative to the
 * spec's folder). Values must be finite, ≥ 0, with positive mass (else an error naming the
 * file and the first bad cell). A file on another grid is refused with a message naming both
 * grids, or, with resample "conservative", remapped conservatively: the mass of each cell is
 * the integral over it of the file's piecewise-constant density (overlap lengths per axis,
 * tensor product), so the total mass is kept exactly (up to rounding) except the part of the
 * file's density outside the spec's box, which is dropped.
 */
export const fileInitial: InitialEntry<FileParams> = {
  kind: "file",
  doc: "ρ0 from a density.json (--save-density) or CSV file; another grid is refused or remapped conservatively",
  params: z.strictObject({
    path: z
      .string()
      .min(1)
      .describe("the file (relative paths: relative to the spec file's folder)"),
    format: z
      .enum(["auto", "json", "csv"])
      .default("auto")
      .describe(
        'auto (by extension: .json | .csv, .txt) | json (density.json of --save-density) | csv (1D rows "x,rho", x the cell centres, optional header; 2D a matrix, rows along x)',
      ),
    resample: z
      .enum(["refuse", "conservative"])
      .default("refuse")
      .describe(
        "a file on another grid: refuse (error naming both grids) | conservative (cell masses = integrals of the file's piecewise-constant density; mass outside the spec's box is dropped)",
      ),
    lo: vector()
      .optional()
      .describe("2D CSV only: lower corner of the matrix's box (default the spec's grid.lo)"),
    hi: vector()
      .optional()
      .describe("2D CSV only: upper corner of the matrix's box (default the spec's grid.hi)"),
  }),
  build: (p, ctx, path) => {
    const ref: FileRef = { path: joinPath(path, "path"), file: p.path };
    let text: string;
    try {
      text = ctx.readText(p.path);
    } catch (err) {
      throw new InputError(ref.path, `cannot read '${p.path}': ${(err as Error).message}`);
    }
    const grid = ctx.grid;
    for (const f of ["lo", "hi"] as const) {
      const v = p[f];
      if (v !== undefined && v.length !== grid.dim) {
        throw new InputError(
          joinPath(path, f),
          `must have ${entries(grid.dim)} (the grid's dimension), got ${v.length}`,
        );
      }
    }
    const loaded = readDensity(text, ref, {
      format: p.format,
      dim: grid.dim,
      box: { lo: p.lo ?? [...grid.lo], hi: p.hi ?? [...grid.hi] },
    });
    if (
      (p.lo !== undefined || p.hi !== undefined) &&
      !(loaded.format === "csv" && grid.dim === 2)
    ) {
      throw new InputError(
        joinPath(path, p.lo !== undefined ? "lo" : "hi"),
        "is for 2D CSV matrices only: a density.json and a 1D CSV carry their own grid",
      );
    }
    return densityOnGrid(loaded, grid, p.resample, ref);
  },
};

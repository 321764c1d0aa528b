import { z } from "zod";
import { InputError } from "../errors.js";
import { issueToInputError } from "./zodIssues.js";

/**
 * Reading saved densities: the `density.json` that `--save-density` writes (DensityFile in
 * src/run/summary.ts) and CSV files, for initial data (initial kind "file") and for tools
 * that compare saved densities.
 *
 * A density is a field of cell averages on a box grid {n, lo, hi} (Grid's conventions:
 * cell i of axis a is [lo_a + i h_a, lo_a + (i+1) h_a], h_a = (hi_a − lo_a)/n_a), stored
 * row-major with the first axis slowest, index = (i0·n1 + i1)·n2 + i2.
 *
 * Formats:
 * - json: `{ "grid": {"n", "lo", "hi", …}, "density": [...], "order": …, … }` as written by
 *   simulate (other fields are ignored; `format`, when present, must be
 *   "measureflow-density/1" and `order`, when present, must be the row-major order above).
 *   JSON cannot hold NaN or ±Infinity: JSON.stringify writes them as null, and a null cell is
 *   reported as such.
 * - csv, 1D: one row "x,rho" per cell, x the cell centre (ascending, uniformly spaced to
 *   1e-6 of a cell: write x with at least 10 significant digits), rho the cell average; the
 *   box is [x_first − h/2, x_last + h/2] with h = (x_last − x_first)/(n − 1).
 * - csv, 2D: a matrix of cell averages, row i = cell i along the first axis (x), column j =
 *   cell j along the second (y); the box is not in the file: the caller gives it (the file
 *   node's lo/hi, by default the spec's grid box).
 *   In both CSV forms the first line may be a header (any non-numeric field), empty lines and
 *   lines starting with # are skipped, fields are separated by commas (or, on lines without
 *   a comma, by whitespace); "nan", "inf", "-inf" (any case) are read as such and refused.
 *   3D densities are json only.
 *
 * Two grids are the same when they have the same n and their lo and hi agree to 1e-6 of a
 * cell width per axis. A density on another grid is refused, or remapped conservatively
 * (`conservativeRemap` in gridRemap.ts).
 */

/** The box grid a density file is on. */
export interface BoxGrid {
  n: number[];
  lo: number[];
  hi: number[];
}

/** A density read from a file: its grid and cell averages, checked (finite, ≥ 0, mass > 0). */
export interface LoadedDensity {
  grid: BoxGrid;
  density: Float64Array;
  format: "json" | "csv";
  /** Time of the density in the run that wrote it (json files from simulate). */
  t?: number;
}

export type DensityFormat = "auto" | "json" | "csv";

/** Where a file is named in a spec, for messages: its JSON path and its name. */
export interface FileRef {
  /** JSON path of the field naming the file, e.g. "initial.path". */
  path: string;
  /** The file's name as given. */
  file: string;
}

/** Format tag written by simulate (DENSITY_FORMAT in src/run/summary.ts). */
export const DENSITY_FORMAT_PREFIX = "measureflow-density/";
const SUPPORTED_FORMAT = "measureflow-density/1";
/** Start of DENSITY_ORDER in src/run/summary.ts. */
const ROW_MAJOR = "row-major, first axis slowest";

/** Relative tolerance (in cell widths) of "same grid" and of the CSV spacing check. */
export const GRID_TOLERANCE = 1e-6;

export function fail(ref: FileRef, message: string): never {
  throw new InputError(ref.path, `${ref.file}: ${message}`);
}

/** "json" or "csv" from the name's extension (auto), else from the first character. */
export function detectFormat(text: string, ref: FileRef, format: DensityFormat): "json" | "csv" {
  if (format !== "auto") return format;
  const lower = ref.file.toLowerCase();
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".csv") || lower.endsWith(".txt")) return "csv";
  return text.trimStart().startsWith("{") ? "json" : "csv";
}

const jsonShape = z.looseObject({
  format: z.string().optional(),
  grid: z.looseObject({
    n: z.array(z.int().min(1)).min(1).max(3),
    lo: z.array(z.number()).min(1).max(3),
    hi: z.array(z.number()).min(1).max(3),
  }),
  order: z.string().optional(),
  t: z.number().optional(),
  density: z.array(z.unknown()),
});

/** Parses a density.json (see the module comment); the values are not checked here. */
export function parseDensityJson(text: string, ref: FileRef): LoadedDensity {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    fail(ref, `is not valid JSON (${(err as Error).message})`);
  }
  const r = jsonShape.safeParse(raw, { reportInput: true });
  if (!r.success) {
    const inner = issueToInputError("", r.error.issues[0]);
    fail(ref, `not a density file: ${inner.message}`);
  }
  const f = r.data;
  if (f.format !== undefined && f.format !== SUPPORTED_FORMAT) {
    fail(ref, `has format '${f.format}'; this version reads '${SUPPORTED_FORMAT}'`);
  }
  if (f.order !== undefined && !f.order.startsWith(ROW_MAJOR)) {
    fail(ref, `has order '${f.order}'; only '${ROW_MAJOR}' is supported`);
  }
  if ((f.grid as { radial?: unknown }).radial !== undefined) {
    // Shell averages on a radial grid are not cell averages of a Cartesian box.
    fail(
      ref,
      "holds a density on a radial grid (shell averages), which is not read as a box density",
    );
  }
  const grid = { n: f.grid.n, lo: f.grid.lo, hi: f.grid.hi };
  checkBox(grid, ref);
  const size = grid.n.reduce((p, v) => p * v, 1);
  if (f.density.length !== size) {
    fail(
      ref,
      `has ${f.density.length} density values but its grid ${grid.n.join("×")} has ${size} cells`,
    );
  }
  const density = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const v = f.density[i];
    if (v === null) {
      fail(
        ref,
        `cell ${cellName(grid.n, i)} is null (NaN or ±Infinity in the run that wrote it); ` +
          "a density must be finite and >= 0 in every cell",
      );
    }
    if (typeof v !== "number") {
      fail(ref, `cell ${cellName(grid.n, i)} is ${JSON.stringify(v)}, not a number`);
    }
    density[i] = v;
  }
  return { grid, density, format: "json", ...(f.t !== undefined ? { t: f.t } : {}) };
}

function checkBox(grid: BoxGrid, ref: FileRef): void {
  const d = grid.n.length;
  if (grid.lo.length !== d || grid.hi.length !== d) {
    fail(ref, `grid.lo and grid.hi must have ${d} entries (one per axis of grid.n)`);
  }
  for (let a = 0; a < d; a++) {
    if (!(grid.hi[a] > grid.lo[a])) {
      fail(ref, `grid.hi[${a}] = ${grid.hi[a]} must be > grid.lo[${a}] = ${grid.lo[a]}`);
    }
  }
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A CSV field as a number (NaN and ±Infinity spelled out are accepted here), or null. */
function parseField(token: string): number | null {
  const t = token.trim();
  if (DECIMAL.test(t)) return Number(t);
  if (/^[+-]?nan$/i.test(t)) return NaN;
  if (/^\+?inf(inity)?$/i.test(t)) return Infinity;
  if (/^-inf(inity)?$/i.test(t)) return -Infinity;
  return null;
}

/** Numeric rows of a CSV text, with their 1-based line numbers (header and comments skipped). */
function csvRows(text: string, ref: FileRef): { line: number; values: number[] }[] {
  const rows: { line: number; values: number[] }[] = [];
  const lines = text.split(/\r?\n/);
  let first = true;
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l].trim();
    if (line === "" || line.startsWith("#")) continue;
    const tokens = line.includes(",") ? line.split(",") : line.split(/\s+/);
    const values = tokens.map(parseField);
    const bad = values.findIndex((v) => v === null);
    if (bad >= 0) {
      if (first) {
        first = false;
        continue; // header
      }
      fail(ref, `line ${l + 1}, field ${bad + 1}: '${tokens[bad].trim()}' is not a number`);
    }
    first = false;
    rows.push({ line: l + 1, values: values as number[] });
  }
  return rows;
}

/**
 * Parses a CSV density (see the module comment) for a grid of dimension `dim` (1 or 2);
 * `box` is the box of a 2D matrix. The values are not checked here.
 */
export function parseDensityCsv(
  text: string,
  dim: number,
  box: { lo: number[]; hi: number[] } | undefined,
  ref: FileRef,
): LoadedDensity {
  if (dim !== 1 && dim !== 2) {
    fail(ref, `CSV densities are 1D (rows x,rho) or 2D (a matrix); a ${dim}D grid needs json`);
  }
  const rows = csvRows(text, ref);
  if (dim === 1) {
    if (rows.length < 2) fail(ref, `needs at least 2 rows "x,rho", got ${rows.length}`);
    for (const r of rows) {
      if (r.values.length !== 2) {
        fail(ref, `line ${r.line}: a 1D CSV row is "x,rho" (2 fields), got ${r.values.length}`);
      }
    }
    const x = rows.map((r) => r.values[0]);
    const n = x.length;
    const h = (x[n - 1] - x[0]) / (n - 1);
    if (!(h > 0) || !Number.isFinite(h)) {
      fail(ref, "the x column must be ascending cell centres");
    }
    for (let i = 0; i < n; i++) {
      if (!(Math.abs(x[i] - (x[0] + i * h)) <= GRID_TOLERANCE * h)) {
        fail(
          ref,
          `line ${rows[i].line}: x = ${x[i]} breaks the uniform spacing h = ${h} of the cell ` +
            `centres (expected ${x[0] + i * h}; write x with at least 10 significant digits)`,
        );
      }
    }
    return {
      grid: { n: [n], lo: [x[0] - h / 2], hi: [x[n - 1] + h / 2] },
      density: Float64Array.from(rows, (r) => r.values[1]),
      format: "csv",
    };
  }
  if (!box) throw new Error("parseDensityCsv: a 2D CSV needs its box");
  if (rows.length < 2) fail(ref, `a 2D CSV is a matrix with at least 2 rows, got ${rows.length}`);
  const n1 = rows[0].values.length;
  if (n1 < 2) fail(ref, `a 2D CSV is a matrix with at least 2 columns, got ${n1}`);
  const density = new Float64Array(rows.length * n1);
  rows.forEach((r, i) => {
    if (r.values.length !== n1) {
      fail(ref, `line ${r.line}: has ${r.values.length} fields, the first row has ${n1}`);
    }
    density.set(r.values, i * n1);
  });
  const grid = { n: [rows.length, n1], lo: [...box.lo], hi: [...box.hi] };
  checkBox(grid, ref);
  return { grid, density, format: "csv" };
}

/** "[i0, i1]" of the flat index k on cells n (and the flat index in 2D/3D). */
export function cellName(n: readonly number[], k: number): string {
  if (n.length === 1) return `${k}`;
  const idx = new Array<number>(n.length);
  let r = k;
  for (let a = n.length - 1; a >= 0; a--) {
    idx[a] = r % n[a];
    r = (r - idx[a]) / n[a];
  }
  return `[${idx.join(", ")}] (flat index ${k})`;
}

/**
 * Checks the values of a density read from a file: finite and ≥ 0 in every cell, positive
 * mass. Messages name the path, the file and the first bad cell.
 */
export function checkDensityValues(loaded: LoadedDensity, ref: FileRef): void {
  const rho = loaded.density;
  let total = 0;
  for (let i = 0; i < rho.length; i++) {
    const v = rho[i];
    if (!Number.isFinite(v) || v < 0) {
      fail(
        ref,
        `cell ${cellName(loaded.grid.n, i)} is ${v}; a density must be finite and >= 0 in ` +
          "every cell",
      );
    }
    total += v;
  }
  if (!(total > 0)) fail(ref, "has zero mass (every cell is 0); a density needs a positive mass");
}

/** Parses and checks a density file (see the module comment). */
export function readDensity(
  text: string,
  ref: FileRef,
  options: { format?: DensityFormat; dim?: number; box?: { lo: number[]; hi: number[] } } = {},
): LoadedDensity {
  const format = detectFormat(text, ref, options.format ?? "auto");
  let loaded: LoadedDensity;
  if (format === "json") {
    loaded = parseDensityJson(text, ref);
  } else {
    if (options.dim === undefined) fail(ref, "a CSV density needs the grid's dimension");
    loaded = parseDensityCsv(text, options.dim, options.box, ref);
  }
  checkDensityValues(loaded, ref);
  return loaded;
}

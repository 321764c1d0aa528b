import { z } from "zod";
import { InputError } from "../errors.js";
import { joinPath } from "./jsonPath.js";
import { registryNamed, type SpecNode } from "./registry.js";
import { parseWith } from "./zodIssues.js";

/**
 * The problem spec: a plain JSON document that says everything a run needs.
 *
 * ```json
 * { "name": "heat-1d",
 *   "grid": { "n": [256], "lo": [-8], "hi": [9], "boundary": ["no-flux"] },
 *   "initial": { "kind": "gaussian", "mean": [0.5], "cov": [[0.2]] },
 *   "energy": [{ "kind": "entropy" }],
 *   "geometry": { "kind": "wasserstein" },
 *   "scheme": { "kind": "fv", "flux": "fv2" },
 *   "output": { "tEnd": 0.5, "snapshots": 6 },
 *   "exact": { "kind": "heat" } }
 * ```
 *
 * `grid`, `output` and `checks` are fixed shapes (below); `initial`, each `energy` term,
 * `geometry`, `scheme`, `exact` and each `observables` entry are registry nodes
 * `{ "kind": …, …params }` (registry.ts, registries.ts). Validation (`validateSpec`) fills
 * in every default, so a validated spec is the complete, self-describing record of a run.
 */

/** A spec's name: kebab-case, also the output folder <out>/<name>/. */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Total cells a spec may have (512³; a 3D 256³ grid is 16.8 M cells), whatever the memory:
 * at the 14 fields of 8 bytes per cell of an fv run with 2 snapshots that is 14 GiB. Below
 * it, `measureflow run` checks its memory estimate against a budget (src/run/memoryBudget.ts,
 * `--max-memory`).
 */
export const MAX_CELLS = 1 << 27;

const boundary = z.enum(["no-flux", "periodic"]);

export const gridSchema = z.strictObject({
  n: z
    .array(
      z
        .int()
        .min(2)
        .max(1 << 20),
    )
    .min(1)
    .max(3)
    .describe("cells per axis (1 to 3 entries; the dimension)"),
  lo: z.array(z.number()).min(1).max(3).describe("lower corner of the box"),
  hi: z.array(z.number()).min(1).max(3).describe("upper corner of the box"),
  boundary: z
    .union([boundary, z.array(boundary).min(1).max(3)])
    .default("no-flux")
    .describe("boundary per axis, or one for all: no-flux (reflecting walls) | periodic"),
  radial: z
    .strictObject({
      dim: z
        .int()
        .min(1)
        .max(1000)
        .describe("space dimension d ≥ 1 of the radially symmetric densities"),
    })
    .optional()
    .describe(
      "a radial grid: the one axis is the radius r ∈ [lo, hi] = [0, R], cells are shells of ℝ^d (docs/radial.md); needs one axis, lo = [0], no-flux",
    ),
});

export const outputSchema = z.strictObject({
  tEnd: z.number().gt(0).describe("final time"),
  snapshots: z.int().min(2).max(1000).default(6).describe("output times, including 0 and tEnd"),
  spacing: z
    .enum(["linear", "geometric"])
    .default("linear")
    .describe("output times equally spaced, or geometric (each gap twice the previous)"),
});

export const checksSchema = z.strictObject({
  l1: z.number().gt(0).optional().describe("largest allowed L1 error against the exact solution"),
  massDrift: z.number().gt(0).optional().describe("largest allowed relative mass drift"),
  energyMonotone: z
    .boolean()
    .optional()
    .describe("the discrete energy must not increase (beyond rounding)"),
});

/** One run of a comparison: the base spec with these JSON-path overrides. */
const compareRunSchema = z.strictObject({
  label: z
    .string()
    .regex(NAME_PATTERN)
    .describe("kebab-case name of the run; its folder is <out>/<name>.compare/<label>/"),
  title: z.string().optional().describe("legend text (default: the label)"),
  set: z
    .record(z.string().min(1), z.unknown())
    .describe(
      'overrides of the base spec, path → value as for --set (e.g. {"scheme": {"kind": "jko", "tau": 0.01}, "energy[0].m": 3}); set whole nodes to change a kind',
    ),
});

/**
 * Several runs of one problem in one report: each entry is the base spec (with the run's
 * options and --set applied) with its own overrides. Every compared run records, at each of
 * its output times that the base run also has, its L1 distance to the base run's density and,
 * with `sinkhornEps`, the Sinkhorn divergence S_ε between the two normalised densities.
 */
export const compareSchema = z.strictObject({
  runs: z.array(compareRunSchema).min(1).max(16).describe("the compared runs (1 to 16)"),
  sinkhornEps: z
    .number()
    .gt(0)
    .optional()
    .describe(
      "also trace S_ε(ρ_run/m, ρ_base/m), the Sinkhorn divergence to the base run, with this ε (cost |x − y|²)",
    ),
});

const topSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().regex(NAME_PATTERN).optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  // Checked below (required, each with its own message): optional here so that a misspelt
  // field ("outputs") is reported as unknown rather than as a missing "output".
  grid: z.unknown().optional(),
  initial: z.unknown().optional(),
  energy: z.unknown().optional(),
  geometry: z.unknown().optional(),
  scheme: z.unknown().optional(),
  output: z.unknown().optional(),
  exact: z.unknown().optional(),
  checks: z.unknown().optional(),
  observables: z.unknown().optional(),
  compare: z.unknown().optional(),
});

export type GridSpecData = z.output<typeof gridSchema>;
export type OutputSpec = z.output<typeof outputSchema>;
export type ChecksSpec = z.output<typeof checksSchema>;
export type CompareSpec = z.output<typeof compareSchema>;

/** A validated problem spec (defaults filled in). */
export interface ProblemSpec {
  $schema?: string;
  name?: string;
  title?: string;
  description?: string;
  grid: GridSpecData;
  initial: SpecNode;
  energy: SpecNode[];
  geometry: SpecNode;
  scheme: SpecNode;
  output: OutputSpec;
  exact?: SpecNode;
  checks?: ChecksSpec;
  observables?: SpecNode[];
  /** Other runs of the same problem shown beside this one (src/run/compare.ts). */
  compare?: CompareSpec;
}

/** The input form of a spec: what a user writes (defaults may be left out). */
export type ProblemSpecInput = Record<string, unknown>;

/** Hooks run after the structure is valid, for checks across fields (scheme vs geometry, …). */
type CrossCheck = (spec: ProblemSpec) => void;
const crossChecks: CrossCheck[] = [];

/** Registers a check across fields (called by registries.ts). */
export function addCrossCheck(check: CrossCheck): void {
  crossChecks.push(check);
}

/**
 * Validates a raw spec (parsed JSON) and returns it with every default filled in. Throws an
 * InputError whose field is the JSON path of the first problem and whose message says what
 * is allowed.
 */
export function validateSpec(raw: unknown): ProblemSpec {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new InputError("(spec)", `must be a JSON object, got ${describeJson(raw)}`);
  }
  const top = parseWith(topSchema, raw, "");
  for (const field of ["grid", "initial", "energy", "geometry", "scheme", "output"] as const) {
    if (top[field] === undefined) throw new InputError(field, "is required");
  }
  const grid = parseWith(gridSchema, top.grid, "grid");
  const dim = grid.n.length;
  for (const f of ["lo", "hi"] as const) {
    if (grid[f].length !== dim) {
      throw new InputError(
        `grid.${f}`,
        `must have ${dim} entries (one per axis of grid.n), got ${grid[f].length}`,
      );
    }
  }
  grid.lo.forEach((lo, a) => {
    if (!(grid.hi[a] > lo)) {
      throw new InputError(`grid.hi[${a}]`, `must be > grid.lo[${a}] = ${lo}, got ${grid.hi[a]}`);
    }
  });
  if (Array.isArray(grid.boundary) && grid.boundary.length !== dim) {
    throw new InputError(
      "grid.boundary",
      `must have ${dim} entries (one per axis), got ${grid.boundary.length}`,
    );
  }
  if (grid.radial) checkRadialGrid(grid);
  const cells = grid.n.reduce((p, v) => p * v, 1);
  if (cells > MAX_CELLS) {
    throw new InputError(
      "grid.n",
      `${grid.n.join("×")} = ${cells} cells exceeds the limit of ${MAX_CELLS} cells`,
    );
  }
  const list = (field: string, registry: string, value: unknown, optional: boolean) => {
    if (value === undefined && optional) return undefined;
    if (!Array.isArray(value) || (value.length === 0 && !optional)) {
      throw new InputError(
        field,
        `must be a ${optional ? "" : "non-empty "}list of ${registryNamed(registry).what} specs, got ${describeJson(value)}`,
      );
    }
    return value.map((v, i) => registryNamed(registry).validate(v, joinPath(field, i)));
  };
  const spec: ProblemSpec = {
    ...(top.$schema !== undefined ? { $schema: top.$schema } : {}),
    ...(top.name !== undefined ? { name: top.name } : {}),
    ...(top.title !== undefined ? { title: top.title } : {}),
    ...(top.description !== undefined ? { description: top.description } : {}),
    grid,
    initial: registryNamed("initial").validate(top.initial, "initial"),
    energy: list("energy", "energy", top.energy, false)!,
    geometry: registryNamed("geometry").validate(top.geometry, "geometry"),
    scheme: registryNamed("scheme").validate(top.scheme, "scheme"),
    output: parseWith(outputSchema, top.output, "output"),
  };
  if (top.exact !== undefined && top.exact !== "none") {
    spec.exact = registryNamed("exact").validate(top.exact, "exact");
  }
  if (top.checks !== undefined) spec.checks = parseWith(checksSchema, top.checks, "checks");
  const obs = list("observables", "observable", top.observables, true);
  if (obs !== undefined) spec.observables = obs;
  if (top.compare !== undefined) {
    // A bare list is the runs alone.
    const c = Array.isArray(top.compare) ? { runs: top.compare } : top.compare;
    spec.compare = parseWith(compareSchema, c, "compare");
    const seen = new Set<string>();
    spec.compare.runs.forEach((r, i) => {
      if (seen.has(r.label)) {
        throw new InputError(`compare.runs[${i}].label`, `'${r.label}' is used twice`);
      }
      seen.add(r.label);
    });
  }
  for (const check of crossChecks) check(spec);
  return spec;
}

function describeJson(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** A radial grid has one axis from the origin with no-flux walls (src/grid/radial.ts). */
function checkRadialGrid(grid: GridSpecData): void {
  if (grid.n.length !== 1) {
    throw new InputError(
      "grid.n",
      `a radial grid has one axis (the radius r): give one cell count, got ${grid.n.length}`,
    );
  }
  if (grid.lo[0] !== 0) {
    throw new InputError(
      "grid.lo",
      `a radial grid starts at the origin: must be [0], got [${grid.lo[0]}]`,
    );
  }
  const b = Array.isArray(grid.boundary) ? grid.boundary[0] : grid.boundary;
  if (b !== "no-flux") {
    throw new InputError(
      "grid.boundary",
      `a radial grid has no-flux walls (at the origin by symmetry, and at r = R), not ${b}`,
    );
  }
}

/** The spec's dimension. */
export function specDim(spec: ProblemSpec): number {
  return spec.grid.n.length;
}

import { readFileSync } from "node:fs";
import { InputError } from "../../errors.js";
import { Grid } from "../../grid/grid.js";
import { multiscaleSinkhorn, type MultiscaleResult } from "../../ot/multiscaleSinkhorn.js";
import { detectFormat, readDensity } from "../../problem/densityFile.js";
import { describeGrid, sameGrid } from "../../problem/gridRemap.js";
import { parseJsonText } from "../jsonFile.js";
import { optionHelp, parseArgs, type OptionDef } from "../options.js";
import { EXIT_OK, noMorePositionals, type CliIO } from "./io.js";

/**
 * `measureflow ot a.json b.json --eps E`: entropic optimal transport between two density
 * files (the density.json of `run --save-density`, on one grid). With masses
 * p_i = ρ^a_i·|cell|, q_j = ρ^b_j·|cell| and C_ij = |x_i − x_j|² between cell centres it
 * prints
 *
 * - the entropic transport cost ⟨C, P⟩ of the optimal plan P of
 *   W_ε(p, q) = min_P ⟨C, P⟩ + ε Σ P (log(P/|cell|²) − 1)  (src/ot/sinkhorn.ts);
 * - the debiased Sinkhorn divergence S_ε = W_ε(p, q) − ½W_ε(p, p) − ½W_ε(q, q)
 *   (Feydy et al., AISTATS 2019; src/ot/divergence.ts), ≥ 0 and → W₂² as ε → 0.
 *
 * Each W_ε is solved by multiscaleSinkhorn (ε-scaling on a grid hierarchy, Schmitzer 2019)
 * with over-relaxation "auto", to the first-marginal tolerance --tol (default 1e-9): the
 * same plans as a cold-start solve, much faster for ε ~ h²; it starts in single precision
 * where float32Criterion.ts allows (--float64: never). Both densities must be on the
 * same grid and have the same mass (or be rescaled to unit mass with --normalize).
 */

export const OT_OPTION_DEFS: OptionDef[] = [
  {
    flag: "eps",
    kind: "number",
    value: "E",
    min: 0,
    exclusiveMin: true,
    help: "entropic regularisation ε (Gibbs kernel e^{−|x−y|²/ε}; ε ≈ 2h² is sharp and fast)",
  },
  {
    flag: "tol",
    kind: "number",
    value: "T",
    min: 0,
    exclusiveMin: true,
    max: 1,
    help: "relative first-marginal error at which Sinkhorn stops (default 1e-9)",
  },
  { flag: "normalize", kind: "flag", help: "rescale both densities to unit mass first" },
  {
    flag: "float64",
    kind: "flag",
    help: "no single-precision start: every Sinkhorn iteration in double precision",
  },
  { flag: "json", kind: "flag", help: "print one JSON object instead of text" },
];

export const OT_HELP = `Usage: measureflow ot <a.json> <b.json> --eps E [--tol T] [--normalize] [--float64] [--json]

Entropic optimal transport between two density files (density.json written by
\`measureflow run --save-density\`), on the same grid and with the same mass: prints the
entropic transport cost <C,P> (C = |x − y|² between cell centres) and the Sinkhorn
divergence S_eps = W_eps(a,b) − W_eps(a,a)/2 − W_eps(b,b)/2.

Options:
${optionHelp(OT_OPTION_DEFS)}`;

/** One density file as read for `ot`: its grid and cell averages. */
export interface DensityInput {
  file: string;
  grid: Grid;
  rho: Float64Array;
  mass: number;
}

/** The result of `measureflow ot` (the --json output). */
export interface OtOutput {
  a: string;
  b: string;
  grid: { n: number[]; lo: number[]; hi: number[] };
  eps: number;
  tol: number;
  mass: number;
  normalized: boolean;
  /** ⟨C, P⟩ of the a→b plan. */
  cost: number;
  /** S_ε(a, b). */
  divergence: number;
  /** W_ε(a, b), W_ε(a, a), W_ε(b, b) (|cell|² reference). */
  wab: number;
  waa: number;
  wbb: number;
  /** Final-grid iterations of the three solves (a→b, a→a, b→b). */
  iterations: number;
  /** How many of them ran in single precision (0 with --float64). */
  float32Iterations: number;
  /** Kernel that finished the a→b solve. */
  kernel: "separable" | "stabilized";
  marginalError: number;
}

/** `measureflow ot` */
export function otCommand(argv: string[], io: CliIO): number {
  const args = parseArgs(argv, OT_OPTION_DEFS, "measureflow ot");
  if (args.help) {
    io.stdout.write(`${OT_HELP}\n`);
    return EXIT_OK;
  }
  const [fa, fb, ...rest] = args.positionals;
  if (fa === undefined || fb === undefined) {
    throw new InputError("ot", "needs two density files: measureflow ot a.json b.json --eps E");
  }
  noMorePositionals("ot", rest);
  if (args.values["eps"] === undefined) {
    throw new InputError(
      "--eps",
      "is required: the entropic regularisation ε > 0 (e.g. 2h², h the cell width)",
    );
  }
  const out = entropicOt(readDensityInput(fa), readDensityInput(fb), {
    eps: args.values["eps"] as number,
    tol: (args.values["tol"] as number | undefined) ?? 1e-9,
    normalize: args.values["normalize"] === true,
    float64: args.values["float64"] === true,
  });
  io.stdout.write(args.values["json"] === true ? `${JSON.stringify(out)}\n` : `${otText(out)}\n`);
  return EXIT_OK;
}

/**
 * Reads a density file (density.json, or a 1D CSV) with the reader of initial data
 * (src/problem/densityFile.ts): values finite, ≥ 0, positive mass; messages name the file.
 */
export function readDensityInput(file: string): DensityInput {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new InputError(
      file,
      `cannot read the density file: ${code === "ENOENT" ? "no such file" : (err as Error).message}`,
    );
  }
  // A syntax error is reported with its line and column.
  if (detectFormat(text, { path: "ot", file }, "auto") === "json") parseJsonText(text, file);
  const loaded = readDensity(text, { path: "ot", file }, { format: "auto", dim: 1 });
  const grid = new Grid({ n: loaded.grid.n, lo: loaded.grid.lo, hi: loaded.grid.hi });
  let s = 0;
  for (let i = 0; i < loaded.density.length; i++) s += loaded.density[i];
  return { file, grid, rho: loaded.density, mass: s * grid.cellVolume };
}

function boxOf(g: Grid): { n: number[]; lo: number[]; hi: number[] } {
  return { n: [...g.n], lo: [...g.lo], hi: [...g.hi] };
}

/** Cost and divergence between two densities on one grid (see the module comment). */
export function entropicOt(
  a: DensityInput,
  b: DensityInput,
  options: { eps: number; tol: number; normalize: boolean; float64?: boolean },
): OtOutput {
  if (!sameGrid(boxOf(a.grid), b.grid)) {
    throw new InputError(
      "ot",
      `${a.file} is on the grid ${describeGrid(a.grid)} but ${b.file} is on ` +
        `${describeGrid(b.grid)}: both densities must be on one grid`,
    );
  }
  const grid = a.grid;
  const c = grid.cellVolume;
  const sa = options.normalize ? 1 / a.mass : 1;
  const sb = options.normalize ? 1 / b.mass : 1;
  const p = Float64Array.from(a.rho, (v) => v * c * sa);
  const q = Float64Array.from(b.rho, (v) => v * c * sb);
  const ma = a.mass * sa;
  const mb = b.mass * sb;
  if (!(Math.abs(ma - mb) <= 1e-10 * Math.max(ma, mb))) {
    throw new InputError(
      "ot",
      `${a.file} has mass ${ma} but ${b.file} has mass ${mb}: balanced transport needs ` +
        "equal masses (to 1e-10 relative); --normalize rescales both to 1",
    );
  }
  // Over-relaxation "auto" (src/ot/omegaControl.ts) falls back to plain Sinkhorn by itself
  // when it diverges or stagnates, so one solve suffices.
  const solve = (x: Float64Array, y: Float64Array): MultiscaleResult =>
    multiscaleSinkhorn(grid, x, y, options.eps, {
      tol: options.tol,
      omega: "auto",
      precision: options.float64 ? "float64" : "auto",
    });
  const ab = solve(p, q);
  const aa = solve(p, p);
  const bb = solve(q, q);
  return {
    a: a.file,
    b: b.file,
    grid: { n: [...grid.n], lo: [...grid.lo], hi: [...grid.hi] },
    eps: options.eps,
    tol: options.tol,
    mass: ma,
    normalized: options.normalize,
    cost: ab.transportCost,
    divergence: ab.value - 0.5 * aa.value - 0.5 * bb.value,
    wab: ab.value,
    waa: aa.value,
    wbb: bb.value,
    iterations: ab.iterations + aa.iterations + bb.iterations,
    float32Iterations: ab.float32Iterations + aa.float32Iterations + bb.float32Iterations,
    kernel: ab.kernel,
    marginalError: ab.marginalError,
  };
}

function otText(o: OtOutput): string {
  const g = `${o.grid.n.join("×")} on ${o.grid.lo.map((lo, a) => `[${lo}, ${o.grid.hi[a]}]`).join("×")}`;
  return [
    `entropic OT ${o.a} → ${o.b}  (grid ${g}, ε = ${o.eps}, mass ${fmt(o.mass)}${o.normalized ? ", normalized" : ""})`,
    `  transport cost <C,P>   ${fmt(o.cost)}`,
    `  Sinkhorn divergence    ${fmt(o.divergence)}`,
    `  ${o.iterations} iterations (3 solves, ${o.kernel} kernel), marginal error ${o.marginalError.toExponential(1)}`,
  ].join("\n");
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(10)));
}

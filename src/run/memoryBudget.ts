import { totalmem } from "node:os";
import { InputError } from "../errors.js";
import { jkoParams } from "../problem/schemes/jko.js";
import { MAX_CELLS } from "../problem/spec.js";
import type { ScenarioOptions, SchemeName } from "./scenario.js";
import { gridFor, specJkoNode, type SpecScenario } from "./specScenario.js";

/**
 * The memory a run needs, estimated before anything is allocated and checked against a
 * budget, so that a grid too large for the machine is refused with the estimate (exit code 2)
 * instead of failing with "Invalid typed array length" or swapping for minutes.
 *
 *     bytes = cells × fields × 8,   fields = working fields of the scheme + snapshots
 *
 * (one Float64 value per cell and field; `simulate` keeps the density of every snapshot in
 * memory). The working fields count every cell-sized array a run holds at its peak —
 * state, Runge–Kutta stages, fluxes, the exact solution's cell averages, temporaries not yet
 * collected — and were measured as the growth of the peak resident memory
 * (process.resourceUsage().maxRSS) of runs at 2 snapshots, 1–8 M cells:
 *
 * - **fv1, fv2, explicit, exact: 12 fields.** Measured 80–82 bytes per cell at 2 snapshots
 *   (3D Barenblatt, fv2 and fv1, 160³ and 200³), 80–105 (2D Fokker–Planck, fv1 and fv2,
 *   1024² and 1448²), 98–122 (2D WFR, explicit): 8–13 fields besides the 2 snapshots.
 *   The 2D porous medium (m = 2, 3) on the WebAssembly sweeps keeps 3 more cell arrays in
 *   the module's memory (src/geometry/compactSweepWasm.ts): measured 591 MiB peak at 2048²
 *   with 6 snapshot fields (461 MiB on the JavaScript sweeps), the estimate 576 MiB: 135
 *   against 144 bytes per cell once Node's own ~50 MiB are set aside.
 * - **sg: 12 + 2d + 1**: the Scharfetter–Gummel face coefficients (2d per cell) and outflow
 *   (src/geometry/wasserstein.ts); measured 99–130 bytes per cell in 2D (estimate 152).
 * - **jko: 35 + 2·(4 + d + 1.25·Σ_a B_a)**, B_a = min(n_a, 2⌈√(−ln θ · ε/h_a²)⌉ + 3): the ~35
 *   cell arrays of the Sinkhorn iterations (src/ot/entropicJko.ts, scalingJko.ts) and the two
 *   banded log-stabilised Gibbs kernels (src/ot/stabilizedGibbsKernel.ts: 4 vectors, a row
 *   index per axis, 1.25·B_a entries per cell and axis). At the default ε = 2h², θ = 1e-20:
 *   B = 23, 162 fields in 2D, 222 in 3D. Measured (3D Barenblatt at 80³ and 96³, where the
 *   stabilised kernel is in use): 1770–2050 bytes per cell, the formula 1790. While the
 *   separable kernel suffices a run touches far less (270–330 bytes per cell at 48³–64³); the
 *   estimate is what it reaches once it switches kernel.
 *
 * The default budget is half of the machine's memory (os.totalmem()); `--max-memory <GiB>`
 * sets another. Independently of any budget a spec may not exceed MAX_CELLS = 2^27 cells
 * (src/problem/spec.ts; 512³), ≥ 14 GiB at the 14 fields of an fv run with 2 snapshots.
 */

/** 2^30 bytes. */
export const GIB = 2 ** 30;

/** Working fields of the explicit schemes fv1, fv2, explicit and exact (measured, above). */
export const EXPLICIT_FIELDS = 12;

/** The budget a run's estimate is checked against. */
export interface MemoryBudget {
  bytes: number;
  /** How the budget was chosen, for messages: "4 GiB (--max-memory 4)". */
  text: string;
}

/** `--max-memory` in GiB, or the default: half of this machine's memory. */
export function memoryBudget(maxMemoryGiB?: number): MemoryBudget {
  if (maxMemoryGiB !== undefined) {
    return {
      bytes: maxMemoryGiB * GIB,
      text: `${maxMemoryGiB} GiB (--max-memory ${maxMemoryGiB})`,
    };
  }
  const total = totalmem();
  return {
    bytes: total / 2,
    text: `${formatBytes(total / 2)} (the default: half of this machine's ${formatBytes(total)})`,
  };
}

/** A grid's cells per axis and cell widths. */
export interface GridShape {
  n: readonly number[];
  h: readonly number[];
}

/** The estimate of one run. */
export interface MemoryEstimate {
  grid: GridShape;
  cells: number;
  scheme: SchemeName;
  /** Working fields of the scheme (without the snapshots). */
  schemeFields: number;
  snapshots: number;
  /** schemeFields + snapshots. */
  fields: number;
  bytes: number;
}

/** θ of the stabilised Gibbs kernel when a spec does not set it (the jko entry's default). */
export const DEFAULT_JKO_THETA: number = jkoParams.parse({ tau: 1 }).theta;

/**
 * Working fields of `scheme` on `grid` (see the module comment). `eps` is the JKO ε (default
 * 2h², h the largest cell width, as jkoEps), `theta` the kernel truncation.
 */
export function schemeFields(
  grid: GridShape,
  scheme: SchemeName,
  jko: { eps?: number; theta?: number } = {},
): number {
  const d = grid.n.length;
  switch (scheme) {
    case "sg":
      return EXPLICIT_FIELDS + 2 * d + 1;
    case "jko": {
      const hMax = Math.max(...grid.h);
      const eps = jko.eps ?? 2 * hMax * hMax;
      const logTheta = Math.log(jko.theta ?? DEFAULT_JKO_THETA);
      let band = 0;
      grid.n.forEach((n, a) => {
        const kappa = (grid.h[a] * grid.h[a]) / eps;
        band += Math.min(n, 2 * Math.ceil(Math.sqrt(-logTheta / kappa)) + 3);
      });
      return Math.ceil(35 + 2 * (4 + d + 1.25 * band));
    }
    default:
      return EXPLICIT_FIELDS;
  }
}

/** cells × (scheme fields + snapshots) × 8 bytes. */
export function estimateMemory(
  grid: GridShape,
  scheme: SchemeName,
  snapshots: number,
  jko: { eps?: number; theta?: number } = {},
): MemoryEstimate {
  const cells = grid.n.reduce((p, v) => p * v, 1);
  const own = schemeFields(grid, scheme, jko);
  const fields = own + snapshots;
  return {
    grid,
    cells,
    scheme,
    schemeFields: own,
    snapshots,
    fields,
    bytes: cells * fields * 8,
  };
}

/**
 * Throws an InputError (field "memory") when the estimate exceeds the budget: the estimate
 * and how it is made up, the budget and how to raise it.
 */
export function checkMemory(e: MemoryEstimate, budget: MemoryBudget): void {
  if (e.bytes <= budget.bytes) return;
  const cells = e.cells < 1e6 ? String(e.cells) : e.cells.toExponential(2);
  const hard =
    e.cells > MAX_CELLS
      ? `; the grid is also above the limit of ${MAX_CELLS} cells of a problem spec (grid.n), which no budget lifts`
      : "";
  throw new InputError(
    "memory",
    `the run needs an estimated ${formatBytes(e.bytes)} (${e.grid.n.join("×")} = ${cells} cells × ` +
      `${e.fields} fields × 8 bytes: ${e.schemeFields} for the ${e.scheme} scheme, ` +
      `${e.snapshots} for the snapshots), more than the memory budget of ${budget.text}; ` +
      `use a smaller --n (or grid.n) or fewer --snapshots, or raise the budget with ` +
      `--max-memory <GiB>${hard}`,
  );
}

/**
 * An allocation failure (V8's RangeError "Invalid typed array length: …" or "Array buffer
 * allocation failed") as an InputError saying what failed and how to get a run that fits.
 */
export function allocationError(err: unknown): InputError | null {
  if (!(err instanceof RangeError)) return null;
  if (!/Invalid typed array length|Array buffer allocation failed/.test(err.message)) return null;
  return new InputError(
    "memory",
    `allocating the run's arrays failed (${err.message}): the grid is too large for this ` +
      "machine; use a smaller --n (or grid.n)",
  );
}

/** Bytes as GiB (or MiB below 1 GiB), 3 significant digits. */
export function formatBytes(bytes: number): string {
  const three = (v: number): string => String(Number(v.toPrecision(3)));
  return bytes >= GIB ? `${three(bytes / GIB)} GiB` : `${three(bytes / 2 ** 20)} MiB`;
}

/**
 * The estimate of a spec scenario's run with the resolved options `o`, from the spec and the
 * options alone (nothing validated or built: a grid above MAX_CELLS gets the estimate too).
 */
export function estimateSpecRun(
  s: Pick<SpecScenario, "spec" | "defaults">,
  o: ScenarioOptions,
): MemoryEstimate {
  const g = gridFor(s, o);
  const h = g.n.map((n, a) => (g.hi[a] - g.lo[a]) / n);
  const theta = specJkoNode(s.spec)?.theta;
  return estimateMemory({ n: g.n, h }, o.scheme, o.snapshots, {
    ...(o.eps !== undefined ? { eps: o.eps } : {}),
    ...(typeof theta === "number" ? { theta } : {}),
  });
}

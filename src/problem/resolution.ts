import { Barenblatt } from "../exact/barenblatt.js";
import type { Gaussian } from "../exact/gaussian.js";
import { gridOf } from "./build.js";
import { gaussianOf, type GaussianParams } from "./initial/gaussian.js";
import { joinPath } from "./jsonPath.js";
import type { ProblemSpec } from "./spec.js";

/**
 * Initial data the grid under-resolves: a Gaussian whose width σ, or a Barenblatt profile
 * whose support radius R, spans fewer than MIN_CELLS_ACROSS cells along some axis. Such a run
 * is legal (and its exact comparison still correct), but its initial density is a few cells —
 * or one — and the error says more about the grid than about the scheme (a heat-1d box
 * stretched to t-end = 1e6 put the whole initial Gaussian inside one cell). The CLI prints
 * these as warnings before the run.
 *
 * The width of a Gaussian along axis a is its conditional standard deviation 1/√(Σ⁻¹)_aa —
 * the width the cells of a line along that axis see (√Σ_aa for a diagonal Σ, smaller for a
 * thin Gaussian lying diagonally across the grid).
 */

/** Fewer cells than this across σ (Gaussian) or R (Barenblatt) is under-resolved. */
export const MIN_CELLS_ACROSS = 2;

export interface ResolutionWarning {
  /** JSON path of the spec node, e.g. "initial" or "initial.components[1]". */
  path: string;
  message: string;
}

const AXES = ["x", "y", "z"];

const fmt = (v: number): string => String(Number(v.toPrecision(3)));

/** The warnings for a validated spec's initial data (empty when it is resolved). */
export function resolutionWarnings(spec: ProblemSpec): ResolutionWarning[] {
  const grid = gridOf(spec);
  const h = grid.h;
  const out: ResolutionWarning[] = [];
  const advice =
    "the grid under-resolves the initial data; refine the grid (--n, grid.n) or widen the initial density";
  const gaussian = (g: Gaussian, path: string, what: string): void => {
    // The axis where the width is the fewest cells.
    let worst = -1;
    let cells = Infinity;
    let width = 0;
    for (let a = 0; a < g.dim; a++) {
      const sigma = 1 / Math.sqrt(g.precision[a][a]);
      if (sigma / h[a] < cells) {
        cells = sigma / h[a];
        worst = a;
        width = sigma;
      }
    }
    if (cells >= MIN_CELLS_ACROSS) return;
    out.push({
      path,
      message:
        `${what} has width σ = ${fmt(width)} along ${AXES[worst]}, ${fmt(cells)} cells ` +
        `(cell size h = ${fmt(h[worst])}, fewer than ${MIN_CELLS_ACROSS} cells): ${advice}`,
    });
  };
  const initial = spec.initial;
  try {
    if (initial.kind === "gaussian") {
      gaussian(
        gaussianOf(initial as unknown as GaussianParams, grid.dim, "initial"),
        "initial",
        "the initial Gaussian",
      );
    } else if (initial.kind === "mixture") {
      const components = initial.components as GaussianParams[];
      components.forEach((c, k) => {
        const path = joinPath("initial", "components", k);
        gaussian(gaussianOf(c, grid.dim, path), path, `the initial mixture's component ${k}`);
      });
    } else if (initial.kind === "barenblatt") {
      const profile = new Barenblatt({
        dim: grid.spaceDim,
        m: initial.m as number,
        mass: initial.mass as number,
      });
      const r = profile.radius(initial.t0 as number);
      const hMax = Math.max(...h);
      const cells = r / hMax;
      if (cells < MIN_CELLS_ACROSS) {
        out.push({
          path: "initial",
          message:
            `the initial Barenblatt profile has support radius R = ${fmt(r)}, ${fmt(cells)} ` +
            `cells (cell size h = ${fmt(hMax)}, fewer than ${MIN_CELLS_ACROSS} cells): ${advice}`,
        });
      }
    }
  } catch {
    // Parameters the builder refuses (a mean of the wrong length, …): it reports them.
  }
  return out;
}

import { z } from "zod";
import { InputError } from "../../errors.js";
import type { Gaussian } from "../../exact/gaussian.js";
import type { BuildContext } from "../context.js";
import { gaussianOf, type GaussianParams } from "../initial/gaussian.js";
import { joinPath } from "../jsonPath.js";
import { initials } from "../registries.js";
import type { SpecNode } from "../registry.js";
import { validateDensity } from "../validateDensity.js";

/**
 * The target π of an energy (mmd, inclusive-kl, kl), given as a density spec of the
 * `initial` registry and put on the grid in one of two ways:
 * - "cell-average": the cell averages (1/|cell|)∫_cell π that the initial entry builds (the
 *   same array the spec would give as initial data, normalisation included);
 * - "point": the values π(x_i) at the cell centres, for the kinds with a closed-form
 *   density (gaussian).
 */
export const SAMPLINGS = ["cell-average", "point"] as const;
export type Sampling = (typeof SAMPLINGS)[number];

/** The `sampling` parameter (one declaration for every energy with a target). */
export const sampling = () =>
  z
    .enum(SAMPLINGS)
    .default("cell-average")
    .describe(
      "how π goes on the grid: cell-average (its exact cell averages, as initial data) | point (values at cell centres; gaussian targets only)",
    );

/** Kinds of target whose point values are known in closed form. */
const POINT_KINDS = ["gaussian"];

/** The closed-form Gaussian of a target node sampled at points (sampling "point"). */
export function pointGaussian(node: SpecNode, dim: number, path: string): Gaussian {
  if (!POINT_KINDS.includes(node.kind)) {
    throw new InputError(
      joinPath(path, "kind"),
      `sampling "point" needs a target with a closed-form density (${POINT_KINDS.join(", ")}), ` +
        `not '${node.kind}'; use sampling "cell-average"`,
    );
  }
  return gaussianOf(node as unknown as GaussianParams, dim, path);
}

/**
 * π on the grid (see the module comment): finite, ≥ 0, positive mass; errors name `path`
 * (the JSON path of the target node).
 */
export function targetOnGrid(
  node: SpecNode,
  how: Sampling,
  ctx: BuildContext,
  path: string,
): Float64Array {
  let pi: Float64Array;
  if (how === "point") {
    const g = pointGaussian(node, ctx.grid.dim, path);
    pi = ctx.grid.sample((x) => g.density(x));
  } else {
    pi = initials.build(node, ctx, path);
  }
  validateDensity(ctx.grid, pi, path);
  return pi;
}

/**
 * How an energy with a target (kl, f-divergence) names π: a potential `V` (π = M e^{−V}/Z, Z
 * from `logZ`, or from ∫e^{−V} in closed form with `targetMass` M) or a density spec `target`
 * (put on the grid by `sampling`). The parameters, and the checks across them, are declared
 * once here.
 */
export interface TargetChoice {
  V?: SpecNode;
  target?: SpecNode;
  sampling?: Sampling;
  logZ?: number;
  targetMass?: number;
}

/** The zod fields of a target choice besides the refs V and target (all optional). */
export const targetChoiceFields = () => ({
  logZ: z
    .number()
    .optional()
    .describe(
      "with V: log of the normalisation Z of π = e^{−V}/Z (default: π of unit mass on the grid)",
    ),
  targetMass: z
    .number()
    .gt(0)
    .optional()
    .describe(
      "with V: mass M of π = M e^{−V}/∫e^{−V} over ℝ^d (needs a potential with a closed-form ∫e^{−V}, e.g. quadratic)",
    ),
  sampling: z
    .enum(SAMPLINGS)
    .optional()
    .describe(
      "how π goes on the grid: cell-average (its exact cell averages; with V, U = −log⟨e^{−V}⟩ per cell) | point (values at cell centres; targets: gaussian only). Default: cell-average, except point for an expression V and on radial grids",
    ),
});

/**
 * Exactly one of V and target, and only the parameters that go with it: logZ / targetMass
 * with V (sampling goes with both). Each refusal names the field.
 */
export function checkTargetChoice(p: TargetChoice, path: string): void {
  if ((p.V === undefined) === (p.target === undefined)) {
    throw new InputError(
      path,
      p.V === undefined
        ? "needs π: give a potential V (π ∝ e^{−V}) or a target density"
        : "give either V or target, not both",
    );
  }
  if (p.target !== undefined) {
    for (const f of ["logZ", "targetMass"] as const) {
      if (p[f] !== undefined) {
        throw new InputError(
          joinPath(path, f),
          "goes with V only: a target density carries its own mass and normalisation",
        );
      }
    }
  }
}

/**
 * log Z of π = e^{−V − log Z} for a target given by V: `logZ` as given, or, with `targetMass`
 * M, log ∫e^{−V} − log M where `logPartition` (default: the potential's closed form) gives
 * log ∫e^{−V}; undefined when neither is given (the energy then normalises on the grid).
 */
export function targetLogZ(
  p: TargetChoice,
  logPartition: number | undefined,
  path: string,
  closedForm: () => number = () => logPartition!,
): number | undefined {
  if (p.targetMass === undefined) return p.logZ;
  if (p.logZ !== undefined) {
    throw new InputError(joinPath(path, "logZ"), "give either logZ or targetMass, not both");
  }
  if (logPartition === undefined) {
    throw new InputError(
      joinPath(path, "targetMass"),
      `needs a potential whose ∫e^{−V} is known in closed form (quadratic); '${p.V!.kind}' has none: give logZ instead`,
    );
  }
  return closedForm() - Math.log(p.targetMass);
}

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

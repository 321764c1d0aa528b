import type { Grid } from "../grid/grid.js";
import { FftGibbsKernel } from "./fftGibbsKernel.js";
import type { GibbsOperator } from "./gibbsOperator.js";
import type { RadialCost } from "./radialCost.js";
import { ScalingGibbsOperator } from "./scalingGibbsOperator.js";
import { SeparableInvariantKernel } from "./separableInvariantKernel.js";
import { StabilizedQuadraticOperator } from "./stabilizedQuadraticOperator.js";
import { StabilizedRadialKernel } from "./stabilizedRadialKernel.js";

/**
 * Which Gibbs operators the unbalanced scaling iterations use (generalizedSinkhorn.ts):
 * "scaling" = the translation-invariant kernel in the scaling domain (separable passes for
 * the quadratic cost, FFT for a non-separable radial cost; fails with a SolverError once the
 * weights leave its range), "stabilized" = the log-stabilised kernel (banded passes for the
 * quadratic cost, the stencil kernel of stabilizedRadialKernel.ts otherwise), "auto" =
 * scaling while it accepts the weights, then stabilised from the potentials reached.
 */
export type UnbalancedKernelMode = "auto" | "scaling" | "stabilized";

/** The forward and backward (transposed) operators of one family; the cost is symmetric. */
export type OperatorPair = [GibbsOperator, GibbsOperator];

/**
 * Scaling-domain pair (both share one kernel). `lambda` is the absorption threshold of the
 * scalings and `budget` the plan mass the kernel's truncation or rounding may misplace, in
 * units of the raw kernel e^{−C/ε} (i.e. already divided by the normalisation e^κ).
 */
export function scalingOperators(
  grid: Grid,
  cost: RadialCost,
  eps: number,
  lambda: number,
  budget: number,
): OperatorPair {
  const kernel = cost.quadratic
    ? new SeparableInvariantKernel(grid, eps, lambda, budget)
    : new FftGibbsKernel(grid, cost, eps, lambda, budget);
  return [new ScalingGibbsOperator(kernel, grid.size), new ScalingGibbsOperator(kernel, grid.size)];
}

/** Log-stabilised pair: valid for any weights. */
export function stabilizedOperators(
  grid: Grid,
  cost: RadialCost,
  eps: number,
  theta?: number,
): OperatorPair {
  if (cost.quadratic) {
    return [
      new StabilizedQuadraticOperator(grid, eps, theta),
      new StabilizedQuadraticOperator(grid, eps, theta),
    ];
  }
  return [
    new StabilizedRadialKernel(grid, cost, eps, { theta }),
    new StabilizedRadialKernel(grid, cost, eps, { theta }),
  ];
}

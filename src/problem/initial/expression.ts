import { z } from "zod";
import { InputError } from "../../errors.js";
import { cellAverages, mass, normalise } from "../../grid/density.js";
import { compileExpression, COORDINATES } from "../expression.js";
import { joinPath } from "../jsonPath.js";
import type { InitialEntry } from "../kinds.js";

export interface ExpressionInitialParams {
  expr: string;
  mass: number | "as-is";
  order: number;
}

export const expressionInitialParams = z.strictObject({
  expr: z
    .string()
    .min(1)
    .describe(`the density (≥ 0) as a formula in ${COORDINATES.join(", ")} (mathjs syntax)`),
  mass: z
    .union([z.number().gt(0), z.literal("as-is")])
    .default(1)
    .describe('normalise to this total mass (default 1), or "as-is": keep the formula\'s own'),
  order: z
    .int()
    .min(1)
    .max(16)
    .default(6)
    .describe("Gauss–Legendre points per axis of the cell averages (6: exact to degree 11)"),
});

/**
 * Cell averages of the formula (tensor Gauss–Legendre, `order` points per axis; on a radial
 * grid shell averages of f(x) with x = r, grid/density.ts), then scaled
 * to the mass: cellAverages(grid, f, order) and normalise(grid, ρ, mass), exactly as the
 * scenario scripts build their bumps. Returns the array and the scale factor applied (1 for
 * "as-is"), so that exact solutions can use the same ρ0 pointwise.
 */
export function expressionDensity(
  p: ExpressionInitialParams,
  grid: Parameters<typeof cellAverages>[0],
  path: string,
): { rho: Float64Array; f: (x: ArrayLike<number>) => number; scale: number } {
  const f = compileExpression(p.expr, grid.dim, joinPath(path, "expr"));
  const rho = cellAverages(grid, f, p.order);
  if (p.mass === "as-is") return { rho, f, scale: 1 };
  const before = mass(grid, rho);
  if (!(before > 0) || !Number.isFinite(before)) {
    throw new InputError(
      joinPath(path, "expr"),
      `'${p.expr}' has mass ${before} on the grid; normalising needs a positive finite mass`,
    );
  }
  normalise(grid, rho, p.mass);
  return { rho, f, scale: p.mass / before };
}

/** ρ0 ∝ a formula f(x, y, z) ≥ 0, as cell averages normalised to a mass. */
export const expressionInitial: InitialEntry<ExpressionInitialParams> = {
  kind: "expression",
  doc: 'ρ0 ∝ f(x, y, z) given as a formula (e.g. "exp(-x^2/0.1)*(1+0.3*x)"), cell averages by quadrature, normalised to a mass',
  params: expressionInitialParams,
  build: (p, ctx, path) => expressionDensity(p, ctx.grid, path).rho,
};

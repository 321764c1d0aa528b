import { z } from "zod";
import { compileExpression, COORDINATES } from "../expression.js";
import { joinPath } from "../jsonPath.js";
import type { PotentialEntry } from "../kinds.js";

/** V given as a formula in the coordinates x, y, z, e.g. "(x^2 - 1)^2" (a double well). */
export const expressionPotential: PotentialEntry<{ expr: string }> = {
  kind: "expression",
  doc: `V(x) as a formula in ${COORDINATES.join(", ")} (mathjs syntax, e.g. "(x^2 - 1)^2")`,
  params: z.strictObject({
    expr: z.string().min(1).describe("the formula, in the coordinates x (, y, z)"),
  }),
  build: (p, ctx, path) => ({ V: compileExpression(p.expr, ctx.dim, joinPath(path, "expr")) }),
};

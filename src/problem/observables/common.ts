import { z } from "zod";
import type { ExactSolution } from "../../exact/exactSolution.js";
import type { BuildContext } from "../context.js";
import { joinPath } from "../jsonPath.js";
import type { ObservableContext } from "../kinds.js";
import { exacts } from "../registries.js";
import type { RefDecl, SpecNode } from "../registry.js";

/**
 * Shared pieces of the observables: the `name` parameter (the key in the trace), the optional
 * `reference` exact solution.
 */

/** The `name` parameter: the key of the quantity in the trace. */
export const nameParam = (key: string) =>
  z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/)
    .default(key)
    .describe(`key in the trace (default "${key}")`);

/** The `reference` field: an exact solution to compare with instead of the spec's `exact`. */
export const referenceRef: Record<string, RefDecl> = {
  reference: { registry: "exact", optional: true },
};

/** The context observables are built with. */
export type ObservableCtx = ObservableContext;

/** A BuildContext for building spec nodes inside an observable. */
export function buildContextOf(ctx: ObservableCtx): BuildContext {
  return { grid: ctx.grid, spec: ctx.spec, readText: ctx.readText };
}

/** The exact solution compared with: `reference` when given, else the spec's `exact`. */
export function referenceFor(
  p: { reference?: SpecNode },
  ctx: ObservableCtx,
  path: string,
): { exact: ExactSolution | undefined; kind: string | undefined } {
  if (p.reference !== undefined) {
    return {
      exact: exacts.build(p.reference, buildContextOf(ctx), joinPath(path, "reference")),
      kind: p.reference.kind,
    };
  }
  return { exact: ctx.exact, kind: ctx.spec.exact?.kind };
}

/** Observable result type. */
export interface Tracked {
  name: string;
  value: (rho: Float64Array, t: number) => number;
}

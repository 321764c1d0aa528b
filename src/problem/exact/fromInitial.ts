import { InputError } from "../../errors.js";
import { joinPath } from "../jsonPath.js";
import type { SpecNode } from "../registry.js";
import type { ProblemSpec } from "../spec.js";

/**
 * The parameters of the spec's initial data, for an exact solution whose own `initial` was
 * left out: allowed only when the initial data is of the kind the solution starts from.
 */
export function initialParams(
  spec: ProblemSpec,
  kind: string,
  path: string,
): Omit<SpecNode, "kind"> {
  if (spec.initial.kind !== kind) {
    throw new InputError(
      joinPath(path, "initial"),
      `is required: the spec's initial data is '${spec.initial.kind}', not a ${kind} this solution can start from`,
    );
  }
  const rest: Record<string, unknown> = { ...spec.initial };
  delete rest.kind;
  return rest;
}

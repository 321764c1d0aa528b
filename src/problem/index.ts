/**
 * Problems as data: the spec format, its validation, the registries and the builder.
 * Importing this module registers every entry (catalog.ts).
 */
import "./catalog.js";

export { buildProblem, energyOf, gridOf, outputTimesOf, type BuildOptions } from "./build.js";
export type { BuildContext, SchemeContext } from "./context.js";
export { compileExpression, checkExpression } from "./expression.js";
export type * from "./kinds.js";
export { geometricTimes, linearTimes } from "./outputTimes.js";
export type { Problem } from "./problem.js";
export { Registry, allRegistries, registryNamed, type Entry, type SpecNode } from "./registry.js";
export {
  energies,
  exacts,
  geometries,
  initials,
  kernels,
  observables,
  potentials,
  schemes,
} from "./registries.js";
export {
  MAX_CELLS,
  validateSpec,
  type ChecksSpec,
  type OutputSpec,
  type ProblemSpec,
  type ProblemSpecInput,
} from "./spec.js";

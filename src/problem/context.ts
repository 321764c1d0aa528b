import type { Energy } from "../energy/energy.js";
import type { Grid } from "../grid/grid.js";
import type { SpecNode } from "./registry.js";
import type { ProblemSpec } from "./spec.js";

/** What every registry entry gets when it builds: the grid, the whole spec, file access. */
export interface BuildContext {
  grid: Grid;
  spec: ProblemSpec;
  /**
   * Reads a file named in the spec (a path relative to the spec file's folder, or absolute).
   * Supplied by the caller, so that the problem layer itself needs no file system.
   */
  readText(path: string): string;
}

/** Schemes also get the built energy and the geometry node they step. */
export interface SchemeContext extends BuildContext {
  energy: Energy;
  geometry: SpecNode;
}

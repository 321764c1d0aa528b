import type { Energy } from "../energy/energy.js";
import { EnergySum } from "../energy/sum.js";
import { Grid, type Boundary } from "../grid/grid.js";
import type { BuildContext } from "./context.js";
import { joinPath } from "./jsonPath.js";
import { geometricTimes, linearTimes } from "./outputTimes.js";
import type { Problem } from "./problem.js";
import { jkoOutputTimes } from "../schemes/jko.js";
import {
  energies,
  exacts,
  geometries,
  initials,
  observables,
  schemeEntry,
  schemes,
} from "./registries.js";
import type { ProblemSpec } from "./spec.js";
import { validateDensity } from "./validateDensity.js";

/** How a spec refers to files, and anything else the caller supplies. */
export interface BuildOptions {
  /** Reads a file named in the spec (relative to the spec's folder). Default: refuses. */
  readText?: (path: string) => string;
}

/** The grid of a validated spec ("no-flux" is the Grid's "noflux"). */
export function gridOf(spec: ProblemSpec): Grid {
  const b = spec.grid.boundary;
  const map = (v: string): Boundary => (v === "periodic" ? "periodic" : "noflux");
  return new Grid({
    n: spec.grid.n,
    lo: spec.grid.lo,
    hi: spec.grid.hi,
    boundary: Array.isArray(b) ? b.map(map) : map(b),
    ...(spec.grid.radial ? { radial: { dim: spec.grid.radial.dim } } : {}),
  });
}

/** The energy F = Σ w_k F_k of a validated spec (a single unit-weight term is returned as is). */
export function energyOf(spec: ProblemSpec, ctx: BuildContext): Energy {
  const terms = spec.energy.map((node, i) => {
    const e = energies.build(node, ctx, joinPath("energy", i));
    const w = typeof node.weight === "number" ? node.weight : 1;
    return [w, e] as [number, Energy];
  });
  if (terms.length === 1 && terms[0][0] === 1) return terms[0][1];
  return new EnergySum(terms);
}

/**
 * Output times of a spec. For a scheme with a fixed step τ (schemeEntry.fixedStep: the
 * entropic JKO), the times are snapped to multiples of τ (tEnd too, rounded to the nearest
 * multiple), so that every step has the full length and the result does not depend on the
 * number of snapshots (issue 10); the snapped times are what the summary records.
 */
export function outputTimesOf(spec: ProblemSpec): number[] {
  const { tEnd, snapshots, spacing } = spec.output;
  const entry = schemeEntry(spec.scheme.kind);
  const tau = entry.fixedStep?.(spec.scheme);
  if (tau !== undefined) {
    if (spacing === "linear") return jkoOutputTimes(tEnd, tau, snapshots);
    const steps = Math.max(1, Math.round(tEnd / tau));
    const idx = new Set<number>([0, steps]);
    for (const t of geometricTimes(tEnd, snapshots)) idx.add(Math.min(steps, Math.round(t / tau)));
    return [...idx].sort((a, b) => a - b).map((i) => i * tau);
  }
  return spacing === "geometric" ? geometricTimes(tEnd, snapshots) : linearTimes(tEnd, snapshots);
}

/**
 * Builds the Problem of a validated spec: grid, ρ0, energy, scheme (for the geometry),
 * output times, exact solution and observables. Errors are InputErrors naming the JSON path.
 */
export function buildProblem(spec: ProblemSpec, options: BuildOptions = {}): Problem {
  const grid = gridOf(spec);
  const ctx: BuildContext = {
    grid,
    spec,
    readText:
      options.readText ??
      ((p) => {
        throw new Error(`this build has no file access (asked for ${p})`);
      }),
  };
  const rho0 = initials.build(spec.initial, ctx, "initial");
  validateDensity(grid, rho0, "initial");
  const energy = energyOf(spec, ctx);
  const scheme = schemes.build(spec.scheme, { ...ctx, energy, geometry: spec.geometry }, "scheme");
  const exactSolution = spec.exact ? exacts.build(spec.exact, ctx, "exact") : undefined;
  const obs: Record<string, (rho: Float64Array, t: number) => number> = {};
  (spec.observables ?? []).forEach((node, i) => {
    const o = observables.build(
      node,
      { grid, exact: exactSolution, spec, energy, rho0, scheme, readText: ctx.readText },
      joinPath("observables", i),
    );
    obs[o.name] = o.value;
  });
  const geometry = geometries.build(spec.geometry, ctx, "geometry");
  const conservesMass = geometry.reaction === 0 || geometry.spherical;
  return {
    grid,
    rho0,
    energy,
    scheme,
    outputTimes: outputTimesOf(spec),
    ...(exactSolution ? { exact: (t: number) => exactSolution.cellAverages(grid, t) } : {}),
    observables: obs,
    spec: spec as unknown as Record<string, unknown>,
    conservesMass,
  };
}

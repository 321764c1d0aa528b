import type { Energy } from "../energy/energy.js";
import type { ExactSolution } from "../exact/exactSolution.js";
import type { Kernel } from "../fft/kernel.js";
import type { Scheme } from "../schemes/scheme.js";
import type { BuildContext, SchemeContext } from "./context.js";
import type { GeometryFactory, ObservableContext, PotentialValue, SchemeEntry } from "./kinds.js";
import { Registry } from "./registry.js";

/**
 * The registry instances. Entries are added in catalog.ts (one line per entry); nothing
 * else in the code base lists the names of energies, geometries or schemes.
 */
export const energies = new Registry<BuildContext, Energy>(
  "energy",
  "energy term",
  "A term of the energy F = Σ weight·F_k.",
);
export const geometries = new Registry<BuildContext, GeometryFactory>(
  "geometry",
  "geometry",
  "How δF/δρ becomes a rate of change (the kinetics).",
);
export const schemes = new Registry<SchemeContext, Scheme>(
  "scheme",
  "scheme",
  "How the flow is stepped in time.",
);
export const initials = new Registry<BuildContext, Float64Array>(
  "initial",
  "initial density",
  "The initial density ρ0 (its exact cell averages on the grid, or a file).",
);
export const exacts = new Registry<BuildContext, ExactSolution>(
  "exact",
  "exact solution",
  "A closed-form solution to compare with (through its exact cell averages).",
);
export const potentials = new Registry<{ dim: number }, PotentialValue>(
  "potential",
  "potential",
  "A potential V(x), by name or as a formula.",
);
export const kernels = new Registry<{ dim: number }, Kernel>(
  "kernel",
  "kernel",
  "A radial kernel K(x) = k(|x|), for interactions and MMD.",
);
export const observables = new Registry<
  ObservableContext,
  { name: string; value: (rho: Float64Array, t: number) => number }
>("observable", "observable", "A quantity tracked at every output time.");

/** The scheme entry of a kind, with its compatibility declaration. */
export function schemeEntry(kind: string): SchemeEntry {
  return schemes.entry(kind) as SchemeEntry;
}

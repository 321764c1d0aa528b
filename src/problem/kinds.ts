import type { Energy } from "../energy/energy.js";
import type { ExactSolution } from "../exact/exactSolution.js";
import type { Kernel } from "../fft/kernel.js";
import type { Geometry } from "../geometry/geometry.js";
import type { WassersteinOptions } from "../geometry/wasserstein.js";
import type { Grid } from "../grid/grid.js";
import type { Scheme } from "../schemes/scheme.js";
import type { BuildContext, SchemeContext } from "./context.js";
import type { Entry } from "./registry.js";
import type { ProblemSpec } from "./spec.js";

/**
 * The entry types of each registry (what `build` returns). An entry file exports one
 * object of one of these types; registries.ts lists them.
 */

/** An energy term; `weight` (default 1) is a parameter of every term, applied by build.ts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface EnergyEntry<P = any> extends Entry<P, BuildContext, Energy> {
  /**
   * The term's part in a *linear* Fokker–Planck equation ∂ρ/∂t = div(ν∇ρ + ρ∇V) (ξ = ν log ρ
   * + ψ with ψ independent of ρ): "diffusion" for a term with an entropy part (kl, entropy),
   * "drift" for a ρ-independent ψ alone (potential). Absent: the term makes the flow
   * nonlinear. Read by the default-scheme rule (schemes/fvDefaults.ts).
   */
  fokkerPlanck?: "diffusion" | "drift";
}

/**
 * A geometry builds, for a given energy and Wasserstein face options (chosen by the scheme),
 * the Geometry whose rate the explicit schemes step. `transport` and `reaction` are the
 * weights α, β of its Wasserstein and Fisher–Rao parts (used by the split scheme).
 */
export interface GeometryFactory {
  build(energy: Energy, wasserstein: WassersteinOptions): Geometry;
  transport: number;
  reaction: number;
  spherical: boolean;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GeometryEntry<P = any> = Entry<P, BuildContext, GeometryFactory>;

/**
 * A scheme steps the flow of the spec's energy on its geometry. `geometries` lists the
 * geometry kinds it can step ("*" for any): a spec pairing it with another one is refused
 * at validation. `check` adds other cross-field checks (periodic axes, energy kinds, …).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface SchemeEntry<P = any> extends Entry<P, SchemeContext, Scheme> {
  geometries: readonly string[] | "*";
  check?(params: P, spec: ProblemSpec, path: string): void;
  /**
   * The scheme's fixed step length, if every step must have it (entropic JKO: each step adds
   * the same ε-blur, so a shortened step would change the result). Output times are then
   * snapped to multiples of it, so a result never depends on the number of snapshots.
   */
  fixedStep?(params: P): number;
}

/** Initial data: the cell averages of ρ0 on the grid. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type InitialEntry<P = any> = Entry<P, BuildContext, Float64Array>;

/** An exact solution; the run's time t = 0 is the spec's initial time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ExactEntry<P = any> = Entry<P, BuildContext, ExactSolution>;

/** A potential V(x) (point function of the coordinates). */
export interface PotentialValue {
  V: (x: ArrayLike<number>) => number;
  /** log ∫_{ℝ^d} e^{−V} when known in closed form (Gaussian potentials), else undefined. */
  logPartition?: number;
  /**
   * ∇V(x) in closed form, written into `out` (dim entries), when known; the particle
   * samplers differentiate V by central differences otherwise (src/particles/potential.ts).
   */
  gradient?: (x: ArrayLike<number>, out: Float64Array) => void;
  /** For V(x) = ½(x − center)ᵀA(x − center): A and the centre (∇V is linear). */
  quadratic?: { A: readonly (readonly number[])[]; center: readonly number[] };
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PotentialEntry<P = any> = Entry<P, { dim: number }, PotentialValue>;

/** A radial kernel for interactions and MMD. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KernelEntry<P = any> = Entry<P, { dim: number }, Kernel>;

/** What an observable may read: the grid and the exact solution, if any. */
export interface ObservableContext {
  grid: Grid;
  exact?: ExactSolution;
  spec: ProblemSpec;
  /** The built energy and initial density of the run. */
  energy: Energy;
  rho0: Float64Array;
  /** The run's scheme (observables of a particle cloud read it through this). */
  scheme?: Scheme;
  /** File access as for the other entries (BuildContext.readText). */
  readText(path: string): string;
}
/** A tracked quantity f(ρ, t), recorded at every output time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ObservableEntry<P = any> = Entry<
  P,
  ObservableContext,
  { name: string; value: (rho: Float64Array, t: number) => number }
>;

import type { Problem } from "../problem/problem.js";

/**
 * Time schemes: explicit SSP Runge–Kutta with the Wasserstein face flux fv1 / fv2 / sg (also the
 * transport part of WFR flows), "jko" (entropic JKO), "explicit" (SSP Runge–Kutta on a
 * pointwise Fisher–Rao geometry), "exact" (the exact multiplicative Fisher–Rao step of KL).
 */
export type SchemeName = "fv1" | "fv2" | "sg" | "jko" | "explicit" | "exact";
export const SCHEME_NAMES: readonly SchemeName[] = ["fv1", "fv2", "sg", "jko", "explicit", "exact"];

/** Options a user can override on the command line; scenarios supply defaults. */
export interface ScenarioOptions {
  /** Cells per axis. */
  n: number;
  /** Final time. */
  tEnd: number;
  scheme: SchemeName;
  /** Runge–Kutta method of the explicit schemes. */
  method: "euler" | "heun" | "ssprk3";
  /** Fraction of the stable explicit step used by the adaptive step (0, 1]. */
  cfl: number;
  /** Fixed explicit step (checked against the stability limit), or undefined for adaptive. */
  dt?: number;
  /** JKO step τ and entropic regularisation ε (jko scheme only). */
  tau?: number;
  eps?: number;
  /**
   * JKO only: entropy weight ν − ε/(4τ), cancelling the entropic blur to first order
   * (docs/jko.md). Not meaningful for energies without entropy (ν = 0).
   */
  blurCorrection?: boolean;
  /** Number of snapshots stored and plotted (including t = 0 and tEnd). */
  snapshots: number;
  /** Porous-medium exponent m > 1 (only for scenarios whose defaults define it). */
  m?: number;
  /**
   * The spec's scheme kind when it has no legacy name (samplers, forward–backward, sliced
   * JKO, …): printed instead of `scheme`/`method`, and the run's command line has no
   * `--scheme`, which would name another scheme.
   */
  schemeKind?: string;
}

/** Everything `simulate` needs (defined in the problem layer, which builds it from a spec). */
export type { Problem } from "../problem/problem.js";

/** A runnable scenario: one file in scenarios/ exports one of these. */
export interface Scenario {
  /** Kebab-case name, also the output folder: output/<name>/. */
  name: string;
  title: string;
  /** One paragraph: equation, initial datum, exact solution. */
  description: string;
  /** Defaults for the options (merged over the global defaults). */
  defaults: Partial<ScenarioOptions>;
  /** Schemes this scenario supports (first one is the default). */
  schemes: SchemeName[];
  /**
   * Extra runs shown in the gallery next to the default one, each written to
   * output/<name>-<suffix>/ with these options over the defaults (e.g. a second exponent m).
   */
  variants?: { suffix: string; options: Partial<ScenarioOptions> }[];
  build(options: ScenarioOptions): Problem;
}

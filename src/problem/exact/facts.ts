import { InputError } from "../../errors.js";
import type { ExactSolution } from "../../exact/exactSolution.js";
import type { Grid } from "../../grid/grid.js";
import type { ExactEntry } from "../kinds.js";
import { exacts } from "../registries.js";

/**
 * What an observable may know of an exact solution beyond its cell averages. The exact
 * entries of the problem layer attach these closed-form facts to the solution they build
 * (`withFacts`); observables read them (`requireFact`) and refuse, naming their JSON path, a
 * spec whose exact solution lacks what they need. Times t are run times (t = 0: the spec's
 * initial data).
 */
export interface ExactFacts {
  /** Centre of mass μ(t). */
  mean?(t: number): number[];
  /** Covariance Σ(t) of the continuous solution (normalised). */
  cov?(t: number): number[][];
  /**
   * Per-axis variances of the discrete measure on the cell centres (semi-discrete references
   * such as the JKO Gaussian recursions, whose variance already includes the h²/12 of cell
   * averages): observables compare with these without the h²/12 correction.
   */
  gridVariances?(t: number): number[];
  /** Mass M(t). */
  mass?(t: number): number;
  /** Second moment ∫|x − c|²ρ(t) about `center` (default the origin). */
  secondMoment?(t: number): number;
  /** Support radius about `center` (compactly supported solutions). */
  radius?(t: number): number;
  center?: number[];
  /** A closed-form energy along the solution, and what it is. */
  energy?: { value(t: number): number; doc: string };
}

export type FactName = keyof ExactFacts;

/** An exact solution built by a spec entry: its kind and its facts. */
export interface SpecExact extends ExactSolution {
  readonly kind: string;
  readonly facts: ExactFacts;
}

/** An exact entry that declares the facts its solutions carry (for messages and docs). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ExactEntryWithFacts<P = any> = ExactEntry<P> & { facts: readonly FactName[] };

/** The solution with its kind and facts attached (cell averages are passed through as is). */
export function withFacts(kind: string, solution: ExactSolution, facts: ExactFacts): SpecExact {
  return {
    kind,
    dim: solution.dim,
    mass: solution.mass,
    density: (t, x) => solution.density(t, x),
    densityAt: (t) => solution.densityAt(t),
    cellAverages: (grid: Grid, t: number) => solution.cellAverages(grid, t),
    facts,
  };
}

/** The facts of a built exact solution (none for solutions built outside the spec entries). */
export function factsOf(exact: ExactSolution | undefined): ExactFacts {
  return (exact as Partial<SpecExact> | undefined)?.facts ?? {};
}

/** The exact kinds whose entries declare a fact. */
export function kindsWith(fact: FactName): string[] {
  return exacts.kinds().filter((k) => {
    const facts = (exacts.entry(k) as Partial<ExactEntryWithFacts>).facts;
    return facts?.includes(fact) ?? false;
  });
}

/**
 * The fact `fact` of the exact solution an observable compares with, or an InputError at the
 * observable's path saying that the spec has no exact solution, or one of a kind without it,
 * and which kinds have it.
 */
export function requireFact<F extends FactName>(
  exact: ExactSolution | undefined,
  kind: string | undefined,
  fact: F,
  what: string,
  path: string,
): NonNullable<ExactFacts[F]> {
  const value = factsOf(exact)[fact];
  if (value !== undefined) return value as NonNullable<ExactFacts[F]>;
  const allowed = kindsWith(fact).join(", ");
  if (exact === undefined) {
    throw new InputError(
      path,
      `needs an exact solution with ${what}; the spec has none: add "exact" (one of: ${allowed})`,
    );
  }
  throw new InputError(
    path,
    `needs an exact solution with ${what}; the exact solution '${kind ?? "?"}' has none (kinds that have it: ${allowed})`,
  );
}

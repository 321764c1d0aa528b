import { InputError } from "../../errors.js";
import { Gaussian } from "../../exact/gaussian.js";
import { inverseSpd, logDetSpd } from "../../exact/symmetricMatrix.js";
import { gaussianOf, type GaussianParams } from "../initial/gaussian.js";
import { joinPath } from "../jsonPath.js";
import { gaussianPotentialOf, type GaussianPotentialParams } from "../potentials/gaussian.js";
import { checkSpd } from "../potentials/quadratic.js";
import type { ProblemSpec } from "../spec.js";

/**
 * The Gaussian target π = M_π N(m, Σ) of the spec's kl energy, for the closed forms of the
 * Fisher–Rao and WFR flows of KL(ρ‖π) between Gaussians when their `target` is left out. The
 * energy must be a single kl term of weight 1 with
 * - target: a gaussian (π is that Gaussian), or
 * - V: gaussian {mean, cov} (π = M_π N(mean, cov)) or quadratic {A, center} (π = M_π N(c, A⁻¹)),
 *   with M_π = targetMass, or e^{log Z_V − logZ} when logZ is given, else 1 (the kl default:
 *   π of unit mass on the grid, equal to 1 up to the mass outside the box).
 * Anything else is an InputError at `path` (the exact solution's `target`) saying so.
 */
export function gaussianKlTarget(spec: ProblemSpec, dim: number, path: string): Gaussian {
  const refuse = (why: string): never => {
    throw new InputError(path, `is required: ${why}; give the target Gaussian {mean, cov, mass}`);
  };
  const kl = spec.energy.filter((e) => e.kind === "kl");
  if (kl.length !== 1 || spec.energy.length !== 1) {
    refuse("the spec's energy is not a single kl term to take π from");
  }
  const term = kl[0];
  if (typeof term.weight === "number" && term.weight !== 1) {
    refuse(`the spec's kl term has weight ${term.weight}, not 1`);
  }
  const at = joinPath("energy", 0);
  const target = term.target as { kind: string } | undefined;
  if (target !== undefined) {
    if (target.kind !== "gaussian") refuse(`the kl target is '${target.kind}', not a gaussian`);
    return gaussianOf(target as unknown as GaussianParams, dim, joinPath(at, "target"));
  }
  const V = term.V as ({ kind: string } & Record<string, unknown>) | undefined;
  if (V === undefined) refuse("the spec's kl term has no potential");
  const massOf = (logPartition: number): number => {
    if (typeof term.targetMass === "number") return term.targetMass;
    if (typeof term.logZ === "number") return Math.exp(logPartition - term.logZ);
    return 1;
  };
  if (V!.kind === "gaussian") {
    const g = gaussianPotentialOf(V as unknown as GaussianPotentialParams, dim, joinPath(at, "V"));
    const logPartition = 0.5 * dim * Math.log(2 * Math.PI) + 0.5 * g.logDetCov;
    return g.withMass(massOf(logPartition));
  }
  if (V!.kind === "quadratic") {
    const A = checkSpd(V!.A as number[][], dim, joinPath(at, "V", "A"));
    const c = (V!.center as number[] | undefined) ?? new Array<number>(dim).fill(0);
    const logPartition = 0.5 * dim * Math.log(2 * Math.PI) - 0.5 * logDetSpd(A);
    return new Gaussian(c, inverseSpd(A), massOf(logPartition));
  }
  return refuse(`the kl potential is '${V!.kind}', not gaussian or quadratic`);
}

import { z } from "zod";
import { InputError } from "../../errors.js";
import { cellAverages } from "../../grid/density.js";
import type { Grid } from "../../grid/grid.js";
import type { BuildContext } from "../context.js";
import { compileExpression, COORDINATES } from "../expression.js";
import { expressionDensity, type ExpressionInitialParams } from "../initial/expression.js";
import { gaussianOf, type GaussianParams } from "../initial/gaussian.js";
import { mixtureOf, type MixtureParams } from "../initial/mixture.js";
import { joinPath } from "../jsonPath.js";
import { potentials } from "../registries.js";
import type { SpecNode } from "../registry.js";
import { type ExactEntryWithFacts, withFacts } from "./facts.js";

interface FrKlParams {
  initial?: string;
  target?: string;
  rate?: number;
  order: number;
}

type PointFn = (x: ArrayLike<number>) => number;

/**
 * ρ0 as a point function: the formula given, else the spec's initial data when it has a
 * closed-form density (gaussian, mixture, expression: its formula times the factor that
 * normalised it, so that its cell averages are the spec's ρ0).
 */
function initialPoint(p: FrKlParams, ctx: BuildContext, path: string): PointFn {
  const d = ctx.grid.dim;
  if (p.initial !== undefined) return compileExpression(p.initial, d, joinPath(path, "initial"));
  const init = ctx.spec.initial;
  if (init.kind === "gaussian") {
    const g = gaussianOf(init as unknown as GaussianParams, d, "initial");
    return (x) => g.density(x);
  }
  if (init.kind === "mixture") {
    const gs = mixtureOf(init as unknown as MixtureParams, d, "initial");
    return (x) => gs.reduce((s, g) => s + g.density(x), 0);
  }
  if (init.kind === "expression") {
    const e = expressionDensity(init as unknown as ExpressionInitialParams, ctx.grid, "initial");
    return e.scale === 1 ? e.f : (x) => e.scale * e.f(x);
  }
  throw new InputError(
    joinPath(path, "initial"),
    `is required: the spec's initial data '${init.kind}' has no closed-form density; give ρ0 as a formula`,
  );
}

/**
 * π as a point function: the formula given, else from the spec's single kl term, π = e^{−V − log Z}
 * with log Z = logZ, or log∫e^{−V} − log targetMass (potentials with a closed-form ∫e^{−V}).
 */
function targetPoint(p: FrKlParams, ctx: BuildContext, path: string): PointFn {
  const d = ctx.grid.dim;
  const tpath = joinPath(path, "target");
  if (p.target !== undefined) return compileExpression(p.target, d, tpath);
  const kl = ctx.spec.energy.filter((e) => e.kind === "kl");
  const term = kl.length === 1 && ctx.spec.energy.length === 1 ? kl[0] : undefined;
  const V = term?.V as SpecNode | undefined;
  if (term === undefined || V === undefined) {
    throw new InputError(
      tpath,
      "is required: the spec's energy is not a single kl term with a potential V",
    );
  }
  const v = potentials.build(V, { dim: d }, joinPath("energy", 0, "V"));
  let logZ: number | undefined;
  if (typeof term.logZ === "number") logZ = term.logZ;
  else if (typeof term.targetMass === "number" && v.logPartition !== undefined) {
    logZ = v.logPartition - Math.log(term.targetMass);
  }
  if (logZ === undefined) {
    throw new InputError(
      tpath,
      "is required: the kl term's π is normalised on the grid (no logZ, no targetMass with a closed-form ∫e^{−V}); give π as a formula",
    );
  }
  const lz = logZ;
  return (x) => Math.exp(-v.V(x) - lz);
}

/**
 * The balanced Fisher–Rao flow of KL(ρ‖π) on 𝓜₊, ∂ρ/∂t = −κρ log(ρ/π), for any ρ0 and π:
 * the geometric interpolation ρ_t = ρ0^{w}π^{1−w}, w = e^{−κt} (docs/exact-solutions.md), as cell
 * averages by tensor Gauss–Legendre with `order` points per axis (the form of the
 * fisher-rao-kl-1d scenario: cellAverages(grid, x ↦ ρ0(x)^w π(x)^{1−w})). ρ0 and π are point
 * functions: formulas, or taken from the spec (see initialPoint, targetPoint).
 */
export const fisherRaoKlExact: ExactEntryWithFacts<FrKlParams> = {
  kind: "fisher-rao-kl",
  doc: "balanced Fisher–Rao flow of KL(ρ‖π), any ρ0 and π: ρ_t = ρ0^{w}π^{1−w}, w = e^{−κt}, cell averages by quadrature",
  params: z.strictObject({
    initial: z
      .string()
      .min(1)
      .optional()
      .describe(
        `ρ0 as a formula in ${COORDINATES.join(", ")} (default: the spec's gaussian, mixture or expression initial)`,
      ),
    target: z
      .string()
      .min(1)
      .optional()
      .describe(
        "π as a formula (default: e^{−V−log Z} of the spec's kl term, which needs logZ or targetMass)",
      ),
    rate: z
      .number()
      .gt(0)
      .optional()
      .describe("rate κ (default: the fisher-rao geometry's, else 1)"),
    order: z
      .int()
      .min(1)
      .max(16)
      .default(6)
      .describe("Gauss–Legendre points per axis of the cell averages"),
  }),
  facts: [],
  build: (p, ctx, path) => {
    const geo = ctx.spec.geometry;
    if (geo.kind === "fisher-rao" && geo.spherical === true) {
      throw new InputError(
        path,
        "is the balanced flow; the spec's fisher-rao geometry is spherical (use fisher-rao-kl-gaussian, which has both)",
      );
    }
    const rate =
      p.rate ?? (geo.kind === "fisher-rao" && typeof geo.rate === "number" ? geo.rate : 1);
    const f0 = initialPoint(p, ctx, path);
    const pi = targetPoint(p, ctx, path);
    const atTime = (t: number): PointFn => {
      const w = Math.exp(-rate * t);
      return (x) => f0(x) ** w * pi(x) ** (1 - w);
    };
    return withFacts(
      "fisher-rao-kl",
      {
        dim: ctx.grid.dim,
        mass: NaN,
        density: (t, x) => atTime(t)(x),
        densityAt: atTime,
        cellAverages: (grid: Grid, t: number) => {
          const f = atTime(t);
          return cellAverages(grid, (x) => f(x), p.order);
        },
      },
      {},
    );
  },
};

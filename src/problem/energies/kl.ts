import { z } from "zod";
import { RelativeEntropy } from "../../energy/kl.js";
import { InputError } from "../../errors.js";
import type { Grid } from "../../grid/grid.js";
import type { BuildContext } from "../context.js";
import { weight } from "../fields.js";
import { joinPath } from "../jsonPath.js";
import type { EnergyEntry } from "../kinds.js";
import { potentials } from "../registries.js";
import { potentialOnGrid, potentialSampling } from "./gibbsPotential.js";
import type { SpecNode } from "../registry.js";
import {
  checkTargetChoice,
  pointGaussian,
  targetChoiceFields,
  targetLogZ,
  targetOnGrid,
  type TargetChoice,
} from "./target.js";

interface KlParams extends TargetChoice {
  weight: number;
}

/**
 * Relative entropy KL(ρ‖π) = ∫ρ log(ρ/π) − ρ + π on non-negative measures, δF/δρ = log(ρ/π).
 * π is given in one of two ways:
 * - a potential `V`: π = M e^{−V}/Z, put on the grid as its cell averages (U = −log⟨e^{−V}⟩,
 *   the default for registry potentials) or at the cell centres (`sampling` "point", the
 *   default for formulas; gibbsPotential.ts), normalised by `targetMass` M with
 *   Z = ∫_{ℝ^d} e^{−V} when the potential knows it in closed form (quadratic), else by
 *   `logZ` given (π = e^{−V − logZ}), else π of unit mass on the grid;
 * - a density spec `target` (the `initial` registry): with sampling "point" (gaussian
 *   M·N(μ, Σ)) −log π = ½(x−μ)ᵀΣ⁻¹(x−μ) + log Z at the centres, log Z = (d/2)log 2π +
 *   ½log det Σ − log M; with "cell-average" −log π_i of its cell averages (π > 0 in every
 *   cell).
 * The mass of π matters for the Fisher–Rao and WFR flows on 𝓜₊ (they converge to π).
 */
export const klEntry: EnergyEntry<KlParams> = {
  kind: "kl",
  fokkerPlanck: "diffusion",
  doc: "relative entropy KL(ρ‖π), π ∝ e^{−V} or a target density (Wasserstein flow: Fokker–Planck ∂ρ/∂t = Δρ + div(ρ∇V))",
  params: z.strictObject({
    weight: weight(),
    ...targetChoiceFields(),
  }),
  refs: {
    V: { registry: "potential", optional: true },
    target: { registry: "initial", optional: true },
  },
  build: (p, ctx, path) => {
    checkTargetChoice(p, path);
    if (p.target !== undefined) return klToTarget(p, p.target, ctx, path);
    const v = potentials.build(p.V!, { dim: ctx.grid.dim }, joinPath(path, "V"));
    const logZ = targetLogZ(
      p,
      v.logPartition,
      path,
      () => radialLogPartition(ctx, p.V!, joinPath(path, "V")) ?? v.logPartition!,
    );
    const where = joinPath(path, "V");
    const how = potentialSampling(p.V!, p.sampling, ctx.grid);
    return new RelativeEntropy(ctx.grid, potentialOnGrid(v.V, how, ctx.grid, where), logZ);
  },
};

/**
 * log ∫_{ℝ^d} e^{−V} of a quadratic potential V = (a/2)|x|² on a radial grid of dimension d,
 * (d/2)log(2π/a) (the potential entry was built with the one axis r, so its own value is the
 * 1D one); undefined on Cartesian grids.
 */
function radialLogPartition(ctx: BuildContext, V: SpecNode, path: string): number | undefined {
  const d = ctx.grid.radial?.dim;
  if (d === undefined) return undefined;
  const A = V.A as number[][] | undefined;
  if (V.kind !== "quadratic" || A === undefined) {
    throw new InputError(path, "targetMass on a radial grid needs a quadratic potential");
  }
  return 0.5 * d * Math.log((2 * Math.PI) / A[0][0]);
}

/** KL to a target density spec (see klEntry). */
function klToTarget(
  p: KlParams,
  target: SpecNode,
  ctx: BuildContext,
  path: string,
): RelativeEntropy {
  const grid = ctx.grid;
  const tpath = joinPath(path, "target");
  if (p.sampling === "point") {
    const g = pointGaussian(target, grid.dim, tpath);
    const d = g.dim;
    const P = g.precision;
    const mu = g.mean;
    const u = new Float64Array(d);
    const U = (x: Float64Array): number => {
      for (let a = 0; a < d; a++) u[a] = x[a] - mu[a];
      let s = 0;
      for (let a = 0; a < d; a++) {
        s += P[a][a] * u[a] * u[a];
        for (let b = a + 1; b < d; b++) s += 2 * P[a][b] * u[a] * u[b];
      }
      return 0.5 * s;
    };
    const logZ = 0.5 * d * Math.log(2 * Math.PI) + 0.5 * g.logDetCov - Math.log(g.mass);
    return new RelativeEntropy(grid, U, logZ);
  }
  const pi = targetOnGrid(target, "cell-average", ctx, tpath);
  return new RelativeEntropy(grid, minusLog(grid, pi, tpath), 0);
}

/** −log π_i, refusing empty cells (KL(ρ‖π) needs log π finite). */
function minusLog(grid: Grid, pi: Float64Array, path: string): Float64Array {
  const out = new Float64Array(grid.size);
  for (let i = 0; i < pi.length; i++) {
    if (!(pi[i] > 0)) {
      throw new InputError(
        path,
        `is ${pi[i]} in cell ${i}: KL(ρ‖π) needs π > 0 in every cell (log π); use a target ` +
          `with full support on the box, or sampling "point" for a gaussian`,
      );
    }
    out[i] = -Math.log(pi[i]);
  }
  return out;
}

import { z } from "zod";
import { InputError } from "../../errors.js";
import { normaliseMass } from "../../particles/cloudSinkhorn.js";
import { SinkhornDivergenceMetric } from "../../ot/divergence.js";
import type { ObservableEntry } from "../kinds.js";
import type { SpecNode } from "../registry.js";
import { nameParam, referenceFor, referenceRef, type ObservableCtx } from "./common.js";

/**
 * The debiased Sinkhorn divergence S_ε(ρ, ρ_exact) (src/ot/divergence.ts; Feydy et al.,
 * AISTATS 2019) between ρ and the exact solution's cell averages, both normalised to unit
 * mass, in any dimension: S_ε ≥ 0, S_ε(ρ, ρ) = 0, S_ε → W₂² as ε → 0. For a particle scheme ρ
 * is the cloud's deposit on the grid (histogram or linear), so this is the cloud-to-grid
 * divergence in 2D/3D. Cost: three Sinkhorn solves per output time. No-flux boxes only.
 */
export const sinkhornToExactObservable: ObservableEntry<{
  name: string;
  eps?: number;
  reference?: SpecNode;
}> = {
  kind: "sinkhorn-to-exact",
  doc: "debiased Sinkhorn divergence S_ε(ρ, exact) (both normalised; → W₂² as ε → 0), any dimension; for particles ρ is the cloud's deposit",
  params: z.strictObject({
    name: nameParam("sinkhornToExact"),
    eps: z
      .number()
      .gt(0)
      .optional()
      .describe(
        "entropic regularisation ε of the cost |x − y|² (default 4h², h the largest cell width)",
      ),
  }),
  refs: referenceRef,
  build: (p, ctx: ObservableCtx, path) => {
    const grid = ctx.grid;
    if (grid.boundary.includes("periodic")) {
      throw new InputError(path, "sinkhorn-to-exact needs a no-flux box (Euclidean cost)");
    }
    const { exact } = referenceFor(p, ctx, path);
    if (exact === undefined) {
      throw new InputError(
        path,
        'needs an exact solution: the spec has none (add "exact" or "reference")',
      );
    }
    const h = Math.max(...grid.h);
    const metric = new SinkhornDivergenceMetric(grid, p.eps ?? 4 * h * h);
    const a = new Float64Array(grid.size);
    return {
      name: p.name,
      value: (rho, t) => {
        a.set(rho);
        normaliseMass(a, grid.cellVolume, "rho");
        const b = Float64Array.from(exact.cellAverages(grid, t));
        normaliseMass(b, grid.cellVolume, "exact");
        return metric.evaluate(a, b).divergence;
      },
    };
  },
};

import { z } from "zod";
import { InputError } from "../../errors.js";
import { cloudW2Grid1d } from "../../metrics/cloudW2.js";
import { isParticleScheme } from "../../particles/particleScheme.js";
import type { ObservableEntry } from "../kinds.js";
import type { SpecNode } from "../registry.js";
import { nameParam, referenceFor, referenceRef, type ObservableCtx } from "./common.js";

/**
 * Exact 1D W2 between the particle cloud itself (not its binned density) and the exact
 * solution's cell averages, both normalised (src/metrics/cloudW2.ts: quantiles, no
 * quadrature error). An observable sees only ρ, so this one reads the cloud from the run's
 * particle scheme (ObservableContext.scheme); at t = 0 it is the cloud drawn from ρ0, the one
 * the first step moves. Needs a particle scheme (ula, mala, svgd, mmd-particles) and a 1D grid.
 */
export const cloudW2ToExactObservable: ObservableEntry<{ name: string; reference?: SpecNode }> = {
  kind: "cloud-w2-to-exact",
  doc: "W2 (1D, exact by quantiles) between the particle cloud of a particle scheme and the exact solution's cell averages",
  params: z.strictObject({ name: nameParam("cloudW2ToExact") }),
  refs: referenceRef,
  build: (p, ctx: ObservableCtx, path) => {
    const grid = ctx.grid;
    if (grid.dim !== 1) {
      throw new InputError(
        path,
        `cloud-w2-to-exact is 1D (quantile formula); the grid is ${grid.dim}D: use ` +
          "sinkhorn-to-exact, which sees the cloud through its deposit",
      );
    }
    const scheme = ctx.scheme;
    if (scheme === undefined || !isParticleScheme(scheme)) {
      throw new InputError(
        path,
        `needs a particle scheme (ula, mala, svgd, mmd-particles), the spec's is '${ctx.spec.scheme.kind}'; ` +
          "use w2-to-exact for a grid density",
      );
    }
    const { exact } = referenceFor(p, ctx, path);
    if (exact === undefined) {
      throw new InputError(
        path,
        'needs an exact solution: the spec has none (add "exact" or "reference")',
      );
    }
    return {
      name: p.name,
      value: (rho, t) =>
        cloudW2Grid1d(scheme.cloudFor(rho).positions, grid, exact.cellAverages(grid, t)),
    };
  },
};

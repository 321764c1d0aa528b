import { z } from "zod";
import type { Gaussian } from "../../exact/gaussian.js";
import { joinPath } from "../jsonPath.js";
import type { InitialEntry } from "../kinds.js";
import { gaussianOf, gaussianParams, type GaussianParams } from "./gaussian.js";

export interface MixtureParams {
  components: GaussianParams[];
}

export const mixtureParams = z.strictObject({
  components: z
    .array(gaussianParams)
    .min(1)
    .describe("the Gaussians M_k·N(mean_k, cov_k) (each with its own mass, default 1)"),
});

/** The components of validated mixture parameters; messages name components[k]. */
export function mixtureOf(p: MixtureParams, dim: number, path: string): Gaussian[] {
  return p.components.map((c, k) => gaussianOf(c, dim, joinPath(path, "components", k)));
}

/**
 * Σ_k M_k·N(μ_k, Σ_k): a Gaussian mixture (total mass Σ M_k), as the sum of the components'
 * exact cell averages (erf differences for diagonal Σ_k, Gauss–Legendre otherwise), added in
 * the order given.
 */
export const mixtureInitial: InitialEntry<MixtureParams> = {
  kind: "mixture",
  doc: "Σ_k M_k·N(mean_k, cov_k): a Gaussian mixture, exact cell averages of each component",
  params: mixtureParams,
  build: (p, ctx, path) => {
    const parts = mixtureOf(p, ctx.grid.dim, path).map((g) => g.cellAverages(ctx.grid));
    const out = parts[0];
    for (let k = 1; k < parts.length; k++) {
      const q = parts[k];
      for (let i = 0; i < out.length; i++) out[i] += q[i];
    }
    return out;
  },
};

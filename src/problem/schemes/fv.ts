import { z } from "zod";
import { InputError } from "../../errors.js";
import { resolveDiffusion } from "../../geometry/diffusionLimit.js";
import { LIMITERS } from "../../geometry/limiters.js";
import { WASSERSTEIN_FLUXES } from "../../geometry/wasserstein.js";
import { ExplicitScheme } from "../../schemes/explicit.js";
import { RK_METHODS } from "../../schemes/rungeKutta.js";
import { joinPath } from "../jsonPath.js";
import type { SchemeEntry } from "../kinds.js";
import { geometries } from "../registries.js";
import { AUTO, resolveFv } from "./fvDefaults.js";

export const fvParams = z.strictObject({
  flux: z
    .enum([AUTO, ...WASSERSTEIN_FLUXES] as [string, ...string[]])
    .default(AUTO)
    .describe(
      "Wasserstein face flux: auto (sg for a linear Fokker–Planck energy — kl, entropy, potential terms —, else fv2) | fv1 (first-order upwind) | fv2 (second-order upwind, limited) | sg (Scharfetter–Gummel, needs an entropy term)",
    ),
  limiter: z
    .enum(LIMITERS as unknown as [string, ...string[]])
    .default("mc")
    .describe("slope limiter of fv2"),
  method: z
    .enum([AUTO, ...RK_METHODS] as [string, ...string[]])
    .default(AUTO)
    .describe(
      "SSP Runge–Kutta method: auto (euler with the sg flux on a Wasserstein geometry, else ssprk3) | euler | heun | ssprk3",
    ),
  cfl: z
    .number()
    .gt(0)
    .max(1)
    .default(0.9)
    .describe("fraction of the stable explicit step, in (0, 1]"),
  dt: z
    .number()
    .gt(0)
    .optional()
    .describe("fixed step (checked against the stability limit); default adaptive"),
});
export type FvParams = z.output<typeof fvParams>;

/**
 * Explicit SSP Runge–Kutta with positivity-limited adaptive steps over the geometry's rate:
 * the Wasserstein part by upwind face fluxes (fv1/fv2/sg), reactions pointwise. Flux and
 * method default to "auto", resolved by the rule of fvDefaults.ts (sg/Euler for linear
 * Fokker–Planck, fv2/SSP-RK3 otherwise).
 */
export const fvScheme: SchemeEntry<FvParams> = {
  kind: "fv",
  doc: "finite volumes: explicit SSP Runge–Kutta over upwind face fluxes, adaptive positivity-preserving step",
  params: fvParams,
  geometries: "*",
  build: (p, ctx, path) => {
    const { flux, method } = resolveFv(p, ctx.spec.energy, ctx.geometry);
    if (flux === "sg" && !(ctx.energy.entropyWeight > 0)) {
      throw new InputError(
        joinPath(path, "flux"),
        `"sg" (Scharfetter–Gummel) needs an energy with an entropy part (ν > 0), but ` +
          `${ctx.energy.name} has ν = ${ctx.energy.entropyWeight}; use fv1 or fv2`,
      );
    }
    const factory = geometries.build(ctx.geometry, ctx, "geometry");
    // An energy with an extra local diffusivity (f-divergences) also limits the step by it.
    const geometry = resolveDiffusion(
      factory.build(ctx.energy, {
        flux,
        limiter: p.limiter as "mc" | "minmod",
      }),
      ctx.energy,
      factory.transport,
      factory.reaction,
    );
    return new ExplicitScheme(geometry, ctx.grid, { method, cfl: p.cfl, dt: p.dt });
  },
};

import { z } from "zod";
import { dissipation } from "../../metrics/dissipation.js";
import type { ObservableEntry } from "../kinds.js";
import { nameParam, type ObservableCtx } from "./common.js";

/**
 * −∫ρ|∇ξ|², ξ = δF/δρ of the spec's energy, by centred differences (src/metrics/dissipation.ts):
 * the right-hand side of dF/dt along the Wasserstein flow, to read against the discrete
 * energy's decay.
 */
export const dissipationObservable: ObservableEntry<{ name: string }> = {
  kind: "dissipation",
  doc: "−∫ρ|∇δF/δρ|² (centred differences): dF/dt of the Wasserstein flow",
  params: z.strictObject({ name: nameParam("dissipation") }),
  build: (p, ctx: ObservableCtx) => {
    const energy = ctx.energy;
    const xi = ctx.grid.zeros();
    return {
      name: p.name,
      value: (rho) => {
        energy.firstVariation(rho, xi);
        return dissipation(ctx.grid, rho, xi);
      },
    };
  },
};

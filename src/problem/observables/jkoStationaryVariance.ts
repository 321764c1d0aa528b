import { z } from "zod";
import { entropicJkoFpStationaryVariance } from "../../ot/jkoGaussian.js";
import { jkoStepFields, jkoStepOf, type JkoStepParams } from "../exact/jkoRecursion.js";
import type { ObservableEntry } from "../kinds.js";
import { nameParam } from "./common.js";

/**
 * The stationary variance of the entropic JKO Fokker–Planck recursion (docs/exact-solutions.md), the
 * larger root of (λ² − 1)a² − (2λτν + ελ/2)a + ν²τ² + εντ/2, λ = 1 + τκ (≈ (ν + ε/(4τ))/κ,
 * not the 1/κ of the PDE): a constant, to read against the computed variance.
 */
export const jkoStationaryVarianceObservable: ObservableEntry<
  JkoStepParams & { name: string; kappa: number }
> = {
  kind: "jko-stationary-variance",
  doc: "the biased stationary variance a∞ of entropic JKO for V = (κ/2)|x|² (docs/exact-solutions.md), a constant",
  params: z.strictObject({
    name: nameParam("predictedStationaryVariance"),
    ...jkoStepFields,
    kappa: z.number().gt(0).default(1).describe("stiffness κ of V = (κ/2)|x − x_c|²"),
  }),
  build: (p, ctx, path) => {
    const s = jkoStepOf(p, ctx.spec, ctx.grid, path);
    const a = entropicJkoFpStationaryVariance(s.tau, s.eps, p.kappa, s.nu);
    return { name: p.name, value: () => a };
  },
};

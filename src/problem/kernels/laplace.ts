import { z } from "zod";
import { LaplaceKernel } from "../../fft/kernels.js";
import type { KernelEntry } from "../kinds.js";

/** Laplace (Matérn-½) kernel K(x) = exp(−|x|/σ), unnormalised. */
export const laplaceKernel: KernelEntry<{ sigma: number }> = {
  kind: "laplace",
  doc: "Laplace (Matérn-½) K(x) = exp(−|x|/σ), unnormalised; positive definite, kink at 0",
  params: z.strictObject({
    sigma: z.number().gt(0).describe("length scale σ > 0"),
  }),
  build: (p) => new LaplaceKernel(p.sigma),
};

import { z } from "zod";
import { GaussianKernel } from "../../fft/kernels.js";
import type { KernelEntry } from "../kinds.js";

/** Gaussian kernel K(x) = exp(−|x|²/(2σ²)), unnormalised (K(0) = 1). */
export const gaussianKernel: KernelEntry<{ sigma: number }> = {
  kind: "gaussian",
  doc: "Gaussian K(x) = exp(−|x|²/(2σ²)), unnormalised (K(0) = 1); positive definite",
  params: z.strictObject({
    sigma: z.number().gt(0).describe("width σ > 0"),
  }),
  build: (p) => new GaussianKernel(p.sigma),
};

import { z } from "zod";
import { InverseMultiquadricKernel } from "../../fft/kernels.js";
import type { KernelEntry } from "../kinds.js";

/** Inverse multiquadric K(x) = (c² + |x|²)^{−β}; algebraic decay (minimum image if periodic). */
export const inverseMultiquadricKernel: KernelEntry<{ c: number; beta: number }> = {
  kind: "inverse-multiquadric",
  doc: "inverse multiquadric K(x) = (c² + |x|²)^(−β), c > 0, β > 0 (β = ½ classical); positive definite",
  params: z.strictObject({
    c: z.number().gt(0).describe("offset c > 0"),
    beta: z.number().gt(0).default(0.5).describe("exponent β > 0"),
  }),
  build: (p) => new InverseMultiquadricKernel(p.c, p.beta),
};

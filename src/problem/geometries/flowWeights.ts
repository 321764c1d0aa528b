import { z } from "zod";

/** The weights α (transport) and β (reaction) of a combined flow (wfr, ift): finite, ≥ 0. */
export const flowWeightShape = () => ({
  alpha: z.number().min(0).describe("α ≥ 0: weight of the transport (Wasserstein) part"),
  beta: z.number().min(0).describe("β ≥ 0: weight of the reaction part"),
});

/** Refinement of a schema with `flowWeightShape`: α and β not both 0 (∂ρ/∂t would be 0). */
export const notBothZero: [
  (p: { alpha: number; beta: number }) => boolean,
  { path: string[]; message: string },
] = [
  (p) => p.alpha > 0 || p.beta > 0,
  {
    path: ["beta"],
    message: "alpha and beta cannot both be 0 (∂ρ/∂t would be 0); one must be > 0",
  },
];

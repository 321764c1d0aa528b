import { z } from "zod";
import { FisherRaoGeometry } from "../../geometry/fisherRao.js";
import type { GeometryEntry } from "../kinds.js";

export const fisherRaoParams = z.strictObject({
  rate: z
    .number()
    .gt(0)
    .default(1)
    .describe("β > 0 (1: metric ∫ρ̇²/ρ, He² = 4∫(√μ−√ν)²; 4 for ∫(√μ−√ν)², 8 for ½∫(√μ−√ν)²)"),
  spherical: z
    .boolean()
    .default(false)
    .describe("false: balanced flow on 𝓜₊ | true: spherical (mass-preserving) flow"),
});
export type FisherRaoParams = z.output<typeof fisherRaoParams>;

/**
 * Fisher–Rao (Hellinger, birth–death): ∂ρ/∂t = −βρξ, or −βρ(ξ − ⟨ξ⟩_ρ) on probability
 * measures (spherical), ξ = δF/δρ, cell by cell (src/geometry/fisherRao.ts).
 */
export const fisherRaoGeometry: GeometryEntry<FisherRaoParams> = {
  kind: "fisher-rao",
  doc: "Fisher–Rao (birth–death): ∂ρ/∂t = −βρ δF/δρ, or −βρ(δF/δρ − ⟨δF/δρ⟩_ρ) if spherical",
  params: fisherRaoParams,
  build: (p) => ({
    build: (energy) => new FisherRaoGeometry(energy, { rate: p.rate, spherical: p.spherical }),
    transport: 0,
    reaction: p.rate,
    spherical: p.spherical,
  }),
};

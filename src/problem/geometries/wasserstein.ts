import { z } from "zod";
import { wassersteinFor } from "../../geometry/wassersteinFor.js";
import type { GeometryEntry } from "../kinds.js";

/**
 * Wasserstein: ∂ρ/∂t = div(ρ∇ξ), ξ = δF/δρ, by upwind finite-volume face fluxes (on a radial
 * grid the radial ones, src/geometry/radialWasserstein.ts).
 */
export const wassersteinGeometry: GeometryEntry<Record<string, never>> = {
  kind: "wasserstein",
  doc: "Wasserstein: ∂ρ/∂t = div(ρ∇δF/δρ) (mass-conserving transport)",
  params: z.strictObject({}),
  build: () => ({
    build: (energy, wasserstein) => wassersteinFor(energy, wasserstein),
    transport: 1,
    reaction: 0,
    spherical: false,
  }),
};

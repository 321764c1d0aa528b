import { z } from "zod";
import { Interaction } from "../../energy/interaction.js";
import { weight } from "../fields.js";
import { joinPath } from "../jsonPath.js";
import type { EnergyEntry } from "../kinds.js";
import { kernels } from "../registries.js";
import type { SpecNode } from "../registry.js";
import { convolution, convolutionMode, type ConvolutionParam } from "./convolution.js";

/**
 * Interaction energy ½∫∫W(x−y)ρ(x)ρ(y), δF/δρ = W*ρ (by FFT on the grid, midpoint rule);
 * its Wasserstein flow is the aggregation equation ∂ρ/∂t = div(ρ∇W*ρ).
 */
export const interactionEntry: EnergyEntry<{
  weight: number;
  kernel: SpecNode;
  convolution: ConvolutionParam;
}> = {
  kind: "interaction",
  doc: "interaction ½∫∫W(x−y)ρ(x)ρ(y) with a kernel W (Wasserstein flow: aggregation ∂ρ/∂t = div(ρ∇W*ρ))",
  params: z.strictObject({ weight: weight(), convolution: convolution() }),
  refs: { kernel: { registry: "kernel" } },
  build: (p, ctx, path) => {
    const dim = ctx.grid.dim;
    const kernel = kernels.build(p.kernel, { dim }, joinPath(path, "kernel"));
    return new Interaction(ctx.grid, kernel, {
      mode: convolutionMode(p.convolution, dim, path),
    });
  },
};

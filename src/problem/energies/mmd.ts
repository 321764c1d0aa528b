import { z } from "zod";
import { HalfMMD } from "../../energy/mmd.js";
import { weight } from "../fields.js";
import { joinPath } from "../jsonPath.js";
import type { EnergyEntry } from "../kinds.js";
import { kernels } from "../registries.js";
import type { SpecNode } from "../registry.js";
import { convolution, convolutionMode, type ConvolutionParam } from "./convolution.js";
import { sampling, targetOnGrid, type Sampling } from "./target.js";

/**
 * Half squared maximum mean discrepancy F(ρ) = ½MMD²(ρ, π) = ½∫∫k(x−y)d(ρ−π)d(ρ−π),
 * δF/δρ = k*(ρ−π); its Wasserstein flow is the MMD flow of Arbel, Korba, Salim & Gretton
 * (NeurIPS 2019). π is a density spec (`target`), as cell averages by default; the flow
 * conserves mass, so give π the mass of ρ0 if it should be reachable.
 */
export const mmdEntry: EnergyEntry<{
  weight: number;
  kernel: SpecNode;
  target: SpecNode;
  sampling: Sampling;
  convolution: ConvolutionParam;
}> = {
  kind: "mmd",
  doc: "½MMD²(ρ, π) = ½∫∫k(x−y)d(ρ−π)d(ρ−π) with a kernel k and a target density π (Wasserstein flow: ∂ρ/∂t = div(ρ∇k*(ρ−π)))",
  params: z.strictObject({
    weight: weight(),
    sampling: sampling(),
    convolution: convolution(),
  }),
  refs: { kernel: { registry: "kernel" }, target: { registry: "initial" } },
  build: (p, ctx, path) => {
    const dim = ctx.grid.dim;
    const kernel = kernels.build(p.kernel, { dim }, joinPath(path, "kernel"));
    const pi = targetOnGrid(p.target, p.sampling, ctx, joinPath(path, "target"));
    return new HalfMMD(ctx.grid, kernel, pi, { mode: convolutionMode(p.convolution, dim, path) });
  },
};

import { z } from "zod";
import { HeatBackward } from "../../schemes/backwardSteps.js";
import { ForwardBackwardScheme } from "../../schemes/forwardBackward.js";
import { PushForward } from "../../schemes/pushForward.js";
import type { SchemeEntry } from "../kinds.js";
import { checkCartesian, checkGamma, gammaField, limiterField } from "./forwardBackward.js";
import { gradientOf, potentialSplitOf } from "./potentialSplit.js";

export const ulaGridParams = z.strictObject({ gamma: gammaField, limiter: limiterField });
export type UlaGridParams = z.output<typeof ulaGridParams>;

/**
 * The measure-space twin of the unadjusted Langevin algorithm x ← x − γ∇V(x) + √(2γ)ξ: push
 * the cell masses by x − γ∇V (src/schemes/pushForward.ts), then the exact heat flow for time
 * γν (one heat-kernel convolution, src/schemes/heatFlow.ts). Its law is ULA's law with
 * infinitely many particles: it has ULA's O(γ) bias (stationary variance σ²/(1 − γ/(2σ²)) for
 * a Gaussian target), without Monte Carlo noise; docs/sampling.md. No-flux walls reflect,
 * periodic axes wrap.
 */
export const ulaGridScheme: SchemeEntry<UlaGridParams> = {
  kind: "ula-grid",
  doc:
    "ULA's twin on the grid: push by x − γ∇V, then the exact heat flow for time γ (heat " +
    "kernel); follows ULA's law and its O(γ) bias, without sampling noise",
  params: ulaGridParams,
  geometries: ["wasserstein"],
  fixedStep: (p) => p.gamma,
  check: (p, spec, path) => {
    checkGamma(p.gamma, spec, path);
    potentialSplitOf(spec, "ula-grid");
  },
  build: (p, ctx) => {
    const grid = ctx.grid;
    checkCartesian(grid, "ula-grid");
    const split = potentialSplitOf(ctx.spec, "ula-grid");
    const grad = gradientOf(ctx.spec, grid.dim) ?? ((_x, out) => out.fill(0));
    const push = new PushForward(grid, grad, { limiter: p.limiter });
    const backward = split.nu > 0 ? new HeatBackward(grid, split.nu) : null;
    return new ForwardBackwardScheme(grid, push, backward, {
      gamma: p.gamma,
      name: `ula-grid (γ=${p.gamma}, push + exact heat flow)`,
    });
  },
};

import { z } from "zod";
import { InputError } from "../../errors.js";
import { aggregationSteadyState } from "../../exact/aggregation.js";
import { cellAverages } from "../../grid/density.js";
import type { Grid } from "../../grid/grid.js";
import type { SpecNode } from "../registry.js";
import type { ProblemSpec } from "../spec.js";
import { type ExactEntryWithFacts, withFacts } from "./facts.js";

interface AggregationSteadyParams {
  nu?: number;
  order: number;
}

/** The power-law kernel of the aggregation closed form: W = |x|⁴/4 − |x|²/2. */
function isAggregationKernel(k: unknown): boolean {
  const n = k as SpecNode | undefined;
  return n?.kind === "power-law" && n.a === 4 && n.b === 2;
}

/** ν of an energy [ν·entropy, interaction with W = |x|⁴/4 − |x|²/2 (weight 1)], any order. */
function nuOf(spec: ProblemSpec, path: string): number {
  const e = spec.energy;
  const ent = e.find((t) => t.kind === "entropy");
  const int = e.find((t) => t.kind === "interaction");
  if (e.length !== 2 || !ent || !int || int.weight !== 1 || !isAggregationKernel(int.kernel)) {
    throw new InputError(
      `${path}.nu`,
      "is required: the spec's energy is not [ν·entropy, interaction with the power-law kernel a = 4, b = 2] to take ν from",
    );
  }
  return ent.weight as number;
}

/**
 * The steady state of aggregation–diffusion ∂ρ/∂t = div(ρ∇W*ρ) + νΔρ, W = |x|⁴/4 − |x|²/2, unit
 * mass, in the symmetric class (docs/exact-solutions.md; src/exact/aggregation.ts): ρ∞ = Z⁻¹exp(−(|x|⁴/4 +
 * c|x|²)/ν), c = (1/d + 1/2)m₂ − 1/2 with m₂ = ∫|x|²ρ∞ solved for. Time-independent: compared
 * at every output time, the errors measure the distance to the steady state, the final one the
 * accuracy of the long-time state. Cell averages by Gauss–Legendre with `order` points per axis
 * (the aggregation-diffusion-2d scenario uses 8). Centred at the origin: the flow keeps the
 * centre of mass, so start from data centred there.
 */
export const aggregationSteadyStateExact: ExactEntryWithFacts<AggregationSteadyParams> = {
  kind: "aggregation-steady-state",
  doc: "stationary ρ∞ ∝ exp(−(|x|⁴/4 + c|x|²)/ν) of aggregation–diffusion with W = |x|⁴/4 − |x|²/2 (unit mass, time-independent)",
  params: z.strictObject({
    nu: z
      .number()
      .gt(0)
      .optional()
      .describe("diffusion ν > 0 (default: the weight of the spec's entropy term)"),
    order: z
      .int()
      .min(1)
      .max(16)
      .default(8)
      .describe("Gauss–Legendre points per axis of the cell averages"),
  }),
  facts: ["mass", "secondMoment"],
  build: (p, ctx, path) => {
    const d = ctx.grid.dim;
    const nu = p.nu ?? nuOf(ctx.spec, path);
    const steady = aggregationSteadyState(d, nu);
    const cache = new Map<Grid, Float64Array>();
    return withFacts(
      "aggregation-steady-state",
      {
        dim: d,
        mass: 1,
        density: (_t, x) => steady.density(x),
        densityAt: () => (x) => steady.density(x),
        cellAverages: (grid: Grid) => {
          let c = cache.get(grid);
          if (!c) {
            c = cellAverages(grid, (x) => steady.density(x), p.order);
            cache.set(grid, c);
          }
          return Float64Array.from(c);
        },
      },
      { mass: () => 1, secondMoment: () => steady.m2 },
    );
  },
};

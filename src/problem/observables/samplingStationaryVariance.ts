import { z } from "zod";
import { InputError } from "../../errors.js";
import {
  fbStationaryVariance,
  ulaStationaryVariance,
  type AxisRecursion,
} from "../../exact/proximalGradientGaussian.js";
import {
  samplingStepFields,
  samplingStepOf,
  type SamplingStepParams,
} from "../exact/samplingRecursion.js";
import { joinPath } from "../jsonPath.js";
import type { ObservableEntry } from "../kinds.js";
import { nameParam } from "./common.js";

type Params = SamplingStepParams & { name: string; axis: number };

/** An observable reporting a constant: the stationary variance of one method along one axis. */
function stationaryEntry(
  kind: string,
  key: string,
  doc: string,
  of: (r: AxisRecursion) => number,
): ObservableEntry<Params> {
  return {
    kind,
    doc,
    params: z.strictObject({
      name: nameParam(key),
      axis: z.int().min(0).max(2).default(0).describe("the axis (0 = x)"),
      ...samplingStepFields,
    }),
    build: (p, ctx, path) => {
      const d = ctx.grid.dim;
      if (p.axis >= d) {
        throw new InputError(
          joinPath(path, "axis"),
          `must be < ${d} (the grid's dimension), got ${p.axis}`,
        );
      }
      const v = of(samplingStepOf(p, ctx.spec, d, path).axes[p.axis]);
      return { name: p.name, value: () => v };
    },
  };
}

/**
 * The stationary variance of forward–backward for a Gaussian target (docs/sampling.md): σ²
 * when γ ≤ σ² (unbiased), γσ²/(2σ² − γ) when σ² < γ < 2σ²; a constant to read against the
 * computed variance.
 */
export const fbStationaryVarianceObservable = stationaryEntry(
  "fb-stationary-variance",
  "fbStationaryVariance",
  "the stationary variance of forward–backward at the run's γ (σ² for γ ≤ σ²), a constant (docs/sampling.md)",
  fbStationaryVariance,
);

/** The stationary variance of ULA (and ula-grid): σ²/(1 − γ/(2σ²)), a constant. */
export const ulaStationaryVarianceObservable = stationaryEntry(
  "ula-stationary-variance",
  "ulaStationaryVariance",
  "the stationary variance σ²/(1 − γ/(2σ²)) of ULA and ula-grid at the run's γ, a constant (docs/sampling.md)",
  ulaStationaryVariance,
);

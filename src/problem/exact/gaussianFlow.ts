import type { GaussianFlowBase } from "../../exact/exactSolution.js";
import type { Gaussian } from "../../exact/gaussian.js";
import type { Grid } from "../../grid/grid.js";
import { type SpecExact, withFacts } from "./facts.js";

/**
 * A Gaussian path on 𝓜₊ whose mass changes (Fisher–Rao, WFR flows of KL) as a spec exact
 * solution: `mass` is the mass at t = 0 (ExactSolution's mass is a constant), the facts carry
 * M(t), μ(t), Σ(t), the second moment and the closed-form KL(ρ_t‖π).
 */
export function gaussianFlowExact(
  kind: string,
  flow: GaussianFlowBase & { initial: Gaussian; dim: number; kl(t: number): number },
): SpecExact {
  return withFacts(
    kind,
    {
      dim: flow.dim,
      mass: flow.initial.mass,
      density: (t, x) => flow.density(t, x),
      densityAt: (t) => flow.densityAt(t),
      cellAverages: (grid: Grid, t: number) => flow.cellAverages(grid, t),
    },
    {
      mean: (t) => flow.mean(t),
      cov: (t) => flow.cov(t),
      mass: (t) => flow.at(t).mass,
      secondMoment: (t) => flow.at(t).secondMoment(),
      energy: { value: (t) => flow.kl(t), doc: "KL(ρ_t‖π) on 𝓜₊" },
    },
  );
}

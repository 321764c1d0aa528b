import { Entropy } from "../src/energy/entropy.js";
import { Gaussian } from "../src/exact/gaussian.js";
import { HeatGaussian } from "../src/exact/heat.js";
import { covariance, mean } from "../src/grid/density.js";
import { Grid } from "../src/grid/grid.js";
import { w2Grid1d } from "../src/metrics/w2.js";
import { runScenarioMain } from "../src/run/registry.js";
import type { Problem, Scenario, ScenarioOptions } from "../src/run/scenario.js";
import { makeScheme } from "../src/schemes/factory.js";
import { linearTimes } from "../src/run/outputTimes.js";

/** Initial Gaussian N(μ0, s0²). */
const MU0 = 0.5;
const S0_SQ = 0.2;

/**
 * Heat equation ∂ρ/∂t = Δρ (Wasserstein gradient flow of ∫ρ log ρ, diffusion coefficient 1)
 * from ρ0 = N(0.5, 0.2). Exact solution: the heat kernel, ρ_t = N(0.5, 0.2 + 2t)
 * (EXACT.md §A), compared through its exact cell averages (erf differences). The box is
 * μ0 ± 6.5 standard deviations of the final Gaussian, so the whole-space solution loses
 * < 1e-10 of its mass outside it.
 */
export function buildHeat1d(o: ScenarioOptions): Problem {
  const heat = new HeatGaussian(new Gaussian([MU0], S0_SQ));
  const L = 6.5 * Math.sqrt(S0_SQ + 2 * o.tEnd);
  const grid = new Grid({ n: [o.n], lo: [MU0 - L], hi: [MU0 + L] });
  const energy = new Entropy(grid);
  const exact = (t: number): Float64Array => heat.cellAverages(grid, t);
  const h2 = grid.h[0] ** 2 / 12;
  return {
    grid,
    rho0: exact(0),
    energy,
    scheme: makeScheme(energy, o),
    outputTimes: linearTimes(o.tEnd, o.snapshots),
    exact,
    observables: {
      // Variance of the cell-average measure minus its h²/12 bias, against s0² + 2t.
      varianceError: (rho, t) => covariance(grid, rho)[0][0] - h2 - (S0_SQ + 2 * t),
      meanDrift: (rho) => mean(grid, rho)[0] - MU0,
      // Exact W2 (quantile formula) between the computed and the exact cell averages.
      w2ToExact: (rho, t) => w2Grid1d(grid, rho, grid, exact(t)),
    },
    spec: {
      equation: "∂ρ/∂t = Δρ",
      energy: "entropy ∫ρ log ρ",
      initial: { mean: MU0, variance: S0_SQ, mass: 1 },
      exact: "N(μ0, s0² + 2t)",
      box: [grid.lo[0], grid.hi[0]],
    },
  };
}

const scenario: Scenario = {
  name: "heat-1d",
  title: "Heat equation in 1D from a Gaussian",
  description:
    "∂ρ/∂t = Δρ, the Wasserstein gradient flow of the entropy ∫ρ log ρ, from ρ0 = N(0.5, 0.2) on " +
    "μ0 ± 6.5σ(tEnd). Exact solution: the heat kernel N(0.5, 0.2 + 2t), compared through its " +
    "exact cell averages; also tracked: the variance error (h²/12-corrected), the mean drift and " +
    "the exact W2 distance to the solution.",
  defaults: { n: 256, tEnd: 0.5 },
  schemes: ["fv2", "fv1", "sg", "jko"],
  build: buildHeat1d,
};

export default scenario;

await runScenarioMain(scenario, import.meta.url);

/**
 * measureflow — gradient flows of measures on grids. Public entry point: grids, energies,
 * geometries, schemes, exact solutions, metrics, the run loop and the FFT convolver.
 */
export { InputError, SolverError } from "./errors.js";
export { Grid, type Boundary, type GridSpec } from "./grid/grid.js";
export {
  cellAverages,
  checkDensity,
  covariance,
  mass,
  mean,
  normalise,
  secondMoment,
} from "./grid/density.js";

export type { Energy, PointwiseTerms } from "./energy/energy.js";
export { Entropy } from "./energy/entropy.js";
export { Potential } from "./energy/potential.js";
export { GeneralizedEntropy } from "./energy/generalizedEntropy.js";
export { RelativeEntropy } from "./energy/kl.js";
export { Interaction } from "./energy/interaction.js";
export { HalfMMD } from "./energy/mmd.js";
export { EnergySum, energySum, type WeightedTerm } from "./energy/sum.js";

export type { Geometry } from "./geometry/geometry.js";
export { WassersteinGeometry, type WassersteinOptions } from "./geometry/wasserstein.js";
export type { Scheme } from "./schemes/scheme.js";
export { ExplicitScheme } from "./schemes/explicit.js";
export { makeScheme } from "./schemes/factory.js";

export * from "./fft/index.js";
export * from "./exact/index.js";
export * from "./metrics/index.js";

export type { Problem, Scenario, ScenarioOptions, SchemeName } from "./run/scenario.js";
export { simulate, RunFailedError, type RunResult, type SimulateOptions } from "./run/simulate.js";
export { runScenario } from "./run/runScenario.js";
export { convergenceStudy, formatConvergenceTable } from "./run/convergence.js";

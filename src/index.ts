/**
 * measureflow — gradient flows of measures on grids. Public entry point: grids, energies,
 * geometries (Wasserstein, Fisher–Rao, WFR), schemes (explicit, entropic JKO, exact
 * Fisher–Rao), entropic optimal transport, exact solutions, metrics, the run loop and the FFT
 * convolver.
 */
export { InputError, SolverError } from "./errors.js";
export { Grid, type Boundary, type GridSpec } from "./grid/grid.js";
export { RadialCells, sphereArea } from "./grid/radial.js";
// `secondMoment` is the metrics one (options { center, cellAverageCorrection }, exported
// below with the metrics); called with two arguments it equals the centre rule about the
// origin of grid/density.ts, which stays available as `secondMomentRaw`.
export {
  cellAverages,
  checkDensity,
  covariance,
  mass,
  mean,
  normalise,
  secondMoment as secondMomentRaw,
} from "./grid/density.js";

export type { Energy, PointwiseTerms } from "./energy/energy.js";
export { Entropy } from "./energy/entropy.js";
export { Potential } from "./energy/potential.js";
export { GeneralizedEntropy } from "./energy/generalizedEntropy.js";
export { RelativeEntropy } from "./energy/kl.js";
export { Interaction } from "./energy/interaction.js";
export { HalfMMD } from "./energy/mmd.js";
export { EnergySum, energySum, type WeightedTerm } from "./energy/sum.js";
export { InclusiveKl } from "./energy/inclusiveKl.js";

export type { Geometry } from "./geometry/geometry.js";
export { WassersteinGeometry, type WassersteinOptions } from "./geometry/wasserstein.js";
export { RadialWassersteinGeometry } from "./geometry/radialWasserstein.js";
export { wassersteinFor } from "./geometry/wassersteinFor.js";
export { FisherRaoGeometry, type FisherRaoOptions } from "./geometry/fisherRao.js";
export { WfrGeometry, type WfrOptions } from "./geometry/wfr.js";
export { IftGeometry, type IftOptions } from "./geometry/ift.js";
export type { Scheme } from "./schemes/scheme.js";
export { ExplicitScheme } from "./schemes/explicit.js";
export { makeScheme } from "./schemes/factory.js";
export { JkoScheme, jkoOutputTimes, type JkoSchemeOptions } from "./schemes/jko.js";
export { FisherRaoKlScheme, type FisherRaoKlOptions } from "./schemes/fisherRaoKlStep.js";

export {
  SinkhornSolver,
  entropicTransport,
  type SinkhornOptions,
  type SinkhornResult,
} from "./ot/sinkhorn.js";
export {
  multiscaleSinkhorn,
  type MultiscaleOptions,
  type MultiscaleResult,
} from "./ot/multiscaleSinkhorn.js";
export {
  sinkhornDivergence,
  SinkhornDivergenceMetric,
  type SinkhornDivergence,
} from "./ot/divergence.js";
export { EntropicJko, type EntropicJkoOptions, type JkoStepInfo } from "./ot/entropicJko.js";
export { SeparableGibbsKernel } from "./ot/separableGibbsKernel.js";
export { StabilizedGibbsKernel } from "./ot/stabilizedGibbsKernel.js";

export * from "./fft/index.js";
export * from "./exact/index.js";
export * from "./metrics/index.js";

// Problems as data (docs/problems.md): the spec, its validation, the registries, the builder,
// and what is generated from the registry declarations (describe tables, JSON Schema).
export * from "./problem/index.js";
export type { GridSpecData } from "./problem/spec.js";
export {
  describeEntry,
  describeRegistries,
  describeRegistry,
  markdownSpecTable,
  markdownTables,
  paramRows,
  specFieldRows,
  type ParamRow,
} from "./problem/describe.js";
export { problemJsonSchema, SCHEMA_FILE } from "./problem/jsonSchema.js";

export type { Problem, Scenario, ScenarioOptions, SchemeName } from "./run/scenario.js";
export { runScenarioMain } from "./run/registry.js";
export { specScenario, isSpecScenario, type SpecScenario } from "./run/specScenario.js";
export {
  simulate,
  simulateAsync,
  RunFailedError,
  RunInterruptedError,
  type RunResult,
  type SimulateOptions,
} from "./run/simulate.js";
export { runScenario, resumeRun } from "./run/runScenario.js";
export { convergenceStudy, formatConvergenceTable } from "./run/convergence.js";

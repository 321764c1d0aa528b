/**
 * measureflow for browsers: dist/browser/measureflow.js, an ESM bundle of this module
 * (scripts/buildBrowser.ts; `import … from "measureflow/browser"`). The same solver as the
 * Node entry (src/index.ts) — grids, energies, geometries, schemes, entropic OT, exact
 * solutions, metrics, problem specs — and the same run loop without files: `simulate(problem)`
 * here is the run loop's in-memory `runProblem` (src/run/runLoop.ts), and `runSteps` is its
 * generator, which yields every 50 ms of stepping so a page or worker can stay responsive.
 * Everything reachable from this module is free of Node built-ins (test/architecture).
 * Not here: what needs a file system or a process — runScenario, resume, the CLI, reports
 * written to disk, scenario files.
 */
export { InputError, SolverError } from "../errors.js";
export { Grid, type Boundary, type GridSpec } from "../grid/grid.js";
export { RadialCells, sphereArea } from "../grid/radial.js";
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
} from "../grid/density.js";

export type { Energy, PointwiseTerms } from "../energy/energy.js";
export { Entropy } from "../energy/entropy.js";
export { Potential } from "../energy/potential.js";
export { GeneralizedEntropy } from "../energy/generalizedEntropy.js";
export { RelativeEntropy } from "../energy/kl.js";
export { Interaction } from "../energy/interaction.js";
export { HalfMMD } from "../energy/mmd.js";
export { EnergySum, energySum, type WeightedTerm } from "../energy/sum.js";
export { InclusiveKl } from "../energy/inclusiveKl.js";

export type { Geometry } from "../geometry/geometry.js";
export { WassersteinGeometry, type WassersteinOptions } from "../geometry/wasserstein.js";
export { FisherRaoGeometry, type FisherRaoOptions } from "../geometry/fisherRao.js";
export { WfrGeometry, type WfrOptions } from "../geometry/wfr.js";
export { IftGeometry, type IftOptions } from "../geometry/ift.js";
export { RadialWassersteinGeometry } from "../geometry/radialWasserstein.js";
export { wassersteinFor } from "../geometry/wassersteinFor.js";
export type { Scheme } from "../schemes/scheme.js";
export { ExplicitScheme } from "../schemes/explicit.js";
export { makeScheme } from "../schemes/factory.js";
export { JkoScheme, jkoOutputTimes, type JkoSchemeOptions } from "../schemes/jko.js";
export { FisherRaoKlScheme, type FisherRaoKlOptions } from "../schemes/fisherRaoKlStep.js";

export {
  SinkhornSolver,
  entropicTransport,
  type SinkhornOptions,
  type SinkhornResult,
} from "../ot/sinkhorn.js";
export {
  multiscaleSinkhorn,
  type MultiscaleOptions,
  type MultiscaleResult,
} from "../ot/multiscaleSinkhorn.js";
export {
  sinkhornDivergence,
  SinkhornDivergenceMetric,
  type SinkhornDivergence,
} from "../ot/divergence.js";
export { EntropicJko, type EntropicJkoOptions, type JkoStepInfo } from "../ot/entropicJko.js";
export { SeparableGibbsKernel } from "../ot/separableGibbsKernel.js";
export { StabilizedGibbsKernel } from "../ot/stabilizedGibbsKernel.js";

export * from "../fft/index.js";
export * from "../exact/index.js";
export * from "../metrics/index.js";

// Problems as data (docs/problems.md): the spec, its validation, the registries, the builder,
// and what is generated from the registry declarations (describe tables, JSON Schema).
export * from "../problem/index.js";
export type { GridSpecData } from "../problem/spec.js";
export {
  describeEntry,
  describeRegistries,
  describeRegistry,
  markdownSpecTable,
  markdownTables,
  paramRows,
  specFieldRows,
  type ParamRow,
} from "../problem/describe.js";
export { problemJsonSchema, SCHEMA_FILE } from "../problem/jsonSchema.js";

export {
  runProblem as simulate,
  runProblem,
  runSteps,
  RunFailedError,
  RunInterruptedError,
  RunLimitError,
  type ProgressInfo,
  type RunOptions,
  type RunResult,
  type RunSink,
  type RunState,
} from "../run/runLoop.js";
export { computeMetrics } from "../run/runMetrics.js";
export { snapshotViews } from "../run/snapshotViews.js";
export { applySets, parseSet } from "../run/setOverrides.js";
export type {
  OutputRecord,
  RunMetrics,
  RunSummary,
  RunTrace,
  SnapshotFile,
  TraceSeries,
} from "../io/runFormats.js";
export { buildRunPlots, type PlotSpec } from "../report/runPlots.js";
export { wasmKernels } from "./wasmSupport.js";

/** Closed-form solutions used to validate the solvers (see docs/exact-solutions.md). */
export { erf, erfc, gaussianIntervalMass } from "./erf.js";
export { gamma, logGamma } from "./gamma.js";
export { Gaussian, tensorProduct } from "./gaussian.js";
export {
  GaussianPathBase,
  shiftTime,
  type ExactSolution,
  type GaussianPath,
} from "./exactSolution.js";
export { HeatGaussian } from "./heat.js";
export { OrnsteinUhlenbeck, type OrnsteinUhlenbeckOptions } from "./ornsteinUhlenbeck.js";
export { klGaussians, klNormalised } from "./klGaussian.js";
export { Barenblatt, radialPowerMoment, type BarenblattOptions } from "./barenblatt.js";
export { IsotropicGaussian, IsotropicGaussianPath } from "./isotropicGaussian.js";
export { radialPowerAverages } from "./radialProfileAverages.js";
export { ConfinedBarenblatt, type ConfinedBarenblattOptions } from "./confinedBarenblatt.js";
export {
  RadialPowerIntegrator,
  radialBoxIntegrals,
  type RadialPowerOptions,
} from "./radialPowerIntegral.js";
export * from "./symmetricMatrix.js";
export * from "./aggregation.js";
export * from "./gaussianParameters.js";
export * from "./gaussKronrod.js";
export * from "./fisherRao.js";
export * from "./wfrGaussian.js";

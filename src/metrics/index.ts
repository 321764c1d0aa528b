/** Error metrics against exact solutions (see docs/exact-solutions.md). */
export { errorNorms, l1Error, linfError, relativeL2Error, type ErrorNorms } from "./errors.js";
export { massDrift } from "./mass.js";
export { EnergyTrace, isNonIncreasing, maxIncrease } from "./energyTrace.js";
export { secondMoment, type SecondMomentOptions } from "./moments.js";
export {
  histogramFromGrid,
  w2Distance1d,
  w2Grid1d,
  w2Squared1d,
  type Histogram1d,
  type W2Options,
} from "./w2.js";
export { brenierMapGaussians, w2Gaussians, w2GaussiansSquared } from "./bures.js";
export { meanRadius, twoClusters, type TwoClusters } from "./clusters.js";
export { dissipation } from "./dissipation.js";
export { cloudW2Grid1d, cloudW2Squared1d } from "./cloudW2.js";

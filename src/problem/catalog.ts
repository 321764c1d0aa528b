/**
 * The one list of registry entries: adding an energy, geometry, scheme, initial datum, exact
 * solution, potential, kernel or observable is one file plus one line here.
 */
import { InputError } from "../errors.js";
import { entropyEntry } from "./energies/entropy.js";
import { fDivergenceEntry } from "./energies/fDivergence.js";
import { generalizedEntropyEntry } from "./energies/generalizedEntropy.js";
import { inclusiveKlEntry } from "./energies/inclusiveKl.js";
import { interactionEntry } from "./energies/interaction.js";
import { klEntry } from "./energies/kl.js";
import { mmdEntry } from "./energies/mmd.js";
import { potentialEntry } from "./energies/potential.js";
import { aggregationSteadyStateExact } from "./exact/aggregationSteadyState.js";
import { barenblattExact } from "./exact/barenblatt.js";
import { discreteGibbsExact } from "./exact/discreteGibbs.js";
import { fisherRaoKlExact } from "./exact/fisherRaoKl.js";
import { fisherRaoKlGaussianExact } from "./exact/fisherRaoKlGaussian.js";
import { fisherRaoKlGridExact } from "./exact/fisherRaoKlGrid.js";
import { heatExact } from "./exact/heat.js";
import { jkoFokkerPlanckRecursionExact, jkoHeatRecursionExact } from "./exact/jkoRecursion.js";
import { ornsteinUhlenbeckExact } from "./exact/ornsteinUhlenbeck.js";
import { fbRecursionExact, ulaRecursionExact } from "./exact/samplingRecursion.js";
import { wfrKlGaussianExact } from "./exact/wfrKlGaussian.js";
import { fisherRaoGeometry } from "./geometries/fisherRao.js";
import { iftGeometry } from "./geometries/ift.js";
import { wassersteinGeometry } from "./geometries/wasserstein.js";
import { wfrGeometry } from "./geometries/wfr.js";
import { barenblattInitial } from "./initial/barenblatt.js";
import { expressionInitial } from "./initial/expression.js";
import { fileInitial } from "./initial/file.js";
import { gaussianInitial } from "./initial/gaussian.js";
import { mixtureInitial } from "./initial/mixture.js";
import { uniformInitial } from "./initial/uniform.js";
import { gaussianKernel } from "./kernels/gaussian.js";
import { inverseMultiquadricKernel } from "./kernels/inverseMultiquadric.js";
import { laplaceKernel } from "./kernels/laplace.js";
import { powerLawKernel } from "./kernels/powerLaw.js";
import {
  clusterDistanceErrorObservable,
  clusterDistanceObservable,
  clusterMassLeftObservable,
  meanRadiusObservable,
  radiusErrorObservable,
} from "./observables/clusters.js";
import { cloudW2ToExactObservable } from "./observables/cloud.js";
import { dissipationObservable } from "./observables/dissipation.js";
import { dissipationResidualObservable, energyRateObservable } from "./observables/energyRate.js";
import { l1ErrorObservable, w2ToExactObservable } from "./observables/distances.js";
import { exactEnergyObservable } from "./observables/exactEnergy.js";
import { frontOffsetObservable } from "./observables/frontOffset.js";
import { jkoStationaryVarianceObservable } from "./observables/jkoStationaryVariance.js";
import {
  fbStationaryVarianceObservable,
  ulaStationaryVarianceObservable,
} from "./observables/samplingStationaryVariance.js";
import { massErrorObservable, massObservable } from "./observables/mass.js";
import {
  iftMassErrorObservable,
  mmd2Observable,
  mmdBoundRatioObservable,
  mmdObservable,
} from "./observables/mmd.js";
import {
  covarianceErrorObservable,
  meanDriftObservable,
  meanErrorObservable,
  varianceErrorObservable,
  varianceObservable,
} from "./observables/moments.js";
import { secondMomentErrorObservable, secondMomentObservable } from "./observables/secondMoment.js";
import { sinkhornToExactObservable } from "./observables/sinkhorn.js";
import { doubleWellPotential } from "./potentials/doubleWell.js";
import { expressionPotential } from "./potentials/expression.js";
import { gaussianPotential } from "./potentials/gaussian.js";
import { quadraticPotential } from "./potentials/quadratic.js";
import {
  energies,
  exacts,
  geometries,
  initials,
  kernels,
  observables,
  potentials,
  schemeEntry,
  schemes,
} from "./registries.js";
import { exactFisherRaoScheme } from "./schemes/exactFisherRao.js";
import { forwardBackwardScheme } from "./schemes/forwardBackward.js";
import { fvScheme } from "./schemes/fv.js";
import { jkoScheme } from "./schemes/jko.js";
import { slicedJkoScheme } from "./schemes/slicedJko.js";
import { malaScheme } from "./schemes/mala.js";
import { mmdParticlesScheme } from "./schemes/mmdParticles.js";
import { splitScheme } from "./schemes/split.js";
import { svgdScheme } from "./schemes/svgd.js";
import { ulaScheme } from "./schemes/ula.js";
import { ulaGridScheme } from "./schemes/ulaGrid.js";
import { checkRadialSpec } from "./radialSupport.js";
import { addCrossCheck } from "./spec.js";

energies.register(
  entropyEntry,
  potentialEntry,
  klEntry,
  generalizedEntropyEntry,
  interactionEntry,
  mmdEntry,
  inclusiveKlEntry,
  fDivergenceEntry,
);
geometries.register(wassersteinGeometry, fisherRaoGeometry, wfrGeometry, iftGeometry);
schemes.register(fvScheme, jkoScheme, exactFisherRaoScheme, splitScheme);
schemes.register(ulaScheme, malaScheme, svgdScheme, mmdParticlesScheme);
schemes.register(forwardBackwardScheme, ulaGridScheme);
schemes.register(slicedJkoScheme);
initials.register(
  gaussianInitial,
  mixtureInitial,
  barenblattInitial,
  uniformInitial,
  expressionInitial,
  fileInitial,
);
exacts.register(
  heatExact,
  ornsteinUhlenbeckExact,
  barenblattExact,
  fisherRaoKlGaussianExact,
  fisherRaoKlExact,
  fisherRaoKlGridExact,
  wfrKlGaussianExact,
  aggregationSteadyStateExact,
  jkoHeatRecursionExact,
  jkoFokkerPlanckRecursionExact,
);
exacts.register(discreteGibbsExact);
exacts.register(fbRecursionExact, ulaRecursionExact);
potentials.register(
  quadraticPotential,
  expressionPotential,
  gaussianPotential,
  doubleWellPotential,
);
kernels.register(gaussianKernel, laplaceKernel, inverseMultiquadricKernel, powerLawKernel);
observables.register(
  meanErrorObservable,
  covarianceErrorObservable,
  varianceErrorObservable,
  varianceObservable,
  meanDriftObservable,
  massObservable,
  massErrorObservable,
  secondMomentObservable,
  secondMomentErrorObservable,
  frontOffsetObservable,
  exactEnergyObservable,
  w2ToExactObservable,
  l1ErrorObservable,
  meanRadiusObservable,
  radiusErrorObservable,
  clusterDistanceObservable,
  clusterDistanceErrorObservable,
  clusterMassLeftObservable,
  mmdObservable,
  mmd2Observable,
  mmdBoundRatioObservable,
  iftMassErrorObservable,
  dissipationObservable,
  energyRateObservable,
  dissipationResidualObservable,
  jkoStationaryVarianceObservable,
);
observables.register(cloudW2ToExactObservable, sinkhornToExactObservable);
observables.register(fbStationaryVarianceObservable, ulaStationaryVarianceObservable);

/** A scheme must be able to step the spec's geometry (and pass its own checks). */
addCrossCheck((spec) => {
  const entry = schemeEntry(spec.scheme.kind);
  if (entry.geometries !== "*" && !entry.geometries.includes(spec.geometry.kind)) {
    throw new InputError(
      "scheme.kind",
      `'${spec.scheme.kind}' steps the geometr${entry.geometries.length > 1 ? "ies" : "y"} ` +
        `${entry.geometries.join(", ")}, not '${spec.geometry.kind}'; choose another scheme ` +
        `(${schemes
          .kinds()
          .filter((k) => {
            const g = schemeEntry(k).geometries;
            return g === "*" || g.includes(spec.geometry.kind);
          })
          .join(", ")}) or geometry`,
    );
  }
  entry.check?.(spec.scheme, spec, "scheme");
});

/** On a radial grid, only the kinds validated with the shell measures (radialSupport.ts). */
addCrossCheck(checkRadialSpec);

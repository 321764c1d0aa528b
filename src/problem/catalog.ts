/**
 * The one list of registry entries: adding an energy, geometry, scheme, initial datum, exact
 * solution, potential, kernel or observable is one file plus one line here.
 */
import { InputError } from "../errors.js";
import { entropyEntry } from "./energies/entropy.js";
import { klEntry } from "./energies/kl.js";
import { potentialEntry } from "./energies/potential.js";
import { heatExact } from "./exact/heat.js";
import { ornsteinUhlenbeckExact } from "./exact/ornsteinUhlenbeck.js";
import { wassersteinGeometry } from "./geometries/wasserstein.js";
import { gaussianInitial } from "./initial/gaussian.js";
import { expressionPotential } from "./potentials/expression.js";
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
import { fvScheme } from "./schemes/fv.js";
import { addCrossCheck } from "./spec.js";

energies.register(entropyEntry, potentialEntry, klEntry);
geometries.register(wassersteinGeometry);
schemes.register(fvScheme);
initials.register(gaussianInitial);
exacts.register(heatExact, ornsteinUhlenbeckExact);
potentials.register(quadraticPotential, expressionPotential);
kernels.register();
observables.register();

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

export { energies, exacts, geometries, initials, kernels, observables, potentials, schemes };

import type { Energy } from "../energy/energy.js";
import type { Geometry } from "./geometry.js";
import { RadialWassersteinGeometry } from "./radialWasserstein.js";
import { WassersteinGeometry, type WassersteinOptions } from "./wasserstein.js";

/**
 * The Wasserstein geometry of an energy on its grid: the radial finite volumes
 * (radialWasserstein.ts) on a radial grid, the Cartesian ones (wasserstein.ts) otherwise.
 */
export function wassersteinFor(energy: Energy, options: WassersteinOptions = {}): Geometry {
  return energy.grid.radial
    ? new RadialWassersteinGeometry(energy, options)
    : new WassersteinGeometry(energy, options);
}

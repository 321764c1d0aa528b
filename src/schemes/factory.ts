import type { Energy } from "../energy/energy.js";
import { InputError } from "../errors.js";
import { resolveDiffusion } from "../geometry/diffusionLimit.js";
import type { WassersteinOptions } from "../geometry/wasserstein.js";
import { wassersteinFor } from "../geometry/wassersteinFor.js";
import { checkDensity } from "../grid/density.js";
import { ExplicitScheme } from "./explicit.js";
import { JkoScheme } from "./jko.js";
import type { RkMethod } from "./rungeKutta.js";
import type { Scheme } from "./scheme.js";

/**
 * Builds the time-stepping scheme of a scenario for the Wasserstein flow of `energy`:
 * - "fv1" / "fv2" / "sg": explicit SSP Runge–Kutta (options.method, options.cfl, options.dt)
 *   over the finite-volume Wasserstein geometry with that face flux;
 * - "jko": entropic JKO (src/schemes/jko.ts) with options.tau (required) and options.eps
 *   (default 2h², h the largest cell width) and options.blurCorrection (default off).
 * `geometry` passes extra flux options (e.g. the fv2 limiter). Errors name the option at fault.
 */
/** The options makeScheme reads (a subset of the CLI's run options). */
export interface MakeSchemeOptions {
  /** fv1 | fv2 | sg | jko (explicit and exact step Fisher–Rao flows and are refused here). */
  scheme: string;
  method: RkMethod;
  cfl: number;
  dt?: number;
  tau?: number;
  eps?: number;
  blurCorrection?: boolean;
}

const WASSERSTEIN_SCHEMES = ["fv1", "fv2", "sg", "jko"];

export function makeScheme(
  energy: Energy,
  options: MakeSchemeOptions,
  geometry: Omit<WassersteinOptions, "flux"> = {},
): Scheme {
  const scheme = options.scheme;
  switch (scheme) {
    case "fv1":
    case "fv2":
    case "sg": {
      if (scheme === "sg" && !(energy.entropyWeight > 0)) {
        throw new InputError(
          "--scheme",
          `"sg" (Scharfetter–Gummel) needs an energy with an entropy part (ν > 0), but ` +
            `${energy.name} has ν = ${energy.entropyWeight}; use fv1 or fv2`,
        );
      }
      const geo = resolveDiffusion(
        wassersteinFor(energy, { ...geometry, flux: scheme }),
        energy,
        1,
        0,
      );
      return new ExplicitScheme(geo, energy.grid, {
        method: options.method,
        cfl: options.cfl,
        dt: options.dt,
      });
    }
    case "jko": {
      if (options.tau === undefined) {
        throw new InputError("--tau", "the jko scheme needs a time step --tau > 0");
      }
      const h = Math.max(...energy.grid.h);
      return new JkoScheme(energy.grid, energy, {
        tau: options.tau,
        eps: options.eps ?? 2 * h * h,
        blurCorrection: options.blurCorrection,
      });
    }
    case "explicit":
    case "exact":
      throw new InputError(
        "--scheme",
        `"${scheme}" steps Fisher–Rao flows; a Wasserstein flow needs fv1, fv2, sg or jko`,
      );
    default:
      throw new InputError(
        "--scheme",
        `must be one of ${WASSERSTEIN_SCHEMES.join(", ")}, got ${String(scheme)}`,
      );
  }
}

/**
 * Validates an initial density for a run on the energy's grid (length, finite, ≥ 0,
 * positive mass): the entry check every scheme also performs on its first step.
 */
export function validateInitial(energy: Energy, rho0: Float64Array, name = "rho0"): void {
  checkDensity(energy.grid, rho0, name);
}

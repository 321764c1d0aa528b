import { z } from "zod";
import type { WassersteinOptions } from "../../geometry/wasserstein.js";
import { dissipation } from "../../metrics/dissipation.js";
import type { ObservableEntry } from "../kinds.js";
import { geometries } from "../registries.js";
import { buildContextOf, nameParam, type ObservableCtx, type Tracked } from "./common.js";
import { resolveFv } from "../schemes/fvDefaults.js";

/**
 * The two sides of the energy-dissipation identity dF/dt = −D(ρ) at the output times, for any
 * geometry of the spec (transport weight α, reaction weight β):
 *
 * - `energy-rate`: dF_h/dt = Σ_i |cell| ξ_i (dρ_i/dt), ξ = δF/δρ, with dρ/dt the semi-discrete
 *   rate of the spec's geometry (the face options of an fv scheme, fv2 otherwise): the exact
 *   time derivative of the discrete energy along the semi-discrete flow;
 * - `dissipation-residual`: (dF_h/dt + D_h)/|D_h| with the continuous dissipation evaluated on
 *   the grid, D_h = α∫ρ|∇ξ|² (centred differences, src/metrics/dissipation.ts) + β∫ρ(ξ − s)²
 *   (s = ⟨ξ⟩_ρ for a spherical Fisher–Rao part, else 0). For smooth positive data it is
 *   O(h²) with the fv2 fluxes (docs/f-divergences.md: measured order 2.0 for every f).
 *
 * Cells with dρ/dt = 0 are skipped in the sum (ξ may be −∞ in an empty cell); a cell that
 * receives mass while ξ = −∞ (vacuum with an entropy part) gives dF_h/dt = −∞, and the
 * residual is then not finite (recorded as missing).
 */
function rateParts(ctx: ObservableCtx): {
  rate: (rho: Float64Array) => number;
  dissipationOf: (rho: Float64Array) => number;
} {
  const { grid, energy, spec } = ctx;
  const factory = geometries.build(spec.geometry, buildContextOf(ctx), "geometry");
  const s = spec.scheme;
  const options: WassersteinOptions =
    s.kind === "fv"
      ? {
          flux: resolveFv(s, spec.energy, spec.geometry).flux,
          limiter: s.limiter as WassersteinOptions["limiter"],
        }
      : {};
  const geometry = factory.build(energy, options);
  const xi = grid.zeros();
  const k = grid.zeros();
  const cell = grid.cellVolume;
  const alpha = factory.transport;
  const beta = factory.reaction;
  return {
    rate: (rho) => {
      energy.firstVariation(rho, xi);
      geometry.rate(rho, k);
      let s2 = 0;
      for (let i = 0; i < rho.length; i++) if (k[i] !== 0) s2 += xi[i] * k[i];
      return s2 * cell;
    },
    dissipationOf: (rho) => {
      energy.firstVariation(rho, xi);
      let d = alpha > 0 ? -alpha * dissipation(grid, rho, xi) : 0;
      if (beta > 0) {
        let shift = 0;
        if (factory.spherical) {
          let m = 0;
          let mx = 0;
          for (let i = 0; i < rho.length; i++) {
            if (rho[i] > 0) {
              m += rho[i];
              mx += rho[i] * xi[i];
            }
          }
          shift = m > 0 ? mx / m : 0;
        }
        let r = 0;
        for (let i = 0; i < rho.length; i++) if (rho[i] > 0) r += rho[i] * (xi[i] - shift) ** 2;
        d += beta * r * cell;
      }
      return d;
    },
  };
}

export const energyRateObservable: ObservableEntry<{ name: string }> = {
  kind: "energy-rate",
  doc: "dF_h/dt = Σ|cell| δF/δρ · dρ/dt of the semi-discrete flow on the spec's geometry (fv face options, else fv2)",
  params: z.strictObject({ name: nameParam("energyRate") }),
  build: (p, ctx): Tracked => {
    const { rate } = rateParts(ctx);
    return { name: p.name, value: (rho) => rate(rho) };
  },
};

export const dissipationResidualObservable: ObservableEntry<{ name: string }> = {
  kind: "dissipation-residual",
  doc: "(dF_h/dt + D_h)/|D_h|: the energy-dissipation identity's relative residual, D_h = α∫ρ|∇δF/δρ|² + β∫ρ(δF/δρ − s)² on the grid",
  params: z.strictObject({ name: nameParam("dissipationResidual") }),
  build: (p, ctx): Tracked => {
    const { rate, dissipationOf } = rateParts(ctx);
    return {
      name: p.name,
      value: (rho) => {
        const d = dissipationOf(rho);
        return (rate(rho) + d) / Math.abs(d);
      },
    };
  },
};

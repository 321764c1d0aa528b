import { describe, expect, it } from "vitest";
import type { Energy } from "../../src/energy/energy.js";
import { GeneralizedEntropy } from "../../src/energy/generalizedEntropy.js";
import { RelativeEntropy } from "../../src/energy/kl.js";
import { Barenblatt } from "../../src/exact/barenblatt.js";
import type { Geometry } from "../../src/geometry/geometry.js";
import { hasFusedEuler } from "../../src/geometry/fusedEuler.js";
import { WassersteinGeometry, type WassersteinOptions } from "../../src/geometry/wasserstein.js";
import { Grid } from "../../src/grid/grid.js";
import { ExplicitScheme } from "../../src/schemes/explicit.js";
import type { RkMethod } from "../../src/schemes/rungeKutta.js";

/**
 * The fused Euler stages (fusedEuler.ts: sg with a static ψ, and the compact ν = 0 sweep
 * restricted to the support) must reproduce the generic path, rate() followed by the SSP
 * Runge–Kutta update, step for step. Hiding the fused methods behind a plain Geometry
 * forces the generic path. Both evaluate the same fluxes in the same order, so we allow
 * only rounding (1e-13 relative to max ρ) and require identical step sizes.
 */
function runBoth(
  energy: Energy,
  flux: WassersteinOptions["flux"],
  method: RkMethod,
  rho0: Float64Array,
  steps: number,
): { fused: Float64Array; generic: Float64Array; dtFused: number[]; dtGeneric: number[] } {
  const run = (plain: boolean): { rho: Float64Array; dts: number[] } => {
    const geo = new WassersteinGeometry(energy, { flux });
    // The comparison is only meaningful if the fused path exists for this case.
    if (!plain) expect(hasFusedEuler(geo)).toBe(true);
    const g: Geometry = plain ? { name: geo.name, rate: (r, o) => geo.rate(r, o) } : geo;
    const scheme = new ExplicitScheme(g, energy.grid, { method, cfl: 0.9 });
    const rho = Float64Array.from(rho0);
    const dts: number[] = [];
    for (let k = 0; k < steps; k++) dts.push(scheme.step(rho, 1));
    return { rho, dts };
  };
  const f = run(false);
  const p = run(true);
  return { fused: f.rho, generic: p.rho, dtFused: f.dts, dtGeneric: p.dts };
}

function expectSame(r: ReturnType<typeof runBoth>): void {
  let peak = 0;
  let diff = 0;
  for (let i = 0; i < r.generic.length; i++) {
    peak = Math.max(peak, Math.abs(r.generic[i]));
    diff = Math.max(diff, Math.abs(r.fused[i] - r.generic[i]));
  }
  expect(diff).toBeLessThanOrEqual(1e-13 * peak);
  r.dtFused.forEach((dt, k) => expect(dt).toBeCloseTo(r.dtGeneric[k], 14));
}

describe("fused Euler stages agree with the generic rate + update path", () => {
  const grid2 = new Grid({ n: [48, 40], lo: [-3, -3], hi: [3, 3] });
  const pmeStart = new Barenblatt({ dim: 2, m: 2 }).cellAverages(grid2, 0.1);

  for (const method of ["euler", "heun", "ssprk3"] as RkMethod[]) {
    it(`porous medium m = 2, compact fv2 sweep, ${method}`, () => {
      expectSame(runBoth(new GeneralizedEntropy(grid2, 2), "fv2", method, pmeStart, 25));
    });
  }

  it("porous medium m = 3, compact fv1 sweep, Euler", () => {
    expectSame(runBoth(new GeneralizedEntropy(grid2, 3), "fv1", "euler", pmeStart, 25));
  });

  for (const dims of [[64], [40, 36]]) {
    for (const method of ["euler", "ssprk3"] as RkMethod[]) {
      it(`sg Fokker–Planck with a static potential, ${dims.length}D, ${method}`, () => {
        const grid = new Grid({ n: dims, lo: dims.map(() => -5), hi: dims.map(() => 5) });
        const U = (x: Float64Array): number => 0.5 * x.reduce((s, v, a) => s + (a + 1) * v * v, 0);
        const rho0 = grid.sample((x) => Math.exp(-x.reduce((s, v) => s + (v - 1) ** 2, 0)));
        expectSame(runBoth(new RelativeEntropy(grid, U), "sg", method, rho0, 30));
      });
    }
  }
});

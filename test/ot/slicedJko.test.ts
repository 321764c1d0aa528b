import { describe, expect, it } from "vitest";
import { Entropy } from "../../src/energy/entropy.js";
import type { Energy } from "../../src/energy/energy.js";
import { Interaction } from "../../src/energy/interaction.js";
import { Potential } from "../../src/energy/potential.js";
import { EnergySum } from "../../src/energy/sum.js";
import { PowerLawKernel } from "../../src/fft/kernels.js";
import { Grid } from "../../src/grid/grid.js";
import { SlicedJko } from "../../src/ot/slicedJko.js";
import { GridSlices, type SliceModel } from "../../src/ot/slicedWasserstein.js";

/**
 * One sliced-Wasserstein JKO step (src/ot/slicedJko.ts) on coarse 2D grids, for a convex
 * energy with entropy (Fokker–Planck) and a non-convex one without (aggregation), with both
 * slice models. The flows: slicedJkoFokkerPlanck.test.ts, slicedJkoAggregation.test.ts.
 */

/** Cell averages normalised to mass 1. */
function unitMass(grid: Grid, f: (x: Float64Array) => number): Float64Array {
  const r = grid.sample(f);
  const m = grid.integrate(r);
  return r.map((v) => v / m);
}

// Fokker–Planck: F = ∫ρ log ρ + ∫|x|²/2 ρ on [−5, 5]², from N((1, 0), I/2) (the P1 datum).
const fpGrid = new Grid({ n: [32, 32], lo: [-5, -5], hi: [5, 5] });
const fpEnergy = new EnergySum([
  new Entropy(fpGrid),
  new Potential(fpGrid, (x) => 0.5 * (x[0] ** 2 + x[1] ** 2)),
]);
const fpInitial = (): Float64Array =>
  unitMass(fpGrid, (x) => Math.exp(-((x[0] - 1) ** 2 + x[1] ** 2)));

describe("one sliced-Wasserstein JKO step", () => {
  const aggGrid = new Grid({ n: [24, 24], lo: [-1, -1], hi: [1, 1] });
  const cases: { name: string; grid: Grid; energy: Energy; rho: Float64Array; tau: number }[] = [
    {
      name: "Fokker–Planck (entropy + potential)",
      grid: fpGrid,
      energy: fpEnergy,
      rho: fpInitial(),
      tau: 0.2,
    },
    {
      name: "aggregation (interaction, no entropy)",
      grid: aggGrid,
      energy: new Interaction(aggGrid, new PowerLawKernel(4, 2, 2)),
      rho: unitMass(aggGrid, (x) =>
        Math.exp(-((x[0] - 0.05) ** 2) / 0.125 - (x[1] + 0.03) ** 2 / 0.08),
      ),
      tau: 0.5,
    },
  ];
  for (const { name, grid, energy, rho, tau } of cases) {
    for (const model of ["segments", "points"] as SliceModel[]) {
      it(`${name}, ${model}: decreases the objective, conserves mass, stays positive`, () => {
        const jko = new SlicedJko(grid, energy, { tau, directions: 8, model, maxIter: 100 });
        const out = new Float64Array(grid.size);
        const info = jko.step(rho, out);
        const f0 = energy.value(rho);
        // The step starts at ρ_k, where Φ = F(ρ_k) (SW₂²(ρ_k, ρ_k) = 0), and returns the best
        // point met: Φ(ρ_{k+1}) < F(ρ_k) strictly (ρ_k is not stationary), hence F decreases.
        expect(info.iterations).toBeGreaterThan(0);
        expect(info.objective).toBeLessThan(f0);
        expect(info.energy).toBeLessThan(f0);
        const w = Float64Array.from(out, (r) => r * grid.cellVolume);
        const wk = Float64Array.from(rho, (r) => r * grid.cellVolume);
        const slices = new GridSlices(grid, 8, model);
        const phi = slices.sw2(w, wk) / (2 * tau) + energy.value(out);
        expect(Math.abs(phi - info.objective)).toBeLessThan(1e-14 * Math.abs(f0) + 1e-16);
        // Mass: a log-sum-exp normalisation to the mass of ρ_k, rounding only (n·ε ~ 1e-13).
        expect(Math.abs(grid.integrate(out) - grid.integrate(rho))).toBeLessThan(1e-13);
        for (const v of out) expect(v).toBeGreaterThan(0);
      });
    }
  }
});

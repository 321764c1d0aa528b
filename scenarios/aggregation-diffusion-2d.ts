import { Entropy } from "../src/energy/entropy.js";
import { Interaction } from "../src/energy/interaction.js";
import { energySum } from "../src/energy/sum.js";
import { PowerLawKernel } from "../src/fft/kernels.js";
import { cellAverages, normalise, secondMoment } from "../src/grid/density.js";
import { Grid } from "../src/grid/grid.js";
import { runScenarioMain } from "../src/run/registry.js";
import type { Scenario } from "../src/run/scenario.js";
import { makeScheme } from "../src/schemes/factory.js";
import { aggregationSteadyState } from "../src/exact/aggregation.js";
import { meanRadius } from "../src/metrics/clusters.js";
import { geometricTimes } from "../src/run/outputTimes.js";

/** Diffusion weight ν (energy ½∫∫Wρρ + ν∫ρ log ρ). */
const NU = 0.02;
const L = 1.6;

const bump = (x: Float64Array): number => Math.exp(-(x[0] ** 2 + x[1] ** 2) / (2 * 0.3 ** 2));

const scenario: Scenario = {
  name: "aggregation-diffusion-2d",
  title: "Aggregation–diffusion 2D: ring-shaped stationary state ρ∞ ∝ exp(−(|x|⁴/4 + c|x|²)/ν)",
  description:
    "∂ρ/∂t = div(ρ∇W*ρ) + νΔρ with W(x) = |x|⁴/4 − |x|²/2 and ν = 0.02 (energy ½∫∫Wρρ + " +
    "ν∫ρlogρ) on [−1.6, 1.6]², no-flux walls, from a radial Gaussian bump of unit mass. " +
    "The exact solution shown is the self-consistent stationary profile of EXACT.md §G, " +
    "ρ∞ = Z⁻¹exp(−(|x|⁴/4 + c|x|²)/ν), c = m₂ − 1/2 with m₂ = ∫|x|²ρ∞ solved for (2D: a " +
    "truncated Gaussian in |x|²), as cell averages: errors at early times measure the distance " +
    "to the steady state, the final error the accuracy of the long-time state (O(h²)).",
  defaults: { n: 64, tEnd: 16, snapshots: 6 },
  schemes: ["fv2", "fv1", "sg", "jko"],
  build(o) {
    const grid = new Grid({ n: [o.n, o.n], lo: [-L, -L], hi: [L, L] });
    const kernel = new PowerLawKernel(4, 2, 2);
    const energy = energySum([NU, new Entropy(grid)], new Interaction(grid, kernel));
    const rho0 = normalise(grid, cellAverages(grid, bump));
    const steady = aggregationSteadyState(2, NU);
    const exact = cellAverages(grid, (x) => steady.density(x), 8);
    return {
      grid,
      rho0,
      energy,
      scheme: makeScheme(energy, o),
      outputTimes: geometricTimes(o.tEnd, o.snapshots),
      exact: () => exact,
      observables: {
        secondMoment: (rho) => secondMoment(grid, rho),
        meanRadius: (rho) => meanRadius(grid, rho),
      },
      spec: {
        equation: "∂ρ/∂t = div(ρ∇W*ρ) + νΔρ",
        kernel: kernel.spec,
        nu: NU,
        box: [
          [-L, L],
          [-L, L],
        ],
        initial: "radial Gaussian σ = 0.3, cell averages, unit mass",
        steadyState: { m2: steady.m2, c: steady.c },
      },
    };
  },
};

export default scenario;

await runScenarioMain(scenario, import.meta.url);

import { Interaction } from "../src/energy/interaction.js";
import { PowerLawKernel } from "../src/fft/kernels.js";
import { cellAverages, normalise } from "../src/grid/density.js";
import { Grid } from "../src/grid/grid.js";
import { runScenarioMain } from "../src/run/registry.js";
import type { Scenario } from "../src/run/scenario.js";
import { makeScheme } from "../src/schemes/factory.js";
import { aggregationMinEnergy } from "../src/exact/aggregation.js";
import { twoClusters } from "../src/metrics/clusters.js";
import { geometricTimes } from "../src/run/outputTimes.js";

/** Box [−L, L]: the two clusters end at distance 1 around the barycentre (≈ 0.1 here). */
const L = 1.5;

/** Smooth, asymmetric bump: Gaussian (σ = 0.25) at 0.1, tilted by (1 + 0.3x). */
const bump = (x: Float64Array): number =>
  Math.exp(-((x[0] - 0.1) ** 2) / (2 * 0.25 ** 2)) * (1 + 0.3 * x[0]);

const scenario: Scenario = {
  name: "aggregation-1d",
  title: "Aggregation 1D: W = |x|⁴/4 − |x|²/2 splits a bump into two clusters at distance 1",
  description:
    "∂ρ/∂t = div(ρ∇W*ρ) with the attractive–repulsive kernel W(x) = |x|⁴/4 − |x|²/2 " +
    "(interaction energy ½∫∫W(x−y)ρρ, FFT convolution, linear mode) on [−1.5, 1.5] with no-flux " +
    "walls, from a smooth asymmetric bump of unit mass. Every 1D steady state is a sum of at " +
    "most three Diracs; the stable ones are two clusters exactly 1 apart with masses in " +
    "(1/3, 2/3), energy → −w(1−w)/4 (−1/16 for equal masses) (EXACT.md §G). Observables: the " +
    "distance between the centres of mass left and right of the barycentre, its error in cells, " +
    "and the left cluster's mass.",
  defaults: { n: 400, tEnd: 40, snapshots: 8 },
  schemes: ["fv2", "fv1", "jko"],
  build(o) {
    const grid = new Grid({ n: [o.n], lo: [-L], hi: [L] });
    const kernel = new PowerLawKernel(4, 2, 1);
    const energy = new Interaction(grid, kernel);
    const rho0 = normalise(grid, cellAverages(grid, bump));
    const h = grid.h[0];
    return {
      grid,
      rho0,
      energy,
      scheme: makeScheme(energy, o),
      outputTimes: geometricTimes(o.tEnd, o.snapshots),
      observables: {
        clusterDistance: (rho) => twoClusters(grid, rho).distance,
        distanceErrorInCells: (rho) => Math.abs(twoClusters(grid, rho).distance - 1) / h,
        massLeft: (rho) => twoClusters(grid, rho).massLeft,
      },
      spec: {
        equation: "∂ρ/∂t = div(ρ∇W*ρ)",
        kernel: kernel.spec,
        box: [-L, L],
        initial: "Gaussian σ = 0.25 at 0.1 times (1 + 0.3x), cell averages, unit mass",
        expected: {
          clusterDistance: 1,
          tolerance: "2h",
          minEnergyEqualMasses: aggregationMinEnergy(1),
        },
      },
    };
  },
};

export default scenario;

await runScenarioMain(scenario, import.meta.url);

import { RelativeEntropy } from "../src/energy/kl.js";
import { frKl } from "../src/exact/fisherRao.js";
import { FisherRaoGeometry } from "../src/geometry/fisherRao.js";
import { cellAverages, mass } from "../src/grid/density.js";
import { Grid } from "../src/grid/grid.js";
import { linearTimes } from "../src/run/outputTimes.js";
import { runScenarioMain } from "../src/run/registry.js";
import type { Scenario } from "../src/run/scenario.js";
import { ExplicitScheme } from "../src/schemes/explicit.js";
import { FisherRaoKlScheme } from "../src/schemes/fisherRaoKlStep.js";

/** Unnormalised Gaussian bump M·N(x; m, s²). */
const bump = (x: number, M: number, m: number, s: number): number =>
  (M / (s * Math.sqrt(2 * Math.PI))) * Math.exp(-((x - m) ** 2) / (2 * s * s));

/** Target π (mass 2, bimodal) and initial ρ0 (mass 1.2, unimodal): unequal masses on 𝓜₊. */
const pi = (x: number): number => bump(x, 1.4, -1.5, 0.6) + bump(x, 0.6, 2, 0.8);
const rho0 = (x: number): number => bump(x, 1.2, 0.5, 1.3);

/**
 * Birth–death (Hellinger / Fisher–Rao) flow of KL on non-negative measures, EXACT.md §D.1:
 * ∂ρ/∂t = −ρ log(ρ/π) (He² = 4∫(√μ − √ν)², no factor), whose exact solution is the
 * geometric interpolation ρ_t = ρ0^{e^{−t}} π^{1−e^{−t}} → π (mass of π).
 */
const scenario: Scenario = {
  name: "fisher-rao-kl-1d",
  title: "Fisher–Rao (birth–death) flow of KL(ρ‖π) on 𝓜₊ vs the geometric interpolation",
  description:
    "∂ρ/∂t = −ρ log(ρ/π), the Hellinger gradient flow of KL(ρ‖π) = ∫ρ log(ρ/π) − ρ + π, from " +
    "ρ0 = 1.2·N(0.5, 1.3²) to the bimodal π = 1.4·N(−1.5, 0.6²) + 0.6·N(2, 0.8²) (mass 2). " +
    "Exact solution ρ_t = ρ0^{e^{−t}} π^{1−e^{−t}} (cell averages by Gauss–Legendre): mass " +
    "is created where ρ < π and removed where ρ > π, without transport. Schemes: the exact " +
    "multiplicative step (default) or explicit Runge–Kutta on the Fisher–Rao geometry. The " +
    "grid uses π at cell centres and ρ0 as cell averages, so the difference to the exact " +
    "cell averages is O(h²); `semiDiscreteL1` compares with the closed form of the grid ODE.",
  defaults: { n: 256, tEnd: 3, snapshots: 7 },
  schemes: ["exact", "explicit"],
  build(o) {
    const grid = new Grid({ n: [o.n], lo: [-7], hi: [7] });
    const energy = new RelativeEntropy(grid, (x) => -Math.log(pi(x[0])), 0);
    const start = cellAverages(grid, (x) => rho0(x[0]));
    const piCentres = grid.sample((x) => pi(x[0]));
    const scheme =
      o.scheme === "exact"
        ? new FisherRaoKlScheme(energy)
        : new ExplicitScheme(new FisherRaoGeometry(energy), grid, {
            method: o.method,
            cfl: o.cfl,
            dt: o.dt,
          });
    const w = (t: number): number => Math.exp(-t);
    return {
      grid,
      rho0: start,
      energy,
      scheme,
      outputTimes: linearTimes(o.tEnd, o.snapshots),
      exact: (t) => cellAverages(grid, (x) => rho0(x[0]) ** w(t) * pi(x[0]) ** (1 - w(t))),
      observables: {
        mass: (rho) => mass(grid, rho),
        semiDiscreteL1: (rho, t) => {
          const ref = frKl(start, piCentres, t);
          let s = 0;
          for (let i = 0; i < rho.length; i++) s += Math.abs(rho[i] - ref[i]);
          return s * grid.h[0];
        },
      },
      conservesMass: false,
      spec: {
        equation: "∂ρ/∂t = −ρ log(ρ/π) (Fisher–Rao flow of KL on 𝓜₊, He² = 4∫(√μ−√ν)²)",
        target: "1.4·N(−1.5, 0.6²) + 0.6·N(2, 0.8²), mass 2",
        initial: "1.2·N(0.5, 1.3²), cell averages",
        box: [grid.lo[0], grid.hi[0]],
        n: o.n,
        tEnd: o.tEnd,
      },
    };
  },
};

export default scenario;

await runScenarioMain(scenario, import.meta.url);

import { HalfMMD } from "../src/energy/mmd.js";
import { GaussianKernel } from "../src/fft/kernels.js";
import { IftGeometry } from "../src/geometry/ift.js";
import { cellAverages, mass } from "../src/grid/density.js";
import { Grid } from "../src/grid/grid.js";
import { linearTimes } from "../src/run/outputTimes.js";
import { runScenarioMain } from "../src/run/registry.js";
import type { Scenario } from "../src/run/scenario.js";
import { ExplicitScheme } from "../src/schemes/explicit.js";

/** Transport and reaction weights, kernel width (EXACT.md §F uses σ = 0.8, (α, β) = (1, 0.5)). */
const ALPHA = 1;
const BETA = 0.5;
const SIGMA = 0.8;

const bump = (x: number, M: number, m: number, s: number): number =>
  (M / (s * Math.sqrt(2 * Math.PI))) * Math.exp(-((x - m) ** 2) / (2 * s * s));
/** Bimodal target of mass 1.2 and a unimodal start of mass 1. */
const target = (x: number): number => bump(x, 0.6, -2, 0.7) + bump(x, 0.6, 2.5, 0.5);
const start = (x: number): number => bump(x, 1, 0, 1);

const scenario: Scenario = {
  name: "ift-mmd-1d",
  title: "Interaction-force transport: MMD flow with an MMD reaction, decay bound and mass law",
  description:
    "∂ρ/∂t = α div(ρ∇k*(ρ−π)) − β(ρ − π) (Gladin, Dvurechensky, Mielke & Zhu 2024), the IFT " +
    "gradient flow of ½MMD²(ρ, π) with the Gaussian kernel k = exp(−x²/(2σ²)), σ = 0.8, α = 1, " +
    "β = 0.5, on [−8, 8], from ρ0 = N(0, 1) (mass 1) to the bimodal π = 0.6·N(−2, 0.7²) + " +
    "0.6·N(2.5, 0.5²) (mass 1.2). No closed form for α > 0; the checks are exact laws: " +
    "MMD(ρ_t, π) ≤ e^{−βt} MMD(ρ0, π) (boundRatio ≤ 1) and M(t) = M_π + e^{−βt}(M0 − M_π) " +
    "(massError), EXACT.md §F.",
  defaults: { n: 400, tEnd: 8, snapshots: 9 },
  schemes: ["fv2", "fv1"],
  build(o) {
    const grid = new Grid({ n: [o.n], lo: [-8], hi: [8] });
    const pi = cellAverages(grid, (x) => target(x[0]));
    const energy = new HalfMMD(grid, new GaussianKernel(SIGMA), pi);
    const rho0 = cellAverages(grid, (x) => start(x[0]));
    const geometry = new IftGeometry(energy, {
      alpha: ALPHA,
      beta: BETA,
      wasserstein: { flux: o.scheme as "fv1" | "fv2" },
    });
    const m0 = mass(grid, rho0);
    const mPi = mass(grid, pi);
    const mmd0 = Math.sqrt(energy.mmd2(rho0));
    return {
      grid,
      rho0,
      energy,
      scheme: new ExplicitScheme(geometry, grid, { method: o.method, cfl: o.cfl, dt: o.dt }),
      outputTimes: linearTimes(o.tEnd, o.snapshots),
      conservesMass: false,
      observables: {
        mmd: (rho) => Math.sqrt(energy.mmd2(rho)),
        boundRatio: (rho, t) => Math.sqrt(energy.mmd2(rho)) / (Math.exp(-BETA * t) * mmd0),
        massError: (rho, t) => mass(grid, rho) - (mPi + Math.exp(-BETA * t) * (m0 - mPi)),
      },
      spec: {
        equation: "∂ρ/∂t = α div(ρ∇k*(ρ−π)) − β(ρ − π)",
        alpha: ALPHA,
        beta: BETA,
        kernel: `exp(−x²/(2σ²)), σ = ${SIGMA}`,
        target: "0.6·N(−2, 0.7²) + 0.6·N(2.5, 0.5²), mass 1.2",
        initial: "N(0, 1), mass 1",
        box: [-8, 8],
        n: o.n,
        tEnd: o.tEnd,
      },
    };
  },
};

export default scenario;

await runScenarioMain(scenario, import.meta.url);

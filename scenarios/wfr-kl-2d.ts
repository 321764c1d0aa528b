import { RelativeEntropy } from "../src/energy/kl.js";
import { Gaussian } from "../src/exact/gaussian.js";
import { WfrKlGaussian } from "../src/exact/wfrGaussian.js";
import { WfrGeometry } from "../src/geometry/wfr.js";
import { covariance, mass, mean } from "../src/grid/density.js";
import { Grid } from "../src/grid/grid.js";
import { linearTimes } from "../src/run/outputTimes.js";
import { runScenarioMain } from "../src/run/registry.js";
import type { Scenario } from "../src/run/scenario.js";
import { ExplicitScheme } from "../src/schemes/explicit.js";

/** Transport and reaction weights (EXACT.md §E verification values). */
const ALPHA = 0.7;
const BETA = 1.3;
/** π = 1.5·N(m_π, Σ_π) and ρ0 = 0.6·N(μ0, Σ0), non-diagonal and non-commuting. */
const TARGET = new Gaussian(
  [0.5, -0.3],
  [
    [1, 0.4],
    [0.4, 0.6],
  ],
  1.5,
);
const INITIAL = new Gaussian(
  [-1.2, 0.8],
  [
    [0.3, -0.1],
    [-0.1, 0.5],
  ],
  0.6,
);

/**
 * Wasserstein–Fisher–Rao flow of KL(ρ‖π) on 𝓜₊ (EXACT.md §E):
 * ∂ρ/∂t = α div(ρ∇log(ρ/π)) − β ρ log(ρ/π), with Gaussian π and ρ0 of different masses. The
 * solution stays an unnormalised Gaussian; its covariance, mean and mass are known in closed
 * form (matrix Riccati equation, mass by quadrature).
 */
const scenario: Scenario = {
  name: "wfr-kl-2d",
  title:
    "Wasserstein–Fisher–Rao flow of KL(ρ‖π): transport + birth–death vs the Gaussian closed form",
  description:
    "∂ρ/∂t = α div(ρ∇log(ρ/π)) − βρ log(ρ/π), α = 0.7, β = 1.3, from ρ0 = 0.6·N((−1.2, 0.8), Σ0) " +
    "to π = 1.5·N((0.5, −0.3), Σπ) (non-diagonal, non-commuting covariances). Transport moves " +
    "the mean and shape, the reaction creates mass: the exact solution is the unnormalised " +
    "Gaussian of EXACT.md §E (closed-form Σ(t), μ(t); mass by quadrature), compared through its " +
    "exact cell averages. Explicit SSP Runge–Kutta; the scheme name is the face flux of the " +
    "transport part.",
  defaults: { n: 96, tEnd: 1, snapshots: 6 },
  schemes: ["fv2", "sg", "fv1"],
  build(o) {
    const grid = new Grid({ n: [o.n, o.n], lo: [-5, -5], hi: [5, 5] });
    // π = M e^{−½(x−m)ᵀP(x−m)}/(2π √det Σ) (d = 2): U = ½(x−m)ᵀP(x−m), π = e^{−U}/Z with
    // log Z = log(2π) + ½ log det Σ − log M (the reaction part needs the mass of π).
    const P = TARGET.precision;
    const m = TARGET.mean;
    const U = (x: Float64Array): number => {
      const u0 = x[0] - m[0];
      const u1 = x[1] - m[1];
      return 0.5 * (P[0][0] * u0 * u0 + 2 * P[0][1] * u0 * u1 + P[1][1] * u1 * u1);
    };
    const logZ = Math.log(2 * Math.PI) + 0.5 * TARGET.logDetCov - Math.log(TARGET.mass);
    const energy = new RelativeEntropy(grid, U, logZ);
    const geometry = new WfrGeometry(energy, {
      alpha: ALPHA,
      beta: BETA,
      wasserstein: { flux: o.scheme as "fv1" | "fv2" | "sg" },
    });
    const exact = new WfrKlGaussian({ alpha: ALPHA, beta: BETA, initial: INITIAL, target: TARGET });
    return {
      grid,
      rho0: exact.cellAverages(grid, 0),
      energy,
      scheme: new ExplicitScheme(geometry, grid, { method: o.method, cfl: o.cfl, dt: o.dt }),
      outputTimes: linearTimes(o.tEnd, o.snapshots),
      exact: (t) => exact.cellAverages(grid, t),
      conservesMass: false,
      observables: {
        massError: (rho, t) => mass(grid, rho) - exact.mass(t),
        meanError: (rho, t) => {
          const mu = mean(grid, rho);
          const ex = exact.mean(t);
          return Math.hypot(mu[0] - ex[0], mu[1] - ex[1]);
        },
        // grid covariance of cell averages carries + h²/12 per axis (EXACT.md §0.1)
        covarianceError: (rho, t) => {
          const c = covariance(grid, rho);
          const ex = exact.cov(t);
          const h2 = [grid.h[0] ** 2 / 12, grid.h[1] ** 2 / 12];
          return Math.max(
            Math.abs(c[0][0] - h2[0] - ex[0][0]),
            Math.abs(c[1][1] - h2[1] - ex[1][1]),
            Math.abs(c[0][1] - ex[0][1]),
          );
        },
      },
      spec: {
        equation: "∂ρ/∂t = α div(ρ∇log(ρ/π)) − βρ log(ρ/π)",
        alpha: ALPHA,
        beta: BETA,
        target: { mass: TARGET.mass, mean: TARGET.mean, cov: TARGET.cov },
        initial: { mass: INITIAL.mass, mean: INITIAL.mean, cov: INITIAL.cov },
        box: [
          [-5, 5],
          [-5, 5],
        ],
        n: o.n,
        tEnd: o.tEnd,
      },
    };
  },
};

export default scenario;

await runScenarioMain(scenario, import.meta.url);

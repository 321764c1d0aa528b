import { Entropy } from "../src/energy/entropy.js";
import { Potential } from "../src/energy/potential.js";
import { energySum } from "../src/energy/sum.js";
import { Gaussian } from "../src/exact/gaussian.js";
import { OrnsteinUhlenbeck } from "../src/exact/ornsteinUhlenbeck.js";
import { covariance, mean } from "../src/grid/density.js";
import { Grid } from "../src/grid/grid.js";
import { entropicJkoFpStationaryVariance, entropicJkoFpStep } from "../src/ot/jkoGaussian.js";
import { runScenarioMain } from "../src/run/registry.js";
import type { Scenario } from "../src/run/scenario.js";
import { JkoScheme, jkoOutputTimes } from "../src/schemes/jko.js";

const MU0 = [1, 0];
const S0_SQ = 0.5;

/**
 * Entropic JKO Fokker–Planck in 2D: F = ∫ρ log ρ + ∫|x|²/2 ρ (π = N(0, I)) on [−5,5]², from
 * the cell averages of N((1, 0), 0.5 I) (the P1 datum). The `exact` reference is the
 * Ornstein–Uhlenbeck solution; the scheme's stationary state is not e^{−V}/Z but the
 * Gaussian with the entropically biased variance of EXACT.md §H (≈ 1 + ε/(4τ)); observables
 * track the mean/variance against the §H recursion (per axis, started at s0² + h²/12) and
 * the predicted biased stationary variance.
 */
const scenario: Scenario = {
  name: "jko-fokker-planck-2d",
  title: "Entropic JKO Fokker–Planck in 2D: OU solution, §H recursion and stationary bias",
  description:
    "ρ_{k+1} = argmin W_ε(ρ, ρ_k)/(2τ) + ∫ρ log ρ + ∫(|x|²/2)ρ on [−5,5]² from cell averages of " +
    "N((1,0), 0.5 I), default τ = 0.05, ε = 2h², to t = 3. Exact reference: Ornstein–Uhlenbeck " +
    "(stationary N(0, I)). The entropic scheme converges instead to N(0, a∞ I), a∞ the larger root " +
    "of (λ²−1)a² − (2λτ + ελ/2)a + τ² + ετ/2 (λ = 1 + τ, EXACT.md §H): observables report the " +
    "mean and variance errors against the scheme's exact Gaussian recursion and a∞.",
  defaults: { n: 96, tEnd: 3, tau: 0.05, snapshots: 7 },
  schemes: ["jko"],
  build(o) {
    const tau = o.tau ?? 0.05;
    const L = 5;
    const grid = new Grid({ n: [o.n, o.n], lo: [-L, -L], hi: [L, L] });
    const h = grid.h[0];
    const eps = o.eps ?? 2 * h * h;
    const ou = new OrnsteinUhlenbeck({
      A: [
        [1, 0],
        [0, 1],
      ],
      center: [0, 0],
      initial: new Gaussian(MU0, S0_SQ),
    });
    const energy = energySum(
      new Entropy(grid),
      new Potential(grid, (x) => 0.5 * (x[0] ** 2 + x[1] ** 2)),
    );
    const steps = Math.round(o.tEnd / tau);
    // Entropy weight of the step: 1, or 1 − ε/(4τ) with --blur-correction.
    const nu = o.blurCorrection ? 1 - eps / (4 * tau) : 1;
    // §H recursion per axis (κ = 1, x_c = 0), from the cell-average variance s0² + h²/12.
    const rec = [{ mu: [...MU0], s2: S0_SQ + (h * h) / 12 }];
    for (let k = 0; k < steps; k++) {
      const prev = rec[k];
      const a = entropicJkoFpStep(prev.mu[0], prev.s2, tau, eps, 1, 0, nu);
      const b = entropicJkoFpStep(prev.mu[1], prev.s2, tau, eps, 1, 0, nu);
      rec.push({ mu: [a.mu, b.mu], s2: a.s2 });
    }
    const at = (t: number): { mu: number[]; s2: number } =>
      rec[Math.min(steps, Math.round(t / tau))];
    const aInf = entropicJkoFpStationaryVariance(tau, eps, 1, nu);
    return {
      grid,
      rho0: ou.cellAverages(grid, 0),
      energy,
      scheme: new JkoScheme(grid, energy, {
        tau,
        eps,
        tol: 1e-10,
        blurCorrection: o.blurCorrection,
      }),
      outputTimes: jkoOutputTimes(o.tEnd, tau, o.snapshots),
      exact: (t) => ou.cellAverages(grid, t),
      observables: {
        meanErrorVsRecursion: (rho, t) => {
          const m = mean(grid, rho);
          const r = at(t).mu;
          return Math.hypot(m[0] - r[0], m[1] - r[1]);
        },
        varianceErrorVsRecursion: (rho, t) => {
          const c = covariance(grid, rho);
          return Math.max(Math.abs(c[0][0] - at(t).s2), Math.abs(c[1][1] - at(t).s2));
        },
        varianceMinusH2: (rho) => covariance(grid, rho)[0][0] - (h * h) / 12,
        predictedStationaryVariance: () => aInf,
      },
      spec: {
        equation: "JKO: ρ_{k+1} = argmin W_ε(ρ, ρ_k)/(2τ) + ∫ρ log ρ + ∫|x|²/2 ρ",
        tau,
        eps,
        epsOverH2: eps / (h * h),
        entropyWeight: nu,
        stationaryVariance: { exact: 1, entropicScheme: aInf },
        initial: { mean: MU0, variance: S0_SQ, mass: 1, form: "cell averages" },
        box: [
          [-L, L],
          [-L, L],
        ],
        n: o.n,
        tEnd: o.tEnd,
      },
    };
  },
};

export default scenario;

await runScenarioMain(scenario, import.meta.url);

import { Gaussian } from "../../src/exact/gaussian.js";
import { matMul, symmetricFunction, type Mat } from "../../src/exact/symmetricMatrix.js";
import {
  fbGaussianStep,
  ulaGaussianStep,
  type AxisRecursion,
  type GaussianState,
} from "../../src/exact/proximalGradientGaussian.js";
import { covariance, mass, mean } from "../../src/grid/density.js";
import { Grid } from "../../src/grid/grid.js";
import { entropicJkoHeatVariance } from "../../src/ot/jkoGaussian.js";
import { EntropicJkoBackward, HeatBackward } from "../../src/schemes/backwardSteps.js";
import { ForwardBackwardScheme } from "../../src/schemes/forwardBackward.js";
import { PushForward } from "../../src/schemes/pushForward.js";

/**
 * The 1D Gaussian problem of the forward–backward tests: target π = N(0.5, 1) (V = (x − 0.5)²/2,
 * F = KL(·‖π)), ρ0 = N(−1, 0.25) (cell averages), box [−7.5, 8.5] (≥ 6 standard deviations of
 * every state), n cells, step γ, to time tEnd. Grid FB uses the blur-corrected entropic JKO
 * backward at ε = 2h² (tol 1e-12); the ULA twin the exact heat flow.
 */
export interface GaussianRun {
  h: number;
  /** max over the steps of |var_h − h²/12 − v_k| against the method's §I recursion. */
  maxVarianceError: number;
  /** max over the steps of |mean_h − μ_k|. */
  maxMeanError: number;
  /** Final var_h − h²/12 and the recursion's final v. */
  variance: number;
  recursion: number;
  /**
   * FB only: final |var_h − D_k| against the grid model D_{k+1} = J_{ε,ν}(c²(D_k − h²/12) + h²/12),
   * the blur-corrected entropic recursion (jkoGaussian.ts) acting on the discrete variance D
   * (the grid JKO moves the cell masses as points at the centres: docs/sampling.md).
   */
  modelError: number;
  /** L1 to the cell averages of the recursion's Gaussian at the end. */
  l1: number;
  massDrift: number;
  min: number;
}

export function runGaussian1d(
  method: "fb" | "ula",
  gamma: number,
  n: number,
  tEnd: number,
): GaussianRun {
  const grid = new Grid({ n: [n], lo: [-7.5], hi: [8.5] });
  const h = grid.h[0];
  const rho = new Gaussian([-1], 0.25).cellAverages(grid);
  const m0 = mass(grid, rho);
  const push = new PushForward(grid, (x, g) => (g[0] = x[0] - 0.5));
  const eps = 2 * h * h;
  const backward =
    method === "ula"
      ? new HeatBackward(grid, 1)
      : new EntropicJkoBackward(grid, 1, { tau: gamma, eps, blurCorrection: true, tol: 1e-12 });
  const scheme = new ForwardBackwardScheme(grid, push, backward, { gamma, name: method });
  const r: AxisRecursion = { kappa: 1, center: 0.5, nu: 1, gamma };
  const step = method === "ula" ? ulaGaussianStep : fbGaussianStep;
  let s: GaussianState = { mu: -1, v: 0.25 };
  let D = 0.25 + (h * h) / 12;
  const c = 1 - gamma;
  let maxVarianceError = 0;
  let maxMeanError = 0;
  const steps = Math.round(tEnd / gamma);
  for (let k = 0; k < steps; k++) {
    scheme.step(rho, gamma);
    s = step(s, r);
    D = entropicJkoHeatVariance(
      c * c * (D - (h * h) / 12) + (h * h) / 12,
      gamma,
      eps,
      1 - eps / (4 * gamma),
    );
    maxVarianceError = Math.max(
      maxVarianceError,
      Math.abs(covariance(grid, rho)[0][0] - (h * h) / 12 - s.v),
    );
    maxMeanError = Math.max(maxMeanError, Math.abs(mean(grid, rho)[0] - s.mu));
  }
  const v = covariance(grid, rho)[0][0];
  const exact = new Gaussian([s.mu], s.v).cellAverages(grid);
  let l1 = 0;
  for (let i = 0; i < n; i++) l1 += Math.abs(rho[i] - exact[i]) * h;
  return {
    h,
    maxVarianceError,
    maxMeanError,
    variance: v - (h * h) / 12,
    recursion: s.v,
    modelError: Math.abs(v - D),
    l1,
    massDrift: Math.abs(mass(grid, rho) - m0) / m0,
    min: Math.min(...rho),
  };
}

/** Observed order log2(e_coarse/e_fine) between grids of h and h/2. */
export const order = (coarse: number, fine: number): number => Math.log2(coarse / fine);

/**
 * A d-dimensional run (d = 2, 3) of FB or the ULA twin for π = N(0, Σπ) from `start`, against
 * the matrix recursions (W = CΣC, C = I − γΣπ⁻¹; FB Σ′ = ½(W + 2γI + (W² + 4γW)^{1/2}), ULA
 * Σ′ = W + 2γI): the largest covariance error over the steps (diagonal minus h²/12), the mass
 * drift and the minimum.
 */
export function runGaussianNd(
  method: "fb" | "ula",
  n: number[],
  lo: number[],
  hi: number[],
  Sigma: Mat,
  start: Gaussian,
  gamma: number,
  steps: number,
): { maxError: number; massDrift: number; min: number } {
  const grid = new Grid({ n, lo, hi });
  const d = grid.dim;
  const P = symmetricFunction(Sigma, (l) => 1 / l);
  const push = new PushForward(grid, (x, g) => {
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let b = 0; b < d; b++) s += P[a][b] * x[b];
      g[a] = s;
    }
  });
  const hMax = Math.max(...grid.h);
  const backward =
    method === "ula"
      ? new HeatBackward(grid, 1)
      : new EntropicJkoBackward(grid, 1, {
          tau: gamma,
          eps: 2 * hMax * hMax,
          blurCorrection: true,
          tol: 1e-11,
        });
  const scheme = new ForwardBackwardScheme(grid, push, backward, { gamma, name: method });
  const rho = start.cellAverages(grid);
  const m0 = mass(grid, rho);
  const C = P.map((row, a) => row.map((p, b) => (a === b ? 1 : 0) - gamma * p));
  let S: Mat = start.cov.map((r) => [...r]);
  let maxError = 0;
  for (let k = 0; k < steps; k++) {
    scheme.step(rho, gamma);
    const W = matMul(matMul(C, S), C);
    S =
      method === "ula"
        ? W.map((r, a) => r.map((v, b) => v + (a === b ? 2 * gamma : 0)))
        : symmetricFunction(W, (l) => 0.5 * (l + 2 * gamma + Math.sqrt(l * l + 4 * gamma * l)));
    const G = covariance(grid, rho);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        const bias = a === b ? grid.h[a] ** 2 / 12 : 0;
        maxError = Math.max(maxError, Math.abs(G[a][b] - bias - S[a][b]));
      }
    }
  }
  return {
    maxError,
    massDrift: Math.abs(mass(grid, rho) - m0) / m0,
    min: Math.min(...rho),
  };
}

/** Observed order between grids whose h differ by the factor `ratio`. */
export const orderFor = (e0: number, e1: number, ratio: number): number =>
  Math.log(e0 / e1) / Math.log(ratio);

/**
 * Shared builder of the porous-medium scenarios (a helper module: the leading "_" keeps it out
 * of the scenario registry). ∂ρ/∂t = Δ(ρ^m), the Wasserstein flow of ∫ρ^m/(m−1), started from
 * the Barenblatt profile at its time t0 > 0; the run's time t is compared with the Barenblatt
 * profile at t0 + t (EXACT.md §C), through exact cell averages (front located exactly).
 */
import { GeneralizedEntropy } from "../src/energy/generalizedEntropy.js";
import { Barenblatt } from "../src/exact/barenblatt.js";
import { shiftTime } from "../src/exact/exactSolution.js";
import { Grid } from "../src/grid/grid.js";
import { secondMoment } from "../src/metrics/moments.js";
import type { Problem, ScenarioOptions } from "../src/run/scenario.js";
import { makeScheme } from "../src/schemes/factory.js";
import { linearTimes } from "../src/run/outputTimes.js";

export interface PorousMediumSetup {
  dim: 1 | 2 | 3;
  m: number;
  /** Barenblatt time of the initial datum. */
  t0: number;
  /** Box half-width; default 1.25·R(t0 + tEnd) rounded up to 0.1. */
  halfWidth?: number;
}

export function buildPorousMedium(o: ScenarioOptions, setup: PorousMediumSetup): Problem {
  const { dim, m, t0 } = setup;
  const B = new Barenblatt({ dim, m });
  const L = setup.halfWidth ?? Math.ceil(12.5 * B.radius(t0 + o.tEnd)) / 10;
  const grid = new Grid({
    n: new Array<number>(dim).fill(o.n),
    lo: new Array<number>(dim).fill(-L),
    hi: new Array<number>(dim).fill(L),
  });
  const energy = new GeneralizedEntropy(grid, m);
  const exactSolution = shiftTime(B, t0);
  const exact = (t: number): Float64Array => exactSolution.cellAverages(grid, t);
  const h = grid.h[0];
  const idx = new Int32Array(dim);
  return {
    grid,
    rho0: exact(0),
    energy,
    scheme: makeScheme(energy, o),
    outputTimes: linearTimes(o.tEnd, o.snapshots),
    exact,
    observables: {
      // Relative error of the h²/12-corrected second moment against M d(m−1)/(d(m−1)+2m)·R².
      secondMomentError: (rho, t) =>
        secondMoment(grid, rho, { cellAverageCorrection: true }) / B.secondMoment(t0 + t) - 1,
      // (numerical front − R(t0 + t))/h, the front taken as the farthest cell centre with
      // ρ > 1e-10·max ρ.
      frontOffsetCells: (rho, t) => {
        let peak = 0;
        for (let i = 0; i < rho.length; i++) peak = Math.max(peak, rho[i]);
        let far = 0;
        for (let i = 0; i < rho.length; i++) {
          if (rho[i] <= 1e-10 * peak) continue;
          grid.unravel(i, idx);
          let r2 = 0;
          for (let a = 0; a < dim; a++) r2 += grid.center(a, idx[a]) ** 2;
          far = Math.max(far, r2);
        }
        return (Math.sqrt(far) - B.radius(t0 + t)) / h;
      },
      energyExact: (_rho, t) => B.energy(t0 + t),
    },
    spec: {
      equation: "∂ρ/∂t = Δ(ρ^m)",
      energy: "∫ρ^m/(m−1)",
      dim,
      m,
      mass: 1,
      t0,
      exact: `Barenblatt profile at time t0 + t (α = ${B.alpha}, β = ${B.beta}, k = ${B.k}, C = ${B.C})`,
      box: [-L, L],
    },
  };
}

import { describe, expect, it } from "vitest";
import { RelativeEntropy } from "../../src/energy/kl.js";
import { aggregationSteadyState } from "../../src/exact/aggregation.js";
import { Barenblatt } from "../../src/exact/barenblatt.js";
import { shiftTime } from "../../src/exact/exactSolution.js";
import { FisherRaoKlGaussian, frKl } from "../../src/exact/fisherRao.js";
import { Gaussian } from "../../src/exact/gaussian.js";
import { HeatGaussian } from "../../src/exact/heat.js";
import { OrnsteinUhlenbeck } from "../../src/exact/ornsteinUhlenbeck.js";
import { WfrKlGaussian } from "../../src/exact/wfrGaussian.js";
import {
  cellAverages,
  covariance,
  mass,
  mean,
  normalise,
  secondMoment as centreSecondMoment,
} from "../../src/grid/density.js";
import { Grid } from "../../src/grid/grid.js";
import { meanRadius, twoClusters } from "../../src/metrics/clusters.js";
import { secondMoment } from "../../src/metrics/moments.js";
import { w2Grid1d } from "../../src/metrics/w2.js";
import {
  entropicJkoFpStationaryVariance,
  entropicJkoFpStep,
  entropicJkoHeatVariances,
} from "../../src/ot/jkoGaussian.js";
import {
  buildProblem,
  energies,
  exacts,
  gridOf,
  initials,
  potentials,
  validateSpec,
  type BuildContext,
  type ProblemSpec,
  type ProblemSpecInput,
} from "../../src/problem/index.js";
import { expectInputError } from "../expectInputError.js";

/**
 * Registry entries B (initial data, exact solutions, potentials, observables): built from a
 * spec, each must give exactly what the scenario scripts build by hand (the same code path
 * with the same floating-point inputs), so the comparisons are bitwise (toEqual on
 * Float64Arrays compares every entry with Object.is), not within a tolerance. Where a
 * tolerance appears, its source is stated.
 */

const GRID_1D = { n: [40], lo: [-4], hi: [4.5] };
const GRID_2D = { n: [20, 18], lo: [-3, -2.5], hi: [3, 2.5] };
const START_1D = { kind: "gaussian", mean: [0.5], cov: 0.2 };
const START_2D = { kind: "gaussian", mean: [0.2, -0.1], cov: [[0.5, 0.1], [0.1, 0.4]] }; // prettier-ignore

function raw(over: Partial<ProblemSpecInput>, grid = GRID_1D): ProblemSpecInput {
  return {
    grid,
    initial: grid.n.length === 1 ? START_1D : START_2D,
    energy: [{ kind: "entropy" }],
    geometry: { kind: "wasserstein" },
    scheme: { kind: "fv" },
    output: { tEnd: 0.1 },
    ...over,
  };
}

function ctxOf(spec: ProblemSpec): BuildContext {
  return {
    grid: gridOf(spec),
    spec,
    readText: () => {
      throw new Error("no files here");
    },
  };
}

function initialOf(over: Partial<ProblemSpecInput>, grid = GRID_1D): Float64Array {
  const spec = validateSpec(raw(over, grid));
  return initials.build(spec.initial, ctxOf(spec), "initial");
}

function exactOf(over: Partial<ProblemSpecInput>, grid = GRID_1D) {
  const spec = validateSpec(raw(over, grid));
  const ctx = ctxOf(spec);
  return { exact: exacts.build(spec.exact!, ctx, "exact"), grid: ctx.grid, spec };
}

/** A smooth positive test density on the grid, not equal to any exact solution. */
function wobble(grid: Grid, rho: Float64Array): Float64Array {
  return rho.map((v, i) => v * (1 + 0.05 * Math.sin(0.7 * i)) + 1e-9);
}

describe("initial data", () => {
  it("mixture = sum of the Gaussians' cell averages", () => {
    const components = [
      { mean: [-1, 0.5], cov: 0.3, mass: 0.7 },
      { mean: [1, -0.5], cov: [[0.4, 0.1], [0.1, 0.2]], mass: 0.5 }, // prettier-ignore
    ];
    const got = initialOf({ initial: { kind: "mixture", components } }, GRID_2D);
    const grid = new Grid(GRID_2D);
    const a = new Gaussian([-1, 0.5], 0.3, 0.7).cellAverages(grid);
    const b = new Gaussian([1, -0.5], [[0.4, 0.1], [0.1, 0.2]], 0.5).cellAverages(grid); // prettier-ignore
    expect(got).toEqual(a.map((v, i) => v + b[i]));
  });

  it("barenblatt = Barenblatt cell averages at t0 (as scenarios/_porousMedium.ts)", () => {
    const cases: [number, number, { n: number[]; lo: number[]; hi: number[] }][] = [
      [2, 0.1, { n: [64], lo: [-1.6], hi: [1.6] }],
      [1.5, 0.3, { n: [16, 16], lo: [-2, -2], hi: [2, 2] }],
    ];
    for (const [m, t0, grid] of cases) {
      const got = initialOf({ initial: { kind: "barenblatt", m, t0 } }, grid);
      const B = new Barenblatt({ dim: grid.n.length, m });
      expect(got).toEqual(shiftTime(B, t0).cellAverages(new Grid(grid), 0));
    }
  });

  it("barenblatt with a centre and mass: the origin profile on the grid moved by −c", () => {
    // c = 0.75 shifts [−2, 3] to [−2.75, 2.25] exactly (binary fractions).
    const got = initialOf(
      { initial: { kind: "barenblatt", m: 2, t0: 0.1, mass: 1.5, center: [0.75] } },
      { n: [80], lo: [-2], hi: [3] },
    );
    const moved = new Grid({ n: [80], lo: [-2.75], hi: [2.25] });
    expect(got).toEqual(new Barenblatt({ dim: 1, m: 2, mass: 1.5 }).cellAverages(moved, 0.1));
    // Mass: the radial integrator's accuracy (≲ 1e-15 of the peak per cell for m = 2,
    // src/exact/barenblatt.ts) summed over ~30 support cells.
    const grid = new Grid({ n: [80], lo: [-2], hi: [3] });
    expect(Math.abs(mass(grid, got) - 1.5)).toBeLessThan(1e-13);
    // Centre of mass: symmetric about 0.75, a cell edge, so the discrete mean is 0.75 up to
    // rounding (~1e-16 per cell).
    expect(Math.abs(mean(grid, got)[0] - 0.75)).toBeLessThan(1e-13);
  });

  it("uniform: exact cell averages of the indicator, mass M", () => {
    const grid = new Grid({ n: [10], lo: [0], hi: [1] });
    const got = initialOf(
      { initial: { kind: "uniform", lo: [0.25], hi: [0.6], mass: 2 } },
      { n: [10], lo: [0], hi: [1] },
    );
    const M = 2 / 0.35;
    // Cell 2 = [0.2, 0.3] is cut in half (overlap 0.05 of 0.1); cells 3–5 are inside.
    const expected = [0, 0, 0.5, 1, 1, 1, 0, 0, 0, 0].map((f) => f * M);
    for (let i = 0; i < 10; i++) expect(got[i]).toBeCloseTo(expected[i], 13);
    expect(Math.abs(mass(grid, got) - 2)).toBeLessThan(1e-14);
    // Default box: the whole grid, constant M/|box|.
    const all = initialOf({ initial: { kind: "uniform" } }, GRID_2D);
    expect(all.every((v) => Math.abs(v - 1 / 30) < 1e-16)).toBe(true);
    expectInputError(
      () =>
        initialOf(
          { initial: { kind: "uniform", lo: [-1], hi: [0.5] } },
          { n: [10], lo: [0], hi: [1] },
        ),
      "initial.lo[0]",
      /inside the grid/,
    );
  });

  it("expression = cellAverages(grid, f, order) then normalise, bit for bit", () => {
    // scenarios/aggregation-diffusion-2d.ts
    const g2 = { n: [16, 16], lo: [-1.6, -1.6], hi: [1.6, 1.6] };
    const grid2 = new Grid(g2);
    const bump2 = (x: Float64Array): number => Math.exp(-(x[0] ** 2 + x[1] ** 2) / (2 * 0.3 ** 2));
    expect(
      initialOf({ initial: { kind: "expression", expr: "exp(-(x^2 + y^2) / (2 * 0.3^2))" } }, g2),
    ).toEqual(normalise(grid2, cellAverages(grid2, bump2)));
    // scenarios/aggregation-1d.ts
    const g1 = { n: [50], lo: [-1.5], hi: [1.5] };
    const grid1 = new Grid(g1);
    const bump1 = (x: Float64Array): number =>
      Math.exp(-((x[0] - 0.1) ** 2) / (2 * 0.25 ** 2)) * (1 + 0.3 * x[0]);
    expect(
      initialOf(
        {
          initial: {
            kind: "expression",
            expr: "exp(-((x - 0.1)^2) / (2 * 0.25^2)) * (1 + 0.3 * x)",
          },
        },
        g1,
      ),
    ).toEqual(normalise(grid1, cellAverages(grid1, bump1)));
    // scenarios/fisher-rao-kl-1d.ts keeps the formula's own mass (1.2).
    const g3 = { n: [64], lo: [-7], hi: [7] };
    const grid3 = new Grid(g3);
    const rho0 = (x: number): number =>
      (1.2 / (1.3 * Math.sqrt(2 * Math.PI))) * Math.exp(-((x - 0.5) ** 2) / (2 * 1.3 * 1.3));
    const asIs = initialOf(
      {
        initial: {
          kind: "expression",
          expr: "(1.2 / (1.3 * sqrt(2 * pi))) * exp(-((x - 0.5)^2) / (2 * 1.3 * 1.3))",
          mass: "as-is",
        },
      },
      g3,
    );
    expect(asIs).toEqual(cellAverages(grid3, (x) => rho0(x[0])));
    // Another quadrature order and mass.
    expect(
      initialOf({ initial: { kind: "expression", expr: "1 + x^2", order: 3, mass: 2 } }),
    ).toEqual(
      normalise(
        new Grid(GRID_1D),
        cellAverages(new Grid(GRID_1D), (x) => 1 + x[0] ** 2, 3),
        2,
      ),
    );
  });

  it("expression errors name the path", () => {
    expectInputError(
      () => initialOf({ initial: { kind: "expression", expr: "exp(-r^2)" } }),
      "initial.expr",
      /unknown variable 'r'/,
    );
    expectInputError(
      () => initialOf({ initial: { kind: "expression", expr: "0 * x" } }),
      "initial.expr",
      /mass 0/,
    );
    expectInputError(
      () => validateSpec(raw({ initial: { kind: "expression", expr: "1", mass: "all" } })),
      "initial.mass",
    );
  });
});

describe("potentials", () => {
  it("gaussian: kl {V: gaussian, targetMass} is the π = M·N(m, Σ) of scenarios/wfr-kl-2d.ts", () => {
    const target = new Gaussian([0.5, -0.3], [[1, 0.4], [0.4, 0.6]], 1.5); // prettier-ignore
    const spec = validateSpec(
      raw(
        {
          energy: [
            {
              kind: "kl",
              V: { kind: "gaussian", mean: [0.5, -0.3], cov: [[1, 0.4], [0.4, 0.6]] }, // prettier-ignore
              targetMass: 1.5,
              sampling: "point",
            },
          ],
        },
        GRID_2D,
      ),
    );
    const ctx = ctxOf(spec);
    const got = energies.build(spec.energy[0], ctx, "energy[0]") as RelativeEntropy;
    const P = target.precision;
    const m = target.mean;
    const U = (x: Float64Array): number => {
      const u0 = x[0] - m[0];
      const u1 = x[1] - m[1];
      return 0.5 * (P[0][0] * u0 * u0 + 2 * P[0][1] * u0 * u1 + P[1][1] * u1 * u1);
    };
    const logZ = Math.log(2 * Math.PI) + 0.5 * target.logDetCov - Math.log(target.mass);
    expect(got.minusLogPi).toEqual(new RelativeEntropy(ctx.grid, U, logZ).minusLogPi);
    const v = potentials.build(spec.energy[0].V as never, { dim: 2 }, "V");
    expect(v.logPartition).toBe(Math.log(2 * Math.PI) + 0.5 * target.logDetCov);
    // Default sampling (cell-average): π_i are the cell averages of M·N(m, Σ). Both sides are
    // Gauss–Legendre quadratures of the same smooth integrand (6 and 8 nodes per axis); measured
    // worst relative difference 4.8e-13 (roundings of e^{−V} in the tail cells), bound 10× that.
    const avg = energies.build(
      { ...spec.energy[0], sampling: undefined },
      ctx,
      "energy[0]",
    ) as RelativeEntropy;
    const exact = target.cellAverages(ctx.grid);
    let worst = 0;
    avg.minusLogPi.forEach((u, i) => {
      worst = Math.max(worst, Math.abs(Math.exp(-u) - exact[i]) / exact[i]);
    });
    expect(worst).toBeLessThan(5e-12);
  });

  it("double-well: a(|x − c|² − b)²", () => {
    const v = potentials.build(potentials.validate({ kind: "double-well" }, "V"), { dim: 1 }, "V");
    expect([v.V([0]), v.V([1]), v.V([-1]), v.V([2])]).toEqual([1, 0, 0, 9]);
    const w = potentials.build(
      potentials.validate({ kind: "double-well", a: 0.5, b: 2, center: [1, -1] }, "V"),
      { dim: 2 },
      "V",
    );
    expect(w.V([1, -1])).toBe(2);
    expect(w.V([2, 0])).toBe(0);
    expect(w.logPartition).toBeUndefined();
    expectInputError(() => potentials.validate({ kind: "double-well", a: 0 }, "V"), "V.a", /> 0/);
  });
});

describe("exact solutions", () => {
  it("barenblatt: shiftTime(Barenblatt, t0) with defaults from the initial", () => {
    const grid = { n: [12, 12], lo: [-1.5, -1.5], hi: [1.5, 1.5] };
    const { exact } = exactOf(
      {
        initial: { kind: "barenblatt", m: 2, t0: 0.1 },
        energy: [{ kind: "generalized-entropy", m: 2 }],
        exact: { kind: "barenblatt" },
      },
      grid,
    );
    const ref = shiftTime(new Barenblatt({ dim: 2, m: 2 }), 0.1);
    for (const t of [0, 0.05, 0.4]) {
      expect(exact.cellAverages(new Grid(grid), t)).toEqual(ref.cellAverages(new Grid(grid), t));
    }
    // Without a barenblatt initial, m and t0 are required.
    expectInputError(
      () => exactOf({ exact: { kind: "barenblatt" } }),
      "exact.m",
      /not a barenblatt/,
    );
    const { exact: e3 } = exactOf({ exact: { kind: "barenblatt", m: 3, t0: 0.2 } });
    expect(e3.cellAverages(new Grid(GRID_1D), 0.1)).toEqual(
      new Barenblatt({ dim: 1, m: 3 }).cellAverages(new Grid(GRID_1D), 0.2 + 0.1),
    );
  });

  it("fisher-rao-kl-gaussian: FisherRaoKlGaussian with π from the kl energy and κ from the geometry", () => {
    const { exact, grid } = exactOf({
      initial: { kind: "gaussian", mean: [0.5], cov: 1.69, mass: 1.2 },
      energy: [{ kind: "kl", V: { kind: "gaussian", mean: [-1], cov: 0.5 }, targetMass: 2 }],
      geometry: { kind: "fisher-rao", rate: 2 },
      scheme: { kind: "exact-fisher-rao" },
      exact: { kind: "fisher-rao-kl-gaussian" },
    });
    const ref = new FisherRaoKlGaussian(
      new Gaussian([0.5], 1.69, 1.2),
      new Gaussian([-1], 0.5, 2),
      {
        rate: 2,
      },
    );
    for (const t of [0, 0.3, 2])
      expect(exact.cellAverages(grid, t)).toEqual(ref.cellAverages(grid, t));
    // Spherical from the geometry, target given explicitly.
    const { exact: sph } = exactOf({
      initial: { kind: "gaussian", mean: [0.5], cov: 1.69, mass: 1.2 },
      energy: [{ kind: "kl", V: { kind: "quadratic", A: [[2]] } }],
      geometry: { kind: "fisher-rao", spherical: true },
      scheme: { kind: "exact-fisher-rao" },
      exact: { kind: "fisher-rao-kl-gaussian", target: { mean: [-1], cov: 0.5, mass: 2 } },
    });
    const refS = new FisherRaoKlGaussian(
      new Gaussian([0.5], 1.69, 1.2),
      new Gaussian([-1], 0.5, 2),
      {
        spherical: true,
      },
    );
    expect(sph.cellAverages(grid, 0.4)).toEqual(refS.cellAverages(grid, 0.4));
  });

  it("wfr-kl-gaussian: WfrKlGaussian of scenarios/wfr-kl-2d.ts, α, β from the wfr geometry", () => {
    const target = { mean: [0.5, -0.3], cov: [[1, 0.4], [0.4, 0.6]], mass: 1.5 }; // prettier-ignore
    const initial = { mean: [-1.2, 0.8], cov: [[0.3, -0.1], [-0.1, 0.5]], mass: 0.6 }; // prettier-ignore
    const { exact, grid } = exactOf(
      {
        initial: { kind: "gaussian", ...initial },
        energy: [
          {
            kind: "kl",
            V: { kind: "gaussian", mean: target.mean, cov: target.cov },
            targetMass: 1.5,
          },
        ],
        geometry: { kind: "wfr", alpha: 0.7, beta: 1.3 },
        exact: { kind: "wfr-kl-gaussian" },
      },
      { n: [10, 10], lo: [-5, -5], hi: [5, 5] },
    );
    const ref = new WfrKlGaussian({
      alpha: 0.7,
      beta: 1.3,
      initial: new Gaussian(initial.mean, initial.cov, initial.mass),
      target: new Gaussian(target.mean, target.cov, target.mass),
    });
    for (const t of [0, 0.5])
      expect(exact.cellAverages(grid, t)).toEqual(ref.cellAverages(grid, t));
  });

  it("fisher-rao-kl: the geometric interpolation of scenarios/fisher-rao-kl-1d.ts", () => {
    const bump = (x: number, M: number, m: number, s: number): number =>
      (M / (s * Math.sqrt(2 * Math.PI))) * Math.exp(-((x - m) ** 2) / (2 * s * s));
    const pi = (x: number): number => bump(x, 1.4, -1.5, 0.6) + bump(x, 0.6, 2, 0.8);
    const rho0 = (x: number): number => bump(x, 1.2, 0.5, 1.3);
    const f = (M: number, m: number, s: number): string =>
      `(${M} / (${s} * sqrt(2 * pi))) * exp(-((x - ${m})^2) / (2 * ${s} * ${s}))`;
    const g = { n: [48], lo: [-7], hi: [7] };
    const { exact, grid } = exactOf(
      {
        initial: { kind: "expression", expr: f(1.2, 0.5, 1.3), mass: "as-is" },
        energy: [{ kind: "kl", V: { kind: "expression", expr: `-log(${f(1.4, -1.5, 0.6)} + ${f(0.6, 2, 0.8)})` }, logZ: 0 }], // prettier-ignore
        geometry: { kind: "fisher-rao" },
        scheme: { kind: "exact-fisher-rao" },
        exact: { kind: "fisher-rao-kl", target: `${f(1.4, -1.5, 0.6)} + ${f(0.6, 2, 0.8)}` },
      },
      g,
    );
    for (const t of [0, 0.5, 3]) {
      const w = Math.exp(-t);
      const ref = cellAverages(grid, (x) => rho0(x[0]) ** w * pi(x[0]) ** (1 - w));
      expect(exact.cellAverages(grid, t)).toEqual(ref);
    }
    // Default π from the kl term: e^{−V − logZ}, equal to the formula up to one rounding
    // of exp(−(−log p)) (≤ a few ulps per cell).
    const { exact: e2 } = exactOf(
      {
        initial: { kind: "expression", expr: f(1.2, 0.5, 1.3), mass: "as-is" },
        energy: [{ kind: "kl", V: { kind: "expression", expr: `-log(${f(1.4, -1.5, 0.6)} + ${f(0.6, 2, 0.8)})` }, logZ: 0 }], // prettier-ignore
        geometry: { kind: "fisher-rao" },
        scheme: { kind: "exact-fisher-rao" },
        exact: { kind: "fisher-rao-kl" },
      },
      g,
    );
    const a = e2.cellAverages(grid, 1);
    const b = exact.cellAverages(grid, 1);
    for (let i = 0; i < a.length; i++)
      expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-14 * b[i] + 1e-300);
  });

  it("fisher-rao-kl-grid: frKl(ρ0, π at the centres, t)", () => {
    const { exact, grid, spec } = exactOf({
      energy: [{ kind: "kl", V: { kind: "quadratic", A: [[2]], center: [1] }, targetMass: 1.5 }],
      geometry: { kind: "fisher-rao" },
      scheme: { kind: "exact-fisher-rao" },
      exact: { kind: "fisher-rao-kl-grid" },
    });
    const ctx = ctxOf(spec);
    const start = initials.build(spec.initial, ctx, "initial");
    const e = energies.build(spec.energy[0], ctx, "energy[0]") as RelativeEntropy;
    const pi = e.minusLogPi.map((v) => Math.exp(-v));
    expect(exact.cellAverages(grid, 0.7)).toEqual(frKl(start, pi, 0.7));
  });

  it("aggregation-steady-state: cellAverages(grid, ρ∞, 8), ν from the entropy weight", () => {
    const g = { n: [12, 12], lo: [-1.6, -1.6], hi: [1.6, 1.6] };
    const { exact, grid } = exactOf(
      {
        initial: { kind: "expression", expr: "exp(-(x^2 + y^2) / (2 * 0.3^2))" },
        energy: [
          { kind: "entropy", weight: 0.02 },
          { kind: "interaction", kernel: { kind: "power-law", a: 4, b: 2 } },
        ],
        exact: { kind: "aggregation-steady-state" },
      },
      g,
    );
    const steady = aggregationSteadyState(2, 0.02);
    const ref = cellAverages(grid, (x) => steady.density(x), 8);
    expect(exact.cellAverages(grid, 0)).toEqual(ref);
    expect(exact.cellAverages(grid, 5)).toEqual(ref);
    expectInputError(
      () => exactOf({ exact: { kind: "aggregation-steady-state" } }),
      "exact.nu",
      /entropy/,
    );
  });

  it("jko-heat-recursion: the §H recursion of scenarios/jko-heat-1d.ts", () => {
    const tau = 0.01;
    const { exact, grid } = exactOf({
      initial: { kind: "gaussian", mean: [0], cov: 0.2 },
      scheme: { kind: "jko", tau, blurCorrection: true },
      output: { tEnd: 0.1 },
      exact: { kind: "jko-heat-recursion" },
    });
    const h = grid.h[0];
    const eps = 2 * h * h;
    const nu = 1 - eps / (4 * tau);
    const rec = entropicJkoHeatVariances(0.2 + (h * h) / 12, tau, eps, 10, nu);
    for (const t of [0, 0.05, 0.1]) {
      const k = Math.min(10, Math.round(t / tau));
      const g = new Gaussian([0], rec[k] - (h * h) / 12).cellAverages(grid);
      expect(exact.cellAverages(grid, t)).toEqual(g);
    }
    expectInputError(() => exactOf({ exact: { kind: "jko-heat-recursion" } }), "exact.tau", /jko/);
  });

  it("jko-fokker-planck-recursion: the §H recursion of scenarios/jko-fokker-planck-2d.ts", () => {
    const tau = 0.05;
    const g = { n: [16, 16], lo: [-5, -5], hi: [5, 5] };
    const { exact, grid } = exactOf(
      {
        initial: { kind: "gaussian", mean: [1, 0], cov: 0.5 },
        energy: [{ kind: "entropy" }, { kind: "potential", V: { kind: "quadratic", A: [[1, 0], [0, 1]] } }], // prettier-ignore
        scheme: { kind: "jko", tau },
        output: { tEnd: 0.2 },
        exact: { kind: "jko-fokker-planck-recursion" },
      },
      g,
    );
    const h = grid.h[0];
    const eps = 2 * h * h;
    const rec = [{ mu: [1, 0], s2: 0.5 + (h * h) / 12 }];
    for (let k = 0; k < 4; k++) {
      const prev = rec[k];
      const a = entropicJkoFpStep(prev.mu[0], prev.s2, tau, eps, 1, 0, 1);
      const b = entropicJkoFpStep(prev.mu[1], prev.s2, tau, eps, 1, 0, 1);
      rec.push({ mu: [a.mu, b.mu], s2: a.s2 });
    }
    const facts = (exact as unknown as { facts: { mean(t: number): number[]; gridVariances(t: number): number[] } }).facts; // prettier-ignore
    for (const t of [0, 0.1, 0.2]) {
      const r = rec[Math.round(t / tau)];
      expect(facts.mean(t)).toEqual(r.mu);
      expect(facts.gridVariances(t)).toEqual([r.s2, r.s2]);
      expect(exact.cellAverages(grid, t)).toEqual(
        new Gaussian(r.mu, r.s2 - (h * h) / 12).cellAverages(grid),
      );
    }
  });
});

describe("observables", () => {
  function observe(over: Partial<ProblemSpecInput>, grid = GRID_1D) {
    const spec = validateSpec(raw(over, grid));
    return buildProblem(spec);
  }

  it("heat-1d: varianceError, meanDrift, w2ToExact, exact energy", () => {
    const p = observe({
      exact: { kind: "heat" },
      observables: [
        { kind: "variance-error" },
        { kind: "mean-drift" },
        { kind: "w2-to-exact" },
        { kind: "exact-energy", name: "entropyExact" },
      ],
    });
    const grid = p.grid;
    const heat = new HeatGaussian(new Gaussian([0.5], 0.2));
    const rho = wobble(grid, p.rho0);
    const t = 0.07;
    const h2 = grid.h[0] ** 2 / 12;
    const o = p.observables!;
    expect(Object.keys(o)).toEqual(["varianceError", "meanDrift", "w2ToExact", "entropyExact"]);
    expect(o.varianceError(rho, t)).toBe(covariance(grid, rho)[0][0] - h2 - (0.2 + 2 * t));
    expect(o.meanDrift(rho, t)).toBe(mean(grid, rho)[0] - 0.5);
    // W2 needs equal masses: compare another time of the same heat flow.
    const other = heat.cellAverages(grid, 0.05);
    expect(o.w2ToExact(other, t)).toBe(w2Grid1d(grid, other, grid, heat.cellAverages(grid, t)));
    expect(o.entropyExact(rho, t)).toBe(heat.entropy(t));
  });

  it("fokker-planck-2d / wfr-kl-2d: meanError, covError, klExact, massError", () => {
    const A = [[1.5, 0.6], [0.6, 0.8]]; // prettier-ignore
    const p = observe(
      {
        energy: [{ kind: "kl", V: { kind: "quadratic", A, center: [0.5, -0.3] } }],
        exact: { kind: "ornstein-uhlenbeck", A, center: [0.5, -0.3] },
        observables: [
          { kind: "mean-error" },
          { kind: "covariance-error", name: "covError" },
          { kind: "exact-energy", name: "klExact" },
          { kind: "mass-error" },
        ],
      },
      GRID_2D,
    );
    const grid = p.grid;
    const ou = new OrnsteinUhlenbeck({
      A,
      center: [0.5, -0.3],
      initial: new Gaussian([0.2, -0.1], [[0.5, 0.1], [0.1, 0.4]]), // prettier-ignore
    });
    const rho = wobble(grid, p.rho0);
    const t = 0.3;
    const o = p.observables!;
    const m = mean(grid, rho);
    const e = ou.mean(t);
    expect(o.meanError(rho, t)).toBe(Math.hypot(m[0] - e[0], m[1] - e[1]));
    const c = covariance(grid, rho);
    const ec = ou.cov(t);
    const bias = [grid.h[0] ** 2 / 12, grid.h[1] ** 2 / 12];
    expect(o.covError(rho, t)).toBe(
      Math.max(
        Math.abs(c[0][0] - bias[0] - ec[0][0]),
        Math.abs(c[1][1] - bias[1] - ec[1][1]),
        Math.abs(c[0][1] - ec[0][1]),
      ),
    );
    expect(o.klExact(rho, t)).toBe(ou.kl(t, 1));
    expect(o.massError(rho, t)).toBe(mass(grid, rho) - 1);
  });

  it("porous medium: secondMomentError, frontOffsetCells, energyExact", () => {
    const g = { n: [24, 24], lo: [-1.5, -1.5], hi: [1.5, 1.5] };
    const p = observe(
      {
        initial: { kind: "barenblatt", m: 2, t0: 0.1 },
        energy: [{ kind: "generalized-entropy", m: 2 }],
        exact: { kind: "barenblatt" },
        observables: [
          { kind: "second-moment-error" },
          { kind: "front-offset-cells" },
          { kind: "exact-energy" },
        ],
      },
      g,
    );
    const grid = p.grid;
    const B = new Barenblatt({ dim: 2, m: 2 });
    const rho = wobble(grid, p.rho0).map((v) => (v > 1e-6 ? v : 0));
    const t = 0.2;
    const o = p.observables!;
    expect(o.secondMomentError(rho, t)).toBe(
      secondMoment(grid, rho, { cellAverageCorrection: true }) / B.secondMoment(0.1 + t) - 1,
    );
    // scenarios/_porousMedium.ts frontOffsetCells
    let peak = 0;
    for (let i = 0; i < rho.length; i++) peak = Math.max(peak, rho[i]);
    let far = 0;
    const idx = new Int32Array(2);
    for (let i = 0; i < rho.length; i++) {
      if (rho[i] <= 1e-10 * peak) continue;
      grid.unravel(i, idx);
      let r2 = 0;
      for (let a = 0; a < 2; a++) r2 += grid.center(a, idx[a]) ** 2;
      far = Math.max(far, r2);
    }
    expect(o.frontOffsetCells(rho, t)).toBe((Math.sqrt(far) - B.radius(0.1 + t)) / grid.h[0]);
    expect(o.energyExact(rho, t)).toBe(B.energy(0.1 + t));
  });

  it("aggregation: secondMoment, meanRadius, ring radius error, 1D clusters", () => {
    const p2 = observe(
      {
        observables: [
          { kind: "second-moment" },
          { kind: "mean-radius" },
          { kind: "mean-radius", name: "ringRadius" },
          { kind: "radius-error-cells" },
          { kind: "second-moment", name: "m2c", correction: true, center: [0.5, -0.25] },
          { kind: "mass" },
        ],
      },
      GRID_2D,
    );
    const g2 = p2.grid;
    const rho2 = wobble(g2, p2.rho0);
    const o2 = p2.observables!;
    expect(o2.secondMoment(rho2, 0)).toBe(centreSecondMoment(g2, rho2));
    expect(o2.m2c(rho2, 0)).toBe(
      secondMoment(g2, rho2, { cellAverageCorrection: true, center: [0.5, -0.25] }),
    );
    expect(o2.mass(rho2, 0)).toBe(mass(g2, rho2));
    expect(o2.meanRadius(rho2, 0)).toBe(meanRadius(g2, rho2));
    expect(o2.ringRadius(rho2, 0)).toBe(meanRadius(g2, rho2));
    expect(o2.radiusErrorInCells(rho2, 0)).toBe(
      Math.abs(meanRadius(g2, rho2) - Math.sqrt(2 / 6)) / g2.h[0],
    );
    const p1 = observe({
      observables: [
        { kind: "cluster-distance" },
        { kind: "cluster-distance-error-cells" },
        { kind: "cluster-mass-left" },
      ],
    });
    const g1 = p1.grid;
    const rho1 = wobble(g1, p1.rho0);
    const o1 = p1.observables!;
    const tc = twoClusters(g1, rho1);
    expect(o1.clusterDistance(rho1, 0)).toBe(tc.distance);
    expect(o1.distanceErrorInCells(rho1, 0)).toBe(Math.abs(tc.distance - 1) / g1.h[0]);
    expect(o1.massLeft(rho1, 0)).toBe(tc.massLeft);
    expectInputError(
      () => observe({ observables: [{ kind: "cluster-distance" }] }, GRID_2D),
      "observables[0]",
      /1D/,
    );
  });

  it("jko-heat-1d: recursion references through `reference`; jko-fokker-planck-2d stationary variance", () => {
    const tau = 0.02;
    const p = observe({
      initial: { kind: "gaussian", mean: [0], cov: 0.2 },
      scheme: { kind: "jko", tau },
      output: { tEnd: 0.1 },
      exact: { kind: "heat" },
      observables: [
        { kind: "variance-error", name: "varianceErrorVsRecursion", reference: { kind: "jko-heat-recursion" } },
        { kind: "l1-error", name: "l1VsRecursion", reference: { kind: "jko-heat-recursion" } },
        { kind: "variance-error", name: "varianceErrorVsHeat" },
        { kind: "variance" },
        { kind: "jko-stationary-variance" },
      ],
    }); // prettier-ignore
    const grid = p.grid;
    const h = grid.h[0];
    const eps = 2 * h * h;
    const rec = entropicJkoHeatVariances(0.2 + (h * h) / 12, tau, eps, 5, 1);
    const recAt = (t: number): number => rec[Math.min(5, Math.round(t / tau))];
    const rho = wobble(grid, p.rho0);
    const o = p.observables!;
    for (const t of [0, 0.04, 0.1]) {
      expect(o.varianceErrorVsRecursion(rho, t)).toBe(covariance(grid, rho)[0][0] - recAt(t));
      const g = new Gaussian([0], recAt(t) - (h * h) / 12).cellAverages(grid);
      let s = 0;
      for (let i = 0; i < rho.length; i++) s += Math.abs(rho[i] - g[i]);
      expect(o.l1VsRecursion(rho, t)).toBe(s * h);
      expect(o.varianceErrorVsHeat(rho, t)).toBe(
        covariance(grid, rho)[0][0] - (h * h) / 12 - (0.2 + 2 * t),
      );
    }
    expect(o.varianceMinusH2(rho, 0)).toBe(covariance(grid, rho)[0][0] - (h * h) / 12);
    expect(o.predictedStationaryVariance(rho, 0)).toBe(
      entropicJkoFpStationaryVariance(tau, eps, 1, 1),
    );
  });

  it("mmd / ift: mmd, mmd2, boundRatio, massError, dissipation", () => {
    const target = {
      kind: "mixture",
      components: [
        { mean: [-2], cov: 0.49, mass: 0.6 },
        { mean: [2.5], cov: 0.25, mass: 0.6 },
      ],
    };
    const p = observe(
      {
        grid: { n: [64], lo: [-8], hi: [8] },
        initial: { kind: "gaussian", mean: [0], cov: 1 },
        energy: [{ kind: "mmd", kernel: { kind: "gaussian", sigma: 0.8 }, target }],
        geometry: { kind: "ift", alpha: 1, beta: 0.5 },
        observables: [
          { kind: "mmd" },
          { kind: "mmd2" },
          { kind: "mmd-bound-ratio" },
          { kind: "ift-mass-error" },
          { kind: "dissipation" },
        ],
      },
      { n: [64], lo: [-8], hi: [8] },
    );
    const grid = p.grid;
    const energy = p.energy as unknown as {
      mmd2(r: Float64Array): number;
      target: Float64Array;
      firstVariation(r: Float64Array, o: Float64Array): void;
    };
    const rho = wobble(grid, p.rho0);
    const t = 1.3;
    const o = p.observables!;
    const mmd0 = Math.sqrt(energy.mmd2(p.rho0));
    expect(o.mmd(rho, t)).toBe(Math.sqrt(energy.mmd2(rho)));
    expect(o.mmd2(rho, t)).toBe(energy.mmd2(rho));
    expect(o.boundRatio(rho, t)).toBe(Math.sqrt(energy.mmd2(rho)) / (Math.exp(-0.5 * t) * mmd0));
    const m0 = mass(grid, p.rho0);
    const mPi = mass(grid, energy.target);
    expect(o.massError(rho, t)).toBe(mass(grid, rho) - (mPi + Math.exp(-0.5 * t) * (m0 - mPi)));
    expect(Number.isFinite(o.dissipation(rho, t)) && o.dissipation(rho, t) < 0).toBe(true);
  });

  it("errors: an observable needing an exact solution the spec lacks, or of the wrong kind", () => {
    expectInputError(
      () => observe({ observables: [{ kind: "mean-error" }] }),
      "observables[0]",
      /needs an exact solution with a closed-form mean; the spec has none: add "exact" \(one of: .*heat/,
    );
    expectInputError(
      () =>
        observe({
          exact: { kind: "heat" },
          observables: [{ kind: "mass" }, { kind: "front-offset-cells" }],
        }),
      "observables[1]",
      /the exact solution 'heat' has none \(kinds that have it: barenblatt\)/,
    );
    expectInputError(
      () => observe({ observables: [{ kind: "mean-drift" }] }),
      "observables[0]",
      /closed-form mean \(or give origin\)/,
    );
    expectInputError(
      () => observe({ observables: [{ kind: "l1-error" }] }),
      "observables[0]",
      /needs an exact solution/,
    );
    expectInputError(
      () => observe({ observables: [{ kind: "mmd" }] }),
      "observables[0]",
      /needs an mmd energy term/,
    );
    expectInputError(
      () => validateSpec(raw({ observables: [{ kind: "mean-error", name: "1bad" }] })),
      "observables[0].name",
    );
  });
});

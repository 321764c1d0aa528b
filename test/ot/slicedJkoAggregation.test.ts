import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { aggregationRadius } from "../../src/exact/aggregation.js";
import { mass } from "../../src/grid/density.js";
import { meanRadius } from "../../src/metrics/clusters.js";
import { buildProblem, validateSpec } from "../../src/problem/index.js";
import { SlicedJkoScheme } from "../../src/schemes/slicedJko.js";
import { expectInputError } from "../expectInputError.js";

/** The gallery spec sw-jko-aggregation-2d, without its compared runs, with these changes. */
function aggregationSpec(change: (raw: Record<string, unknown>) => void): unknown {
  const raw = JSON.parse(
    readFileSync(new URL("../../scenarios/sw-jko-aggregation-2d.json", import.meta.url), "utf8"),
  ) as Record<string, unknown>;
  delete raw.$schema;
  delete raw.compare;
  change(raw);
  return raw;
}

describe("sliced-Wasserstein JKO aggregation in 2D (docs/exact-solutions.md §G)", () => {
  it("32², L = 8, τ = 0.5: ring radius within 2h of 1/√3, energy non-increasing, mass kept", () => {
    // As the finite-volume test (test/aggregation/aggregation.test.ts): the mass-weighted mean
    // radius about the barycentre within 2h of 1/√3 (measured at t = 3: 0.57495, 0.04 cells,
    // with the inner iterations capped at 100 as in the scenario). Energy: each step returns
    // a point with Φ ≤ Φ(ρ_k) = F(ρ_k), so F never increases (rounding: 1e-15 relative).
    // Mass: log-sum-exp normalisation to the mass of ρ_k, rounding only (bound 1e-13).
    const spec = validateSpec(
      aggregationSpec((raw) => {
        (raw.grid as { n: number[] }).n = [32, 32];
        (raw.scheme as Record<string, unknown>).directions = 8;
        (raw.output as Record<string, unknown>).tEnd = 3;
      }),
    );
    const problem = buildProblem(spec);
    const { grid, energy, scheme } = problem;
    expect(scheme).toBeInstanceOf(SlicedJkoScheme);
    const rho = Float64Array.from(problem.rho0);
    const m0 = mass(grid, rho);
    let e = energy.value(rho);
    for (let k = 0; k < 6; k++) {
      expect(scheme.step(rho, 0.5)).toBe(0.5);
      const e1 = energy.value(rho);
      expect(e1).toBeLessThanOrEqual(e + 1e-15 * Math.abs(e));
      e = e1;
      expect(Math.abs(mass(grid, rho) - m0)).toBeLessThan(1e-13 * m0);
    }
    const h = grid.h[0];
    expect(Math.abs(meanRadius(grid, rho) - aggregationRadius(2))).toBeLessThanOrEqual(2 * h);
  });
});

describe("the sw-jko scheme and the discrete-gibbs exact state in specs", () => {
  const fp = (change: (raw: Record<string, unknown>) => void): unknown => {
    const raw = JSON.parse(
      readFileSync(
        new URL("../../scenarios/sw-jko-fokker-planck-2d.json", import.meta.url),
        "utf8",
      ),
    ) as Record<string, unknown>;
    delete raw.$schema;
    delete raw.compare;
    change(raw);
    return raw;
  };

  it("refuses periodic axes, τ > tEnd, and direction counts the dimension cannot have", () => {
    expectInputError(
      () => validateSpec(fp((r) => ((r.grid as Record<string, unknown>).boundary = "periodic"))),
      "grid.boundary",
      /Euclidean/,
    );
    expectInputError(
      () => validateSpec(fp((r) => ((r.scheme as Record<string, unknown>).tau = 5))),
      "scheme.tau",
      /larger than the final time/,
    );
    expectInputError(
      () =>
        validateSpec(
          fp((r) => {
            r.grid = { n: [8, 8, 8], lo: [-5, -5, -5], hi: [5, 5, 5] };
            r.initial = { kind: "gaussian", mean: [1, 0, 0], cov: 0.5 };
            (r.energy as { V?: unknown }[])[1].V = {
              kind: "quadratic",
              A: [
                [1, 0, 0],
                [0, 1, 0],
                [0, 0, 1],
              ],
            };
            r.observables = [];
            (r.scheme as Record<string, unknown>).directions = 16;
          }),
        ),
      "scheme.directions",
      /multiple of 3/,
    );
  });

  it("discrete-gibbs is ρ_i ∝ e^{−V_i/ν} with the initial mass, and refuses other energies", () => {
    const problem = buildProblem(validateSpec(fp(() => {})));
    const g = problem.exact!(0);
    const { grid } = problem;
    // Mass: that of ρ0 (both sums of the same cells, rounding 1e-15).
    expect(Math.abs(mass(grid, g) - mass(grid, problem.rho0))).toBeLessThan(1e-14);
    // log ρ_i + |x_i|²/2 is the same constant in every cell (rounding of exp/log: 1e-12).
    const x = grid.centers(0);
    const c0 = Math.log(g[0]) + 0.5 * (x[0] ** 2 + x[0] ** 2);
    const idx = [0, 0];
    for (let k = 0; k < grid.size; k += 37) {
      grid.unravel(k, idx);
      const v = 0.5 * (x[idx[0]] ** 2 + x[idx[1]] ** 2);
      expect(Math.abs(Math.log(g[k]) + v - c0)).toBeLessThan(1e-12);
    }
    expectInputError(
      () =>
        buildProblem(
          validateSpec(
            aggregationSpec((raw) => {
              raw.exact = { kind: "discrete-gibbs" };
            }),
          ),
        ),
      "exact",
      /needs an energy/,
    );
  });
});

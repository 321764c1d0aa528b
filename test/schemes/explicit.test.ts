/**
 * ExplicitScheme (SSP Runge–Kutta) and makeScheme: time-stepping orders, the adaptive
 * positive step (with stage restarts), fixed-dt refusal, input validation, solver errors.
 */
import { describe, expect, it } from "vitest";
import type { Energy } from "../../src/energy/energy.js";
import { Entropy } from "../../src/energy/entropy.js";
import { GeneralizedEntropy } from "../../src/energy/generalizedEntropy.js";
import { RelativeEntropy } from "../../src/energy/kl.js";
import { SolverError } from "../../src/errors.js";
import type { Geometry } from "../../src/geometry/geometry.js";
import { WassersteinGeometry } from "../../src/geometry/wasserstein.js";
import { Grid } from "../../src/grid/grid.js";
import type { ScenarioOptions } from "../../src/run/scenario.js";
import { ExplicitScheme } from "../../src/schemes/explicit.js";
import { makeScheme, validateInitial } from "../../src/schemes/factory.js";
import type { RkMethod } from "../../src/schemes/rungeKutta.js";
import { expectInputError } from "../expectInputError.js";

const grid1 = new Grid({ n: [40], lo: [-4], hi: [4] });
const gauss = (g: Grid): Float64Array => g.sample((x) => Math.exp(-(x[0] ** 2)));

function options(over: Partial<ScenarioOptions> = {}): ScenarioOptions {
  return { n: 40, tEnd: 1, scheme: "fv2", method: "heun", cfl: 0.9, snapshots: 2, ...over };
}

describe("SSP Runge–Kutta time accuracy", () => {
  it("euler, heun, ssprk3 converge in time at orders 1, 2, 3 (fixed dt, fixed grid)", () => {
    // Linear sg heat flux on a fixed grid: the error against a fine-step ssprk3 reference is
    // purely temporal. dt = T/K for K = 20, 40, 80 (all below the stability limit).
    const grid = new Grid({ n: [24], lo: [-4], hi: [4] });
    const T = 0.5;
    const run = (method: RkMethod, K: number): Float64Array => {
      const rho = gauss(grid);
      const s = new ExplicitScheme(
        new WassersteinGeometry(new Entropy(grid), { flux: "sg" }),
        grid,
        {
          method,
          dt: T / K,
        },
      );
      for (let k = 0; k < K; k++) s.step(rho, Infinity);
      return rho;
    };
    const ref = run("ssprk3", 2000);
    const err = (r: Float64Array): number => r.reduce((a, v, i) => a + Math.abs(v - ref[i]), 0);
    const expected: Record<RkMethod, number> = { euler: 1, heun: 2, ssprk3: 3 };
    for (const method of ["euler", "heun", "ssprk3"] as RkMethod[]) {
      const e = [20, 40, 80].map((K) => err(run(method, K)));
      for (let k = 0; k < 2; k++) {
        // Observed order within 0.15 of the design order (asymptotic regime, dt ≤ 0.1·h²-ish).
        expect(Math.abs(Math.log2(e[k] / e[k + 1]) - expected[method])).toBeLessThan(0.15);
      }
    }
  });
});

describe("adaptive step", () => {
  it("takes min(dtMax, cfl·dt_FE) and hits dtMax exactly", () => {
    const energy = new Entropy(grid1);
    const geo = new WassersteinGeometry(energy, { flux: "sg" });
    const s = new ExplicitScheme(geo, grid1, { method: "euler", cfl: 0.5 });
    const rho = gauss(grid1);
    const out = new Float64Array(grid1.size);
    const lim = geo.rate(rho.slice(), out);
    expect(s.step(rho, 1)).toBeCloseTo(0.5 * lim, 14);
    expect(s.step(rho, 1e-7)).toBe(1e-7);
    expect(s.time).toBeCloseTo(0.5 * lim + 1e-7, 14);
  });

  it("restarts a step whose later stage would break positivity", () => {
    // Mock geometry dρ/dt = −ρ with a forward-Euler limit that halves after the first call.
    let calls = 0;
    const limits: number[] = [];
    const geo: Geometry = {
      name: "mock",
      rate(rho, out) {
        for (let i = 0; i < rho.length; i++) out[i] = -rho[i];
        const lim = calls === 0 ? 1 : 0.5;
        calls++;
        limits.push(lim);
        return lim;
      },
    };
    const grid = new Grid({ n: [4], lo: [0], hi: [1] });
    const s = new ExplicitScheme(geo, grid, { method: "heun", cfl: 0.9 });
    const rho = new Float64Array([1, 2, 3, 4]);
    const dt = s.step(rho, 10);
    expect(s.restarts).toBe(1);
    expect(dt).toBeCloseTo(0.45, 14);
    // Heun on ρ' = −ρ: ρ·(1 − dt + dt²/2).
    expect(rho[0]).toBeCloseTo(1 - 0.45 + 0.45 ** 2 / 2, 14);
  });

  it("a user-fixed dt above the stability limit is refused with the limit in the message", () => {
    const scheme = makeScheme(new Entropy(grid1), options({ scheme: "sg", dt: 1 }));
    expectInputError(
      () => scheme.step(gauss(grid1), 10),
      "dt",
      /must be <= [0-9.e-]+ for stability/,
    );
  });

  it("a stable user-fixed dt is used as given", () => {
    const scheme = makeScheme(
      new Entropy(grid1),
      options({ scheme: "fv1", method: "euler", dt: 1e-3 }),
    );
    const rho = gauss(grid1);
    expect(scheme.step(rho, 10)).toBe(1e-3);
    expect(scheme.step(rho, 4e-4)).toBe(4e-4);
  });
});

describe("input validation", () => {
  it("the first density passed to step is checked (NaN, negative, zero mass, length)", () => {
    const make = (): ReturnType<typeof makeScheme> => makeScheme(new Entropy(grid1), options());
    const nan = gauss(grid1);
    nan[3] = NaN;
    expectInputError(() => make().step(nan, 1), "rho", /NaN/);
    const neg = gauss(grid1);
    neg[5] = -1e-3;
    expectInputError(() => make().step(neg, 1), "rho", /negative/);
    expectInputError(() => make().step(new Float64Array(grid1.size), 1), "rho", /zero mass/);
    expectInputError(() => make().step(new Float64Array(7).fill(1), 1), "rho", /7 entries/);
  });

  it("validateInitial checks rho0 the same way", () => {
    const e = new Entropy(grid1);
    expectInputError(() => validateInitial(e, new Float64Array(3)), "rho0");
    const bad = gauss(grid1);
    bad[0] = Infinity;
    expectInputError(() => validateInitial(e, bad), "rho0");
    expect(() => validateInitial(e, gauss(grid1))).not.toThrow();
  });

  it("options: cfl range, method, dt, dtMax", () => {
    const e = new Entropy(grid1);
    expectInputError(() => makeScheme(e, options({ cfl: 0 })), "cfl");
    expectInputError(() => makeScheme(e, options({ cfl: 1.5 })), "cfl");
    expectInputError(() => makeScheme(e, options({ method: "rk4" as RkMethod })), "method");
    expectInputError(() => makeScheme(e, options({ dt: -1 })), "dt");
    expectInputError(() => makeScheme(e, options()).step(gauss(grid1), 0), "dtMax");
  });
});

describe("makeScheme", () => {
  it("builds fv1, fv2, sg explicit schemes", () => {
    const e = new RelativeEntropy(grid1, (x) => 0.5 * x[0] ** 2);
    for (const scheme of ["fv1", "fv2", "sg"] as const) {
      const s = makeScheme(e, options({ scheme, method: "ssprk3" }));
      expect(s.name).toContain(scheme);
      expect(s.step(gauss(grid1), 1)).toBeGreaterThan(0);
    }
  });
  it("refuses jko without --tau, sg without entropy, unknown schemes", () => {
    const e = new Entropy(grid1);
    expectInputError(
      () => makeScheme(e, options({ scheme: "jko" })),
      "--tau",
      /needs a time step --tau > 0/,
    );
    expectInputError(
      () => makeScheme(new GeneralizedEntropy(grid1, 2), options({ scheme: "sg" })),
      "--scheme",
      /ν > 0/,
    );
    expectInputError(
      () => makeScheme(e, options({ scheme: "upwind" as ScenarioOptions["scheme"] })),
      "--scheme",
      /must be one of/,
    );
  });
});

describe("solver errors", () => {
  it("a non-finite state is reported with the time and the cell", () => {
    const grid = new Grid({ n: [8], lo: [0], hi: [1] });
    const broken: Energy = {
      name: "broken",
      grid,
      entropyWeight: 0,
      value: () => 0,
      firstVariation: (_r, out) => out.fill(0),
      smoothVariation: (_r, out) => {
        out.fill(0);
        out[5] = NaN;
      },
    };
    const s = makeScheme(broken, options({ scheme: "fv1" }));
    try {
      s.step(new Float64Array(8).fill(1), 0.1);
      throw new Error("expected a SolverError");
    } catch (e) {
      expect(e).toBeInstanceOf(SolverError);
      expect((e as Error).message).toMatch(/t = 0/);
      expect((e as Error).message).toMatch(/cell [45]/);
    }
  });
});

import { describe, expect, it } from "vitest";
import type { Energy } from "../../src/energy/energy.js";
import { Entropy } from "../../src/energy/entropy.js";
import { GeneralizedEntropy } from "../../src/energy/generalizedEntropy.js";
import { InclusiveKl } from "../../src/energy/inclusiveKl.js";
import { Interaction } from "../../src/energy/interaction.js";
import { RelativeEntropy } from "../../src/energy/kl.js";
import { HalfMMD } from "../../src/energy/mmd.js";
import { EnergySum } from "../../src/energy/sum.js";
import { Gaussian } from "../../src/exact/gaussian.js";
import type { Kernel } from "../../src/fft/kernel.js";
import {
  GaussianKernel,
  InverseMultiquadricKernel,
  LaplaceKernel,
  PowerLawKernel,
} from "../../src/fft/kernels.js";
import { FisherRaoGeometry } from "../../src/geometry/fisherRao.js";
import type { Geometry } from "../../src/geometry/geometry.js";
import { IftGeometry } from "../../src/geometry/ift.js";
import { WfrGeometry } from "../../src/geometry/wfr.js";
import { Grid } from "../../src/grid/grid.js";
import {
  buildProblem,
  geometries,
  gridOf,
  kernels,
  validateSpec,
  type BuildContext,
  type Problem,
  type ProblemSpecInput,
} from "../../src/problem/index.js";
import { allRegistries } from "../../src/problem/index.js";
import { ExplicitScheme } from "../../src/schemes/explicit.js";
import { FisherRaoKlScheme } from "../../src/schemes/fisherRaoKlStep.js";
import { JkoScheme } from "../../src/schemes/jko.js";
import type { Scheme } from "../../src/schemes/scheme.js";
import { expectInputError } from "../expectInputError.js";

/**
 * Registry entries A (energies generalized-entropy, interaction, mmd, inclusive-kl, kl with a
 * target; kernels; geometries fisher-rao, wfr, ift; schemes jko, exact-fisher-rao): a spec
 * built through validateSpec + buildProblem must give exactly the objects one would build by
 * hand. The constructions are the same code path with the same floating-point inputs, so
 * every comparison is bitwise (Object.is per entry), not within a tolerance.
 */

const GRID_1D = { n: [48], lo: [-4], hi: [4] };
const GRID_2D = { n: [24, 20], lo: [-3, -2.5], hi: [3, 2.5] };
const START_1D = { kind: "gaussian", mean: [0.3], cov: 0.6, mass: 1.1 };
const START_2D = { kind: "gaussian", mean: [0.2, -0.1], cov: [[0.5, 0.1], [0.1, 0.4]] }; // prettier-ignore

function spec(over: Partial<ProblemSpecInput>, grid = GRID_1D): ProblemSpecInput {
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

const build = (raw: ProblemSpecInput): Problem => buildProblem(validateSpec(raw));

function expectSame(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) throw new Error(`entry ${i}: ${a[i]} !== ${b[i]}`);
  }
}

/** Same value and first variation at ρ (the problem's ρ0 and a tilted version of it). */
function expectSameEnergy(p: Problem, ref: Energy): void {
  expect(p.energy.name).toBe(ref.name);
  const tilted = p.rho0.map((r, i) => r * (1 + 0.3 * Math.sin(i)) + 1e-3);
  for (const rho of [p.rho0, tilted]) {
    expect(Object.is(p.energy.value(rho), ref.value(rho))).toBe(true);
    const a = new Float64Array(rho.length);
    const b = new Float64Array(rho.length);
    p.energy.firstVariation(rho, a);
    ref.firstVariation(rho, b);
    expectSame(a, b);
  }
}

/** Same rate and step limit of two geometries at ρ. */
function expectSameRate(g: Geometry, ref: Geometry, rho: Float64Array): void {
  expect(g.name).toBe(ref.name);
  const a = new Float64Array(rho.length);
  const b = new Float64Array(rho.length);
  expect(Object.is(g.rate(rho, a), ref.rate(rho, b))).toBe(true);
  expectSame(a, b);
}

/** Two steps of each scheme from ρ0 (the first with dtMax = 0.05, the second 0.02). */
function expectSameSteps(s: Scheme, ref: Scheme, rho0: Float64Array): void {
  expect(s.name).toBe(ref.name);
  const a = Float64Array.from(rho0);
  const b = Float64Array.from(rho0);
  for (const dtMax of [0.05, 0.02]) {
    expect(Object.is(s.step(a, dtMax), ref.step(b, dtMax))).toBe(true);
    expectSame(a, b);
  }
}

/** The geometry factory of a validated spec, as the schemes build it. */
function geometryOf(raw: ProblemSpecInput) {
  const s = validateSpec(raw);
  const ctx: BuildContext = {
    grid: gridOf(s),
    spec: s,
    readText: () => {
      throw new Error("no files");
    },
  };
  return geometries.build(s.geometry, ctx, "geometry");
}

const fvDefaults = { method: "ssprk3", cfl: 0.9 } as const;

describe("energy entries", () => {
  it("generalized-entropy {m} is GeneralizedEntropy(grid, m)", () => {
    const p = build(spec({ energy: [{ kind: "generalized-entropy", m: 1.5 }] }));
    expectSameEnergy(p, new GeneralizedEntropy(p.grid, 1.5));
  });

  it("interaction with each kernel is Interaction(grid, kernel)", () => {
    const cases: [Record<string, unknown>, (d: number) => Kernel][] = [
      [{ kind: "power-law", a: 4, b: 2 }, (d) => new PowerLawKernel(4, 2, d)],
      [{ kind: "power-law", a: 2, b: -0.5 }, (d) => new PowerLawKernel(2, -0.5, d)],
      [{ kind: "gaussian", sigma: 0.4 }, () => new GaussianKernel(0.4)],
      [{ kind: "laplace", sigma: 0.7 }, () => new LaplaceKernel(0.7)],
      [{ kind: "inverse-multiquadric", c: 0.5 }, () => new InverseMultiquadricKernel(0.5)],
      [{ kind: "inverse-multiquadric", c: 1, beta: 1.5 }, () => new InverseMultiquadricKernel(1, 1.5)], // prettier-ignore
    ];
    for (const grid of [GRID_1D, GRID_2D]) {
      for (const [node, make] of cases) {
        const p = build(spec({ energy: [{ kind: "interaction", kernel: node }] }, grid));
        expectSameEnergy(p, new Interaction(p.grid, make(p.grid.dim)));
      }
    }
  });

  it("interaction's convolution option is the convolver's mode", () => {
    const k = { kind: "gaussian", sigma: 0.5 };
    const p = build(
      spec({ energy: [{ kind: "interaction", kernel: k, convolution: ["periodic", "linear"] }] }, GRID_2D), // prettier-ignore
    );
    const ref = new Interaction(p.grid, new GaussianKernel(0.5), { mode: ["periodic", "linear"] });
    expectSameEnergy(p, ref);
    // and it does change the energy: a periodic coupling differs from the default linear one
    const lin = new Interaction(p.grid, new GaussianKernel(0.5));
    expect(p.energy.value(p.rho0)).not.toBe(lin.value(p.rho0));
  });

  it("a weighted term is the EnergySum of the weight and the term", () => {
    const p = build(
      spec({ energy: [{ kind: "entropy" }, { kind: "generalized-entropy", m: 2, weight: 0.5 }] }),
    );
    const ref = new EnergySum([
      [1, new Entropy(p.grid)],
      [0.5, new GeneralizedEntropy(p.grid, 2)],
    ]);
    expectSameEnergy(p, ref);
  });

  it("mmd {kernel, target} is HalfMMD(grid, kernel, cell averages of the target)", () => {
    const target = { kind: "gaussian", mean: [-0.5, 0.4], cov: 0.3, mass: 1 };
    const p = build(
      spec({ energy: [{ kind: "mmd", kernel: { kind: "gaussian", sigma: 0.5 }, target }] }, GRID_2D), // prettier-ignore
    );
    const pi = new Gaussian([-0.5, 0.4], 0.3, 1).cellAverages(p.grid);
    expectSameEnergy(p, new HalfMMD(p.grid, new GaussianKernel(0.5), pi));
    // sampling "point": the target's values at the cell centres
    const q = build(
      spec({ energy: [{ kind: "mmd", kernel: { kind: "laplace", sigma: 1 }, target, sampling: "point" }] }, GRID_2D), // prettier-ignore
    );
    const g = new Gaussian([-0.5, 0.4], 0.3, 1);
    const piPoint = q.grid.sample((x) => g.density(x));
    expectSameEnergy(q, new HalfMMD(q.grid, new LaplaceKernel(1), piPoint));
  });

  it("inclusive-kl {target} is InclusiveKl(grid, cell averages of the target)", () => {
    const target = { kind: "gaussian", mean: [1], cov: 0.8, mass: 2 };
    const p = build(spec({ energy: [{ kind: "inclusive-kl", target }] }));
    const pi = new Gaussian([1], 0.8, 2).cellAverages(p.grid);
    expectSameEnergy(p, new InclusiveKl(p.grid, pi));
  });

  it("kl to a gaussian target (point) is the construction of scenarios/wfr-kl-2d.ts", () => {
    const cov = [
      [1, 0.4],
      [0.4, 0.6],
    ];
    const target = { kind: "gaussian", mean: [0.5, -0.3], cov, mass: 1.5 };
    const p = build(spec({ energy: [{ kind: "kl", target, sampling: "point" }] }, GRID_2D));
    // The scenario's code, verbatim: U = ½(x−m)ᵀP(x−m), log Z = log 2π + ½ log det Σ − log M.
    const TARGET = new Gaussian([0.5, -0.3], cov, 1.5);
    const P = TARGET.precision;
    const m = TARGET.mean;
    const U = (x: Float64Array): number => {
      const u0 = x[0] - m[0];
      const u1 = x[1] - m[1];
      return 0.5 * (P[0][0] * u0 * u0 + 2 * P[0][1] * u0 * u1 + P[1][1] * u1 * u1);
    };
    const logZ = Math.log(2 * Math.PI) + 0.5 * TARGET.logDetCov - Math.log(TARGET.mass);
    const ref = new RelativeEntropy(p.grid, U, logZ);
    expectSame((p.energy as RelativeEntropy).minusLogPi, ref.minusLogPi);
    expectSameEnergy(p, ref);
  });

  it("kl to a target's cell averages has π = those cell averages", () => {
    const target = { kind: "gaussian", mean: [0], cov: 2 };
    const p = build(spec({ energy: [{ kind: "kl", target }] }));
    const pi = new Gaussian([0], 2).cellAverages(p.grid);
    const ref = new RelativeEntropy(
      p.grid,
      pi.map((v) => -Math.log(v)),
      0,
    );
    expectSameEnergy(p, ref);
  });

  it("kl with logZ = 0 and V as a formula is the construction of scenarios/fisher-rao-kl-1d.ts", () => {
    const bump = (x: number, M: number, m: number, s: number): number =>
      (M / (s * Math.sqrt(2 * Math.PI))) * Math.exp(-((x - m) ** 2) / (2 * s * s));
    const pi = (x: number): number => bump(x, 1.4, -1.5, 0.6) + bump(x, 0.6, 2, 0.8);
    const b = (M: number, m: number, s: number) =>
      `(${M} / (${s} * sqrt(2 * pi))) * exp(-((x - ${m}) ^ 2) / (2 * ${s} * ${s}))`;
    const V = { kind: "expression", expr: `-log(${b(1.4, -1.5, 0.6)} + ${b(0.6, 2, 0.8)})` };
    const p = build(
      spec({
        grid: { n: [64], lo: [-7], hi: [7] },
        energy: [{ kind: "kl", V, logZ: 0 }],
      }),
    );
    expectSameEnergy(p, new RelativeEntropy(p.grid, (x) => -Math.log(pi(x[0])), 0));
  });
});

describe("geometry entries", () => {
  const klSpec = (geometry: Record<string, unknown>, grid = GRID_1D) =>
    spec(
      {
        energy: [{ kind: "kl", V: { kind: "quadratic", A: grid === GRID_1D ? [[2]] : [[2, 0.3], [0.3, 1]] }, targetMass: 1.7 }], // prettier-ignore
        geometry,
      },
      grid,
    );

  it("fisher-rao {rate, spherical} is FisherRaoGeometry", () => {
    for (const [node, opts] of [
      [{}, {}],
      [
        { rate: 4, spherical: true },
        { rate: 4, spherical: true },
      ],
    ] as const) {
      const raw = klSpec({ kind: "fisher-rao", ...node });
      const p = build(raw);
      const f = geometryOf(raw);
      expect([f.transport, f.reaction, f.spherical]).toEqual([0, opts.rate ?? 1, !!opts.spherical]);
      const ref = new FisherRaoGeometry(p.energy, opts);
      expectSameRate(f.build(p.energy, {}), ref, p.rho0);
      expectSameSteps(p.scheme, new ExplicitScheme(ref, p.grid, fvDefaults), p.rho0);
      expect(p.conservesMass).toBe(!!opts.spherical);
    }
  });

  it("wfr {alpha, beta, spherical} is WfrGeometry, the scheme's face options on its transport", () => {
    const raw = klSpec({ kind: "wfr", alpha: 0.7, beta: 1.3 }, GRID_2D);
    const p = build({ ...raw, scheme: { kind: "fv", flux: "fv1" } });
    const f = geometryOf(raw);
    expect([f.transport, f.reaction, f.spherical]).toEqual([0.7, 1.3, false]);
    const ref = new WfrGeometry(p.energy, { alpha: 0.7, beta: 1.3, wasserstein: { flux: "fv1" } });
    expectSameRate(f.build(p.energy, { flux: "fv1" }), ref, p.rho0);
    expectSameSteps(p.scheme, new ExplicitScheme(ref, p.grid, fvDefaults), p.rho0);
    expect(p.conservesMass).toBe(false);
    const sph = build(klSpec({ kind: "wfr", alpha: 1, beta: 2, spherical: true }));
    // scheme {kind: "fv"}: the default-scheme rule gives a kl energy the sg flux (fvDefaults.ts).
    const refS = new WfrGeometry(sph.energy, {
      alpha: 1,
      beta: 2,
      spherical: true,
      wasserstein: { flux: "sg" },
    });
    expectSameSteps(sph.scheme, new ExplicitScheme(refS, sph.grid, fvDefaults), sph.rho0);
    expect(sph.conservesMass).toBe(true);
  });

  it("ift {alpha, beta} is IftGeometry of the mmd energy; a weight w scales α and β", () => {
    const target = { kind: "gaussian", mean: [-1], cov: 0.5, mass: 1.2 };
    const mmd = { kind: "mmd", kernel: { kind: "gaussian", sigma: 0.8 }, target };
    const raw = spec({ energy: [mmd], geometry: { kind: "ift", alpha: 1, beta: 0.5 } });
    const p = build(raw);
    const energy = p.energy as HalfMMD;
    expect(energy).toBeInstanceOf(HalfMMD);
    const ref = new IftGeometry(energy, { alpha: 1, beta: 0.5, wasserstein: { flux: "fv2" } });
    expectSameRate(geometryOf(raw).build(energy, { flux: "fv2" }), ref, p.rho0);
    expectSameSteps(p.scheme, new ExplicitScheme(ref, p.grid, fvDefaults), p.rho0);
    expect(p.conservesMass).toBe(false);

    const rawW = spec({ energy: [{ ...mmd, weight: 2 }], geometry: { kind: "ift", alpha: 1, beta: 0.5 } }); // prettier-ignore
    const w = build(rawW);
    const inner = (w.energy as EnergySum).terms[0].energy as HalfMMD;
    const refW = new IftGeometry(inner, { alpha: 2, beta: 1 });
    expectSameRate(geometryOf(rawW).build(w.energy, {}), refW, w.rho0);
  });
});

describe("scheme entries", () => {
  it("jko {tau} is JkoScheme with eps = 2h² (h the largest width), no blur correction", () => {
    const raw = spec(
      {
        energy: [{ kind: "entropy" }, { kind: "potential", V: { kind: "quadratic", A: [[1]] } }],
        scheme: { kind: "jko", tau: 0.05 },
      },
      { n: [40], lo: [-5], hi: [5] },
    );
    const p = build(raw);
    const h = p.grid.h[0];
    const ref = new JkoScheme(p.grid, p.energy, { tau: 0.05, eps: 2 * h * h });
    expect((p.scheme as JkoScheme).eps).toBe(2 * h * h);
    expectSameSteps(p.scheme, ref, p.rho0);
  });

  it("jko passes eps, blurCorrection and the solver options through", () => {
    const opts = { tau: 0.1, eps: 0.05, blurCorrection: true, tol: 1e-9, maxIter: 500, kernel: "stabilized", extrapolate: false } as const; // prettier-ignore
    const p = build(
      spec({ energy: [{ kind: "generalized-entropy", m: 2 }], scheme: { kind: "jko", ...opts } }),
    );
    const s = p.scheme as JkoScheme;
    expect([s.eps, s.solver.tol, s.solver.maxIter, s.solver.blurCorrection]).toEqual([
      0.05,
      1e-9,
      500,
      true,
    ]);
    expectSameSteps(s, new JkoScheme(p.grid, p.energy, opts), p.rho0);
  });

  it("exact-fisher-rao takes β and spherical from the geometry; a kl weight multiplies β", () => {
    const kl = { kind: "kl", V: { kind: "quadratic", A: [[1.5]], center: [0.5] }, targetMass: 2 };
    for (const [geometry, weight, opts] of [
      [{ kind: "fisher-rao" }, 1, {}],
      [{ kind: "fisher-rao", rate: 2, spherical: true }, 1, { rate: 2, spherical: true }],
      [{ kind: "fisher-rao", rate: 2 }, 3, { rate: 6 }],
    ] as const) {
      const p = build(
        spec({ energy: [{ ...kl, weight }], geometry, scheme: { kind: "exact-fisher-rao" } }),
      );
      const e = p.energy instanceof EnergySum ? p.energy.terms[0].energy : p.energy;
      const ref = new FisherRaoKlScheme(e as RelativeEntropy, opts);
      expectSameSteps(p.scheme, ref, p.rho0);
    }
    const fixed = build(
      spec({ energy: [kl], geometry: { kind: "fisher-rao" }, scheme: { kind: "exact-fisher-rao", dt: 0.01 } }), // prettier-ignore
    );
    const ref = new FisherRaoKlScheme(fixed.energy as RelativeEntropy, { dt: 0.01 });
    expectSameSteps(fixed.scheme, ref, fixed.rho0);
  });
});

describe("invalid specs name the JSON path and what is allowed", () => {
  it("unknown kernel", () => {
    expectInputError(
      () => validateSpec(spec({ energy: [{ kind: "interaction", kernel: { kind: "gausian", sigma: 1 } }] })), // prettier-ignore
      "energy[0].kernel.kind",
      /unknown kernel 'gausian' \(did you mean 'gaussian'\?\); allowed: gaussian, laplace, inverse-multiquadric, power-law/,
    );
  });

  it("generalized-entropy with m <= 1", () => {
    for (const m of [1, 0.5]) {
      expectInputError(
        () => validateSpec(spec({ energy: [{ kind: "generalized-entropy", m }] })),
        "energy[0].m",
        /must be > 1/,
      );
    }
  });

  it("kernel parameters out of range", () => {
    const inter = (kernel: Record<string, unknown>) =>
      spec({ energy: [{ kind: "interaction", kernel }] });
    expectInputError(
      () => validateSpec(inter({ kind: "gaussian", sigma: 0 })),
      "energy[0].kernel.sigma",
      /must be > 0/,
    );
    expectInputError(
      () => validateSpec(inter({ kind: "power-law", a: 1, b: 2 })),
      "energy[0].kernel.a",
      /must be > b/,
    );
    // b > −d depends on the grid's dimension: checked when the kernel is built
    expectInputError(
      () => build(inter({ kind: "power-law", a: 2, b: -1 })),
      "energy[0].kernel.b",
      /must be > −d = -1/,
    );
    expectInputError(
      () => validateSpec(spec({ energy: [{ kind: "interaction", kernel: { kind: "laplace", sigma: 1 }, convolution: "circular" }] })), // prettier-ignore
      "energy[0].convolution",
      /does not match/,
    );
    expectInputError(
      () => build(spec({ energy: [{ kind: "interaction", kernel: { kind: "laplace", sigma: 1 }, convolution: ["linear", "linear"] }] })), // prettier-ignore
      "energy[0].convolution",
      /must have 1 entries/,
    );
  });

  it("jko with an ift geometry (jko steps wasserstein, fisher-rao and wfr since issue 14)", () => {
    expectInputError(
      () =>
        validateSpec(
          spec({ geometry: { kind: "ift", alpha: 1, beta: 1 }, scheme: { kind: "jko", tau: 0.1 } }),
        ),
      "scheme.kind",
      /'jko' steps the geometries wasserstein, fisher-rao, wfr, not 'ift'/,
    );
  });

  it("jko on a periodic grid", () => {
    const grid = { ...GRID_2D, boundary: ["no-flux", "periodic"] };
    expectInputError(
      () => validateSpec(spec({ scheme: { kind: "jko", tau: 0.1 } }, grid)),
      "grid.boundary",
      /entropic JKO needs a no-flux box/,
    );
    expectInputError(
      () => validateSpec(spec({ scheme: { kind: "jko", tau: 0 } })),
      "scheme.tau",
      /must be > 0/,
    );
    expectInputError(() => validateSpec(spec({ scheme: { kind: "jko" } })), "scheme.tau");
  });

  it("exact-fisher-rao with an energy that is not a single kl term", () => {
    for (const energy of [
      [{ kind: "entropy" }],
      [{ kind: "kl", V: { kind: "quadratic", A: [[1]] } }, { kind: "entropy" }],
    ]) {
      expectInputError(
        () =>
          validateSpec(
            spec({
              energy,
              geometry: { kind: "fisher-rao" },
              scheme: { kind: "exact-fisher-rao" },
            }),
          ),
        "energy",
        /'exact-fisher-rao' .* must be a single kl term/,
      );
    }
  });

  it("ift with an energy that is not a single mmd term", () => {
    expectInputError(
      () => build(spec({ energy: [{ kind: "entropy" }], geometry: { kind: "ift", alpha: 1, beta: 1 } })), // prettier-ignore
      "energy",
      /the ift geometry .* must be a single mmd term .*; got \[entropy\]/,
    );
  });

  it("wfr / ift with alpha = beta = 0, or a negative weight", () => {
    expectInputError(
      () => validateSpec(spec({ geometry: { kind: "wfr", alpha: 0, beta: 0 } })),
      "geometry.beta",
      /cannot both be 0/,
    );
    expectInputError(
      () => validateSpec(spec({ geometry: { kind: "ift", alpha: -1, beta: 1 } })),
      "geometry.alpha",
      /must be >= 0/,
    );
    expectInputError(
      () => validateSpec(spec({ geometry: { kind: "fisher-rao", rate: 0 } })),
      "geometry.rate",
      /must be > 0/,
    );
  });

  it("kl needs exactly one of V and target; logZ goes with V only, sampling with both", () => {
    const target = { kind: "gaussian", mean: [0], cov: 1 };
    const V = { kind: "quadratic", A: [[1]] };
    expectInputError(() => build(spec({ energy: [{ kind: "kl" }] })), "energy[0]", /needs π/);
    expectInputError(
      () => build(spec({ energy: [{ kind: "kl", V, target }] })),
      "energy[0]",
      /either V or target/,
    );
    expectInputError(
      () => build(spec({ energy: [{ kind: "kl", target, logZ: 0 }] })),
      "energy[0].logZ",
      /goes with V only/,
    );
    // sampling goes with V too (issue 12: cell averages of e^{−V} or centre values).
    expect(() => build(spec({ energy: [{ kind: "kl", V, sampling: "point" }] }))).not.toThrow();
  });

  it("mmd and inclusive-kl need a target", () => {
    expectInputError(
      () => validateSpec(spec({ energy: [{ kind: "mmd", kernel: { kind: "gaussian", sigma: 1 } }] })), // prettier-ignore
      "energy[0].target",
      /is required/,
    );
    expectInputError(
      () => validateSpec(spec({ energy: [{ kind: "inclusive-kl", target: { kind: "gaussian", mean: [0], cov: -1 } }] })), // prettier-ignore
      "energy[0].target.cov",
    );
  });
});

describe("declarations", () => {
  it("every entry of these registries has a JSON Schema and builds its kernels by dimension", () => {
    for (const r of allRegistries()) expect(() => r.jsonSchema()).not.toThrow();
    expect(kernels.kinds()).toEqual(["gaussian", "laplace", "inverse-multiquadric", "power-law"]);
    const g3 = new Grid({ n: [4, 4, 4], lo: [0, 0, 0], hi: [1, 1, 1] });
    const k = kernels.build(
      kernels.validate({ kind: "power-law", a: 2, b: -2.5 }, "k"),
      { dim: g3.dim },
      "k",
    );
    expect(k.name).toBe(new PowerLawKernel(2, -2.5, 3).name);
  });
});

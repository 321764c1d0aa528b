import { describe, expect, it } from "vitest";
import { Gaussian } from "../../src/exact/gaussian.js";
import { WfrKlGaussian } from "../../src/exact/wfrGaussian.js";
import { buildProblem, validateSpec, type ProblemSpecInput } from "../../src/problem/index.js";
import { UnbalancedJkoScheme } from "../../src/schemes/unbalancedJko.js";
import { JkoScheme } from "../../src/schemes/jko.js";
import { expectInputError } from "../expectInputError.js";

/**
 * `scheme: jko` with the fisher-rao and wfr geometries (issue 14): which step each geometry
 * gets, what is refused, and that a built run steps the density as the solvers do.
 */
function spec(over: Partial<ProblemSpecInput>, dim = 1): ProblemSpecInput {
  return {
    name: "t",
    grid: dim === 1 ? { n: [48], lo: [-5], hi: [5] } : { n: [32, 32], lo: [-5, -5], hi: [5, 5] },
    initial: { kind: "gaussian", mean: new Array(dim).fill(-0.5), cov: 0.5, mass: 0.7 },
    energy: [
      {
        kind: "kl",
        target: { kind: "gaussian", mean: new Array(dim).fill(0.5), cov: 0.8, mass: 1.2 },
      },
    ],
    geometry: { kind: "wfr", alpha: 0.7, beta: 1.3 },
    scheme: { kind: "jko", tau: 0.1, blurCorrection: true },
    output: { tEnd: 0.2, snapshots: 2 },
    ...over,
  } as ProblemSpecInput;
}

const schemeOf = (s: ProblemSpecInput) => buildProblem(validateSpec(s)).scheme;

describe("scheme jko on the fisher-rao and wfr geometries", () => {
  it("builds the WFR entropic step, the Fisher–Rao step and the balanced step at speed α", () => {
    const wfr = schemeOf(spec({}));
    expect(wfr).toBeInstanceOf(UnbalancedJkoScheme);
    expect(wfr.name).toMatch(
      /^WFR entropic JKO \(α=0.7, β=1.3, τ=0.1, ε=0.08681, blur-corrected\)$/,
    );
    const fr = schemeOf(spec({ geometry: { kind: "fisher-rao", rate: 2, spherical: true } }));
    expect(fr.name).toBe("Fisher–Rao JKO (τ=0.1, spherical, β=2)");
    expect(schemeOf(spec({ geometry: { kind: "wfr", alpha: 0, beta: 1 } })).name).toBe(
      "Fisher–Rao JKO (τ=0.1)",
    );
    expect(schemeOf(spec({ geometry: { kind: "wfr", alpha: 0.5, beta: 0 } })).name).toMatch(
      /^entropic JKO at speed α=0.5/,
    );
    // α = 1, β = 0 is the Wasserstein geometry: the existing JkoScheme.
    expect(schemeOf(spec({ geometry: { kind: "wfr", alpha: 1, beta: 0 } }))).toBeInstanceOf(
      JkoScheme,
    );
  });

  it("refuses spherical WFR, periodic axes for transport, and a kernel of the other cost", () => {
    expectInputError(
      () => validateSpec(spec({ geometry: { kind: "wfr", alpha: 1, beta: 1, spherical: true } })),
      "geometry.spherical",
      /spherical WFR is not available/,
    );
    expectInputError(
      () => validateSpec(spec({ grid: { n: [48], lo: [-5], hi: [5], boundary: "periodic" } })),
      "grid.boundary",
      /no-flux box/,
    );
    // Fisher–Rao steps are pointwise: a periodic grid is fine.
    validateSpec(
      spec({
        grid: { n: [48], lo: [-5], hi: [5], boundary: "periodic" },
        geometry: { kind: "fisher-rao" },
      }),
    );
    expectInputError(
      () => validateSpec(spec({ scheme: { kind: "jko", tau: 0.1, kernel: "separable" } })),
      "scheme.kernel",
      /not a Gibbs kernel of the WFR cost; allowed here: auto, fft, stabilized/,
    );
    expectInputError(
      () =>
        validateSpec(
          spec({
            geometry: { kind: "wasserstein" },
            scheme: { kind: "jko", tau: 0.1, kernel: "fft" },
          }),
        ),
      "scheme.kernel",
      /quadratic cost; allowed here: auto, separable, stabilized/,
    );
  });

  it("the split scheme can take the Fisher–Rao JKO as its reaction part", () => {
    const s = validateSpec(
      spec({
        scheme: {
          kind: "split",
          tau: 0.1,
          transport: { kind: "jko", tau: 0.05 },
          reaction: { kind: "jko", tau: 0.1 },
        },
      }),
    );
    expect(buildProblem(s).scheme.name).toMatch(/Fisher–Rao JKO/);
  });

  it("a built 2D WFR run steps like the solver: its mass follows the exact mass law", () => {
    const p = buildProblem(validateSpec(spec({}, 2)));
    const rho = Float64Array.from(p.rho0);
    const m = (r: Float64Array) => r.reduce((s, v) => s + v, 0) * p.grid.cellVolume;
    expect(p.scheme.step(rho, 0.1)).toBe(0.1);
    // Exact: Ṁ = −βM[log(M/M_π) + KL(N₀|N_π)] = −1.3·0.7·(−0.539 + 1.345) < 0 at t = 0, and
    // M(0.1) from the §E closed form: 0.6518. Measured 0.6584 (+1.0 %: one implicit step of
    // τ = 0.1 misses the curvature of M(t), an O(τ²) error of 15 % of ΔM = −0.048; ε = 2h² =
    // 0.195 on 32²). Bound 1.5 %.
    const exact = new WfrKlGaussian({
      alpha: 0.7,
      beta: 1.3,
      initial: new Gaussian([-0.5, -0.5], 0.5, 0.7),
      target: new Gaussian([0.5, 0.5], 0.8, 1.2),
    });
    expect(Math.abs(m(rho) / exact.mass(0.1) - 1)).toBeLessThan(0.015);
    expect(m(rho)).toBeLessThan(0.7);
    expect(Math.min(...rho)).toBeGreaterThan(0);
  });
});

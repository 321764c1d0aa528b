import { describe, expect, it } from "vitest";
import {
  fbStationaryVariance,
  jkoEntropyGaussianVariance,
  ulaStationaryVariance,
} from "../../src/exact/proximalGradientGaussian.js";
import { covariance } from "../../src/grid/density.js";
import {
  buildProblem,
  outputTimesOf,
  validateSpec,
  type ProblemSpecInput,
} from "../../src/problem/index.js";
import { expectInputError } from "../expectInputError.js";

/**
 * The forward-backward and ula-grid schemes, and the fb-recursion / ula-recursion exact
 * references and stationary-variance observables, as spec entries: what they accept and
 * refuse (each refusal names its JSON path), their fixed step, and the closed forms of
 * docs/sampling.md. Comparisons of closed forms are to 1e-14 relative (a few roundings).
 */

function spec(over: Partial<ProblemSpecInput> = {}): ProblemSpecInput {
  return {
    grid: { n: [80], lo: [-7.5], hi: [8.5] },
    initial: { kind: "gaussian", mean: [-1], cov: 0.25 },
    energy: [{ kind: "kl", V: { kind: "gaussian", mean: [0.5], cov: 2 } }],
    geometry: { kind: "wasserstein" },
    scheme: { kind: "forward-backward", gamma: 0.4 },
    output: { tEnd: 4, snapshots: 5 },
    ...over,
  };
}

describe("forward-backward and ula-grid specs", () => {
  it("refuse energies they cannot split, naming the term", () => {
    expectInputError(
      () =>
        validateSpec(
          spec({
            energy: [
              { kind: "entropy" },
              { kind: "interaction", kernel: { kind: "gaussian", sigma: 1 } },
            ],
          }),
        ),
      "energy[1].kind",
      /'interaction' is not accepted by 'forward-backward'.*allowed energy terms: potential, entropy, kl \(with V\)/,
    );
    expectInputError(
      () =>
        validateSpec(
          spec({
            scheme: { kind: "ula-grid", gamma: 0.1 },
            energy: [{ kind: "kl", target: { kind: "gaussian", mean: [0], cov: 1 } }],
          }),
        ),
      "energy[0].target",
      /needs π ∝ e\^\{−V\} given by a potential V/,
    );
  });

  it("refuse a periodic box (forward-backward only), a step beyond tEnd, another geometry", () => {
    const periodic = { grid: { n: [80], lo: [-7.5], hi: [8.5], boundary: "periodic" } };
    expectInputError(() => validateSpec(spec(periodic)), "grid.boundary", /no-flux box/);
    // The ULA twin reflects or wraps: periodic is fine.
    expect(() =>
      validateSpec(spec({ ...periodic, scheme: { kind: "ula-grid", gamma: 0.1 } })),
    ).not.toThrow();
    expectInputError(
      () => validateSpec(spec({ scheme: { kind: "ula-grid", gamma: 5 } })),
      "scheme.gamma",
      /larger than the final time/,
    );
    expectInputError(
      () => validateSpec(spec({ geometry: { kind: "fisher-rao" } })),
      "scheme.kind",
      /steps the geometry wasserstein/,
    );
  });

  it("take whole steps of γ (output times on multiples of γ)", () => {
    const s = validateSpec(spec({ output: { tEnd: 3.9, snapshots: 4 } }));
    const times = outputTimesOf(s);
    // tEnd rounds to 10γ = 4; every time a multiple of γ = 0.4 (to the rounding of k·γ).
    expect(times.at(-1)).toBeCloseTo(4, 14);
    for (const t of times) expect(Math.abs(t / 0.4 - Math.round(t / 0.4))).toBeLessThan(1e-12);
  });

  it("potential + entropy is kl; a weight w with step γ is weight 1 with step wγ", () => {
    const V = { kind: "gaussian", mean: [0.5], cov: 2 };
    const stepOnce = (over: Partial<ProblemSpecInput>): Float64Array => {
      const p = buildProblem(validateSpec(spec(over)));
      const rho = p.rho0.slice();
      p.scheme.step(rho, 1);
      return rho;
    };
    for (const kind of ["forward-backward", "ula-grid"]) {
      const scheme = { kind, gamma: 0.4 };
      expect(stepOnce({ scheme, energy: [{ kind: "potential", V }, { kind: "entropy" }] })).toEqual(
        stepOnce({ scheme }),
      );
    }
    // ula-grid: push by x − γ·w∇V and heat for time γ·w, bit for bit the same as step wγ.
    expect(
      stepOnce({
        scheme: { kind: "ula-grid", gamma: 0.2 },
        energy: [{ kind: "kl", weight: 2, V }],
      }),
    ).toEqual(stepOnce({ scheme: { kind: "ula-grid", gamma: 0.4 } }));
  });

  it("a step shortened to hit an output time is a step of that length", () => {
    for (const kind of ["forward-backward", "ula-grid"]) {
      const run = (gamma: number): { taken: number; rho: Float64Array } => {
        const p = buildProblem(validateSpec(spec({ scheme: { kind, gamma } })));
        const rho = p.rho0.slice();
        return { taken: p.scheme.step(rho, 0.1), rho };
      };
      const short = run(0.4);
      expect(short.taken).toBe(0.1);
      // The same code path with γ = 0.1 (push by 0.1∇V, backward for 0.1): bit for bit.
      expect(short.rho).toEqual(run(0.1).rho);
    }
  });

  it("fb-recursion / ula-recursion: the §I recursions at the run's γ, and their fixed points", () => {
    // σ² = 2, γ = 0.4: c = 1 − γ/σ² = 0.8.
    const p = buildProblem(
      validateSpec(
        spec({
          // ±12.5 around the mean: 8.8 standard deviations of the stationary N(0.5, 2)
          grid: { n: [120], lo: [-12], hi: [13] },
          output: { tEnd: 40, snapshots: 3 },
          exact: { kind: "fb-recursion" },
          observables: [
            { kind: "fb-stationary-variance" },
            { kind: "ula-stationary-variance" },
            { kind: "variance-error", name: "ulaGap", reference: { kind: "ula-recursion" } },
          ],
        }),
      ),
    );
    const grid = p.grid;
    const h2 = grid.h[0] ** 2 / 12;
    const varianceOf = (rho: Float64Array) => covariance(grid, rho)[0][0] - h2;
    // One step of the recursion from N(−1, 0.25): μ = 0.5 + 0.8(−1.5), v = J(0.64·0.25).
    const one = p.exact!(0.4);
    const v1 = jkoEntropyGaussianVariance(0.64 * 0.25, 0.4);
    expect(Math.abs(varianceOf(one) / v1 - 1)).toBeLessThan(1e-10); // cell averages of N(μ1, v1)
    // After 100 steps the FB recursion sits at σ² = 2 (c^{2k}J′^k ≈ 1e-9).
    expect(Math.abs(varianceOf(p.exact!(40)) - 2)).toBeLessThan(1e-8);
    const r = { kappa: 0.5, center: 0.5, nu: 1, gamma: 0.4 };
    expect(fbStationaryVariance(r)).toBe(2);
    expect(ulaStationaryVariance(r)).toBeCloseTo(2 / (1 - 0.4 / 4), 14);
    const obs = p.observables!;
    expect(obs.fbStationaryVariance(p.rho0, 0)).toBe(2);
    expect(Math.abs(obs.ulaStationaryVariance(p.rho0, 0) / (2 / 0.9) - 1)).toBeLessThan(1e-14);
    // The ULA reference differs from FB's by the bias γ/2·(…) at stationarity: the gap of the
    // FB recursion's own cell averages to the ULA recursion is v_FB − v_ULA = 2 − 2/0.9.
    expect(obs.ulaGap(p.exact!(40), 40)).toBeCloseTo(2 - 2 / 0.9, 6);
    // 1 < γ/σ² < 2: FB's fixed point is γσ²/(2σ² − γ).
    expect(fbStationaryVariance({ kappa: 1, center: 0, nu: 1, gamma: 1.5 })).toBeCloseTo(3, 14);
  });

  it("the recursions need a Gaussian target and a step, else they say where to give them", () => {
    expectInputError(
      () =>
        buildProblem(
          validateSpec(
            spec({
              energy: [{ kind: "kl", V: { kind: "double-well" } }],
              exact: { kind: "ula-recursion" },
            }),
          ),
        ),
      "exact.target",
      /'double-well', not quadratic or gaussian/,
    );
    expectInputError(
      () =>
        buildProblem(
          validateSpec(spec({ scheme: { kind: "fv" }, exact: { kind: "fb-recursion" } })),
        ),
      "exact.gamma",
      /is required: the spec's scheme 'fv' has no step/,
    );
    // Given explicitly, both work with any scheme: π = N(0.5, 2), γ = 0.4.
    const p = buildProblem(
      validateSpec(
        spec({
          scheme: { kind: "fv" },
          energy: [{ kind: "kl", V: { kind: "double-well" } }],
          exact: { kind: "ula-recursion", gamma: 0.4, target: { mean: [0.5], variance: 2 } },
        }),
      ),
    );
    expect(p.exact!(0).length).toBe(80);
  });
});

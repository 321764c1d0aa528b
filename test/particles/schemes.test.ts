import { describe, expect, it } from "vitest";
import { isParticleScheme, type ParticleScheme } from "../../src/particles/particleScheme.js";
import {
  buildProblem,
  outputTimesOf,
  validateSpec,
  type ProblemSpecInput,
} from "../../src/problem/index.js";
import { simulate } from "../../src/run/simulate.js";
import { expectInputError } from "../expectInputError.js";

/**
 * The particle schemes as registry entries (ula, mala, svgd, mmd-particles): built from a
 * spec, stepped by `simulate` as any scheme, reproducible from their seed, and refusing the
 * energies and grids they cannot step with an InputError naming the field.
 */

const GAUSS_V = { kind: "gaussian", mean: [0.5], cov: 1 };

function spec(over: Partial<ProblemSpecInput> = {}): ProblemSpecInput {
  return {
    grid: { n: [64], lo: [-6], hi: [7] },
    initial: { kind: "gaussian", mean: [2], cov: 0.25 },
    energy: [{ kind: "kl", V: GAUSS_V }],
    geometry: { kind: "wasserstein" },
    scheme: { kind: "ula", particles: 2000, step: 0.1, seed: 3 },
    output: { tEnd: 1, snapshots: 3 },
    ...over,
  };
}

function particlesOf(raw: ProblemSpecInput): { scheme: ParticleScheme; rho: Float64Array } {
  const problem = buildProblem(validateSpec(raw));
  const r = simulate(problem);
  expect(isParticleScheme(problem.scheme)).toBe(true);
  return { scheme: problem.scheme as ParticleScheme, rho: r.rho };
}

describe("particle schemes from a spec", () => {
  for (const kind of ["ula", "mala", "svgd"]) {
    it(`${kind}: same seed → bit-identical particles and density; another seed → different`, () => {
      const n = kind === "svgd" ? 200 : 2000;
      const a = particlesOf(spec({ scheme: { kind, particles: n, step: 0.1, seed: 3 } }));
      const b = particlesOf(spec({ scheme: { kind, particles: n, step: 0.1, seed: 3 } }));
      const c = particlesOf(spec({ scheme: { kind, particles: n, step: 0.1, seed: 4 } }));
      expect(a.scheme.cloud!.positions).toEqual(b.scheme.cloud!.positions);
      expect(a.rho).toEqual(b.rho);
      expect(a.scheme.cloud!.positions).not.toEqual(c.scheme.cloud!.positions);
    });
  }

  it("mmd-particles runs on an mmd energy and conserves mass to round-off", () => {
    const { rho } = particlesOf(
      spec({
        energy: [
          {
            kind: "mmd",
            kernel: { kind: "gaussian", sigma: 1 },
            target: { kind: "gaussian", mean: [0], cov: 1 },
          },
        ],
        scheme: { kind: "mmd-particles", particles: 100, step: 0.2 },
      }),
    );
    let m = 0;
    for (const v of rho) m += v;
    expect(Math.abs(m * (13 / 64) - 1)).toBeLessThan(1e-12); // unit mass of ρ0 on the box
  });

  it("snaps output times to multiples of γ (fixedStep) and takes whole steps", () => {
    const s = validateSpec(
      spec({ scheme: { kind: "ula", step: 0.3 }, output: { tEnd: 1, snapshots: 3 } }),
    );
    // tEnd = 1 → 3 steps of 0.3 (the nearest multiple); the middle time 0.5 → 2 steps.
    expect(outputTimesOf(s)).toEqual([0, 0.6, 0.8999999999999999]);
  });

  it("reports its statistics (particle count, MALA's acceptance rate) in the run's summary", () => {
    const problem = buildProblem(
      validateSpec(spec({ scheme: { kind: "mala", particles: 1000, step: 0.2 } })),
    );
    const st = simulate(problem).summary.schemeStats!;
    expect(st.particles).toBe(1000);
    expect(st.steps).toBe(5);
    expect(st.acceptanceRate).toBeGreaterThan(0.5);
    expect(st.acceptanceRate).toBeLessThanOrEqual(1);
  });

  it("a temperature ν ≠ 1 scales the noise: ULA's variance is 2γν/(1 − c²), c = 1 − γ/σ²", () => {
    // F = ∫Vρ + ν∫ρ log ρ with V = (x − ½)²/2, ν = 0.5: x' = c(x − ½) + ½ + √(2γν)ξ.
    const problem = buildProblem(
      validateSpec(
        spec({
          energy: [
            { kind: "potential", V: GAUSS_V },
            { kind: "entropy", weight: 0.5 },
          ],
          scheme: { kind: "ula", particles: 100_000, step: 0.2, seed: 9 },
        }),
      ),
    );
    const rho = Float64Array.from(problem.rho0);
    for (let k = 0; k < 40; k++) problem.scheme.step(rho, 0.2); // 0.8^80 ≈ 2e-8 of the start left
    const x = (problem.scheme as ParticleScheme).cloud!.positions;
    let m = 0;
    for (const v of x) m += v;
    m /= x.length;
    let v2 = 0;
    let v4 = 0;
    for (const v of x) {
      v2 += (v - m) ** 2;
      v4 += (v - m) ** 4;
    }
    v2 /= x.length;
    v4 /= x.length;
    const c = 1 - 0.2;
    const expected = (2 * 0.2 * 0.5) / (1 - c * c);
    // i.i.d. particles: SE of the sample variance √((μ₄ − v²)/N) (see langevin.test.ts).
    expect(Math.abs(v2 - expected)).toBeLessThan(3 * Math.sqrt((v4 - v2 * v2) / x.length));
  });

  it("the cloud observables: cloud-w2-to-exact (1D) traces the cloud itself", () => {
    const problem = buildProblem(
      validateSpec(
        spec({
          energy: [{ kind: "kl", V: { kind: "quadratic", A: [[1]], center: [0.5] } }],
          scheme: { kind: "mala", particles: 20_000, step: 0.05, seed: 2 },
          exact: { kind: "ornstein-uhlenbeck", A: [[1]], center: [0.5] },
          observables: [{ kind: "cloud-w2-to-exact" }],
        }),
      ),
    );
    const r = simulate(problem);
    const w = r.outputs.map((o) => o.observables.cloudW2ToExact!);
    // W2 of an N-point sample to its law: ~1e-2 at N = 2e4 (t = 0, measured 0.009); later the
    // O(γ) time error adds ~0.02 at t = 0.5 (ULA's §I mean/variance recursions against the OU
    // flow: Δmean 0.012, Δsd 0.014). Measured 0.009, 0.034, 0.021 at t = 0, 0.5, 1.
    for (const v of w) expect(v).toBeLessThan(0.05);
    expect(w[0]).toBeGreaterThan(0);
  });
});

describe("particle schemes refuse what they cannot step (InputError naming the field)", () => {
  it("energies without a particle form, per term", () => {
    expectInputError(
      () =>
        validateSpec(
          spec({ energy: [{ kind: "interaction", kernel: { kind: "gaussian", sigma: 1 } }] }),
        ),
      "energy[0].kind",
      /no particle form for the ula scheme/,
    );
    expectInputError(
      () =>
        validateSpec(
          spec({ energy: [{ kind: "kl", target: { kind: "gaussian", mean: [0], cov: 1 } }] }),
        ),
      "energy[0].target",
      /point function/,
    );
    expectInputError(
      () =>
        validateSpec(
          spec({
            energy: [{ kind: "potential", V: GAUSS_V }],
            scheme: { kind: "mala", step: 0.1 },
          }),
        ),
      "energy",
      /ν > 0/,
    );
    expectInputError(
      () => validateSpec(spec({ scheme: { kind: "mmd-particles", step: 0.1 } })),
      "energy",
      /single mmd term/,
    );
  });

  it("a density changed between two steps (a particle scheme inside a composition)", () => {
    const problem = buildProblem(validateSpec(spec()));
    const rho = Float64Array.from(problem.rho0);
    problem.scheme.step(rho, 0.1);
    rho[40] *= 1.5; // what a split scheme's reaction part would do (cell 40: x ≈ 2, ρ > 0)
    expectInputError(() => problem.scheme.step(rho, 0.1), "scheme", /carry the state/);
  });

  it("a step longer than tEnd, periodic axes for the kernel methods, a non-Wasserstein geometry", () => {
    expectInputError(
      () => validateSpec(spec({ scheme: { kind: "ula", step: 2 } })),
      "scheme.step",
      /larger than the final time/,
    );
    expectInputError(
      () =>
        validateSpec(
          spec({
            grid: { n: [64], lo: [-6], hi: [7], boundary: "periodic" },
            scheme: { kind: "svgd", step: 0.1 },
          }),
        ),
      "grid.boundary",
      /no-flux box/,
    );
    expectInputError(
      () => validateSpec(spec({ geometry: { kind: "fisher-rao" } })),
      "scheme.kind",
      /wasserstein/,
    );
    expectInputError(
      () => validateSpec(spec({ scheme: { kind: "svgd", step: 0.1, particles: 50_000 } })),
      "scheme.particles",
    );
  });
});

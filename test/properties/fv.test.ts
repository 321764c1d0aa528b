/**
 * Property-based tests (fast-check, seed SEED = 20251010 in arbitraries.ts) of the explicit
 * finite-volume Wasserstein schemes, every flux: fv1, fv2 with the mc and minmod limiters,
 * and Scharfetter–Gummel (sg). Random 1D/2D/3D boxes (no-flux and periodic axes), random
 * densities with vacuum and spikes of random mass, random energies (entropy + potential,
 * generalized entropy with m ∈ (1, 4], KL to a Gaussian, each with an optional small
 * interaction term), every SSP Runge–Kutta method, adaptive steps with cfl ∈ (0, 0.95]
 * (cfl → 1: see the `.fails` test at the end) and fixed steps dt = f·dt_FE(ρ0) below the
 * forward-Euler limit. Problems are built from spec data (validateSpec + buildProblem).
 *
 * What is asserted, and why (tolerances derived in checks.ts):
 * - ρ ≥ 0 after every step, exactly (the positivity-limited step).
 * - Mass conserved to 36 ulps per stage (worst-case rounding of the flux update; measured
 *   ≤ 2 ulps per stage).
 * - Energy: the semi-discrete dissipation dF/dt = ⟨δF/δρ, dρ/dt⟩ ≤ 0 (up to its rounding
 *   allowance) at the start of every step, for every flux and energy. The fully discrete
 *   F(ρ^{n+1}) ≤ F(ρ^n) is NOT a property of the upwind fluxes fv1/fv2 under the adaptive
 *   step, however small the cfl: the step bounds each cell's outflow by its own mass, not the
 *   inflow into a nearly empty neighbour q whose equilibrium level ρ_p·e^{−Δψ/ν} lies below
 *   cfl·ρ_p (a cell Péclet number Δψ/ν above log(1/cfl)). Example: 4 cells of [0, 4],
 *   ρ0 = [1, 1e-30, 0, 0], F = 0.05∫ρ log ρ + ∫xρ, Euler, cfl 0.01, one step: F goes from 0.5
 *   to 0.50690 with fv1 and fv2 (sg: 0.5 → 0.49999999999); fast-check finds such cases at
 *   once, also at cfl 0.001 on smooth data with a smooth quadratic potential.
 *   It IS a property of sg for linear Fokker–Planck energies (entropy + potential, KL): one
 *   forward-Euler step with dt ≤ dt_FE is a Markov kernel reversible with respect to the
 *   discrete Gibbs state, so the relative entropy to it, i.e. F up to a constant, cannot
 *   increase (data-processing inequality), and SSP stages are convex combinations of such
 *   steps (F convex). That is asserted at every step with the run summaries' rule
 *   F_{k+1} − F_k ≤ 1e-10·max|F| (ENERGY_MONOTONE_RTOL), half the runs starting near the
 *   Gibbs state (where a 1% error in a fitting weight already makes F rise).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ExplicitScheme, SpecNode } from "../../src/index.js";
import {
  buildCase,
  caseArb,
  cflArb,
  fractionArb,
  methodArb,
  SEED,
  type Case,
  type Family,
} from "./arbitraries.js";
import { expectMonotone, runExplicit } from "./checks.js";

const ALL: Family[] = ["entropy+potential", "generalized-entropy", "kl"];
const WASSERSTEIN = { kind: "wasserstein" };
const RUNS = 100;

const FLUXES = [
  { flux: "fv1", limiter: "mc" },
  { flux: "fv2", limiter: "mc" },
  { flux: "fv2", limiter: "minmod" },
  { flux: "sg", limiter: "mc" },
] as const;

const steps = fc.integer({ min: 1, max: 20 });

/** The forward-Euler limit dt_FE(ρ0) of a case (from an adaptive build of the same case). */
function eulerLimit(c: Case, scheme: SpecNode): number {
  const problem = buildCase(c, WASSERSTEIN, scheme);
  const s = problem.scheme as ExplicitScheme;
  return s.geometry.rate(problem.rho0.slice(), new Float64Array(problem.rho0.length));
}

/**
 * The case with ρ0 replaced by the discrete Gibbs state g_i ∝ e^{−V_i/ν} of its energy
 * (ν∫ρ log ρ + ∫Vρ, read from the pointwise form) times 1 + δ·u_i, u_i ∈ [−1, 1] taken from
 * the case's own density, at the same mass.
 */
function perturbedGibbs(c: Case, scheme: SpecNode, delta: number): Case {
  const problem = buildCase(c, WASSERSTEIN, scheme);
  const pw = problem.energy.pointwise!();
  const V = pw.potential ?? new Float64Array(c.rho0.length);
  const vmin = Math.min(...V);
  const top = Math.max(...c.rho0);
  const rho = c.rho0.map(
    (r, i) => Math.exp(-(V[i] - vmin) / pw.entropy) * (1 + delta * (2 * (r / top) - 1)),
  );
  const scale = c.rho0.reduce((a, b) => a + b, 0) / rho.reduce((a, b) => a + b, 0);
  return { ...c, rho0: rho.map((r) => r * scale) };
}

describe("finite volumes: mass, positivity, energy dissipation (property-based)", () => {
  for (const flux of FLUXES) {
    const name = flux.flux === "fv2" ? `fv2/${flux.limiter}` : flux.flux;
    // sg needs an entropy part (ν > 0): the generalized entropy then carries one.
    const cases = caseArb([1, 2, 3], true, ALL, {
      entropy: flux.flux === "sg" ? "always" : undefined,
      interaction: true,
    });

    it(`${name}, adaptive step with cfl in (0, 0.95]: ρ ≥ 0, mass to rounding, dF/dt ≤ 0`, () => {
      fc.assert(
        fc.property(cases, cflArb, methodArb, steps, (c, cfl, method, steps) => {
          const problem = buildCase(c, WASSERSTEIN, { kind: "fv", ...flux, method, cfl });
          const r = runExplicit(problem, { steps, dtMax: Infinity, beta: 0, conservesMass: true });
          expect(r.taken).toBe(steps);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it(`${name}, fixed dt = f·dt_FE(ρ0), f in [1e-3, 1]: the same, or a clear refusal of dt`, () => {
      let refused = 0;
      fc.assert(
        fc.property(cases, fractionArb, methodArb, steps, (c, f, method, steps) => {
          const dt = f * eulerLimit(c, { kind: "fv", ...flux, method });
          const problem = buildCase(c, WASSERSTEIN, { kind: "fv", ...flux, method, dt });
          const r = runExplicit(problem, {
            steps,
            dtMax: Infinity,
            beta: 0,
            conservesMass: true,
            allowDtRefusal: true,
          });
          // A fixed step is never shrunk: when a later state's limit falls below it the scheme
          // refuses with an InputError naming dt and the limit (ExplicitScheme contract).
          if (r.refusal) {
            refused++;
            expect(r.refusal.message).toMatch(/^dt: .* must be <= .* for stability/);
          } else {
            expect(r.taken).toBe(steps);
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
      // Most fixed steps below the initial limit run to the end (else the property is vacuous).
      expect(refused).toBeLessThan(RUNS / 2);
    });
  }

  it("sg, linear Fokker–Planck (entropy + potential, KL): F decreases at every step, any cfl ≤ 0.95 or fixed dt ≤ dt_FE", () => {
    const linear = caseArb([1, 2, 3], true, ["entropy+potential", "kl"]);
    const step = fc.oneof(
      cflArb.map((cfl) => ({ cfl })),
      fractionArb.map((frac) => ({ frac })),
    );
    // Half the runs start near the discrete Gibbs state, where F − min F is small and a flux
    // that is not reversible with respect to it (a wrong fitting weight) makes F rise.
    const nearGibbs = fc.option(fc.double({ min: 0, max: 0.5, noNaN: true }), { nil: undefined });
    fc.assert(
      fc.property(linear, step, methodArb, steps, nearGibbs, (c0, how, method, steps, delta) => {
        const base = { kind: "fv", flux: "sg", method };
        const c = delta === undefined ? c0 : perturbedGibbs(c0, base, delta);
        const scheme =
          "cfl" in how
            ? { ...base, cfl: how.cfl }
            : { ...base, dt: how.frac * eulerLimit(c, base) };
        const problem = buildCase(c, WASSERSTEIN, scheme);
        // ψ is static: dt_FE does not change, so a fixed dt is never refused.
        const r = runExplicit(problem, { steps, dtMax: Infinity, beta: 0, conservesMass: true });
        expectMonotone(r.energies);
      }),
      { seed: SEED, numRuns: 2 * RUNS },
    );
  });

  // Known bug (reported): at cfl = 1 (allowed: cfl ∈ (0, 1]) an SSP step whose later stage has
  // a smaller forward-Euler limit restarts with dt = cfl × that limit = the limit itself, the
  // stage limit shrinks again, and after 31 restarts the step fails with "no stable step found
  // … the forward-Euler limit keeps shrinking". Minimal case found by shrinking: heat with
  // ν = 0.05 on 3 cells of [0, 3], ρ0 = [0, 0.5, 1], fv1, ssprk3, first step (heun passes after
  // 27 restarts; cfl 0.999999 after 16). Remove `.fails` when fixed and widen cflArb to (0, 1].
  it.fails("fv1/ssprk3 at cfl = 1: the first step of a heat flow next to vacuum is taken", () => {
    const c: Case = {
      grid: { n: [3], lo: [0], hi: [3], boundary: ["no-flux"] },
      rho0: [0, 0.5, 1],
      energy: [{ kind: "entropy", weight: 0.05 }],
    };
    const problem = buildCase(c, WASSERSTEIN, {
      kind: "fv",
      flux: "fv1",
      method: "ssprk3",
      cfl: 1,
    });
    const r = runExplicit(problem, { steps: 1, dtMax: Infinity, beta: 0, conservesMass: true });
    expect(r.taken).toBe(1);
  });
});

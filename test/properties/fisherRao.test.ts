/**
 * Property-based tests (fast-check, seed SEED = 20251010 in arbitraries.ts) of the Fisher–Rao
 * and Wasserstein–Fisher–Rao flows: the explicit fv scheme on the fisher-rao geometry
 * (balanced and spherical, rate β ∈ [0.2, 4]) and on the wfr geometry (α ∈ [0, 2],
 * β ∈ [0, 4], balanced or spherical, every Wasserstein flux), and the exact-fisher-rao scheme
 * of KL. Random 1D/2D/3D boxes, densities with vacuum and spikes, energies as in fv.test.ts,
 * every SSP method, cfl ∈ (0, 0.95] (cflArb in arbitraries.ts), and a per-step horizon
 * dtMax ∈ [1e-3, 1] (the run loop's time to the next output: the reaction's forward-Euler
 * limit is infinite where every cell grows).
 *
 * What is asserted, and why (rounding allowances derived in checks.ts):
 * - ρ ≥ 0 after every step, exactly, for every flow.
 * - Mass only where the flow conserves it: spherical reactions (−βρ(ξ − ⟨ξ⟩_ρ) sums to 0)
 *   and the Wasserstein part; balanced flows change the mass by −β∫ρξ.
 * - Semi-discrete dissipation dF/dt = ⟨ξ, dρ/dt⟩ ≤ 0 at every step, every flow and energy.
 * - Discrete decay F_{k+1} ≤ F_k + 1e-10·max|F| (the run summaries' rule) where the scheme
 *   guarantees it:
 *   · exact-fisher-rao of KL: the step is the exact flow (log ρ relaxes geometrically to
 *     log π), along which KL decreases, cell by cell in the balanced case;
 *   · explicit balanced fisher-rao of a pointwise convex energy f(ρ_i) (KL; c·ρ^m/(m−1) + V):
 *     the cell map φ(r) = r(1 − dtβξ(r)) fixes the cell minimiser r* (ξ(r*) = 0) and has
 *     φ' = 1 − dtβ(ξ + rξ') = 1 − dtβ(ξ + ν + D(r)). Between ρ_i and r* this is ≥ 0 when
 *     ρ_i > r* by the scheme's own limit (1/dt ≥ β·max_i(ξ_i + ν + D(ρ_i))), and when ρ_i < r*
 *     if dtβ(ν + D(r*)) ≤ 1, which the caller must ensure through dtMax (FisherRaoGeometry:
 *     "pass a fixed dt or dtMax to resolve them"); then φ(ρ_i) lies between ρ_i and r* and
 *     f(ρ_i) decreases. SSP stages are convex combinations of such steps (f convex).
 *   Not asserted for the spherical flows, interaction terms, or the explicit WFR flows (no
 *   such argument; the adaptive step only guarantees positivity there).
 *
 * Known bug (the `.fails` test at the end): the entropy energy's first variation is log ρ,
 * not log ρ + 1 (src/energy/entropy.ts drops the constant, "valid for mass-preserving
 * dynamics"), so the balanced Fisher–Rao (and WFR) flow of ∫ρ log ρ computed here is the flow
 * of ∫ρ log ρ − ρ: it drives ρ to 1 instead of 1/e and ∫ρ log ρ increases along it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Energy, PointwiseTerms, SpecNode } from "../../src/index.js";
import {
  buildCase,
  caseArb,
  cflArb,
  fractionArb,
  methodArb,
  SEED,
  type Family,
} from "./arbitraries.js";
import { exactMass, expectMonotone, minOf, runExplicit, U } from "./checks.js";

const ALL: Family[] = ["entropy+potential", "generalized-entropy", "kl"];
const RUNS = 100;

const beta = fc.double({ min: 0.2, max: 4, noNaN: true });
const steps = fc.integer({ min: 1, max: 20 });
/** The horizon of each step (the run loop's time to the next output): 10^[−3, 0]. */
const horizon = fc.double({ min: -3, max: 0, noNaN: true }).map((e) => 10 ** e);

function pointwiseOf(energy: Energy): PointwiseTerms {
  if (!energy.pointwise) throw new Error(`${energy.name} has no pointwise form`);
  return energy.pointwise();
}

/**
 * The largest step for which a forward-Euler step of the balanced Fisher–Rao flow cannot
 * overshoot a cell's own minimiser r*: dt·β·(ν + D(r*)) ≤ 1 (module comment), for KL (no
 * power: D = 0) and for c·ρ^m/(m−1) + V (ν = 0: D(r*) = c·m·r*^{m−1} = (m−1)·max(0, −V)).
 */
function balancedHorizon(energy: Energy, beta: number): number {
  const pw = pointwiseOf(energy);
  let d = pw.entropy;
  if (pw.powers.length > 0) {
    if (pw.entropy !== 0 || pw.powers.length !== 1) throw new Error("not covered");
    let vmin = 0;
    for (const v of pw.potential ?? []) vmin = Math.min(vmin, v);
    d = (pw.powers[0].m - 1) * -vmin;
  }
  return d > 0 ? 1 / (beta * d) : Infinity;
}

/** max over occupied cells of |log ρ_i| + |log π_i| (bounds |a·log ρ − (1−a)·log π|). */
function maxExponent(energy: Energy, rho: Float64Array): number {
  const pw = pointwiseOf(energy);
  const w = pw.entropy;
  let worst = 0;
  for (let i = 0; i < rho.length; i++) {
    if (rho[i] > 0) {
      worst = Math.max(worst, Math.abs(Math.log(rho[i])) + Math.abs((pw.potential?.[i] ?? 0) / w));
    }
  }
  return worst;
}

describe("Fisher–Rao and WFR flows (property-based)", () => {
  it("fisher-rao, adaptive step: ρ ≥ 0; mass to rounding if spherical; dF/dt ≤ 0", () => {
    const cases = caseArb([1, 2, 3], true, ALL, { interaction: true });
    fc.assert(
      fc.property(
        cases,
        beta,
        fc.boolean(),
        cflArb,
        methodArb,
        horizon,
        steps,
        (c, rate, spherical, cfl, method, dtMax, steps) => {
          const problem = buildCase(
            c,
            { kind: "fisher-rao", rate, spherical },
            { kind: "fv", method, cfl },
          );
          runExplicit(problem, { steps, dtMax, beta: rate, conservesMass: spherical });
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("wfr, adaptive step, every flux: ρ ≥ 0; mass to rounding if spherical; dF/dt ≤ 0", () => {
    const cases = caseArb([1, 2, 3], true, ALL, { interaction: true, entropy: "always" });
    const flux = fc.constantFrom(
      { flux: "fv1" },
      { flux: "fv2", limiter: "mc" },
      { flux: "fv2", limiter: "minmod" },
      { flux: "sg" },
    );
    const weights = fc.record({
      alpha: fc.double({ min: 0, max: 2, noNaN: true }),
      beta: fc.double({ min: 0, max: 4, noNaN: true }),
      spherical: fc.boolean(),
    });
    fc.assert(
      fc.property(
        cases,
        weights.filter((w) => w.alpha > 0 || w.beta > 0),
        flux,
        cflArb,
        methodArb,
        horizon,
        steps,
        (c, w, f, cfl, method, dtMax, steps) => {
          const problem = buildCase(c, { kind: "wfr", ...w }, { kind: "fv", ...f, method, cfl });
          runExplicit(problem, {
            steps,
            dtMax,
            beta: w.beta,
            conservesMass: w.spherical || w.beta === 0,
          });
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("balanced fisher-rao of KL or c·ρ^m/(m−1) + V, dt·β·(ν + D(r*)) ≤ 1: F decreases at every step", () => {
    const cases = caseArb([1, 2, 3], true, ["kl", "generalized-entropy"], { entropy: "never" });
    fc.assert(
      fc.property(
        cases,
        beta,
        cflArb,
        methodArb,
        fractionArb,
        steps,
        (c, rate, cfl, method, frac, steps) => {
          const problem = buildCase(c, { kind: "fisher-rao", rate }, { kind: "fv", method, cfl });
          const dtMax = Math.min(1, frac * balancedHorizon(problem.energy, rate));
          const r = runExplicit(problem, { steps, dtMax, beta: rate, conservesMass: false });
          expectMonotone(r.energies);
        },
      ),
      { seed: SEED, numRuns: 2 * RUNS },
    );
  });

  it("exact-fisher-rao of KL: ρ ≥ 0, mass to rounding if spherical, F decreases at every step", () => {
    const cases = caseArb([1, 2, 3], true, ["kl"]);
    const dt = fc.option(horizon, { nil: undefined });
    fc.assert(
      fc.property(
        cases,
        beta,
        fc.boolean(),
        dt,
        horizon,
        steps,
        (c, rate, spherical, dt, dtMax, steps) => {
          const scheme: SpecNode = { kind: "exact-fisher-rao", ...(dt ? { dt } : {}) };
          const problem = buildCase(c, { kind: "fisher-rao", rate, spherical }, scheme);
          const rho = problem.rho0.slice();
          // Skip the cases of the known bug below: ρ^a π^{1−a} leaving the normal range.
          fc.pre(maxExponent(problem.energy, rho) < 600);
          const vol = problem.grid.cellVolume;
          const N = rho.length;
          const m0 = exactMass(rho, vol);
          const energies = [problem.energy.value(rho)];
          for (let k = 1; k <= steps; k++) {
            problem.scheme.step(rho, dtMax);
            expect(minOf(rho)).toBeGreaterThanOrEqual(0);
            if (spherical) {
              // Rescaled to the mass before the step by the ratio of two N-term sums:
              // ≤ (2N + 4)·u per step.
              expect(Math.abs(exactMass(rho, vol) - m0)).toBeLessThanOrEqual(
                (4 + k * (2 * N + 4)) * U * m0,
              );
            }
            energies.push(problem.energy.value(rho));
          }
          expectMonotone(energies);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  // Known bug (reported): the balanced Fisher–Rao flow of the entropy uses δF/δρ = log ρ (the
  // "+1" of ∫ρ log ρ dropped), i.e. it is the flow of ∫ρ log ρ − ρ, and the reported energy
  // ∫ρ log ρ increases: 2 cells of [0, 1], ρ0 = 0.5, β = 1, Euler, dtMax 0.1 (≪ 1/(βν) = 1):
  // F = −0.3466, −0.3348, −0.3212, … while ρ grows towards 1 (the minimiser of ∫ρ log ρ on 𝓜₊
  // is ρ = 1/e). Found by the property above with the entropy + potential family. Remove
  // `.fails` when fixed (or move the entropy family into that property if the geometry then
  // refuses the entropy in balanced flows).
  it.fails("balanced fisher-rao of the entropy: ∫ρ log ρ decreases (2 cells, ρ0 = 0.5)", () => {
    const c = {
      grid: { n: [2], lo: [0], hi: [1], boundary: ["no-flux" as const] },
      rho0: [0.5, 0.5],
      energy: [{ kind: "entropy" }],
    };
    const problem = buildCase(c, { kind: "fisher-rao" }, { kind: "fv", method: "euler", cfl: 0.5 });
    const r = runExplicit(problem, { steps: 5, dtMax: 0.1, beta: 1, conservesMass: false });
    expectMonotone(r.energies);
  });

  // Known bug (reported): the spherical exact step renormalises ρ^a π^{1−a} by the ratio of its
  // sums without factoring out the largest exponent, although the result does not depend on
  // the normalisation of π (FisherRaoKlScheme's own comment). π = e^{−1139} (KL with the
  // constant V = 1139, logZ 0) on 2 cells of [0, 1], ρ0 = [1, 1] ∝ π, β = 1, one step of 1:
  // ρ^a π^{1−a} = e^{−720} is subnormal, the rescaling factor overflows and ρ becomes
  // [Infinity, Infinity] with no error (the answer is [1, 1]; V = 1000 gives it, V = 1200 is
  // refused with "cannot be renormalised"). Found by the exact-fisher-rao property with a narrow
  // Gaussian target on a long 3D box (−log π up to 1.8e4). Remove `.fails` and the fc.pre
  // above when fixed.
  it.fails(
    "exact-fisher-rao, spherical: a density ∝ π stays put whatever π's normalisation",
    () => {
      const c = {
        grid: { n: [2], lo: [0], hi: [1], boundary: ["no-flux" as const] },
        rho0: [1, 1],
        energy: [{ kind: "kl", V: { kind: "expression", expr: "1139" }, logZ: 0 }],
      };
      const problem = buildCase(
        c,
        { kind: "fisher-rao", spherical: true },
        { kind: "exact-fisher-rao" },
      );
      const rho = problem.rho0.slice();
      problem.scheme.step(rho, 1);
      // Exact up to rounding of the two exponentials and the rescaling.
      for (const v of rho) expect(Math.abs(v - 1)).toBeLessThanOrEqual(1e-12);
    },
  );
});

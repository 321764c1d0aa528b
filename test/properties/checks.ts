/**
 * Measures and step-by-step checks shared by the property-based tests of the explicit
 * schemes (fv.test.ts, fisherRao.test.ts).
 *
 * Rounding bounds (u = 2⁻⁵³, N cells, d dimensions, S Runge–Kutta stages):
 *
 * - **Mass** is measured with a compensated sum (within 2u of the exact Σρ_i). An SSP stage
 *   u⁽ˢ⁾ = a·uⁿ + (1−a)(u⁽ˢ⁻¹⁾ + dt·k) conserves Σρ exactly in exact arithmetic (the face
 *   fluxes telescope; the spherical reaction −βρ(ξ − ⟨ξ⟩_ρ) sums to 0). In floating point each
 *   cell value is assembled from at most 2d face fluxes and three state terms, ≤ 2d + 6
 *   roundings each relative to a term of the update; the positivity limit bounds
 *   dt·Σ_i(inflow_i + outflow_i) ≤ 2M, so the terms add up to ≤ 3M and a transport stage
 *   moves the mass by ≤ (2d + 6)·3·u·M ≤ 36uM (d ≤ 3): TRANSPORT_ULPS = 36 ulps of M per
 *   stage. A reaction stage adds the rounding of ⟨ξ⟩_ρ (two N-term sums, ≤ (N + 2)u
 *   relative) and of each −βρ_i(ξ_i − ⟨ξ⟩): ≤ 2(N + 8)·u·dt·β·X·M with X = max |ξ| over the
 *   occupied cells. After K steps the allowance is the sum over the steps (linear in K: the
 *   worst case, not the √K of a random walk).
 * - **Positivity** is exact: ρ_i ≥ 0 after every step (the scheme zeroes a round-off
 *   negative of a cell emptied by a step of exactly its limit, so no tolerance is needed).
 * - **Semi-discrete dissipation** dF/dt = Σ_i ξ_i k_i |cell| (k = dρ/dt from `rate`,
 *   ξ = δF/δρ) is ≤ 0 as an identity of the fluxes: Σ_i ξ_i k_i = −Σ_faces |G_f||Δξ_f| for
 *   the upwind fluxes (the face mass has the sign of Δξ), −Σ_faces (a ρ_p − b ρ_q)·Δξ ≤ 0 for
 *   Scharfetter–Gummel (detailed balance), −βΣρ_i(ξ_i − s)ξ_i = −βΣρ_i(ξ_i − s)² for the
 *   reactions. Rounding: every k_i carries ≤ (N + 16)u relative to the magnitudes it is
 *   assembled from, |k_i| + 2ρ_i/dt_FE (inflow + outflow, outflow ≤ ρ_i/dt_FE) + 2βρ_iX
 *   (reaction), and the N-term dot product adds N·u·Σ|ξ_i k_i|: the allowance is
 *   (2N + 16)·u·Σ_i |ξ_i|(|k_i| + 2ρ_i/dt_FE + 2βρ_iX). An empty cell (ν > 0, ξ = −∞) that
 *   receives mass makes dF/dt = −∞ (the entropy of a filling cell); the check is then
 *   trivially true and skipped.
 */
import { expect } from "vitest";
import { InputError, type ExplicitScheme, type Problem } from "../../src/index.js";

/** Unit roundoff of binary64, u = 2⁻⁵³. */
export const U = 2 ** -53;

/** Mass allowance of one transport stage, in ulps of the mass (module comment). */
export const TRANSPORT_ULPS = 36;

/** Σρ_i·|cell| with Neumaier's compensated summation: within 2u of the exact sum of ρ. */
export function exactMass(rho: Float64Array, cellVolume: number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < rho.length; i++) {
    const v = rho[i];
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return (s + c) * cellVolume;
}

/** min_i ρ_i. */
export function minOf(rho: Float64Array): number {
  let m = Infinity;
  for (let i = 0; i < rho.length; i++) if (rho[i] < m) m = rho[i];
  return m;
}

/** dF/dt of the semi-discrete flow at ρ, with its rounding allowance (module comment). */
export interface Dissipation {
  /** Σ_i ξ_i k_i |cell| over the cells with finite ξ. */
  rate: number;
  /** Rounding allowance of `rate`. */
  tol: number;
  /** True if an empty cell with ξ = −∞ receives mass (dF/dt = −∞). */
  intoVacuum: boolean;
  /** max |ξ_i| over the occupied cells. */
  maxXi: number;
}

/** Work arrays of {@link semiDiscreteRate}. */
export interface Work {
  xi: Float64Array;
  k: Float64Array;
}

/**
 * dF/dt = ⟨ξ, k⟩ at ρ for the scheme's geometry, β the reaction rate (0 for Wasserstein).
 * ξ is the energy's first variation, the one the geometry transports along.
 */
export function semiDiscreteRate(
  problem: Problem,
  scheme: ExplicitScheme,
  rho: Float64Array,
  beta: number,
  work: Work,
): Dissipation {
  const { xi, k } = work;
  const lim = scheme.geometry.rate(rho, k);
  problem.energy.firstVariation(rho, xi);
  const N = rho.length;
  let maxXi = 0;
  for (let i = 0; i < N; i++) if (rho[i] > 0) maxXi = Math.max(maxXi, Math.abs(xi[i]));
  let rate = 0;
  let mag = 0;
  let intoVacuum = false;
  const inv = Number.isFinite(lim) ? 1 / lim : 0;
  for (let i = 0; i < N; i++) {
    if (!Number.isFinite(xi[i])) {
      if (k[i] > 0) intoVacuum = true;
      continue;
    }
    rate += xi[i] * k[i];
    mag += Math.abs(xi[i]) * (Math.abs(k[i]) + 2 * rho[i] * inv + 2 * beta * rho[i] * maxXi);
  }
  const vol = problem.grid.cellVolume;
  return { rate: rate * vol, tol: (2 * N + 16) * U * mag * vol, intoVacuum, maxXi };
}

export interface ExplicitRunOptions {
  /** Steps to take. */
  steps: number;
  /** dtMax of each step (Infinity: the scheme's own step). */
  dtMax: number;
  /** β of the reaction part (0 for Wasserstein). */
  beta: number;
  /** Check mass conservation (Wasserstein, spherical reactions). */
  conservesMass: boolean;
  /** Accept an InputError on `dt` (a fixed step above a later stage's limit) as the end. */
  allowDtRefusal?: boolean;
}

export interface ExplicitRunRecord {
  /** F(ρ) before the first and after every step. */
  energies: number[];
  /** Steps taken (fewer than asked if a fixed dt was refused). */
  taken: number;
  /** The refusal of a fixed dt, if any. */
  refusal: InputError | undefined;
  /** Largest |M_k − M_0| / (u·M_0·S·k) observed (ulps of the mass per stage). */
  massUlpsPerStage: number;
}

/**
 * Runs the explicit scheme of `problem` step by step on a copy of ρ0, checking after every
 * step: ρ ≥ 0 exactly, the mass within its rounding allowance (if conserved), and before
 * every step the semi-discrete dissipation dF/dt ≤ allowance.
 */
export function runExplicit(problem: Problem, options: ExplicitRunOptions): ExplicitRunRecord {
  const scheme = problem.scheme as ExplicitScheme;
  const rho = problem.rho0.slice();
  const N = rho.length;
  const vol = problem.grid.cellVolume;
  const S = scheme.method.a.length;
  const work: Work = { xi: new Float64Array(N), k: new Float64Array(N) };
  const m0 = exactMass(rho, vol);
  // Two compensated measurements, each within 2u.
  let massTol = 4 * U * m0;
  let massUlpsPerStage = 0;
  const energies = [problem.energy.value(rho)];
  let refusal: InputError | undefined;
  let taken = 0;
  for (let k = 1; k <= options.steps; k++) {
    const d = semiDiscreteRate(problem, scheme, rho, options.beta, work);
    if (!d.intoVacuum) expect(d.rate, `dF/dt before step ${k}`).toBeLessThanOrEqual(d.tol);
    let dt: number;
    try {
      dt = scheme.step(rho, options.dtMax);
    } catch (err) {
      if (options.allowDtRefusal && err instanceof InputError && err.field === "dt") {
        refusal = err;
        break;
      }
      throw err;
    }
    taken = k;
    expect(minOf(rho), `min ρ after step ${k}`).toBeGreaterThanOrEqual(0);
    if (options.conservesMass) {
      const reaction = 2 * (N + 8) * dt * options.beta * d.maxXi;
      massTol += S * U * m0 * (TRANSPORT_ULPS + reaction);
      const drift = Math.abs(exactMass(rho, vol) - m0);
      expect(drift, `mass drift after step ${k}`).toBeLessThanOrEqual(massTol);
      massUlpsPerStage = Math.max(massUlpsPerStage, drift / (U * m0 * S * k));
    }
    energies.push(problem.energy.value(rho));
  }
  return { energies, taken, refusal, massUlpsPerStage };
}

/**
 * Checks F_{k+1} ≤ F_k + tol·max_k |F_k| at every step (the energy-monotone rule of the run
 * summaries, ENERGY_MONOTONE_RTOL = 1e-10 of src/run/summary.ts); returns the largest
 * increase relative to max |F|.
 */
export function expectMonotone(energies: readonly number[], rtol = 1e-10): number {
  const scale = Math.max(...energies.map(Math.abs));
  let worst = -Infinity;
  for (let k = 1; k < energies.length; k++) {
    const inc = energies[k] - energies[k - 1];
    worst = Math.max(worst, inc / scale);
    expect(inc, `F_${k} − F_${k - 1} (max |F| = ${scale})`).toBeLessThanOrEqual(rtol * scale);
  }
  return worst;
}

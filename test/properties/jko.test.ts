/**
 * Property-based tests (fast-check, seed SEED = 20251010 in arbitraries.ts) of the entropic JKO
 * scheme: random 1D/2D/3D no-flux boxes (the scheme refuses periodic axes), random densities
 * (vacuum, spikes, random mass), random energies (entropy + potential, generalized entropy
 * with m ∈ [1.1, 4], KL to a Gaussian, each with an optional small interaction term, which the
 * step linearises at ρ_k), random ε ∈ [0.5, 2]·2h² (or the default 2h²) and τ = r·ε with
 * r ∈ [0.05, 5]. Problems are built from spec data (validateSpec + buildProblem).
 *
 * What is asserted at every step, and why:
 * - ρ_{k+1} ≥ 0 exactly: it is the column marginal of a plan with entries e^{…} ≥ 0.
 * - Mass: the plan's rows are exactly p_k after the last a-update, so Σq = Σp up to rounding.
 *   The log-stabilised kernel stores K̃_ij = e^{f̄_i + ḡ_j − C_ij/ε} twice (the forward copy
 *   gives the rows, the backward copy the columns), each entry with a relative error of a few
 *   u times its exponent; the exponents are bounded by Λ = diam²/ε + σ·max|ξ| + max|log p|
 *   (cost range, the prox potential g = −2τξ/ε up to a constant, the row potentials). The
 *   allowance per step is 16·u·(N + Λ)·M: two N-term sums per marginal and ≤ 4 roundings per
 *   exponent (of size ≤ 2Λ) on each of the two copies. Measured: ≤ 8.6·u·(N + Λ)·M over 400
 *   random single steps, 12.5·u·(N + Λ)·M in the first step of the `.fails` case below.
 * - The step's own energy inequality (what the JKO guarantees, docs/jko.md): ρ_{k+1}
 *   minimises J(ρ) = F_k(ρ) + W_ε(ρ, ρ_k)/(2τ), F_k the energy with its interaction terms
 *   linearised at ρ_k, so J(ρ_{k+1}) ≤ J(ρ_k) = F(ρ_k) + W_ε(ρ_k, ρ_k)/(2τ). W_ε(ρ_{k+1}, ρ_k)
 *   is the primal value of the step's final plan (`last.transport`), W_ε(ρ_k, ρ_k) is bounded
 *   above by the primal value of an explicit coupling of (p_k, p_k) (selfTransportBound), so
 *   the check is sound. Tolerance: the run summaries' 1e-10 relative (ENERGY_MONOTONE_RTOL)
 *   of the magnitudes compared, which covers the inner stopping rule (relative change of q
 *   below 1e-10); measured: J(ρ_{k+1}) − J(ρ_k) ≤ 3.2e-16 of that scale (four seeds). F itself
 *   is NOT asserted to decrease: the entropic blur moves the scheme's fixed point away from
 *   F's minimiser, and near it F rises (measured: up to +99% of a small |F| in one step).
 *
 * Known failures, kept out of the generated domain and reported:
 * - A later step can crash with "entropic JKO: non-finite density at inner iteration 0"
 *   (both kernels, with or without extrapolation) when σν = 2τν/ε is large: after a first
 *   step from a density with an empty cell once σν ≳ 16 (the `.fails` test at the end; also
 *   with m = 1.01 instead of the entropy), and without vacuum with larger τ/ε (KL to a narrow
 *   Gaussian plus a power-law interaction, τ/ε = 20, cells of 1e-9). Hence the multi-step
 *   property runs on densities without vacuum and τ/ε ≤ 5, the one-step property on any
 *   density; m ≥ 1.1.
 * - The generalized-entropy prox makes the inner iteration stiff: the iterations grow like
 *   √(σ·D_max), D_max = Σ c·m·ρmax^{m−1} (measured 1e4 → ~10³, 1.8e6 → 9·10³, 2.6e9 → 1.1e5),
 *   so spiky data with m near 4 exceeds the default cap of 20 000 and the step fails with a
 *   clear SolverError (e.g. m = 3.91, 8 cells of [1, 1.5], a peak of 81.6, τ = ε = 2h²). Cases
 *   with σ·D_max(ρ0) > 1e5 are skipped (fc.pre).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EnergySum,
  Interaction,
  SinkhornSolver,
  SolverError,
  type Energy,
  type Grid,
  type JkoScheme,
  type Problem,
  type SpecNode,
} from "../../src/index.js";
import { buildCase, caseArb, SEED, type Case, type CellRange, type Family } from "./arbitraries.js";
import { exactMass, minOf, U } from "./checks.js";

const ALL: Family[] = ["entropy+potential", "generalized-entropy", "kl"];
/** Smaller grids than the explicit tests: each step is an inner iteration of up to 10⁴ sweeps. */
const JKO_CELLS: CellRange = { 1: [4, 24], 2: [3, 8], 3: [2, 3] };

/** The interaction terms of an energy with their weights (linearised at ρ_k by the step). */
function interactions(energy: Energy, weight = 1): { w: number; e: Interaction }[] {
  if (energy instanceof Interaction) return [{ w: weight, e: energy }];
  if (energy instanceof EnergySum) {
    return energy.terms.flatMap((t) => interactions(t.energy, weight * t.weight));
  }
  return [];
}

/**
 * F_k: the energy with each interaction term w·E replaced by its linearisation at ρ_k,
 * w·(E(ρ_k) + ⟨δE/δρ(ρ_k), ρ − ρ_k⟩), up to a constant (which cancels in J(ρ_{k+1}) − J(ρ_k)).
 */
function linearisedEnergy(problem: Problem, rhoK: Float64Array): (rho: Float64Array) => number {
  const vol = problem.grid.cellVolume;
  const terms = interactions(problem.energy).map(({ w, e }) => {
    const psi = new Float64Array(rhoK.length);
    e.smoothVariation(rhoK, psi);
    return { w, e, psi };
  });
  return (rho) => {
    let f = problem.energy.value(rho);
    for (const { w, e, psi } of terms) {
      let lin = 0;
      for (let i = 0; i < rho.length; i++) lin += psi[i] * rho[i];
      f += w * (lin * vol - e.value(rho));
    }
    return f;
  };
}

/** Squared distances between cell centres (dense, row-major N×N). */
function costMatrix(grid: Grid): Float64Array {
  const N = grid.size;
  const d = grid.dim;
  const x = new Float64Array(N * d);
  const idx = new Int32Array(d);
  for (let i = 0; i < N; i++) {
    grid.unravel(i, idx);
    for (let a = 0; a < d; a++) x[i * d + a] = grid.center(a, idx[a]);
  }
  const C = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let a = 0; a < d; a++) s += (x[i * d + a] - x[j * d + a]) ** 2;
      C[i * N + j] = s;
    }
  }
  return C;
}

/** Σ P(C + ε(log P − 1)) − 2εM log|cell| of a dense coupling P (the W_ε of sinkhorn.ts). */
function primal(P: Float64Array, C: Float64Array, eps: number, cell: number): number {
  let s = 0;
  let M = 0;
  for (let k = 0; k < P.length; k++) {
    const v = P[k];
    if (v > 0) {
      s += v * (C[k] + eps * (Math.log(v) - 1));
      M += v;
    }
  }
  return s - 2 * eps * M * Math.log(cell);
}

/**
 * An upper bound of W_ε(p, p): the primal value of a coupling with marginals exactly p (up to
 * rounding). The diagonal coupling (cost 0) always qualifies; a near-optimal one is the
 * Sinkhorn plan P_ij = e^{(f_i + g_j − C_ij)/ε}, scaled down to rows and columns ≤ p and
 * completed by the product of the row and column deficits, a⊗b/Σa (when Sinkhorn converges).
 */
function selfTransportBound(grid: Grid, p: Float64Array, eps: number, C: Float64Array): number {
  const N = p.length;
  const cell = grid.cellVolume;
  const P = new Float64Array(N * N);
  for (let i = 0; i < N; i++) P[i * N + i] = p[i];
  const diagonal = primal(P, C, eps, cell);
  let f: Float64Array;
  let g: Float64Array;
  try {
    ({ f, g } = new SinkhornSolver(grid, eps).solve(p, p, { tol: 1e-9, maxIter: 3000 }));
  } catch (err) {
    if (err instanceof SolverError) return diagonal;
    throw err;
  }
  P.fill(0);
  for (let i = 0; i < N; i++) {
    if (!(p[i] > 0)) continue;
    let row = 0;
    for (let j = 0; j < N; j++) {
      const v = p[j] > 0 ? Math.exp((f[i] + g[j] - C[i * N + j]) / eps) : 0;
      P[i * N + j] = v;
      row += v;
    }
    if (row > p[i]) for (let j = 0; j < N; j++) P[i * N + j] *= p[i] / row;
  }
  for (let j = 0; j < N; j++) {
    let col = 0;
    for (let i = 0; i < N; i++) col += P[i * N + j];
    if (col > p[j]) for (let i = 0; i < N; i++) P[i * N + j] *= p[j] / col;
  }
  const a = new Float64Array(N);
  const b = new Float64Array(N);
  let deficit = 0;
  for (let i = 0; i < N; i++) {
    let r = 0;
    let c = 0;
    for (let j = 0; j < N; j++) {
      r += P[i * N + j];
      c += P[j * N + i];
    }
    a[i] = Math.max(0, p[i] - r);
    b[i] = Math.max(0, p[i] - c);
    deficit += a[i];
  }
  if (deficit > 0) {
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) P[i * N + j] += (a[i] * b[j]) / deficit;
  }
  return Math.min(diagonal, primal(P, C, eps, cell));
}

/** max over occupied cells of |log(ρ_i|cell|)| and |ξ_i|. */
function logRanges(problem: Problem, rho: Float64Array): { logP: number; xi: number } {
  const vol = problem.grid.cellVolume;
  const xi = new Float64Array(rho.length);
  problem.energy.firstVariation(rho, xi);
  let logP = 0;
  let maxXi = 0;
  for (let i = 0; i < rho.length; i++) {
    if (rho[i] > 0) {
      logP = Math.max(logP, Math.abs(Math.log(rho[i] * vol)));
      maxXi = Math.max(maxXi, Math.abs(xi[i]));
    }
  }
  return { logP, xi: maxXi };
}

/**
 * σ·D_max = (2τ/ε)·Σ c·m·ρmax^{m−1}: the stiffness of the generalized-entropy prox at ρ0
 * (D the porous-medium diffusivity of the terms c·ρ^m/(m−1)).
 */
function proxStiffness(c: Case, scheme: SpecNode): number {
  const tau = scheme.tau as number;
  const h = Math.max(...c.grid.n.map((n, a) => (c.grid.hi[a] - c.grid.lo[a]) / n));
  const eps = (scheme.eps as number | undefined) ?? 2 * h * h;
  const rmax = Math.max(...c.rho0);
  let d = 0;
  for (const t of c.energy) {
    if (t.kind === "generalized-entropy") {
      const m = t.m as number;
      d += (t.weight as number) * m * rmax ** (m - 1);
    }
  }
  return ((2 * tau) / eps) * d;
}

/** A JKO scheme node: ε = factor·2h² (or the default), τ = ratio·ε. */
function jkoNode(c: Case, ratio: number, epsFactor: number | undefined): SpecNode {
  const h = Math.max(...c.grid.n.map((n, a) => (c.grid.hi[a] - c.grid.lo[a]) / n));
  const eps = (epsFactor ?? 1) * 2 * h * h;
  return {
    kind: "jko",
    tau: ratio * eps,
    ...(epsFactor !== undefined ? { eps } : {}),
  };
}

/**
 * Takes `steps` JKO steps from ρ0, checking after each: ρ ≥ 0, the mass allowance, and
 * J(ρ_{k+1}) ≤ J(ρ_k) (module comment).
 */
function checkSteps(problem: Problem, steps: number): void {
  const s = problem.scheme as JkoScheme;
  const grid = problem.grid;
  const tau = s.tau;
  const eps = s.eps;
  const sigma = (2 * tau) / eps;
  const vol = grid.cellVolume;
  const N = grid.size;
  const diam2 = grid.hi.reduce((acc, hi, a) => acc + (hi - grid.lo[a]) ** 2, 0);
  const C = costMatrix(grid);
  const rho = problem.rho0.slice();
  const m0 = exactMass(rho, vol);
  let massTol = 4 * U * m0;
  for (let k = 1; k <= steps; k++) {
    const rhoK = rho.slice();
    const p = Float64Array.from(rhoK, (r) => r * vol);
    const Fk = linearisedEnergy(problem, rhoK);
    const selfCost = selfTransportBound(grid, p, eps, C);
    const before = Fk(rhoK) + selfCost / (2 * tau);
    const rangeK = logRanges(problem, rhoK);

    s.step(rho, tau);

    expect(minOf(rho), `min ρ after step ${k}`).toBeGreaterThanOrEqual(0);
    const rangeNext = logRanges(problem, rho);
    const lambda =
      diam2 / eps +
      sigma * Math.max(rangeK.xi, rangeNext.xi) +
      Math.max(rangeK.logP, rangeNext.logP);
    massTol += 16 * U * (N + lambda) * m0;
    expect(Math.abs(exactMass(rho, vol) - m0), `mass drift after step ${k}`).toBeLessThanOrEqual(
      massTol,
    );
    const transport = s.last!.transport;
    const after = Fk(rho) + transport / (2 * tau);
    const scale =
      Math.abs(Fk(rhoK)) +
      Math.abs(Fk(rho)) +
      (Math.abs(selfCost) + Math.abs(transport)) / (2 * tau);
    expect(after - before, `J(ρ_${k}) − J(ρ_${k - 1}) (scale ${scale})`).toBeLessThanOrEqual(
      1e-10 * scale,
    );
  }
}

/**
 * Largest prox stiffness σ·D_max run (module comment): the inner iterations grow like its
 * square root, and the default cap of 20 000 is reached near 1e7.
 */
const MAX_STIFFNESS = 1e5;

/** τ/ε ∈ [0.05, 5] (module comment: larger ratios meet the known failures). */
const ratio = fc.double({ min: -1.3, max: Math.log10(5), noNaN: true }).map((e) => 10 ** e);
/** ε = factor·2h², factor ∈ [0.5, 2], or the default 2h². */
const epsFactor = fc.option(fc.double({ min: 0.5, max: 2, noNaN: true }), { nil: undefined });

describe("entropic JKO: mass, positivity, the step's energy inequality (property-based)", () => {
  it("one step from any density (vacuum, spikes): ρ ≥ 0, mass to rounding, J decreases", () => {
    const cases = caseArb([1, 2, 3], false, ALL, {
      interaction: true,
      mMin: 1.1,
      cells: JKO_CELLS,
    });
    fc.assert(
      fc.property(cases, ratio, epsFactor, (c, r, e) => {
        const scheme = jkoNode(c, r, e);
        fc.pre(proxStiffness(c, scheme) <= MAX_STIFFNESS);
        checkSteps(buildCase(c, { kind: "wasserstein" }, scheme), 1);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("two to four steps from densities without vacuum: the same at every step", () => {
    const cases = caseArb([1, 2, 3], false, ALL, {
      interaction: true,
      mMin: 1.1,
      cells: JKO_CELLS,
      positive: true,
    });
    fc.assert(
      fc.property(cases, ratio, epsFactor, fc.integer({ min: 2, max: 4 }), (c, r, e, steps) => {
        const scheme = jkoNode(c, r, e);
        fc.pre(proxStiffness(c, scheme) <= MAX_STIFFNESS);
        checkSteps(buildCase(c, { kind: "wasserstein" }, scheme), steps);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  // Known bug (reported, issue 10 property tests): after a first step from a density with an
  // empty cell, the next step fails with "entropic JKO: non-finite density at inner
  // iteration 0" on both kernels, with or without extrapolation, once σν = 2τν/ε ≳ 16. Minimal
  // case (reduced by hand from fast-check's counterexample): heat (entropy) on 4 cells of [0, 1], ρ0 = [1, 0, 0, 1], τ = 1,
  // default ε = 2h² = 0.125. The same data without the zeros ([1, 1e-9, 1e-9, 1]) runs four
  // steps. Remove `.fails` when fixed.
  it.fails("two steps from ρ0 = [1, 0, 0, 1] (heat, 4 cells, τ = 1, ε = 2h²)", () => {
    const c: Case = {
      grid: { n: [4], lo: [0], hi: [1], boundary: ["no-flux"] },
      rho0: [1, 0, 0, 1],
      energy: [{ kind: "entropy" }],
    };
    checkSteps(buildCase(c, { kind: "wasserstein" }, { kind: "jko", tau: 1 }), 2);
  });
});

import type { Energy } from "../energy/energy.js";
import { SolverError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { GridSlices, type SliceModel } from "./slicedWasserstein.js";

/**
 * One JKO step in the sliced-Wasserstein metric over the weights of a fixed grid
 * (C. Bonet, N. Courty, F. Septier & L. Drumetz, "Efficient gradient flows in
 * sliced-Wasserstein space", TMLR 2022, §3, the "discretized grid" variant):
 *
 *   w_{k+1} = argmin_{w ≥ 0, Σw = M}  Φ(w) = SW₂²(w, w_k)/(2τ) + F(w/|cell|),
 *
 * w_i = ρ_i|cell| the cell masses, SW₂² of GridSlices (L directions, sort orders cached). The
 * gradient of Φ in the weights is f/(2τ) + ξ, f the averaged 1D Kantorovich potentials and
 * ξ = δF/δρ (∂F/∂w_i = ξ_i because F = Σ f(ρ_i)|cell|).
 *
 * **Method: mirror descent with the entropy split** (exponentiated gradient: the mirror map is
 * the Boltzmann entropy of the weights; A. Beck & M. Teboulle, Oper. Res. Lett. 31, 2003).
 * Write ξ = ν log ρ + ψ (Energy: ν = entropyWeight, ψ = smoothVariation, finite in vacuum),
 * Φ = P + νH with H(w) = Σ ρ_i log ρ_i |cell| and P the rest, g = f/(2τ) + ψ its gradient. One
 * iteration is the Bregman proximal step
 *
 *   w⁺ = argmin_{Σy=M} ⟨g, y⟩ + νH(y) + KL(y | w)/η   ⇔   log w⁺ = (log w − ηg)/(1 + ην) + c,
 *
 * c fixing Σw⁺ = M: the entropy is taken implicitly, so log ρ is never evaluated (vacuum is
 * harmless) and the weights stay positive by construction; the mass is exact up to rounding
 * (the normalisation is a log-sum-exp). Weights are kept as logarithms, floored at
 * log(M·10⁻³⁰⁰) (a cell of ρ_k with no mass starts there): no weight underflows to 0, and a
 * multiplicative update can refill an emptied cell.
 *
 * **Step-size rule: spectral mirror descent.** η is the Barzilai–Borwein step
 * ⟨s, s⟩/⟨s, y⟩ of the last accepted iteration, s = Δlog w and y = Δ(g + ν log w) (the change
 * of the full gradient), both centred, in the inner product weighted by w (the local metric of
 * the mirror map), kept within [10⁻⁶, 10⁴]·η_ref, η_ref = 2τd/σ² (σ² the per-axis variance
 * of ρ_k: the inverse curvature of SW₂²/(2τ) relative to the entropy along translations,
 * docs/sliced-wasserstein.md); it is carried over from step to step. A trial point is
 * accepted by the nonmonotone Armijo test of Grippo, Lampariello & Lucidi (SIAM J. Numer.
 * Anal. 23, 1986), as in the spectral projected gradient of Birgin, Martínez & Raydan (SIAM
 * J. Optim. 10, 2000):
 *   Φ(w⁺) ≤ max(Φ over the last 5 accepted points) − 0.01·KL(w⁺ | w)/η,
 * else η is halved. The step returns the best point met (lowest Φ), so Φ(w_{k+1}) ≤ Φ(w_k) =
 * F(ρ_k) and the energy never increases from step to step.
 *
 * **Stopping rule.** Stop when the best value improved over the last 5 accepted iterations by
 * at most `tol` times the decrease achieved since the start of the step (a relative
 * stagnation test), or after `maxIter` iterations (reported, not an error), or when η falls
 * below 10⁻⁸η_ref without an accepted point ("stalled": no descent found along the mirror
 * gradient; with the "points" model this is where the step is pinned by the kinks of its
 * piecewise-linear SW₂², docs/sliced-wasserstein.md). With ν > 0 the step also reports the
 * entropic gap of the returned point
 *   gap = ν·KL(w ‖ y*), y* ∝ e^{−g/ν} (mass M),
 * which equals Φ(w) − min_y [P(w) + ⟨g, y − w⟩ + νH(y)] (Gibbs variational principle): an
 * upper bound of Φ(w) − min Φ when P is convex and differentiable at w (entropy, potential,
 * KL, ρ^m with the "segments" model; not the aggregation interaction energy).
 */
export interface SlicedJkoOptions {
  /** Time step τ > 0. */
  tau: number;
  /** Number of directions L (sliceDirections: 1 in 1D, any ≥ 1 in 2D, a multiple of 3 in 3D). */
  directions: number;
  /** Where a cell's mass sits on each line (slicedWasserstein.ts); default "segments". */
  model?: SliceModel;
  /** Seed of the 3D directions (default 1). */
  seed?: number;
  /** Relative stagnation tolerance of the stopping rule (default 1e-5). */
  tol?: number;
  /** Iteration cap per step (default 500); reaching it is reported, not an error. */
  maxIter?: number;
}

/** Diagnostics of one step. */
export interface SlicedJkoStepInfo {
  /** Accepted iterations (mirror-descent steps). */
  iterations: number;
  /** Objective evaluations (accepted and rejected trial points, plus the start). */
  evaluations: number;
  /** SW₂²(w_{k+1}, w_k), w_{k+1} the returned (best) point. */
  sw2: number;
  /** F(ρ_{k+1}). */
  energy: number;
  /** Φ(w_{k+1}) = SW₂²/(2τ) + F. */
  objective: number;
  /** Relative change ‖w⁺ − w‖₁/M of the last accepted iteration. */
  change: number;
  /** Mirror step η at the end of the step. */
  eta: number;
  /** Why the step stopped. */
  stop: "tol" | "stalled" | "maxIter";
  /** The entropic gap ν·KL(w ‖ y*) at the returned point (ν > 0), else null. */
  gap: number | null;
}

/** Floor of the weights relative to the mass (log w ≥ log(M·10⁻³⁰⁰)). */
const VACUUM_FLOOR = 1e-300;

/** Sufficient-decrease fraction σ of the acceptance test. */
const ARMIJO = 0.01;
/** Reduction of η after a rejected trial point. */
const SHRINK = 0.5;
/** Window of the nonmonotone acceptance test and of the stopping rule. */
const MEMORY = 5;

export class SlicedJko {
  readonly tau: number;
  readonly tol: number;
  readonly maxIter: number;
  readonly slices: GridSlices;
  /** Current mirror step (kept between steps); NaN before the first step. */
  eta = NaN;
  private readonly nu: number;
  private readonly cell: number;
  private readonly n: number;
  // Work arrays: current point (log-weights, weights, gradient) and the trial point.
  private readonly logW: Float64Array;
  private readonly w: Float64Array;
  private readonly g: Float64Array;
  private readonly logT: Float64Array;
  private readonly wT: Float64Array;
  private readonly gT: Float64Array;
  private readonly rho: Float64Array;
  private readonly psi: Float64Array;
  private readonly prev: Float64Array;
  private readonly best: Float64Array;

  constructor(
    readonly grid: Grid,
    readonly energy: Energy,
    options: SlicedJkoOptions,
  ) {
    this.tau = requireNumber("tau", options.tau, { min: 0, exclusiveMin: true });
    this.tol = requireNumber("tol", options.tol ?? 1e-5, { min: 0, exclusiveMin: true });
    this.maxIter = requireNumber("maxIter", options.maxIter ?? 500, { min: 1, integer: true });
    this.slices = new GridSlices(
      grid,
      options.directions,
      options.model ?? "segments",
      options.seed ?? 1,
    );
    this.nu = energy.entropyWeight;
    this.cell = grid.cellVolume;
    const n = grid.size;
    this.n = n;
    this.logW = new Float64Array(n);
    this.w = new Float64Array(n);
    this.g = new Float64Array(n);
    this.logT = new Float64Array(n);
    this.wT = new Float64Array(n);
    this.gT = new Float64Array(n);
    this.rho = new Float64Array(n);
    this.psi = new Float64Array(n);
    this.prev = new Float64Array(n);
    this.best = new Float64Array(n);
  }

  /**
   * One step from the density ρ_k (cell averages) into `out` (may be the same array), with
   * step τ (default the constructor's).
   */
  step(rhoK: Float64Array, out: Float64Array, tau = this.tau): SlicedJkoStepInfo {
    const { n, cell, nu } = this;
    requireNumber("tau", tau, { min: 0, exclusiveMin: true });
    const prev = this.prev;
    let M = 0;
    for (let i = 0; i < n; i++) {
      prev[i] = rhoK[i] * cell;
      M += prev[i];
    }
    if (!(M > 0) || !Number.isFinite(M)) {
      throw new SolverError(`sliced JKO: the density has mass ${M}; it needs a positive mass`);
    }
    const floor = Math.log(M * VACUUM_FLOOR);
    let logW = this.logW;
    let w = this.w;
    let g = this.g;
    let logT = this.logT;
    let wT = this.wT;
    let gT = this.gT;
    for (let i = 0; i < n; i++) logW[i] = prev[i] > 0 ? Math.max(Math.log(prev[i]), floor) : floor;
    normaliseLog(logW, w, M);
    // Start from the last step's η, kept within 10³ of this step's reference 2τd/σ².
    const ref = referenceEta(this.grid, prev, M, tau);
    let eta = Number.isFinite(this.eta) ? Math.min(1e3 * ref, Math.max(1e-3 * ref, this.eta)) : ref;
    let cur = this.evaluate(w, prev, g, tau);
    const start = cur.objective;
    const best = this.best;
    best.set(w);
    let bestValue = cur;
    const recent: number[] = [cur.objective]; // last accepted objectives (nonmonotone test)
    const bestTrail: number[] = [cur.objective]; // best value after each accepted iteration
    let evaluations = 1;
    let iterations = 0;
    let change = 0;
    let stop: SlicedJkoStepInfo["stop"] = "maxIter";
    while (iterations < this.maxIter) {
      const damp = 1 / (1 + eta * nu);
      for (let i = 0; i < n; i++) logT[i] = Math.max((logW[i] - eta * g[i]) * damp, floor);
      normaliseLog(logT, wT, M);
      const trial = this.evaluate(wT, prev, gT, tau);
      evaluations++;
      if (!Number.isFinite(trial.objective)) {
        throw new SolverError(`sliced JKO: non-finite objective ${trial.objective}`);
      }
      let kl = 0;
      for (let i = 0; i < n; i++) if (wT[i] > 0) kl += wT[i] * (logT[i] - logW[i]);
      const reference = Math.max(...recent);
      const slack = 1e-14 * (Math.abs(reference) + Math.abs(trial.objective));
      if (trial.objective <= reference - (ARMIJO * kl) / eta + slack) {
        // Barzilai–Borwein step from the change of the log-weights s and of the full gradient
        // y = Δ(g + ν log w), in the inner product weighted by w⁺ (the mirror metric), centred.
        let d = 0;
        let ms = 0;
        let my = 0;
        for (let i = 0; i < n; i++) {
          d += Math.abs(wT[i] - w[i]);
          const si = logT[i] - logW[i];
          const yi = gT[i] - g[i] + nu * si;
          ms += wT[i] * si;
          my += wT[i] * yi;
        }
        ms /= M;
        my /= M;
        let ss = 0;
        let sy = 0;
        for (let i = 0; i < n; i++) {
          const si = logT[i] - logW[i] - ms;
          const yi = gT[i] - g[i] + nu * (logT[i] - logW[i]) - my;
          ss += wT[i] * si * si;
          sy += wT[i] * si * yi;
        }
        change = d / M;
        [logW, logT] = [logT, logW];
        [w, wT] = [wT, w];
        [g, gT] = [gT, g];
        cur = trial;
        iterations++;
        eta = sy > 0 ? Math.min(1e4 * ref, Math.max(1e-6 * ref, ss / sy)) : eta * 2;
        recent.push(cur.objective);
        if (recent.length > MEMORY) recent.shift();
        if (cur.objective < bestValue.objective) {
          bestValue = cur;
          best.set(w);
        }
        bestTrail.push(bestValue.objective);
        const k = bestTrail.length - 1;
        if (
          k >= MEMORY &&
          bestTrail[k - MEMORY] - bestValue.objective <= this.tol * (start - bestValue.objective)
        ) {
          stop = "tol";
          break;
        }
      } else {
        eta *= SHRINK;
        if (eta < 1e-8 * ref) {
          stop = "stalled";
          break;
        }
      }
    }
    this.eta = eta < 1e-8 * ref ? ref : eta;
    for (let i = 0; i < n; i++) out[i] = best[i] / cell;
    let gap: number | null = null;
    if (nu > 0) {
      if (bestValue !== cur) {
        // The gap needs the gradient at the returned point.
        w.set(best);
        for (let i = 0; i < n; i++) logW[i] = Math.log(best[i]);
        this.evaluate(w, prev, g, tau);
        evaluations++;
      }
      gap = entropicGap(logW, w, g, nu, M);
    }
    return {
      iterations,
      evaluations,
      sw2: bestValue.sw2,
      energy: bestValue.energy,
      objective: bestValue.objective,
      change,
      eta,
      stop,
      gap,
    };
  }

  /**
   * Φ at weights w (and its parts), writing the gradient g = f/(2τ) + ψ of the non-entropic
   * part P = Φ − νH into `grad`.
   */
  private evaluate(
    w: Float64Array,
    prev: Float64Array,
    grad: Float64Array,
    tau: number,
  ): { sw2: number; energy: number; objective: number } {
    const { n, cell, rho, psi } = this;
    const sw2 = this.slices.sw2(w, prev, grad);
    for (let i = 0; i < n; i++) rho[i] = w[i] / cell;
    const energy = this.energy.value(rho);
    this.energy.smoothVariation(rho, psi);
    const inv = 1 / (2 * tau);
    for (let i = 0; i < n; i++) grad[i] = grad[i] * inv + psi[i];
    return { sw2, energy, objective: sw2 * inv + energy };
  }
}

/** w = e^{logW} rescaled to mass M (log-sum-exp), logW shifted accordingly. */
function normaliseLog(logW: Float64Array, w: Float64Array, M: number): void {
  let mx = -Infinity;
  for (let i = 0; i < logW.length; i++) if (logW[i] > mx) mx = logW[i];
  let s = 0;
  for (let i = 0; i < logW.length; i++) s += Math.exp(logW[i] - mx);
  const shift = Math.log(M) - mx - Math.log(s);
  for (let i = 0; i < logW.length; i++) {
    logW[i] += shift;
    w[i] = Math.exp(logW[i]);
  }
}

/** ν·KL(w ‖ y*), y* ∝ e^{−g/ν} with mass M (see the class comment). */
function entropicGap(
  logW: Float64Array,
  w: Float64Array,
  g: Float64Array,
  nu: number,
  M: number,
): number {
  const n = w.length;
  let mx = -Infinity;
  for (let i = 0; i < n; i++) mx = Math.max(mx, -g[i] / nu);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(-g[i] / nu - mx);
  const logZ = mx + Math.log(s) - Math.log(M);
  let kl = 0;
  for (let i = 0; i < n; i++) if (w[i] > 0) kl += w[i] * (logW[i] + g[i] / nu + logZ);
  return Math.max(0, nu * kl);
}

/** 2τd/σ², σ² the per-axis variance of the weights (at least h², the grid's resolution). */
function referenceEta(grid: Grid, w: Float64Array, M: number, tau: number): number {
  const d = grid.dim;
  const idx = new Int32Array(d);
  const m1 = new Float64Array(d);
  const m2 = new Float64Array(d);
  for (let k = 0; k < w.length; k++) {
    if (w[k] === 0) continue;
    grid.unravel(k, idx);
    for (let a = 0; a < d; a++) {
      const x = grid.center(a, idx[a]);
      m1[a] += w[k] * x;
      m2[a] += w[k] * x * x;
    }
  }
  let variance = 0;
  let h2 = 0;
  for (let a = 0; a < d; a++) {
    variance += m2[a] / M - (m1[a] / M) ** 2;
    h2 = Math.max(h2, grid.h[a] ** 2);
  }
  return (2 * tau * d) / Math.max(variance / d, h2);
}

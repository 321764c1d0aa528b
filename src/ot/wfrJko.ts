import type { Energy } from "../energy/energy.js";
import { InputError, requireNumber } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { CellVariation } from "./cellVariation.js";
import { EnergyMarginalProx } from "./energyMarginalProx.js";
import { requireEuclideanBox } from "./euclideanBox.js";
import { GeneralizedSinkhorn } from "./generalizedSinkhorn.js";
import type { UnbalancedKernelMode } from "./gibbsOperators.js";
import { KlPenaltyProx } from "./marginalProx.js";
import { WfrCost, wfrDelta, wfrEta } from "./radialCost.js";
import { kl } from "./unbalancedSinkhorn.js";

/**
 * One entropic JKO step of the Wasserstein–Fisher–Rao flow ∂ρ/∂t = α div(ρ∇ξ) − βρξ
 * (docs/unbalanced.md):
 *
 *   ρ_{k+1} = argmin_ρ  WFR²_ε(ρ_k, ρ)/(2τ) + F(ρ),
 *   WFR²_ε(p, q) = (4/β) min_γ [ η KL(γ | K) + KL(γ1 | p) + KL(γᵀ1 | q) ],
 *
 * with K_ij = e^{κ − c_δ(z_i, z_j)/η} the normalised Gibbs kernel of the WFR cost
 * c_δ = −log cos²(min(|x − y|/(2δ), π/2)) (radialCost.ts), δ = √(α/β) and η = εβ/(4α), so
 * that K ≈ e^{κ − |x−y|²/ε} near the diagonal (the quadratic ε of the balanced JKO) and the
 * entropic term of the step is (ε/α)·KL(γ | K) (M. Liero, A. Mielke & G. Savaré, Invent.
 * Math. 211, 2018, for the cost; L. Chizat, G. Peyré, B. Schmitzer & F.-X. Vialard,
 * "Scaling algorithms for unbalanced optimal transport problems", Math. Comp. 87, 2018, for
 * the algorithm). Multiplying by βτ/2, the step is
 *
 *   min_{γ, q}  η KL(γ | K) + KL(γ1 | p) + KL(γᵀ1 | q) + λ F(q),   λ = βτ/2,
 *
 * solved by the generalized Sinkhorn iteration (generalizedSinkhorn.ts) with the closed-form
 * prox of KL(·|p) on the rows (marginalProx.ts) and, on the columns, the prox of the infimal
 * convolution min_q KL(c|q) + λF(q) (energyMarginalProx.ts, one Newton solve per cell). The
 * new density is the minimising q, not the plan's column marginal c = q(1 + λξ(q)): the
 * difference is the mass the step creates or destroys on arrival.
 *
 * **Entropic blur.** Near the diagonal the step is the balanced entropic JKO at speed α
 * (ε/α per step on W_ε/α), whose blur adds a diffusion ε/(4τ) (EXACT.md §H: D_eff = α + ε/(4τ)
 * in the time units of the flow). `blurCorrection` subtracts (η/2)(E(γ1) + E(γᵀ1)),
 * E(r) = Σ r(log(r/|cell|) − 1), i.e. the entropy of the plan is taken relative to the
 * geometric mean of its marginals, as entropicJko.ts does for balanced transport (where the
 * marginals are fixed and this is the entropy weight ν − ε/(4τ)). Both proxes stay in closed
 * form / one equation per cell (μ = η/2 in marginalProx.ts, energyMarginalProx.ts).
 *
 * **Stopping rule** (generalizedSinkhorn.ts): Σ_i |γ1 − prox₁(Kb)|_i < tol·Σp, with
 * over-relaxation ω "auto" (omegaControl.ts). Each step starts from the potentials
 * extrapolated linearly from the two previous steps of the same τ (the change clamped to
 * ±7 per cell in units of η; else from the last
 * step's; the first step from log a = log b = ½ log ρ_k); the kernel family follows `kernel`
 * ("auto": FFT in the scaling domain while its rounding budget holds, then the
 * log-stabilised stencil kernel, gibbsOperators.ts).
 *
 * Requires α > 0 and β > 0 (α = 0 is the pointwise Fisher–Rao step, fisherRaoJko.ts; β = 0
 * the balanced EntropicJko at speed α — see src/schemes/unbalancedJko.ts).
 */
export interface WfrJkoOptions {
  alpha: number;
  beta: number;
  tau: number;
  /** Quadratic-equivalent entropic regularisation ε (kernel ≈ e^{−|x−y|²/ε}). */
  eps: number;
  blurCorrection?: boolean;
  /** Stopping tolerance of the inner iteration (default 1e-10). */
  tol?: number;
  maxIter?: number;
  kernel?: UnbalancedKernelMode;
  theta?: number;
  absorb?: number;
}

/** Diagnostics of one unbalanced JKO step. */
export interface UnbalancedStepInfo {
  tau: number;
  /** Inner (Sinkhorn) iterations; 0 for the pointwise Fisher–Rao step. */
  iterations: number;
  /** Final stopping-rule value (relative). */
  marginalError: number;
  kernel: "separable" | "fft" | "stabilized" | "pointwise";
  absorptions: number;
  /** Masses ∫ρ_k, ∫ρ_{k+1} and the plan's Σγ. */
  massBefore: number;
  massAfter: number;
  transported: number;
  /** The step's squared distance WFR²_ε(ρ_k, ρ_{k+1}) (He²/β for Fisher–Rao). */
  distance2: number;
  /** distance2/(2τ) + F(ρ_{k+1}). */
  objective: number;
  /** Largest number of per-cell Newton iterations in the last prox call. */
  newton: number;
}

export class WfrEntropicJko {
  readonly grid: Grid;
  readonly alpha: number;
  readonly beta: number;
  readonly tau: number;
  readonly eps: number;
  readonly delta: number;
  /** η = εβ/(4α): the entropic weight of the LET problem. */
  readonly eta: number;
  readonly blurCorrection: boolean;
  readonly tol: number;
  readonly maxIter: number;
  readonly core: GeneralizedSinkhorn;
  info: UnbalancedStepInfo | null = null;
  /** Potentials (log a, log b) of the last two steps and their τ, for the warm start. */
  private history: { logA: Float64Array; logB: Float64Array; tau: number }[] = [];

  constructor(
    grid: Grid,
    readonly energy: Energy,
    options: WfrJkoOptions,
  ) {
    if (energy.grid.size !== grid.size) {
      throw new InputError("energy", "lives on a different grid than the JKO scheme");
    }
    requireEuclideanBox(grid, "the WFR entropic JKO step");
    this.grid = grid;
    this.alpha = requireNumber("alpha", options.alpha, { min: 0, exclusiveMin: true });
    this.beta = requireNumber("beta", options.beta, { min: 0, exclusiveMin: true });
    this.tau = requireNumber("tau", options.tau, { min: 0, exclusiveMin: true });
    this.eps = requireNumber("eps", options.eps, { min: 0, exclusiveMin: true });
    this.delta = wfrDelta(this.alpha, this.beta);
    this.eta = wfrEta(this.eps, this.alpha, this.beta);
    this.blurCorrection = options.blurCorrection ?? false;
    this.tol = requireNumber("tol", options.tol ?? 1e-10, { min: 0, exclusiveMin: true });
    this.maxIter = requireNumber("maxIter", options.maxIter ?? 20_000, { min: 1, integer: true });
    this.core = new GeneralizedSinkhorn(grid, new WfrCost(this.delta), this.eta, {
      kernel: options.kernel,
      theta: options.theta,
      absorb: options.absorb,
    });
  }

  /** One step of length `tau` from `rhoPrev` into `rhoNext` (may be the same array). */
  step(rhoPrev: Float64Array, rhoNext: Float64Array, tau = this.tau): UnbalancedStepInfo {
    requireNumber("tau", tau, { min: 0, exclusiveMin: true });
    const grid = this.grid;
    const N = grid.size;
    const cell = grid.cellVolume;
    const logCell = Math.log(cell);
    const p = new Float64Array(N);
    const rows = new Uint8Array(N);
    const cols = new Uint8Array(N).fill(1);
    let mass = 0;
    for (let i = 0; i < N; i++) {
      const r = rhoPrev[i];
      if (!(r >= 0) || !Number.isFinite(r)) {
        throw new InputError("rho", `entry ${i} is ${r}; densities must be finite and >= 0`);
      }
      p[i] = r * cell;
      rows[i] = r > 0 ? 1 : 0;
      mass += p[i];
    }
    if (!(mass > 0)) throw new InputError("rho", "has zero mass");
    const eta = this.eta;
    const mu = this.blurCorrection ? eta / 2 : 0;
    const lambda = (this.beta * tau) / 2;
    const rowProx = new KlPenaltyProx(p, 1, eta, { mu, logCell });
    const colProx = new EnergyMarginalProx(
      new CellVariation(this.energy, rhoPrev),
      lambda,
      eta,
      mu,
      logCell,
    );
    this.extrapolate(tau, rhoPrev);
    const res = this.core.run(rowProx, colProx, rows, cols, {
      tol: this.tol,
      maxIter: this.maxIter,
      errorScale: mass,
    });
    this.history.unshift({ logA: res.logA, logB: res.logB, tau });
    this.history.length = Math.min(this.history.length, 2);
    const q = new Float64Array(N);
    let massAfter = 0;
    for (let j = 0; j < N; j++) {
      q[j] = Math.exp(colProx.logQ[j]);
      massAfter += q[j];
    }
    for (let j = 0; j < N; j++) rhoNext[j] = q[j] / cell;
    const distance2 =
      (4 / this.beta) *
      (res.regularizedCost +
        kl(res.row, p) +
        kl(res.col, q) -
        (mu > 0 ? mu * (entropyOf(res.row, logCell) + entropyOf(res.col, logCell)) : 0));
    this.info = {
      tau,
      iterations: res.iterations,
      marginalError: res.marginalError,
      kernel: res.kernel,
      absorptions: res.absorptions,
      massBefore: mass,
      massAfter,
      transported: res.planMass,
      distance2,
      objective: distance2 / (2 * tau) + this.energy.value(rhoNext),
      newton: colProx.maxNewton,
    };
    return this.info;
  }

  /**
   * Starts the core from f_k + (f_k − f_{k−1}) (same τ for both steps and this one; the
   * change clamped to ±7 per cell); the first step
   * from log a = log b = ½ log ρ_k (the plan that moves nothing: a_i (K b)_i ≈ a_i b_i |cell|
   * = p_i), empty cells from ½ log(1e-30·max ρ_k).
   */
  private extrapolate(tau: number, rhoPrev: Float64Array): void {
    const [a, b] = this.history;
    if (!a) {
      let rmax = 0;
      for (const r of rhoPrev) if (r > rmax) rmax = r;
      const half = Float64Array.from(rhoPrev, (r) => 0.5 * Math.log(Math.max(r, 1e-30 * rmax)));
      this.core.warmStart(half, half);
      return;
    }
    if (!b || a.tau !== tau || b.tau !== tau) return;
    const N = a.logA.length;
    const fa = new Float64Array(N);
    const gb = new Float64Array(N);
    // The change per step is clamped to ±7 (in log-scaling units, the absorption threshold):
    // potentials of cells with negligible mass can jump between steps, and an unclamped
    // extrapolation there would start the iteration from plans of absurd mass.
    const clamp = (x: number): number => (x > 7 ? 7 : x < -7 ? -7 : x);
    for (let i = 0; i < N; i++) {
      fa[i] = a.logA[i] + clamp(a.logA[i] - b.logA[i]);
      gb[i] = a.logB[i] + clamp(a.logB[i] - b.logB[i]);
    }
    this.core.warmStart(fa, gb);
  }

  /** Forgets the warm start. */
  reset(): void {
    this.core.reset();
    this.history = [];
  }
}

/** E(r) = Σ r (log(r/|cell|) − 1). */
function entropyOf(r: Float64Array, logCell: number): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) if (r[i] > 0) s += r[i] * (Math.log(r[i]) - logCell - 1);
  return s;
}

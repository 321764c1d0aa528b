import { InputError, SolverError, requireNumber } from "../errors.js";
import type { Scheme } from "./scheme.js";

/** Order of the sub-steps within one splitting step. */
export type SplitComposition = "lie" | "strang";

export const SPLIT_COMPOSITIONS: readonly SplitComposition[] = ["lie", "strang"];

/** One part of the split flow: the scheme that steps it, and its time-scale factor. */
export interface SplitPart {
  /** Steps this part's flow in its own time (e.g. the unit-speed Wasserstein flow). */
  scheme: Scheme;
  /**
   * Time-scale factor s ≥ 0 (default 1): a sub-step of length h of the split flow advances
   * the sub-scheme by s·h of its own time. s = 0 leaves the part out.
   */
  speed?: number;
}

export interface SplitOptions {
  /** "lie" (order 1) or "strang" (order 2, default). */
  composition?: SplitComposition;
  /** Splitting step τ > 0. */
  tau: number;
}

/** Relative tolerance on the end of a sub-step (a remainder below it is round-off). */
const END_RTOL = 1e-12;

/**
 * Operator splitting of a flow ∂ρ/∂t = a·A(ρ) + b·B(ρ) into its transport part A and its
 * reaction part B, each advanced by its own scheme (Strang, "On the construction and
 * comparison of difference schemes", SIAM J. Numer. Anal. 5, 1968; for splitting the WFR
 * gradient flow into a Wasserstein and a Fisher–Rao step: Gallouët & Monsaingeon, "A JKO
 * splitting scheme for Kantorovich–Fisher–Rao gradient flows", SIAM J. Math. Anal. 49, 2017).
 * With Φ_A(s), Φ_B(s) the flows of A and B for time s, one step of length h (= τ, or less to
 * land on an output time) is
 *
 *   Lie:     ρ ← Φ_B(b·h) ∘ Φ_A(a·h) ρ                        (A first, then B; order 1),
 *   Strang:  ρ ← Φ_B(b·h/2) ∘ Φ_A(a·h) ∘ Φ_B(b·h/2) ρ          (order 2),
 *
 * where a, b are the parts' time-scale factors (`speed`). The local error of Lie is
 * (h²/2)[aA, bB] (the commutator of the two vector fields), so the global error is O(τ); the
 * symmetric Strang composition cancels it and leaves O(τ²) (its leading term has the double
 * commutators). Strang puts the reaction on the outside: B is called twice per step and A
 * once, which costs little when B is the cheap exact step (the Fisher–Rao step of KL is one
 * exp/log per cell, fisherRaoKlStep.ts) while A is a CFL-limited finite-volume run or an
 * entropic JKO solve, and it keeps one JKO step (τ_JKO = a·τ) per splitting step.
 *
 * For the Wasserstein–Fisher–Rao flow ∂ρ/∂t = α div(ρ∇ξ) − βρξ, ξ = δF/δρ, A is the
 * Wasserstein flow ∂ρ/∂t = div(ρ∇ξ) at speed a = α (its scheme runs α·h of its own time per
 * sub-step; a fixed `dt` or JKO τ of the sub-scheme is in that time) and B the Fisher–Rao
 * flow −βρξ, whose scheme carries the rate β (speed b = 1).
 *
 * Each sub-step Φ(s) is run to its full length s by calling the sub-scheme's `step(ρ, left)`
 * until nothing is left: an adaptive sub-scheme takes several smaller steps, the last one
 * shortened to end the sub-step exactly (Scheme's `step` contract); a remainder below
 * 1e-12·s counts as reached. The sub-schemes' errors (e.g. the O(dt³) of SSP-RK3, the O(τ)
 * of a JKO step) add to the splitting error. `step(ρ, dtMax)` takes h = min(τ, dtMax)
 * (dtMax up to (1 + 1e-9)τ is taken whole, so that output times on multiples of τ are not
 * followed by a round-off step). `step` allocates nothing.
 */
export class SplitScheme implements Scheme {
  readonly name: string;
  readonly composition: SplitComposition;
  readonly tau: number;
  readonly transport: Scheme;
  readonly reaction: Scheme;
  /** Time-scale factors a (transport) and b (reaction). */
  readonly transportSpeed: number;
  readonly reactionSpeed: number;
  /** Time advanced, splitting steps and sub-scheme steps since construction (or reset). */
  time = 0;
  steps = 0;
  subSteps = 0;

  constructor(transport: SplitPart, reaction: SplitPart, options: SplitOptions) {
    this.transport = requireScheme("transport", transport?.scheme);
    this.reaction = requireScheme("reaction", reaction?.scheme);
    this.transportSpeed = requireNumber("transport.speed", transport.speed ?? 1, { min: 0 });
    this.reactionSpeed = requireNumber("reaction.speed", reaction.speed ?? 1, { min: 0 });
    if (this.transportSpeed === 0 && this.reactionSpeed === 0) {
      throw new InputError("speed", "the transport and reaction speeds cannot both be 0");
    }
    this.tau = requireNumber("tau", options.tau, { min: 0, exclusiveMin: true });
    const composition = options.composition ?? "strang";
    if (!SPLIT_COMPOSITIONS.includes(composition)) {
      throw new InputError(
        "composition",
        `must be one of ${SPLIT_COMPOSITIONS.join(", ")}, got ${String(composition)}`,
      );
    }
    this.composition = composition;
    const a = this.transportSpeed === 1 ? "" : `×${this.transportSpeed}`;
    const b = this.reactionSpeed === 1 ? "" : `×${this.reactionSpeed}`;
    this.name =
      `${composition} split (τ=${this.tau}): ` +
      `${this.transport.name}${a} | ${this.reaction.name}${b}`;
  }

  /** Resets the clock and the counters. */
  reset(time = 0): void {
    this.time = time;
    this.steps = 0;
    this.subSteps = 0;
  }

  step(rho: Float64Array, dtMax: number): number {
    if (!(dtMax > 0)) throw new InputError("dtMax", `must be a number > 0, got ${dtMax}`);
    const h = dtMax <= this.tau * (1 + 1e-9) ? dtMax : this.tau;
    const a = this.transportSpeed * h;
    const b = this.reactionSpeed * h;
    if (this.composition === "lie") {
      this.advance(this.transport, rho, a);
      this.advance(this.reaction, rho, b);
    } else {
      this.advance(this.reaction, rho, 0.5 * b);
      this.advance(this.transport, rho, a);
      this.advance(this.reaction, rho, 0.5 * b);
    }
    this.time += h;
    this.steps++;
    return h;
  }

  /** Runs `scheme` on ρ for `length` of its own time (nothing if length = 0). */
  private advance(scheme: Scheme, rho: Float64Array, length: number): void {
    let left = length;
    const done = END_RTOL * length;
    while (left > done) {
      const dt = scheme.step(rho, left);
      if (!(dt > 0) || dt > left * (1 + 1e-9)) {
        throw new SolverError(
          `split step at t = ${this.time}: sub-scheme ${scheme.name} returned dt = ${dt} ` +
            `for dtMax = ${left} (must be in (0, dtMax])`,
        );
      }
      this.subSteps++;
      const next = left - dt;
      if (next === left) {
        throw new SolverError(
          `split step at t = ${this.time}: sub-scheme ${scheme.name} step dt = ${dt} no ` +
            `longer advances its remaining ${left}`,
        );
      }
      left = next;
    }
  }
}

function requireScheme(field: string, s: unknown): Scheme {
  if (
    typeof s !== "object" ||
    s === null ||
    typeof (s as Scheme).step !== "function" ||
    typeof (s as Scheme).name !== "string"
  ) {
    throw new InputError(`${field}.scheme`, "must be a Scheme (an object with name and step)");
  }
  return s as Scheme;
}

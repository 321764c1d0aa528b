import { SolverError, requireNumber } from "../errors.js";
import type { CellVariation } from "./cellVariation.js";
import type { MarginalProx } from "./generalizedSinkhorn.js";
import { type IncreasingFunction, increasingRoot } from "./monotoneRoot.js";

/**
 * The free marginal of an unbalanced JKO step (wfrJko.ts): the KL-proximal step of the
 * infimal convolution of a KL penalty with the energy,
 *
 *   F₂(c) = min_q [ KL(c | q) + λ F(q) ] − μ E(c),     E(c) = Σ c (log(c/|cell|) − 1),
 *   prox^{KL}_{F₂/η}(z) = argmin_c F₂(c)/η + KL(c | z),
 *
 * on cell masses (c the plan's column marginal, q = ρ|cell| the new density), λ = βτ/2,
 * η the entropic weight of the step, μ = η/2 with the blur correction (else 0). The joint
 * minimisation over (c, q) is convex and decouples over cells (L. Chizat, G. Peyré,
 * B. Schmitzer & F.-X. Vialard, "Scaling algorithms for unbalanced optimal transport
 * problems", Math. Comp. 87, 2018, §3 and §5.3: proxes of sums and gradient flows). Its
 * optimality conditions, with ξ = δF/δρ (cellVariation.ts) and t = log ρ_j:
 *
 *   ∂q: 1 − c/q + λ ξ(t) = 0        ⇒  c = q·u(t),  u(t) = 1 + λξ(t) > 0,
 *   ∂c: log(c/q) − μ log(c/|cell|) + η log(c/z) = 0,
 *
 * hence one increasing equation per cell,
 *
 *   G(t) = (1 + η − μ) log u(t) + (η − μ) t + η (log|cell| − log z) = 0,
 *   G'(t) = (1 + η − μ) λ ξ'(t)/u(t) + (η − μ) > 0,
 *
 * solved by safeguarded Newton (monotoneRoot.ts), warm-started from the previous solution.
 * G → −∞ at the left end of the domain (u → 0⁺, or t → −∞ when ξ is bounded below) and
 * → +∞ as t → ∞, so the root is unique. Where z = 0 (no transported mass reaches the cell)
 * c = 0 and q solves u = 0, i.e. ξ = −1/λ (creation of mass from nothing: for KL(ρ‖π),
 * ρ = π e^{−2/(βτ)}), or q = 0 if ξ > −1/λ everywhere.
 *
 * `apply` writes log c; {@link logQ} holds log q (masses) of the last call.
 */
export class EnergyMarginalProx implements MarginalProx {
  /** log q_j (masses) from the last apply. */
  readonly logQ: Float64Array;
  /** Largest number of Newton iterations of a cell in the last apply. */
  maxNewton = 0;
  private readonly last: Float64Array;
  private readonly fn: CellEquation;
  private readonly floorFn: DomainEdge;
  private readonly stats = new Float64Array(1);

  constructor(
    readonly variation: CellVariation,
    readonly lambda: number,
    readonly eta: number,
    readonly mu: number,
    readonly logCell: number,
  ) {
    requireNumber("lambda", lambda, { min: 0, exclusiveMin: true });
    requireNumber("eta", eta, { min: 0, exclusiveMin: true });
    requireNumber("mu", mu, { min: 0 });
    if (!(eta - mu > 0))
      throw new SolverError(`the energy prox needs η > μ (η = ${eta}, μ = ${mu})`);
    const N = variation.V.length;
    this.logQ = new Float64Array(N);
    this.last = new Float64Array(N).fill(NaN);
    this.fn = new CellEquation(variation, lambda, eta, mu, logCell);
    this.floorFn = new DomainEdge(variation, lambda);
  }

  apply(logZ: Float64Array, logOut: Float64Array): void {
    const { fn, last, logQ, logCell, stats } = this;
    let maxIt = 0;
    for (let j = 0; j < logZ.length; j++) {
      const lz = logZ[j];
      if (lz === -Infinity) {
        const t = this.creation(j);
        logQ[j] = t + logCell;
        logOut[j] = -Infinity;
        continue;
      }
      fn.j = j;
      fn.rhs = this.eta * (logCell - lz);
      const start = Number.isFinite(last[j]) ? last[j] : lz - logCell;
      const t = increasingRoot(fn, start, -Infinity, stats);
      if (stats[0] > maxIt) maxIt = stats[0];
      last[j] = t;
      fn.eval(t, fn.out);
      logQ[j] = t + logCell;
      logOut[j] = t + logCell + fn.logU;
    }
    this.maxNewton = maxIt;
  }

  /** log ρ where u = 0 (ξ = −1/λ), or −∞ if ξ(−∞) ≥ −1/λ. */
  private creation(j: number): number {
    const v = this.variation;
    if (!v.unboundedBelow && v.lowerLimit(j) >= -1 / this.lambda) return -Infinity;
    this.floorFn.j = j;
    return increasingRoot(this.floorFn, Number.isFinite(this.last[j]) ? this.last[j] : 0);
  }
}

/** G(t) of one cell (see EnergyMarginalProx); NaN left of the domain (u ≤ 0). */
class CellEquation implements IncreasingFunction {
  j = 0;
  rhs = 0;
  logU = 0;
  readonly out = new Float64Array(2);
  private readonly xi = new Float64Array(2);
  private readonly a: number;
  private readonly b: number;

  constructor(
    private readonly variation: CellVariation,
    private readonly lambda: number,
    eta: number,
    mu: number,
    readonly logCell: number,
  ) {
    this.a = eta - mu;
    this.b = 1 + eta - mu;
  }

  eval(t: number, out: Float64Array): void {
    this.variation.eval(this.j, t, this.xi);
    const u = 1 + this.lambda * this.xi[0];
    if (!(u > 0)) {
      out[0] = NaN;
      out[1] = NaN;
      return;
    }
    this.logU = Math.log(u);
    out[0] = this.b * this.logU + this.a * t + this.rhs;
    out[1] = (this.b * this.lambda * this.xi[1]) / u + this.a;
  }
}

/** 1 + λξ_j(t), whose root is the left end of the domain of G. */
class DomainEdge implements IncreasingFunction {
  j = 0;
  constructor(
    private readonly variation: CellVariation,
    private readonly lambda: number,
  ) {}

  eval(t: number, out: Float64Array): void {
    this.variation.eval(this.j, t, out);
    out[0] = 1 + this.lambda * out[0];
    out[1] = this.lambda * out[1];
  }
}

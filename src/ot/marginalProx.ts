import { InputError, requireNumber } from "../errors.js";
import type { MarginalProx } from "./generalizedSinkhorn.js";

/**
 * The KL-proximal step of a KL marginal penalty, in closed form (L. Chizat, G. Peyré,
 * B. Schmitzer & F.-X. Vialard, "Scaling algorithms for unbalanced optimal transport
 * problems", Math. Comp. 87, 2018, §3.1 and §5.1):
 *
 *   F(r) = λ KL(r | p) − μ E(r),   E(r) = Σ_i r_i (log(r_i/|cell|) − 1),
 *   prox^{KL}_{F/ε}(z) = argmin_r F(r)/ε + KL(r | z),
 *
 * per cell log r = (λ log p + ε log z − μ log|cell|)/(λ + ε − μ), i.e. r = z^{ε/(λ+ε)}
 * p^{λ/(λ+ε)} for μ = 0. λ = Infinity is the hard constraint r = p (balanced marginal);
 * cells with p = 0 get r = 0. KL(r|p) = Σ r log(r/p) − r + p on non-negative masses.
 *
 * The optional −μE term is the entropic-blur compensation of the unbalanced JKO step
 * (wfrJko.ts: μ = ε/2 subtracts half of each marginal's entropy from the plan's, as the
 * balanced blur correction of entropicJko.ts does); it needs λ + ε − μ > 0, i.e. the
 * objective stays strictly convex.
 */
export class KlPenaltyProx implements MarginalProx {
  private readonly logP: Float64Array;
  private readonly coefP: number;
  private readonly coefZ: number;
  private readonly shift: number;

  constructor(
    p: Float64Array,
    readonly lambda: number,
    readonly eps: number,
    options: { mu?: number; logCell?: number } = {},
  ) {
    if (lambda !== Infinity) requireNumber("penalty", lambda, { min: 0, exclusiveMin: true });
    requireNumber("eps", eps, { min: 0, exclusiveMin: true });
    const mu = requireNumber("mu", options.mu ?? 0, { min: 0 });
    this.logP = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) {
      if (!(p[i] >= 0) || !Number.isFinite(p[i])) {
        throw new InputError("marginal", `entry ${i} is ${p[i]}; masses must be finite and >= 0`);
      }
      this.logP[i] = Math.log(p[i]);
    }
    if (lambda === Infinity) {
      if (mu !== 0) throw new InputError("mu", "must be 0 for a hard marginal constraint");
      this.coefP = 1;
      this.coefZ = 0;
      this.shift = 0;
      return;
    }
    const den = lambda + eps - mu;
    if (!(den > 0)) {
      throw new InputError("mu", `needs λ + ε − μ > 0, got λ = ${lambda}, ε = ${eps}, μ = ${mu}`);
    }
    this.coefP = lambda / den;
    this.coefZ = eps / den;
    this.shift = mu === 0 ? 0 : (-mu * (options.logCell ?? 0)) / den;
  }

  apply(logZ: Float64Array, logOut: Float64Array): void {
    const { logP, coefP, coefZ, shift } = this;
    if (coefZ === 0) {
      logOut.set(logP);
      return;
    }
    for (let i = 0; i < logP.length; i++) {
      const lp = logP[i];
      const lz = logZ[i];
      logOut[i] =
        lp === -Infinity || lz === -Infinity ? -Infinity : coefP * lp + coefZ * lz + shift;
    }
  }
}

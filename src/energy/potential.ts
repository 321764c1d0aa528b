import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import type { Energy, PointwiseTerms } from "./energy.js";

/**
 * Potential energy F(ρ) = ∫ V ρ, δF/δρ = V. V is given as a function of x (sampled at
 * cell centres) or as an array of values at the cell centres. Its Wasserstein flow is the
 * transport equation ∂ρ/∂t = div(ρ∇V). On a radial grid V is V(|x|), a function of x = [r].
 */
export class Potential implements Energy {
  readonly name = "potential";
  readonly entropyWeight = 0;
  /** V at the cell centres. */
  readonly values: Float64Array;

  constructor(
    readonly grid: Grid,
    V: ((x: Float64Array) => number) | Float64Array,
  ) {
    if (typeof V === "function") {
      this.values = grid.sample(V);
    } else {
      grid.checkLength("potential.V", V);
      this.values = Float64Array.from(V);
    }
    for (let i = 0; i < this.values.length; i++) {
      if (!Number.isFinite(this.values[i])) {
        throw new InputError("potential.V", `is not finite at cell ${i} (${this.values[i]})`);
      }
    }
  }

  value(rho: Float64Array): number {
    let s = 0;
    const V = this.values;
    const w = this.grid.cellMeasures;
    if (w) {
      for (let i = 0; i < rho.length; i++) s += V[i] * rho[i] * w[i];
      return s;
    }
    for (let i = 0; i < rho.length; i++) s += V[i] * rho[i];
    return s * this.grid.cellVolume;
  }

  firstVariation(_rho: Float64Array, out: Float64Array): void {
    out.set(this.values);
  }

  smoothVariation(rho: Float64Array, out: Float64Array): void {
    this.firstVariation(rho, out);
  }

  pointwise(): PointwiseTerms {
    return { entropy: 0, potential: this.values, powers: [] };
  }
}

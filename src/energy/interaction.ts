import { convolverFor } from "../fft/convolver.js";
import type { ConvolverOptions, FieldConvolver } from "../fft/convolver.js";
import type { Kernel } from "../fft/kernel.js";
import type { Grid } from "../grid/grid.js";
import type { Energy } from "./energy.js";

/**
 * Interaction energy E(ρ) = ½∫∫W(x−y)ρ(x)ρ(y) dx dy with an even kernel W, first variation
 * δE/δρ = W*ρ. Its Wasserstein flow is the aggregation equation ∂ρ/∂t = div(ρ∇W*ρ);
 * with `energySum([ν, new Entropy(g)], new Interaction(g, W), new Potential(g, V))` it is
 * aggregation–diffusion ∂ρ/∂t = div(ρ∇(W*ρ + V + ν log ρ)).
 *
 * Discretisation (cell averages ρ_i, midpoint rule in both variables):
 *   E_h(ρ) = ½ Σ_i ρ_i (W*ρ)_i |cell|,  (W*ρ)_i = Σ_j G(i−j) ρ_j |cell|  (see Convolver),
 * whose exact gradient with respect to ρ_i, divided by |cell|, is (W*ρ)_i because G is
 * symmetric. So ξ = W*ρ is consistent with the value, and a finite-volume scheme that
 * transports along face differences of ξ dissipates E_h exactly as it dissipates other
 * energies. On no-flux boxes the convolution is linear (no wrap-around); on periodic axes
 * it is periodic (../docs/convolution.md).
 */
export class Interaction implements Energy {
  readonly name: string;
  readonly entropyWeight = 0;
  readonly convolver: FieldConvolver;
  private readonly work: Float64Array;

  constructor(
    readonly grid: Grid,
    readonly kernel: Kernel,
    options: ConvolverOptions = {},
  ) {
    this.name = `interaction[${kernel.name}]`;
    this.convolver = convolverFor(grid, kernel, options);
    this.work = new Float64Array(grid.size);
  }

  value(rho: Float64Array): number {
    const c = this.work;
    this.convolver.apply(rho, c);
    let s = 0;
    for (let i = 0; i < rho.length; i++) s += rho[i] * c[i];
    return 0.5 * s * this.grid.cellVolume;
  }

  firstVariation(rho: Float64Array, out: Float64Array): void {
    this.convolver.apply(rho, out);
  }

  smoothVariation(rho: Float64Array, out: Float64Array): void {
    this.convolver.apply(rho, out);
  }
}

import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { SinkhornDivergenceMetric, type SinkhornDivergence } from "../ot/divergence.js";
import type { SinkhornOptions } from "../ot/sinkhorn.js";
import type { ParticleCloud } from "./cloud.js";
import { depositCloud, type Deposit } from "./deposit.js";

/**
 * The debiased Sinkhorn divergence S_ε between a particle cloud and a grid density, in any
 * dimension: the cloud is deposited on the grid (depositCloud, histogram or linear) and
 * compared with ρ by the grid solver of src/ot/divergence.ts (Feydy et al., AISTATS 2019),
 * both normalised to unit mass. The deposit moves each particle's mass by at most one cell
 * (histogram: ≤ h/2 per axis, linear: ≤ h), so S_ε(deposit, ρ) differs from the divergence
 * to the cloud itself by O(h) in W₂ terms; with ε → 0 it tends to W₂²(deposit, ρ).
 */
export class CloudSinkhorn {
  private readonly metric: SinkhornDivergenceMetric;
  private readonly a: Float64Array;
  private readonly b: Float64Array;

  constructor(
    readonly grid: Grid,
    readonly eps: number,
    readonly deposit: Deposit = "linear",
    options: SinkhornOptions = {},
  ) {
    this.metric = new SinkhornDivergenceMetric(grid, eps, options);
    this.a = new Float64Array(grid.size);
    this.b = new Float64Array(grid.size);
  }

  evaluate(cloud: ParticleCloud, rho: Float64Array): SinkhornDivergence {
    depositCloud(this.grid, cloud, this.deposit, this.a);
    normaliseMass(this.a, this.grid.cellVolume, "cloud");
    this.grid.checkLength("rho", rho);
    this.b.set(rho);
    normaliseMass(this.b, this.grid.cellVolume, "rho");
    return this.metric.evaluate(this.a, this.b);
  }
}

/** Scales a density (cell averages) to unit mass Σρ_i|cell| = 1. */
export function normaliseMass(r: Float64Array, cellVolume: number, field: string): void {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i];
  s *= cellVolume;
  if (!(s > 0)) throw new InputError(field, "has no mass");
  for (let i = 0; i < r.length; i++) r[i] /= s;
}

import { InputError } from "../errors.js";
import type { Kernel } from "../fft/kernel.js";
import type { Grid } from "../grid/grid.js";
import { confine, hasPeriodicAxis, type ParticleCloud } from "./cloud.js";
import { kernelSlope } from "./kernelSlope.js";
import { ensureLength, type ParticleSampler } from "./sampler.js";

/**
 * The MMD particle flow (M. Arbel, A. Korba, A. Salim & A. Gretton, "Maximum mean
 * discrepancy gradient flow", NeurIPS 2019): the Wasserstein gradient flow of
 * F(ρ) = (w/2)·MMD²(ρ, π) = (w/2)∫∫K(x − y)d(ρ − π)(x)d(ρ − π)(y) for the cloud ρ = (M/N)Σδ_{x_j},
 * stepped explicitly,
 *
 *   x_i ← x_i − γ w ∇f(x_i),   f = K*(ρ − π) (the witness function, δF/δρ),
 *   ∇f(x) = Σ_j (M/N)·2(x − x_j)s(|x − x_j|²) − Σ_c m_c·2(x − y_c)s(|x − y_c|²),
 *
 * s = dK/d(r²) (kernelSlope.ts). The target π is the grid density of the `mmd` energy: its
 * cells are point masses m_c = π_c|cell| at the centres y_c (midpoint rule, O(h²) in the
 * force), the cloud's part is the exact pairwise sum. Cost O(N·(N + cells)) per step, visiting
 * each particle pair once, with no allocation in the loops. Deterministic (the stream only
 * draws the initial cloud). Periodic axes are refused; walls reflect as in `confine`.
 */
export class MmdFlow implements ParticleSampler {
  readonly name = "MMD flow";
  private readonly slope: (r2: number) => number;
  /** Target point masses: centres (row-major) and masses, empty cells dropped. */
  private readonly targetX: Float64Array;
  private readonly targetM: Float64Array;
  private force: Float64Array | null = null;

  constructor(
    private readonly grid: Grid,
    kernel: Kernel,
    /** π as cell averages on the grid. */
    target: Float64Array,
    /** The weight w of the mmd term. */
    private readonly weight = 1,
  ) {
    if (hasPeriodicAxis(grid)) {
      throw new InputError(
        "grid.boundary",
        "the MMD particle flow needs a no-flux box on every axis (Euclidean kernel distances)",
      );
    }
    grid.checkLength("mmd.target", target);
    this.slope = kernelSlope(kernel, Math.min(...grid.h));
    const dim = grid.dim;
    let cells = 0;
    for (let i = 0; i < target.length; i++) if (target[i] > 0) cells++;
    this.targetX = new Float64Array(cells * dim);
    this.targetM = new Float64Array(cells);
    const idx = new Int32Array(dim);
    let c = 0;
    for (let i = 0; i < target.length; i++) {
      if (!(target[i] > 0)) continue;
      grid.unravel(i, idx);
      for (let a = 0; a < dim; a++) this.targetX[c * dim + a] = grid.center(a, idx[a]);
      this.targetM[c] = target[i] * grid.cellVolume;
      c++;
    }
  }

  advance(cloud: ParticleCloud, dt: number): void {
    const { positions: x, count: n, dim } = cloud;
    const len = n * dim;
    const f = (this.force = ensureLength(this.force, len));
    f.fill(0, 0, len);
    const slope = this.slope;
    const m = cloud.mass / n;
    // ∇f accumulated into f: the cloud part over pairs i < j (antisymmetric), then the target.
    for (let i = 0; i < n; i++) {
      const oi = i * dim;
      for (let j = i + 1; j < n; j++) {
        const oj = j * dim;
        let r2 = 0;
        for (let a = 0; a < dim; a++) {
          const d = x[oi + a] - x[oj + a];
          r2 += d * d;
        }
        const s = 2 * m * slope(r2);
        for (let a = 0; a < dim; a++) {
          const v = s * (x[oi + a] - x[oj + a]);
          f[oi + a] += v;
          f[oj + a] -= v;
        }
      }
    }
    const tx = this.targetX;
    const tm = this.targetM;
    const cells = tm.length;
    for (let i = 0; i < n; i++) {
      const oi = i * dim;
      for (let c = 0; c < cells; c++) {
        const oc = c * dim;
        let r2 = 0;
        for (let a = 0; a < dim; a++) {
          const d = x[oi + a] - tx[oc + a];
          r2 += d * d;
        }
        const s = 2 * tm[c] * slope(r2);
        for (let a = 0; a < dim; a++) f[oi + a] -= s * (x[oi + a] - tx[oc + a]);
      }
    }
    const step = dt * this.weight;
    for (let k = 0; k < len; k++) x[k] -= step * f[k];
    confine(this.grid, x, n);
  }

  stats(): Record<string, number> {
    return { targetPoints: this.targetM.length };
  }
}

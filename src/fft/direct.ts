import type { Grid } from "../grid/grid.js";
import { KernelDisplacements, resolveModes } from "./displacements.js";
import type { ModeOption } from "./displacements.js";
import type { Kernel } from "./kernel.js";

/**
 * Reference O(N²) evaluation of the same discrete convolution as Convolver,
 *   (K*ρ)_i = Σ_j G(i − j) ρ_j |cell|,
 * with the kernel table built once (O(Π(2n_a − 1)) kernel evaluations). For tests and the
 * benchmark's speed-up figure; affordable up to a few thousand cells.
 */
export function directConvolution(
  grid: Grid,
  kernel: Kernel,
  field: Float64Array,
  out: Float64Array,
  mode: ModeOption = "auto",
): void {
  grid.checkLength("convolution input", field);
  grid.checkLength("convolution output", out);
  const d = grid.dim;
  const n = grid.n;
  const table = new KernelDisplacements(grid, kernel, resolveModes(grid, mode));
  // Dense table of G over δ ∈ [−(n_a−1), n_a−1]^d, row-major.
  const w = n.map((v) => 2 * v - 1);
  const wStrides = [1, 1, 1];
  for (let a = d - 2; a >= 0; a--) wStrides[a] = wStrides[a + 1] * w[a + 1];
  const wSize = w.reduce((p, v) => p * v, 1);
  const G = new Float64Array(wSize);
  const delta = new Int32Array(d);
  for (let k = 0; k < wSize; k++) {
    let r = k;
    for (let a = 0; a < d; a++) {
      const q = Math.floor(r / wStrides[a]);
      r -= q * wStrides[a];
      delta[a] = q - (n[a] - 1);
    }
    G[k] = table.at(delta);
  }
  // Loops as 3D (missing axes have one cell); G indexed by δ + n − 1 per axis.
  const [n0, n1, n2] = [n[0], d > 1 ? n[1] : 1, d > 2 ? n[2] : 1];
  const [s0, s1] = [d > 1 ? wStrides[0] : 1, d > 2 ? wStrides[1] : d > 1 ? 1 : 0];
  const s2 = d > 2 ? 1 : 0;
  const c0 = (n0 - 1) * s0 + (n1 - 1) * s1 + (n2 - 1) * s2;
  const vol = grid.cellVolume;
  const src = Float64Array.from(field);
  let i = 0;
  for (let i0 = 0; i0 < n0; i0++)
    for (let i1 = 0; i1 < n1; i1++)
      for (let i2 = 0; i2 < n2; i2++, i++) {
        const ci = c0 + i0 * s0 + i1 * s1 + i2 * s2;
        let s = 0;
        let j = 0;
        for (let j0 = 0; j0 < n0; j0++)
          for (let j1 = 0; j1 < n1; j1++) {
            const base = ci - j0 * s0 - j1 * s1;
            for (let j2 = 0; j2 < n2; j2++, j++) s += G[base - j2 * s2] * src[j];
          }
        out[i] = s * vol;
      }
}

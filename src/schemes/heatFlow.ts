import { requireNumber } from "../errors.js";
import { Convolver } from "../fft/convolver.js";
import type { Kernel } from "../fft/kernel.js";
import { Grid } from "../grid/grid.js";

/** How HeatFlow convolves: FFT on the mirrored box, direct sums per axis, or the cheaper. */
export type HeatMethod = "auto" | "fft" | "direct";

/**
 * The heat flow ∂ρ/∂t = Δρ for a time t on a grid, by one convolution with the heat kernel
 * G_t(x) = (4πt)^{−d/2} e^{−|x|²/(4t)} (docs/exact-solutions.md, heat flow: ρ_t = ρ_0 * G_t),
 * the backward half of the ULA twin (push, then heat for time γ).
 *
 * **Discrete kernel.** G_t sampled at the grid displacements and normalised on the lattice,
 * g(δ) = e^{−|δh|²/(4t)} / Π_a(h_a Σ_{j∈ℤ} e^{−(jh_a)²/(4t)}), so that its weights sum to 1
 * exactly (the continuous normalisation (4πt)^{−d/2} differs from it by the aliasing term
 * 2e^{−4π²t/h²}, which is not small when 2t ≲ h²). The weights are positive, so positivity
 * holds up to the FFT's round-off, which is clamped to 0. The discrete measure's covariance
 * grows by 2tI up to terms of order e^{−π²·2t/h²} (Poisson summation), i.e. spectrally when
 * √(2t) is a few cells; cell averages of a smooth density are convolved to spectral accuracy.
 *
 * **Boundaries.** A periodic axis is convolved periodically (the kernel periodised over its
 * length). A no-flux axis is reflected: the field is mirrored about the walls (cell i ↔ cell
 * 2n − 1 − i) onto a periodic axis of twice the length, convolved there and cut back. This is
 * the method of images for the Neumann heat kernel: the walls reflect the mass, so it is
 * conserved exactly, rather than lost as with a zero-padded (linear) convolution. The FFT
 * convolution is the one of src/fft/convolver.ts.
 *
 * **Two ways to apply it, same result.** The kernel factorises over the axes, so it can also
 * be applied as d one-dimensional convolutions by direct sums over its W_a = range/h_a cells
 * on each side, with the same reflection (indices folded at the walls) or wrap: cost
 * N·Σ_a(2W_a + 1), against ~ΠP_a·log₂ΠP_a for the FFT on the mirrored and padded box
 * (P_a = 2n_a if a power of two, else up to 4n_a). `method: "auto"` (default) takes the cheaper
 * (direct for kernels a few dozen cells wide, e.g. every 3D case here; FFT for wide kernels on
 * fine 1D/2D grids). Direct sums have positive weights only, so they need no clamp. Either
 * way the total mass is restored to the last bit at the end (a rescaling by 1 + O(1e-16)).
 */
export class HeatFlow {
  readonly grid: Grid;
  readonly method: HeatMethod;
  /** The periodic grid that is convolved by FFT: each no-flux axis doubled by its mirror image. */
  readonly extended: Grid;
  private readonly ext: Float64Array;
  private readonly convolvers = new Map<number, Convolver>();
  /** Direct sums: one folded line with W cells on each side, and one output line. */
  private line = new Float64Array(0);
  private readonly outLine: Float64Array;

  constructor(grid: Grid, options: { method?: HeatMethod } = {}) {
    this.grid = grid;
    this.method = options.method ?? "auto";
    const mirrored = grid.boundary.map((b) => b === "noflux");
    this.extended = new Grid({
      n: grid.n.map((n, a) => (mirrored[a] ? 2 * n : n)),
      lo: [...grid.lo],
      hi: grid.hi.map((hi, a) => (mirrored[a] ? 2 * hi - grid.lo[a] : hi)),
      boundary: "periodic",
    });
    this.ext = new Float64Array(this.extended.size);
    this.outLine = new Float64Array(Math.max(...grid.n));
  }

  /** The method `apply` uses for time t ("auto" resolved by the operation counts). */
  methodFor(t: number): "fft" | "direct" {
    if (this.method !== "auto") return this.method;
    const grid = this.grid;
    const range = Math.sqrt(4 * t * TAIL);
    const taps = grid.h.reduce((s, h) => s + 2 * Math.floor(range / h) + 1, 0);
    const padded = this.extended.n.reduce(
      (p, n, a) =>
        p *
        (this.extended.boundary[a] === "periodic" && (n & (n - 1)) === 0
          ? n
          : 1 << Math.ceil(Math.log2(2 * n - 1))),
      1,
    );
    // ~5 flops per complex point and stage, forward and back, against 2 per tap.
    return 2 * grid.size * taps <= 10 * padded * Math.log2(padded) ? "direct" : "fft";
  }

  /** ρ ← the heat flow of ρ for time t ≥ 0 (in place). */
  apply(rho: Float64Array, t: number): void {
    this.grid.checkLength("rho", rho);
    requireNumber("t", t, { min: 0 });
    if (t === 0) return;
    if (this.methodFor(t) === "direct") {
      this.direct(rho, t);
      return;
    }
    const grid = this.grid;
    const E = this.extended;
    const ext = this.ext;
    const d = grid.dim;
    const ix = new Int32Array(3);
    const ex = new Int32Array(3);
    // Scatter ρ into every mirror image of the extended grid.
    for (let k = 0; k < E.size; k++) {
      E.unravel(k, ex);
      let src = 0;
      for (let a = 0; a < d; a++) {
        const n = grid.n[a];
        const i = ex[a] < n ? ex[a] : 2 * n - 1 - ex[a];
        src += i * grid.strides[a];
      }
      ext[k] = rho[src];
    }
    let before = 0;
    for (let i = 0; i < rho.length; i++) before += rho[i];
    this.convolverFor(t).apply(ext, ext);
    let after = 0;
    for (let k = 0; k < grid.size; k++) {
      grid.unravel(k, ix);
      let e = 0;
      for (let a = 0; a < d; a++) e += ix[a] * E.strides[a];
      const v = ext[e];
      rho[k] = v > 0 ? v : 0;
      after += rho[k];
    }
    // The kernel's weights sum to 1, so the mass changes only by round-off (FFT and the
    // clamp of its negative round-off); restore it to the last bit.
    if (after > 0) {
      const scale = before / after;
      for (let k = 0; k < grid.size; k++) rho[k] *= scale;
    }
  }

  /** The heat flow by direct sums, axis after axis (see the class comment). */
  private direct(rho: Float64Array, t: number): void {
    const grid = this.grid;
    const d = grid.dim;
    let before = 0;
    for (let i = 0; i < rho.length; i++) before += rho[i];
    const range = Math.sqrt(4 * t * TAIL);
    for (let a = 0; a < d; a++) {
      const n = grid.n[a];
      const h = grid.h[a];
      const W = Math.floor(range / h);
      // Weights w_δ = e^{−(δh)²/(4t)}, normalised so that w_0 + 2Σ_{δ≥1} w_δ = 1.
      const w = new Float64Array(W + 1);
      let z = 0;
      for (let k = 0; k <= W; k++) {
        w[k] = Math.exp(-((k * h) ** 2) / (4 * t));
        z += k === 0 ? w[k] : 2 * w[k];
      }
      for (let k = 0; k <= W; k++) w[k] /= z;
      if (this.line.length < n + 2 * W) this.line = new Float64Array(n + 2 * W);
      const line = this.line;
      const out = this.outLine;
      const stride = grid.strides[a];
      const periodic = grid.boundary[a] === "periodic";
      const lines = grid.size / n;
      for (let l = 0; l < lines; l++) {
        // Start of line l: the cells with index 0 along axis a.
        const inner = l % stride;
        const base = (l - inner) * n + inner;
        for (let k = -W; k < n + W; k++) line[k + W] = rho[base + fold(k, n, periodic) * stride];
        for (let i = 0; i < n; i++) {
          const c = i + W;
          let s = w[0] * line[c];
          for (let k = 1; k <= W; k++) s += w[k] * (line[c - k] + line[c + k]);
          out[i] = s;
        }
        for (let i = 0; i < n; i++) rho[base + i * stride] = out[i];
      }
    }
    let after = 0;
    for (let i = 0; i < rho.length; i++) after += rho[i];
    if (after > 0) {
      const scale = before / after;
      for (let i = 0; i < rho.length; i++) rho[i] *= scale;
    }
  }

  private convolverFor(t: number): Convolver {
    let c = this.convolvers.get(t);
    if (!c) {
      if (this.convolvers.size > 4) this.convolvers.clear();
      c = new Convolver(this.extended, new LatticeHeatKernel(t, this.extended.h), {
        mode: "periodic",
      });
      this.convolvers.set(t, c);
    }
    return c;
  }
}

/** Index k of a line of n cells folded into [0, n): reflected at the walls, or wrapped. */
function fold(k: number, n: number, periodic: boolean): number {
  if (periodic) return ((k % n) + n) % n;
  const m = ((k % (2 * n)) + 2 * n) % (2 * n);
  return m < n ? m : 2 * n - 1 - m;
}

/** −log(1e-20): beyond this many units of |x|²/(4t) the kernel is dropped (relative 1e-20). */
const TAIL = 20 * Math.LN10;

/**
 * The heat kernel e^{−|x|²/(4t)} normalised on the lattice of cell widths h (see HeatFlow):
 * the convolver multiplies by |cell|, so Σ_δ value(|δh|²)·|cell| = 1.
 */
export class LatticeHeatKernel implements Kernel {
  readonly name: string;
  readonly range: number;
  private readonly inv4t: number;
  private readonly norm: number;

  constructor(
    readonly t: number,
    h: readonly number[],
  ) {
    requireNumber("t", t, { min: 0, exclusiveMin: true });
    this.name = `heat(t=${t})`;
    this.inv4t = 1 / (4 * t);
    this.range = Math.sqrt(4 * t * TAIL);
    let z = 1;
    for (const ha of h) {
      let s = 1;
      for (let j = 1; j * ha <= this.range; j++) s += 2 * Math.exp(-((j * ha) ** 2) * this.inv4t);
      z *= s * ha;
    }
    this.norm = 1 / z;
  }

  get spec(): Record<string, unknown> {
    return { type: "heat", t: this.t };
  }

  value(r2: number): number {
    return this.norm * Math.exp(-r2 * this.inv4t);
  }
}

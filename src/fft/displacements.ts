import { InputError } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import type { Kernel } from "./kernel.js";

/**
 * How a kernel couples two cells along one axis:
 * - "linear": the box is a window of ℝ (no-flux walls); cells i, j interact through
 *   K at the displacement (i − j)h, no wrap-around;
 * - "periodic": the axis is a circle of length L = n h; the displacement is taken modulo L.
 *   Exponentially decaying kernels (finite `range`) are periodised,
 *   K_per(x) = Σ_{m∈ℤ} K(x + mL) (all images within the kernel's range); kernels without a
 *   finite range (power laws, inverse multiquadric) use the minimum image |x| ≤ L/2.
 */
export type ConvolutionMode = "linear" | "periodic";

/** Modes per axis: one for all axes, one per axis, or "auto" (from the grid's boundaries). */
export type ModeOption = "auto" | ConvolutionMode | ConvolutionMode[];

/** Resolves a mode option against a grid: "auto" → periodic on periodic axes, else linear. */
export function resolveModes(grid: Grid, mode: ModeOption = "auto"): ConvolutionMode[] {
  if (mode === "auto") return grid.boundary.map((b) => (b === "periodic" ? "periodic" : "linear"));
  const modes = Array.isArray(mode)
    ? mode.slice()
    : new Array<ConvolutionMode>(grid.dim).fill(mode);
  if (modes.length !== grid.dim) {
    throw new InputError("convolution.mode", `must have ${grid.dim} entries, got ${modes.length}`);
  }
  modes.forEach((m, a) => {
    if (m !== "linear" && m !== "periodic") {
      throw new InputError(
        `convolution.mode[${a}]`,
        `must be "linear" or "periodic", got ${String(m)}`,
      );
    }
  });
  return modes;
}

/**
 * The kernel sampled on integer grid displacements δ ∈ [−(n_a−1), n_a−1]^d:
 *   G(δ) = Σ_images K(|Σ_a (δ_a h_a + m_a L_a) e_a|²)
 * (one image per axis unless periodised), with the zero displacement of a kernel singular at
 * the origin replaced by its cell average. The factor |cell| is NOT included.
 *
 * Stored per axis as lists of squared physical offsets, so that G(δ) is the sum of K over the
 * Cartesian product of the lists of each axis.
 */
export class KernelDisplacements {
  /** squares[a][δ + n_a − 1] = squared offsets (δ h + m L)² of the images used on axis a. */
  private readonly squares: Float64Array[][];
  private readonly origin: number;
  private readonly dim: number;
  private readonly n: readonly number[];
  /** A one-entry list with offset 0, standing for a missing axis. */
  static readonly NONE = Float64Array.of(0);

  constructor(
    readonly grid: Grid,
    readonly kernel: Kernel,
    readonly modes: readonly ConvolutionMode[],
  ) {
    const d = grid.dim;
    this.dim = d;
    this.n = grid.n;
    this.squares = [];
    for (let a = 0; a < d; a++) {
      const n = grid.n[a];
      const h = grid.h[a];
      const L = n * h;
      const lists: Float64Array[] = [];
      for (let delta = -(n - 1); delta <= n - 1; delta++) {
        if (modes[a] === "linear") {
          lists.push(Float64Array.of((delta * h) ** 2));
          continue;
        }
        // Minimum image of δ modulo n (|δ'| ≤ n/2; at exactly n/2 both signs give the same).
        let dm = ((delta % n) + n) % n;
        if (dm > n / 2) dm -= n;
        const x0 = dm * h;
        const offs: number[] = [x0 * x0];
        if (Number.isFinite(kernel.range)) {
          for (let m = 1; ; m++) {
            const xp = x0 + m * L;
            const xm = x0 - m * L;
            const near = Math.min(Math.abs(xp), Math.abs(xm));
            if (near > kernel.range) break;
            if (Math.abs(xp) <= kernel.range) offs.push(xp * xp);
            if (Math.abs(xm) <= kernel.range) offs.push(xm * xm);
          }
        }
        if (offs.length > MAX_IMAGES) {
          throw new InputError(
            "kernel",
            `${kernel.name} reaches ${offs.length} periodic images on axis ${a} (range ` +
              `${kernel.range} vs period ${L}); use a narrower kernel or mode "linear"`,
          );
        }
        lists.push(Float64Array.from(offs));
      }
      this.squares.push(lists);
    }
    const k0 = kernel.value(0);
    if (Number.isFinite(k0)) this.origin = k0;
    else if (kernel.originAverage) this.origin = kernel.originAverage(grid.h);
    else {
      throw new InputError(
        "kernel",
        `${kernel.name} is not finite at 0 and provides no cell average there`,
      );
    }
  }

  /** G(δ) for the integer displacement δ (length dim, each |δ_a| ≤ n_a − 1). */
  at(delta: ArrayLike<number>): number {
    const d = this.dim;
    return this.sum(
      this.list(0, delta[0]),
      d > 1 ? this.list(1, delta[1]) : ZERO,
      d > 2 ? this.list(2, delta[2]) : ZERO,
    );
  }

  /** The squared offsets used on axis a for the displacement δ (|δ| ≤ n_a − 1). */
  list(axis: number, delta: number): Float64Array {
    return this.squares[axis][delta + this.n[axis] - 1];
  }

  /** Σ K(r0 + r1 + r2) over the Cartesian product of three lists of squared offsets. */
  sum(l0: Float64Array, l1: Float64Array, l2: Float64Array): number {
    const K = this.kernel;
    if (l0.length === 1 && l1.length === 1 && l2.length === 1) {
      const r2 = l0[0] + l1[0] + l2[0];
      return r2 === 0 ? this.origin : K.value(r2);
    }
    let s = 0;
    for (let i = 0; i < l0.length; i++) {
      for (let j = 0; j < l1.length; j++) {
        const r01 = l0[i] + l1[j];
        for (let k = 0; k < l2.length; k++) {
          const r2 = r01 + l2[k];
          s += r2 === 0 ? this.origin : K.value(r2);
        }
      }
    }
    return s;
  }
}

const ZERO = KernelDisplacements.NONE;

/** Most periodic images summed per axis (the kernel is then far wider than the box). */
const MAX_IMAGES = 64;

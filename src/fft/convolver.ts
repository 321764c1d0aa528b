import { InputError, SolverError } from "../errors.js";
import type { Grid } from "../grid/grid.js";
import { KernelDisplacements, resolveModes } from "./displacements.js";
import type { ConvolutionMode, ModeOption } from "./displacements.js";
import { isPowerOfTwo, nextPowerOfTwo } from "./fftCache.js";
import type { Kernel } from "./kernel.js";
import { LineTransform } from "./lineTransform.js";
import { MomentConvolver } from "./momentConvolver.js";

export interface ConvolverOptions {
  /** Per-axis coupling (default "auto": periodic on periodic axes, linear on no-flux axes). */
  mode?: ModeOption;
}

/**
 * Discrete convolution of a cell-average field with a radial kernel on a Grid (1–3D):
 *
 *   (K*ρ)_i = Σ_j G(i − j) ρ_j |cell|,
 *
 * where G is the kernel sampled on grid displacements (KernelDisplacements: point values
 * K(x_i − x_j), periodised or minimum-image on periodic axes, the cell average at 0 for
 * singular kernels). This is the midpoint rule for ∫K(x_i − y)ρ(y)dy and the exact gradient
 * of the discrete interaction energy ½Σ_i ρ_i (K*ρ)_i |cell|.
 *
 * **Method.** Circular convolution by FFT (fft.js, radix 4, power-of-two sizes) on a padded
 * box with P_a points per axis:
 * - linear axes and periodic axes of non-power-of-two length: P_a = nextPow2(2n_a − 1), the
 *   kernel placed at δ mod P_a for δ ∈ [−(n_a−1), n_a−1] and ρ zero-padded. No wrap-around
 *   reaches the n_a output cells. For a periodic axis the kernel entry at δ is G(δ mod n_a),
 *   which makes the padded linear convolution equal the n_a-periodic one exactly;
 * - periodic axes of power-of-two length: P_a = n_a, no padding.
 * The kernel is even, so its spectrum Ĝ is real; it is computed once per convolver (with
 * |cell| folded in). Fields are real, so the last axis is transformed two rows at a time
 * (z = a + ib, one complex FFT, then split by Hermitian symmetry) and only its P/2+1
 * non-negative frequencies are kept; the other axes are transformed line by line, skipping
 * lines that are identically zero (padding) on the way in and lines that are not needed on
 * the way out. The first axis is transformed, multiplied by Ĝ and transformed back in one
 * pass per line.
 *
 * Work buffers are allocated once per convolver; `apply` allocates nothing.
 * Use `convolverFor` to share one convolver (and its cached kernel spectrum) per
 * (grid, kernel, mode).
 *
 * Gradients: the convolver returns K*ρ at cell centres only. The finite-volume Wasserstein
 * geometry takes face differences of ξ = K*ρ, which is the exact discrete gradient of the
 * discrete energy, so the scheme dissipates it; see docs/convolution.md.
 */
export class Convolver {
  readonly grid: Grid;
  readonly kernel: Kernel;
  readonly modes: readonly ConvolutionMode[];
  /** FFT length per axis. */
  readonly padded: readonly number[];
  /** Spectral array shape: P_a, except P/2+1 on the last axis. */
  private readonly Q: number[];
  /** Strides of the spectral array, in complex units. */
  private readonly qStrides: number[];
  /** Complex spectral work array (interleaved re, im). */
  private readonly S: Float64Array;
  /** Real kernel spectrum Ĝ·|cell|/ΠP, stored line by line along the first axis. */
  private readonly spectrum: Float64Array;
  /** Per-axis line DFTs (pruned for zero padding). */
  private readonly lines: LineTransform[];
  private readonly zin: Float64Array[];
  private readonly zout: Float64Array[];
  /** Per axis: BLOCK line buffers for the blocked gather/scatter of the axis passes. */
  private readonly block: Float64Array[][];
  /** Start offsets of the last-axis rows in a field, and in S (complex units). */
  private readonly rowsField: Int32Array;
  private readonly rowsS: Int32Array;
  /** For each axis a < d − 1: start offsets in S of the lines transformed along a. */
  private readonly axisBases: Int32Array[];

  constructor(grid: Grid, kernel: Kernel, options: ConvolverOptions = {}) {
    if (grid.radial) {
      // W*ρ of a radial ρ is radial, but its kernel in r is an integral over the sphere
      // (a Hankel-type transform), not a translation-invariant convolution in r: no FFT.
      throw new InputError(
        "grid.radial",
        "convolutions (interaction, mmd) are not available on radial grids: W*ρ in r is an " +
          "integral over spheres, not a convolution on the r axis (docs/radial.md); use a Cartesian grid",
      );
    }
    this.grid = grid;
    this.kernel = kernel;
    this.modes = resolveModes(grid, options.mode);
    const d = grid.dim;
    const n = grid.n;
    this.padded = n.map((na, a) =>
      this.modes[a] === "periodic" && isPowerOfTwo(na) ? na : nextPowerOfTwo(2 * na - 1),
    );
    const P = this.padded;
    this.Q = P.map((p, a) => (a === d - 1 ? p / 2 + 1 : p));
    this.qStrides = stridesOf(this.Q);
    const qSize = this.Q.reduce((s, v) => s * v, 1);
    this.S = new Float64Array(2 * qSize);
    this.lines = P.map((p) => new LineTransform(p));
    this.zin = P.map((p) => new Float64Array(2 * p));
    this.zout = P.map((p) => new Float64Array(2 * p));
    this.block = P.map((p) => Array.from({ length: BLOCK }, () => new Float64Array(2 * p)));

    const nArr = [...n];
    this.rowsField = lineBases(nArr, grid.strides, d - 1);
    this.rowsS = lineBases(nArr, this.qStrides, d - 1);
    this.axisBases = [];
    for (let a = 0; a < d - 1; a++) {
      const ranges = this.Q.map((q, b) => (b < a ? n[b] : q));
      this.axisBases.push(lineBases(ranges, this.qStrides, a));
    }
    this.spectrum = this.kernelSpectrum();
  }

  /**
   * out = K*ρ (see the class comment). `out` may be the same array as `field`.
   * Both must have grid.size entries.
   */
  apply(field: Float64Array, out: Float64Array): void {
    this.grid.checkLength("convolution input", field);
    this.grid.checkLength("convolution output", out);
    const d = this.grid.dim;
    const n = this.grid.n;
    if (d === 1) {
      this.apply1d(field, out);
      return;
    }
    this.forwardLast(field, this.rowsField, this.rowsS, n[d - 1]);
    for (let a = d - 2; a >= 1; a--) this.forwardAxis(a, this.axisBases[a], n[a]);
    this.multiplyFirstAxis(this.axisBases[0], n[0]);
    for (let a = 1; a <= d - 2; a++) this.inverseAxis(a, this.axisBases[a], n[a]);
    this.inverseLast(out, this.rowsField, this.rowsS, n[d - 1]);
  }

  /** 1D: the zero-padded real line as one complex line, filtered by Ĝ, real part. */
  private apply1d(field: Float64Array, out: Float64Array): void {
    const n = this.grid.n[0];
    const zin = this.zin[0];
    for (let t = 0; t < n; t++) {
      zin[2 * t] = field[t];
      zin[2 * t + 1] = 0;
    }
    this.lines[0].convolve(zin, n, this.spectrum, 0, zin, n);
    for (let t = 0; t < n; t++) out[t] = zin[2 * t];
  }

  /**
   * Forward real transform along the last axis of the rows starting at `rowsIn` in `src`
   * (nIn values each, zero-padded to P), two rows per complex FFT; writes the P/2+1
   * non-negative frequencies of each row at `rowsS` in S.
   */
  private forwardLast(src: Float64Array, rowsIn: Int32Array, rowsS: Int32Array, nIn: number): void {
    const last = this.grid.dim - 1;
    const P = this.padded[last];
    const H = P / 2 + 1;
    const line = this.lines[last];
    const zin = this.zin[last];
    const zout = this.zout[last];
    const S = this.S;
    const rows = rowsIn.length;
    for (let r = 0; r < rows; r += 2) {
      const hasB = r + 1 < rows;
      const ia = rowsIn[r];
      if (hasB) {
        const ib = rowsIn[r + 1];
        for (let t = 0; t < nIn; t++) {
          zin[2 * t] = src[ia + t];
          zin[2 * t + 1] = src[ib + t];
        }
      } else {
        for (let t = 0; t < nIn; t++) {
          zin[2 * t] = src[ia + t];
          zin[2 * t + 1] = 0;
        }
      }
      line.padded(zin, nIn, zout);
      // A_k = (Z_k + conj Z_{P−k})/2, B_k = (Z_k − conj Z_{P−k})/(2i).
      const sa = 2 * rowsS[r];
      const sb = hasB ? 2 * rowsS[r + 1] : -1;
      for (let k = 0; k < H; k++) {
        const j = k === 0 ? 0 : P - k;
        const zr = zout[2 * k];
        const zi = zout[2 * k + 1];
        const wr = zout[2 * j];
        const wi = zout[2 * j + 1];
        S[sa + 2 * k] = 0.5 * (zr + wr);
        S[sa + 2 * k + 1] = 0.5 * (zi - wi);
        if (sb >= 0) {
          S[sb + 2 * k] = 0.5 * (zi + wi);
          S[sb + 2 * k + 1] = 0.5 * (wr - zr);
        }
      }
    }
  }

  /**
   * Inverse of forwardLast: rebuilds the full spectrum Z = A + iB of two rows from their
   * non-negative frequencies (Hermitian symmetry), one inverse complex FFT, and writes the
   * first nOut values of the real part (row a) and imaginary part (row b) to `dst`.
   */
  private inverseLast(
    dst: Float64Array,
    rowsOut: Int32Array,
    rowsS: Int32Array,
    nOut: number,
  ): void {
    const last = this.grid.dim - 1;
    const P = this.padded[last];
    const half = P / 2;
    const line = this.lines[last];
    const zin = this.zin[last];
    const zout = this.zout[last];
    const S = this.S;
    const rows = rowsOut.length;
    for (let r = 0; r < rows; r += 2) {
      const hasB = r + 1 < rows;
      const sa = 2 * rowsS[r];
      // S holds conj(A), conj(B) (see multiplyFirstAxis); build conj(Z), Z = A + iB.
      if (hasB) {
        const sb = 2 * rowsS[r + 1];
        for (let k = 0; k <= half; k++) {
          const ar = S[sa + 2 * k];
          const ai = S[sa + 2 * k + 1];
          const br = S[sb + 2 * k];
          const bi = S[sb + 2 * k + 1];
          zin[2 * k] = ar + bi;
          zin[2 * k + 1] = ai - br;
          if (k > 0 && k < half) {
            const m = P - k;
            zin[2 * m] = ar - bi;
            zin[2 * m + 1] = -ai - br;
          }
        }
      } else {
        for (let k = 0; k <= half; k++) {
          const ar = S[sa + 2 * k];
          const ai = S[sa + 2 * k + 1];
          zin[2 * k] = ar;
          zin[2 * k + 1] = ai;
          if (k > 0 && k < half) {
            const m = P - k;
            zin[2 * m] = ar;
            zin[2 * m + 1] = -ai;
          }
        }
      }
      // DFT(conj Z) = conj(unnormalised inverse) = a − ib; only the first nOut are needed.
      line.pruned(zin, nOut, zout);
      const oa = rowsOut[r];
      if (hasB) {
        const ob = rowsOut[r + 1];
        for (let t = 0; t < nOut; t++) {
          dst[oa + t] = zout[2 * t];
          dst[ob + t] = -zout[2 * t + 1];
        }
      } else {
        for (let t = 0; t < nOut; t++) dst[oa + t] = zout[2 * t];
      }
    }
  }

  /**
   * Copies `count` values of the lines bases[l..l+B) along axis a from S into the block line
   * buffers (B = BLOCK, or fewer at the end); adjacent lines are adjacent in memory, so a block
   * reads whole cache lines. Returns the block size.
   */
  private gather(a: number, bases: Int32Array, l: number, count: number): number {
    const B = Math.min(BLOCK, bases.length - l);
    const S = this.S;
    const st = 2 * this.qStrides[a];
    const lines = this.block[a];
    if (B === 4 && bases[l + 3] === bases[l] + 3) {
      // Four adjacent lines: read one 64-byte row segment per t.
      const [z0, z1, z2, z3] = lines;
      for (let t = 0, s = 2 * bases[l]; t < count; t++, s += st) {
        const u = 2 * t;
        z0[u] = S[s];
        z0[u + 1] = S[s + 1];
        z1[u] = S[s + 2];
        z1[u + 1] = S[s + 3];
        z2[u] = S[s + 4];
        z2[u + 1] = S[s + 5];
        z3[u] = S[s + 6];
        z3[u + 1] = S[s + 7];
      }
    } else {
      for (let j = 0; j < B; j++) {
        const z = lines[j];
        for (let t = 0, s = 2 * bases[l + j]; t < count; t++, s += st) {
          z[2 * t] = S[s];
          z[2 * t + 1] = S[s + 1];
        }
      }
    }
    return B;
  }

  /** Writes the first `count` values of the B block buffers back to their lines in S. */
  private scatter(a: number, bases: Int32Array, l: number, B: number, count: number): void {
    const S = this.S;
    const st = 2 * this.qStrides[a];
    const lines = this.block[a];
    if (B === 4 && bases[l + 3] === bases[l] + 3) {
      const [z0, z1, z2, z3] = lines;
      for (let t = 0, s = 2 * bases[l]; t < count; t++, s += st) {
        const u = 2 * t;
        S[s] = z0[u];
        S[s + 1] = z0[u + 1];
        S[s + 2] = z1[u];
        S[s + 3] = z1[u + 1];
        S[s + 4] = z2[u];
        S[s + 5] = z2[u + 1];
        S[s + 6] = z3[u];
        S[s + 7] = z3[u + 1];
      }
      return;
    }
    for (let j = 0; j < B; j++) {
      const z = lines[j];
      for (let t = 0, s = 2 * bases[l + j]; t < count; t++, s += st) {
        S[s] = z[2 * t];
        S[s + 1] = z[2 * t + 1];
      }
    }
  }

  /** Forward DFT along axis a of the lines at `bases` (nIn stored inputs, the rest zero). */
  private forwardAxis(a: number, bases: Int32Array, nIn: number): void {
    const P = this.padded[a];
    const tr = this.lines[a];
    const zout = this.zout[a];
    const lines = this.block[a];
    for (let l = 0; l < bases.length; l += BLOCK) {
      const B = this.gather(a, bases, l, nIn);
      for (let j = 0; j < B; j++) {
        tr.padded(lines[j], nIn, zout);
        lines[j].set(zout);
      }
      this.scatter(a, bases, l, B, P);
    }
  }

  /**
   * "Inverse" pass along axis a in conjugate form: forward DFT of the full lines, keeping
   * the first nOut values (see multiplyFirstAxis for the conjugation).
   */
  private inverseAxis(a: number, bases: Int32Array, nOut: number): void {
    const P = this.padded[a];
    const tr = this.lines[a];
    const zout = this.zout[a];
    const lines = this.block[a];
    for (let l = 0; l < bases.length; l += BLOCK) {
      const B = this.gather(a, bases, l, P);
      for (let j = 0; j < B; j++) {
        tr.pruned(lines[j], nOut, zout);
        lines[j].set(zout.subarray(0, 2 * nOut));
      }
      this.scatter(a, bases, l, B, nOut);
    }
  }

  /**
   * First axis (d ≥ 2), fused: per line, forward FFT of the n_0 stored values (zero-padded),
   * multiply by Ĝ along the line, inverse FFT, keep the first n_0 values.
   */
  private multiplyFirstAxis(bases: Int32Array, n0: number): void {
    const P = this.padded[0];
    const tr = this.lines[0];
    const lines = this.block[0];
    const G = this.spectrum;
    for (let l = 0; l < bases.length; l += BLOCK) {
      const B = this.gather(0, bases, l, n0);
      for (let j = 0; j < B; j++) tr.convolve(lines[j], n0, G, (l + j) * P, lines[j], n0);
      this.scatter(0, bases, l, B, n0);
    }
  }

  /** Ĝ·|cell|/ΠP from the kernel sampled on the padded box (layout: see `spectrum`). */
  private kernelSpectrum(): Float64Array {
    const grid = this.grid;
    const d = grid.dim;
    const P = this.padded;
    const n = grid.n;
    const table = new KernelDisplacements(grid, this.kernel, this.modes);
    // g on the full padded box (real), index p ↦ displacement δ (or none: zero).
    const pStrides = stridesOf([...P]);
    const pSize = P.reduce((s, v) => s * v, 1);
    const g = new Float64Array(pSize);
    const deltaOf = (a: number, p: number): number | null => {
      if (P[a] === n[a]) return p; // periodic, power of two: δ = p (taken mod n)
      if (p <= n[a] - 1) return p;
      if (p >= P[a] - n[a] + 1) return p - P[a];
      return null;
    };
    // Nested loops over the (up to) three axes; missing axes have one point and no offset.
    const P1 = d > 1 ? P[1] : 1;
    const P2 = d > 2 ? P[2] : 1;
    const none = KernelDisplacements.NONE;
    let k = 0;
    for (let p0 = 0; p0 < P[0]; p0++) {
      const d0 = deltaOf(0, p0);
      const l0 = d0 === null ? null : table.list(0, d0);
      for (let p1 = 0; p1 < P1; p1++) {
        const d1 = d > 1 ? deltaOf(1, p1) : 0;
        const l1 = d1 === null ? null : d > 1 ? table.list(1, d1) : none;
        for (let p2 = 0; p2 < P2; p2++, k++) {
          if (l0 === null || l1 === null) continue;
          const d2 = d > 2 ? deltaOf(2, p2) : 0;
          if (d2 === null) continue;
          g[k] = table.sum(l0, l1, d > 2 ? table.list(2, d2) : none);
        }
      }
    }
    // Unpruned forward transform of g into S.
    const full = [...P];
    this.forwardLast(
      g,
      lineBases(full, pStrides, d - 1),
      lineBases(full, this.qStrides, d - 1),
      P[d - 1],
    );
    for (let a = d - 2; a >= 0; a--) {
      const ranges = this.Q.map((q, b) => (b < a ? P[b] : q));
      this.forwardAxis(a, lineBases(ranges, this.qStrides, a), P[a]);
    }
    const S = this.S;
    const qSize = S.length / 2;
    let maxRe = 0;
    let maxIm = 0;
    for (let i = 0; i < qSize; i++) {
      maxRe = Math.max(maxRe, Math.abs(S[2 * i]));
      maxIm = Math.max(maxIm, Math.abs(S[2 * i + 1]));
    }
    if (!Number.isFinite(maxRe) || maxIm > 1e-9 * maxRe) {
      throw new SolverError(
        `kernel ${this.kernel.name}: sampled spectrum is not real (|Im|/|Re| = ${maxIm / maxRe}); ` +
          "the kernel must be even and finite",
      );
    }
    // Line-major along the first axis, as multiplyFirstAxis reads it: line l (the l-th
    // entry of axisBases[0]; in 1D the single line, full length P via Ĝ_{P−k} = Ĝ_k) holds
    // Ĝ at frequencies k = 0..P_0−1 contiguously.
    const vol = grid.cellVolume / pSize; // |cell| and the 1/ΠP of the inverse transform
    const P0 = P[0];
    let out: Float64Array;
    if (d === 1) {
      out = new Float64Array(P0);
      for (let k = 0; k < P0; k++) out[k] = S[2 * Math.min(k, P0 - k)] * vol;
    } else {
      const bases = this.axisBases[0];
      const st = this.qStrides[0];
      out = new Float64Array(bases.length * P0);
      for (let l = 0; l < bases.length; l++) {
        for (let k = 0; k < P0; k++) out[l * P0 + k] = S[2 * (bases[l] + k * st)] * vol;
      }
    }
    S.fill(0);
    return out;
  }
}

/** Row-major strides of a shape (last axis fastest). */
function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let a = shape.length - 2; a >= 0; a--) s[a] = s[a + 1] * shape[a + 1];
  return s;
}

/**
 * Start offsets Σ_b i_b·strides[b] over all index tuples with 0 ≤ i_b < ranges[b] for every
 * axis b ≠ skip (the line axis), in row-major order.
 */
function lineBases(
  ranges: readonly number[],
  strides: readonly number[],
  skip: number,
): Int32Array {
  const axes = ranges.map((_, b) => b).filter((b) => b !== skip);
  const count = axes.reduce((p, b) => p * ranges[b], 1);
  const out = new Int32Array(count);
  const idx = new Int32Array(axes.length);
  for (let k = 0; k < count; k++) {
    let off = 0;
    for (let j = 0; j < axes.length; j++) off += idx[j] * strides[axes[j]];
    out[k] = off;
    for (let j = axes.length - 1; j >= 0; j--) {
      if (++idx[j] < ranges[axes[j]]) break;
      idx[j] = 0;
    }
  }
  return out;
}

/** Lines per block in the axis passes (4 complex doubles = one 64-byte cache line). */
const BLOCK = 4;

/** What the energies need of a convolver: out = K*ρ on the grid's cells. */
export interface FieldConvolver {
  readonly grid: Grid;
  readonly kernel: Kernel;
  apply(field: Float64Array, out: Float64Array): void;
}

const cache = new WeakMap<Grid, Map<Kernel, Map<string, FieldConvolver>>>();

/**
 * The shared convolver of (grid, kernel, mode): built on first use, then reused, so the
 * kernel spectrum and the work buffers exist once. Keyed by object identity of grid and kernel.
 * A kernel that is a polynomial in |x|² of degree ≤ 2 (`radialPolynomial`, e.g. the power law
 * |x|⁴/4 − |x|²/2) on a box with only linear (no-flux) axes gets the MomentConvolver: the same
 * sums in O(N) from moments of ρ, instead of FFTs on the padded box.
 */
export function convolverFor(
  grid: Grid,
  kernel: Kernel,
  options: ConvolverOptions = {},
): FieldConvolver {
  const key = resolveModes(grid, options.mode).join(",");
  let byKernel = cache.get(grid);
  if (!byKernel) {
    byKernel = new Map();
    cache.set(grid, byKernel);
  }
  let byMode = byKernel.get(kernel);
  if (!byMode) {
    byMode = new Map();
    byKernel.set(kernel, byMode);
  }
  let c = byMode.get(key);
  if (!c) {
    const modes = key.split(",") as ConvolutionMode[];
    const poly = kernel.radialPolynomial;
    c =
      poly && !grid.radial && modes.every((m) => m === "linear")
        ? new MomentConvolver(grid, kernel, poly)
        : new Convolver(grid, kernel, { mode: modes });
    byMode.set(key, c);
  }
  return c;
}

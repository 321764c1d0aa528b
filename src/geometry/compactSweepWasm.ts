import { compiledModule } from "../wasm/compiledModule.js";
import { activeRegion, openRow } from "./activeRegion.js";
import { edgeRow as monotoneEdgeRow } from "./monotoneSweep.js";
import type { PointwisePsi } from "./pointwisePsi.js";
import { edgeRow as squareEdgeRow } from "./squareSweep.js";
import { wasmBytes } from "./wasm/compactRows.generated.js";

const compiled = compiledModule(wasmBytes);

/** The exports of compactRows.wat. */
interface CompactRows {
  memory: WebAssembly.Memory;
  check: WebAssembly.Global;
  rhoMax: WebAssembly.Global;
  negative: WebAssembly.Global;
  interiorRow(
    p: number,
    q: number,
    s: number,
    count: number,
    k0: number,
    k1: number,
    theta: number,
    rmax: number,
  ): number;
  monotoneRow(
    p: number,
    q: number,
    s: number,
    count: number,
    c0: number,
    c1: number,
    theta: number,
    kappa: number,
    rmax: number,
  ): number;
  eulerRows(act: number, n0: number, n1: number, outByte: number, dt: number): number;
  stageRows(
    act: number,
    n0: number,
    n1: number,
    outByte: number,
    u0Byte: number,
    dt: number,
    a: number,
  ): number;
}

/** Doubles of padding after ρ: the odd last cell's partner lane reads up to ρ[n0·n1]. */
const PAD = 4;

/**
 * The compact 2D fv1/fv2 sweeps of the pure power energies with no-flux walls in WebAssembly
 * SIMD (wasm/compactRows.wat, two cells per instruction), for an n0 × n1 grid:
 *
 * - `sweep`: compactSquare2D (squareSweep.ts, m = 2: ∂ρ/∂t = cΔρ², ξ = kXi·ρ);
 * - `sweepMonotone`: compactMonotone2D (monotoneSweep.ts) for m = 3 with kD = 0, ψ = κ·ρ·ρ
 *   computed in the module from ρ as pointwisePsi.ts computes it;
 * - `eulerStage`: the fused Runge–Kutta stage that follows either (fusedEuler.ts).
 *
 * Same arguments and results, bit for bit (dρ/dt on the active columns, zeros elsewhere if
 * `zeroOutside`, the rate max r_i, max ρ for m = 3, the count of computed cells);
 * test/geometry/squareSweep.test.ts holds them to the JavaScript sweeps and the full-grid one.
 *
 * ρ is copied into the module's memory (n0·n1 doubles, ~1 µs at 128²) and the sweep writes
 * its own copy of `out` there, which is copied out at the end (the south fluxes that row i − 1
 * leaves for row i live in it, as in the JavaScript sweeps). Rows next to a wall and the row
 * set-up (openRow) run the JavaScript of squareSweep.ts / monotoneSweep.ts on views of that
 * memory. The stage runs in the module on those copies and copies ρ back.
 *
 * Measured on P2c (bench/p2c.ts: 128², support 49 → 70 % of the box) on the 2-core VM: the
 * m = 2 sweep 8.1 → 5.4 ns per computed cell (t = 1 profile, 11 976 cells), a whole fv2/Euler
 * run 10.5–11.5 → 6.5–7.8 ns per cell and stage, fv2/Heun 12.8 → 7.4 (docs/finite-volumes.md).
 */
export class CompactSweepWasm {
  private readonly rho: Float64Array;
  private readonly out: Float64Array;
  private readonly outByte: number;
  /** The active columns of the last sweep, for the stage. */
  private readonly active: Int32Array;
  private readonly activeByte: number;
  /** u0 of an SSP Runge–Kutta stage with a ≠ 0. */
  private readonly u0: Float64Array;
  private readonly u0Byte: number;

  private constructor(
    readonly n0: number,
    readonly n1: number,
    private readonly m: CompactRows,
  ) {
    const size = n0 * n1;
    const memory = m.memory;
    // ρ at byte 0 (size + PAD doubles), out after it on a 16-byte boundary, then u0 and the
    // active columns (2·n0 Int32).
    const rhoDoubles = size + PAD + ((size + PAD) & 1);
    const bytes = 8 * (rhoDoubles + 2 * size) + 8 * n0;
    const pages = Math.ceil(bytes / 65536) - memory.buffer.byteLength / 65536;
    if (pages > 0) memory.grow(pages); // once: the views below stay valid
    this.rho = new Float64Array(memory.buffer, 0, rhoDoubles);
    this.outByte = 8 * rhoDoubles;
    this.out = new Float64Array(memory.buffer, this.outByte, size);
    this.u0Byte = this.outByte + 8 * size;
    this.u0 = new Float64Array(memory.buffer, this.u0Byte, size);
    this.activeByte = this.u0Byte + 8 * size;
    this.active = new Int32Array(memory.buffer, this.activeByte, 2 * n0);
  }

  /**
   * The sweeps for an n0 × n1 grid, or null — the caller keeps its JavaScript sweeps — without
   * WebAssembly SIMD (or with MEASUREFLOW_NO_WASM set), or when the module's memory (3 cell
   * arrays, 24 bytes per cell) cannot be had: beyond WebAssembly's 4 GiB, or refused.
   */
  static create(n0: number, n1: number): CompactSweepWasm | null {
    const mod = n0 * n1 > 0 ? compiled() : null;
    if (mod === null) return null;
    try {
      const instance = new WebAssembly.Instance(mod, {});
      return new CompactSweepWasm(n0, n1, instance.exports as unknown as CompactRows);
    } catch (err) {
      if (err instanceof RangeError) return null; // memory.grow refused
      throw err;
    }
  }

  /**
   * The row loop of both sweeps: the active region of ρ into `ranges`/`active`, ρ copied in,
   * the module's accumulators and `stats` reset, each row opened (openRow, on the module's
   * copy of out) and handed to `edge` (a row next to a wall: JavaScript on the module's views)
   * or to `interior` (the module, given the byte addresses of ρ and out at the row's first
   * active cell, the row stride in bytes, the count and the max rate so far; returns the new
   * max rate). Returns the number of cells computed and the interior rows' max rate.
   */
  private rows(
    rho: Float64Array,
    zeroOutside: boolean,
    ranges: Int32Array,
    active: Int32Array,
    stats: Float64Array,
    edge: (i: number, a: number, b: number) => void,
    interior: (p: number, q: number, s: number, count: number, rmax: number) => number,
  ): { count: number; rmax: number } {
    const { n0, n1 } = this;
    activeRegion(n0, n1, rho, ranges, active);
    this.rho.set(rho.length === n0 * n1 ? rho : rho.subarray(0, n0 * n1));
    stats[0] = 0;
    stats[1] = 0;
    stats[2] = 0;
    this.m.check.value = 0;
    this.m.rhoMax.value = 0;
    this.m.negative.value = 0;
    let rmax = 0;
    let count = 0;
    const s = 8 * n1;
    for (let i = 0; i < n0; i++) {
      const a = active[2 * i];
      const b = active[2 * i + 1];
      if (!openRow(i, n1, active, this.out, zeroOutside)) continue;
      count += b - a + 1;
      if (i === 0 || i + 3 > n0 || a === 0 || b + 3 > n1) {
        edge(i, a, b);
      } else {
        const p = 8 * (i * n1 + a);
        rmax = interior(p, this.outByte + p, s, b - a + 1, rmax);
      }
    }
    return { count, rmax };
  }

  /** Copies dρ/dt out and keeps the active columns for the stage; the final stats[0]. */
  private finish(out: Float64Array, active: Int32Array, stats: Float64Array, rmax: number): void {
    out.set(this.out);
    this.active.set(active);
    const r = stats[0] > rmax ? stats[0] : rmax;
    const check = (this.m.check.value as number) + stats[2];
    stats[0] = check - check === 0 ? r : NaN;
  }

  /** compactSquare2D(n0, n1, consts, rho, out, zeroOutside, ranges, active, stats). */
  sweep(
    consts: Float64Array,
    rho: Float64Array,
    out: Float64Array,
    zeroOutside: boolean,
    ranges: Int32Array,
    active: Int32Array,
    stats: Float64Array,
  ): number {
    const { n0, n1, m } = this;
    const [k0, k1, theta] = consts;
    const wr = this.rho;
    const wo = this.out;
    const { count, rmax } = this.rows(
      rho,
      zeroOutside,
      ranges,
      active,
      stats,
      (i, a, b) => squareEdgeRow(i, n0, n1, a, b, k0, k1, wr, theta, wo, stats),
      (p, q, s, n, r) => m.interiorRow(p, q, s, n, k0, k1, theta, r),
    );
    this.finish(out, active, stats, rmax);
    stats[1] = 0;
    return count;
  }

  /**
   * compactMonotone2D(n0, n1, consts, rho, ψ, out, zeroOutside, active, stats) for ψ = κ·ρ·ρ
   * (`psi.kappa[0]`; consts = [1/h0², 1/h1², θ, kD] with kD = 0), after computing the active
   * region into `ranges`/`active`; ψ itself is written into `psiOut` only on the rows next to
   * a wall, whose JavaScript reads it. Returns the number of cells computed, or −1 (the sweep
   * is void) if some ρ < 0 on the cells read, where the monotone form does not apply: the
   * caller then takes the general path (compactCells2D), as with pointwisePsi's fillRows.
   */
  sweepMonotone(
    consts: Float64Array,
    psi: PointwisePsi,
    psiOut: Float64Array,
    rho: Float64Array,
    out: Float64Array,
    zeroOutside: boolean,
    ranges: Int32Array,
    active: Int32Array,
    stats: Float64Array,
  ): number {
    const { n0, n1, m } = this;
    const [c0, c1, theta] = consts;
    const kappa = psi.kappa[0];
    const wr = this.rho;
    const wo = this.out;
    let negative = false;
    const { count, rmax } = this.rows(
      rho,
      zeroOutside,
      ranges,
      active,
      stats,
      (i, a, b) => {
        // ψ where this row's JavaScript reads it: row i and the north row on [a, b].
        const row = i * n1;
        if (psi.fill(rho, psiOut, row + a, row + b + 1)) negative = true;
        if (i + 1 < n0 && psi.fill(rho, psiOut, row + n1 + a, row + n1 + b + 1)) negative = true;
        monotoneEdgeRow(i, n0, n1, a, b, c0, c1, 0, 0, wr, psiOut, theta, wo, stats);
      },
      (p, q, s, n, r) => m.monotoneRow(p, q, s, n, c0, c1, theta, kappa, r),
    );
    if (negative || m.negative.value !== 0) return -1;
    this.finish(out, active, stats, rmax);
    const rhoMax = m.rhoMax.value as number;
    if (rhoMax > stats[1]) stats[1] = rhoMax;
    return count;
  }

  /**
   * The SSP Runge–Kutta stage ρ ← a·u0 + (1 − a)(ρ + dt·dρ/dt), in place, from the ρ and
   * dρ/dt that the last `sweep` left in the module's memory, for the same ρ, unchanged since
   * (the contract of FusedEulerGeometry.eulerStage) — compactStage2D (compactSweeps.ts) bit
   * for bit: a = 0 (forward Euler) updates the active columns only (eulerRows), a ≠ 0 every
   * cell, with the flux term on the active columns (stageRows; u0 is copied in). Returns true
   * if an updated entry is negative or not finite.
   */
  eulerStage(rho: Float64Array, dt: number, a: number, u0: Float64Array): boolean {
    const { n0, n1 } = this;
    const size = n0 * n1;
    let bad: boolean;
    if (a === 0) {
      bad = this.m.eulerRows(this.activeByte, n0, n1, this.outByte, dt) !== 0;
    } else {
      this.u0.set(u0.length === size ? u0 : u0.subarray(0, size));
      bad = this.m.stageRows(this.activeByte, n0, n1, this.outByte, this.u0Byte, dt, a) !== 0;
    }
    rho.set(this.rho.subarray(0, size));
    return bad;
  }
}

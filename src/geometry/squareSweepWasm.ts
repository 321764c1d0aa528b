import { compiledModule } from "../wasm/compiledModule.js";
import { activeRegion, openRow } from "./activeRegion.js";
import { edgeRow } from "./squareSweep.js";
import { wasmBytes } from "./wasm/squareRows.generated.js";

const compiled = compiledModule(wasmBytes);

type InteriorRow = (
  p: number,
  q: number,
  s: number,
  count: number,
  k0: number,
  k1: number,
  theta: number,
  rmax: number,
) => number;

type EulerRows = (act: number, n0: number, n1: number, outByte: number, dt: number) => number;
type StageRows = (
  act: number,
  n0: number,
  n1: number,
  outByte: number,
  u0Byte: number,
  dt: number,
  a: number,
) => number;

/** Doubles of padding after ρ: the discarded lane of an odd last cell reads up to ρ[n0·n1]. */
const PAD = 4;

/**
 * compactSquare2D (squareSweep.ts: the compact fv1/fv2 sweep of the porous medium ∂ρ/∂t =
 * cΔρ², no-flux walls) with its interior rows in WebAssembly SIMD (wasm/squareRows.wat, two
 * cells per instruction). Same arguments, same results bit for bit (dρ/dt on the active
 * columns, zeros elsewhere if `zeroOutside`, the rate max r_i, the count of computed cells);
 * test/geometry/squareSweep.test.ts holds both to the full-grid sweep.
 *
 * ρ is copied into the module's memory (n0·n1 doubles, ~1 µs at 128²) and the sweep writes
 * its own copy of `out` there, which is copied out at the end (the south fluxes that row i − 1
 * leaves for row i live in it, as in compactSquare2D). Rows next to a wall and the row
 * set-up (openRow) run the JavaScript of squareSweep.ts on views of that memory. The stage
 * that follows (`eulerStage`, the fused update of fusedEuler.ts) runs in the module on those
 * copies and copies ρ back.
 *
 * Measured on P2c (bench/p2c.ts: 128², support 49 → 70 % of the box) on the 2-core VM: the
 * sweep 8.1 → 5.4 ns per computed cell (t = 1 profile, 11 976 cells), a whole fv2/Euler run
 * 10.5–11.5 → 6.5–7.8 ns per cell and stage, fv2/Heun 12.8 → 7.4 (docs/benchmarks.md).
 */
export class SquareSweepWasm {
  private readonly rho: Float64Array;
  private readonly out: Float64Array;
  private readonly outByte: number;
  /** The active columns of the last sweep, for eulerRows. */
  private readonly active: Int32Array;
  private readonly activeByte: number;
  /** u0 of an SSP Runge–Kutta stage with a ≠ 0. */
  private readonly u0: Float64Array;
  private readonly u0Byte: number;

  private constructor(
    readonly n0: number,
    readonly n1: number,
    private readonly interiorRow: InteriorRow,
    private readonly eulerRows: EulerRows,
    private readonly stageRows: StageRows,
    private readonly check: WebAssembly.Global,
    memory: WebAssembly.Memory,
  ) {
    const size = n0 * n1;
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

  /** The sweep for an n0 × n1 grid, or null without WebAssembly SIMD (MEASUREFLOW_NO_WASM). */
  static create(n0: number, n1: number): SquareSweepWasm | null {
    const mod = n0 * n1 > 0 ? compiled() : null;
    if (mod === null) return null;
    const instance = new WebAssembly.Instance(mod, {});
    const e = instance.exports;
    return new SquareSweepWasm(
      n0,
      n1,
      e.interiorRow as InteriorRow,
      e.eulerRows as EulerRows,
      e.stageRows as StageRows,
      e.check as WebAssembly.Global,
      e.memory as WebAssembly.Memory,
    );
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
    const { n0, n1 } = this;
    const k0 = consts[0];
    const k1 = consts[1];
    const theta = consts[2];
    activeRegion(n0, n1, rho, ranges, active);
    const wr = this.rho;
    const wo = this.out;
    wr.set(rho.length === n0 * n1 ? rho : rho.subarray(0, n0 * n1));
    stats[0] = 0;
    stats[1] = 0;
    stats[2] = 0;
    this.check.value = 0;
    let rmax = 0;
    let count = 0;
    const s = 8 * n1;
    for (let i = 0; i < n0; i++) {
      const row = i * n1;
      const a = active[2 * i];
      const b = active[2 * i + 1];
      if (!openRow(i, n1, active, wo, zeroOutside)) continue;
      count += b - a + 1;
      if (i === 0 || i + 3 > n0 || a === 0 || b + 3 > n1) {
        edgeRow(i, n0, n1, a, b, k0, k1, wr, theta, wo, stats);
        continue;
      }
      rmax = this.interiorRow(
        8 * (row + a),
        this.outByte + 8 * (row + a),
        s,
        b - a + 1,
        k0,
        k1,
        theta,
        rmax,
      );
    }
    out.set(wo);
    this.active.set(active);
    if (stats[0] > rmax) rmax = stats[0];
    const check = (this.check.value as number) + stats[2];
    stats[0] = check - check === 0 ? rmax : NaN;
    stats[1] = 0;
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
      bad = this.eulerRows(this.activeByte, n0, n1, this.outByte, dt) !== 0;
    } else {
      this.u0.set(u0.length === size ? u0 : u0.subarray(0, size));
      bad = this.stageRows(this.activeByte, n0, n1, this.outByte, this.u0Byte, dt, a) !== 0;
    }
    rho.set(this.rho.subarray(0, size));
    return bad;
  }
}

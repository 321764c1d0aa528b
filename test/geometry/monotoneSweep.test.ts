import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GeneralizedEntropy } from "../../src/energy/generalizedEntropy.js";
import { Barenblatt } from "../../src/exact/barenblatt.js";
import { activeRegion } from "../../src/geometry/activeRegion.js";
import { compactCells2D } from "../../src/geometry/compactSweeps.js";
import { CompactSweepWasm } from "../../src/geometry/compactSweepWasm.js";
import { compactMonotone2D } from "../../src/geometry/monotoneSweep.js";
import { PointwisePsi } from "../../src/geometry/pointwisePsi.js";
import { WassersteinGeometry } from "../../src/geometry/wasserstein.js";
import { Grid } from "../../src/grid/grid.js";
import { ExplicitScheme } from "../../src/schemes/explicit.js";
import { expectSameStepsWithoutWasm } from "./wasmSteps.js";
import { expectSameBits, expectSameOnActive } from "./sameBits.js";

/**
 * The compact sweep for a ψ non-decreasing in ρ (monotoneSweep.ts, used for the pure m = 3
 * energy, ψ = κρ²) must reproduce compactCells2D with ξ read from the same array, bit for
 * bit: dρ/dt (Object.is on every entry, i.e. even the sign of zeros, in and outside the
 * active region), the stability rate, max ρ and the cell count; monotoneSweep.ts explains why
 * its shortcuts are exact. ψ is evaluated as the geometry does (pointwisePsi.ts, on the hull
 * of the active columns of each row and the row below) and is NaN elsewhere, so a read
 * outside that region would show. Densities: random values with vacuum and near-ties
 * (neighbours equal or one ulp apart, where κρ² may round to equal values: w = 0 with
 * ρ_p ≠ ρ_q), support touching the walls or not; θ ∈ {0, 1, 2}; kD = 0 (m = 3 alone) or > 0.
 */

const SEED = 20_251_205;
const MAX_N = 20;

const cellValue = fc.oneof(
  { arbitrary: fc.constant(0), weight: 2 },
  { arbitrary: fc.double({ min: 0.01, max: 1, noNaN: true }), weight: 4 },
  { arbitrary: fc.double({ min: 1e-12, max: 1e-4, noNaN: true }), weight: 1 },
  { arbitrary: fc.constantFrom(0.3, 0.30000000000000004, 0.3000000000000001), weight: 3 },
);

const caseArb = fc
  .record({
    n0: fc.integer({ min: 1, max: MAX_N }),
    n1: fc.integer({ min: 1, max: MAX_N }),
    h0: fc.double({ min: 0.01, max: 2, noNaN: true }),
    h1: fc.double({ min: 0.01, max: 2, noNaN: true }),
    theta: fc.constantFrom(0, 1, 2),
    kappa: fc.constantFrom(1.5, 0.45, 7),
    kD: fc.constantFrom(0, 1, 3.3),
    zeroOutside: fc.boolean(),
    margins: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 4, maxLength: 4 }),
    values: fc.array(cellValue, { minLength: MAX_N * MAX_N, maxLength: MAX_N * MAX_N }),
  })
  .map((c) => {
    const { n0, n1, margins, values } = c;
    const rho = new Float64Array(n0 * n1);
    for (let i = margins[0]; i < n0 - margins[1]; i++) {
      for (let j = margins[2]; j < n1 - margins[3]; j++) rho[i * n1 + j] = values[i * MAX_N + j];
    }
    return { ...c, rho };
  });

describe("compactMonotone2D equals compactCells2D bit for bit", () => {
  it("random densities, limiters, κ and kD", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { n0, n1, h0, h1, theta, kappa, kD, zeroOutside, rho } = c;
        const ranges = new Int32Array(2 * n0);
        const active = new Int32Array(2 * n0);
        activeRegion(n0, n1, rho, ranges, active);
        const psi = new Float64Array(rho.length).fill(NaN);
        const pp = new PointwisePsi({
          entropy: 0,
          potential: null,
          powers: [{ coef: kappa / 1.5, m: 3 }],
        });
        expect(pp.fillRows(n0, n1, rho, active, psi)).toBe(true);
        const c0 = 1 / (h0 * h0);
        const c1 = 1 / (h1 * h1);
        const ref = new Float64Array(rho.length).fill(7);
        const refStats = new Float64Array(3);
        const refCount = compactCells2D(
          n0,
          n1,
          c0,
          c1,
          rho,
          psi,
          0,
          theta,
          kD,
          ref,
          zeroOutside,
          ranges,
          active,
          refStats,
          true,
        );
        const out = new Float64Array(rho.length).fill(7);
        const stats = new Float64Array(3);
        const count = compactMonotone2D(
          n0,
          n1,
          Float64Array.of(c0, c1, theta, kD),
          rho,
          psi,
          out,
          zeroOutside,
          active,
          stats,
        );
        expectSameBits(out, ref);
        expect(Object.is(stats[0], refStats[0])).toBe(true);
        expect(Object.is(stats[1], refStats[1])).toBe(true);
        expect(count).toBe(refCount);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("a negative density is left to the general sweep (ψ = κρ² is not monotone there)", () => {
    const rho = Float64Array.of(0, 0, 0, 0, 0.5, -1e-3, 0, 0, 0);
    const active = new Int32Array(6);
    activeRegion(3, 3, rho, new Int32Array(6), active);
    const pp = new PointwisePsi({ entropy: 0, potential: null, powers: [{ coef: 1, m: 3 }] });
    expect(pp.monotone).toBe(true);
    expect(pp.fillRows(3, 3, rho, active, new Float64Array(9))).toBe(false);
  });

  it("CompactSweepWasm.sweepMonotone (WebAssembly interior rows) equals compactMonotone2D", () => {
    // kD = 0 (the module's case: m = 3 alone); ψ is computed in the module from ρ, so the
    // JavaScript reference reads the ψ that pointwisePsi.ts fills. Twice on one instance:
    // nothing of the first call may leak into the second.
    fc.assert(
      fc.property(caseArb, (c) => {
        const { n0, n1, h0, h1, theta, kappa, zeroOutside, rho } = c;
        const sweep = CompactSweepWasm.create(n0, n1)!;
        const pp = new PointwisePsi({
          entropy: 0,
          potential: null,
          powers: [{ coef: kappa / 1.5, m: 3 }],
        });
        const consts = Float64Array.of(1 / (h0 * h0), 1 / (h1 * h1), theta, 0);
        const ranges = new Int32Array(2 * n0);
        const active = new Int32Array(2 * n0);
        activeRegion(n0, n1, rho, ranges, active);
        const psi = new Float64Array(rho.length).fill(NaN);
        pp.fillRows(n0, n1, rho, active, psi);
        const ref = new Float64Array(rho.length).fill(7);
        const refStats = new Float64Array(3);
        const refCount = compactMonotone2D(
          n0,
          n1,
          consts,
          rho,
          psi,
          ref,
          zeroOutside,
          active,
          refStats,
        );
        for (let round = 0; round < 2; round++) {
          const out = new Float64Array(rho.length).fill(7);
          const stats = new Float64Array(3);
          const psiOut = new Float64Array(rho.length).fill(NaN);
          const count = sweep.sweepMonotone(
            consts,
            pp,
            psiOut,
            rho,
            out,
            zeroOutside,
            ranges,
            active,
            stats,
          );
          expect(count).toBe(refCount);
          expectSameOnActive(out, ref, active, n1, zeroOutside);
          expect(Object.is(stats[0], refStats[0])).toBe(true);
          expect(Object.is(stats[1], refStats[1])).toBe(true);
        }
      }),
      { seed: SEED + 1, numRuns: 400 },
    );
  });

  it("sweepMonotone declines a density with a negative cell (count −1), in or off the walls", () => {
    const pp = new PointwisePsi({ entropy: 0, potential: null, powers: [{ coef: 1, m: 3 }] });
    // 12 × 12, support rows and columns 3 … 8 (active 2 … 9: interior rows of the module),
    // one negative cell inside it, or on row 0 (a row of the JavaScript edge path).
    for (const at of [5 * 12 + 5, 3 * 12 + 8, 5]) {
      const rho = new Float64Array(144);
      for (let i = 3; i <= 8; i++) for (let j = 3; j <= 8; j++) rho[i * 12 + j] = 0.2;
      rho[at] = -1e-3;
      const sweep = CompactSweepWasm.create(12, 12)!;
      const count = sweep.sweepMonotone(
        Float64Array.of(1, 1, 2, 0),
        pp,
        new Float64Array(144),
        rho,
        new Float64Array(144),
        true,
        new Int32Array(24),
        new Int32Array(24),
        new Float64Array(3),
      );
      expect(count).toBe(-1);
    }
  });

  it("m = 3 steps the same with the WebAssembly sweep and stage as with the JavaScript ones", () => {
    expectSameStepsWithoutWasm(3);
  });

  it("P2c-like m = 3 run: the geometry's steps equal those of the general sweep", () => {
    // The general compact sweep is reached by hiding the energy's pointwise form behind a sum
    // with a zero potential (ψ not monotone-eligible); 30 fv2/Euler steps must match exactly.
    const grid = new Grid({ n: [40, 36], lo: [-1.9, -1.9], hi: [1.9, 1.9] });
    const rho0 = new Barenblatt({ dim: 2, m: 3, mass: 1 }).cellAverages(grid, 0.5);
    const run = (geo: WassersteinGeometry): { rho: Float64Array; dts: number[] } => {
      const scheme = new ExplicitScheme(geo, grid, { method: "euler", cfl: 0.9 });
      const rho = rho0.slice();
      const dts: number[] = [];
      for (let k = 0; k < 30; k++) dts.push(scheme.step(rho, 1));
      return { rho, dts };
    };
    const e = new GeneralizedEntropy(grid, 3);
    const fast = run(new WassersteinGeometry(e, { flux: "fv2" }));
    const general = run(new WassersteinGeometry(new GeneralOnly(e), { flux: "fv2" }));
    expect(fast.dts).toEqual(general.dts);
    expectSameBits(fast.rho, general.rho);
  });
});

/**
 * The m = 3 energy with its pointwise form reporting a zero potential: same ψ bit for bit
 * (ψ + 0 = ψ), but PointwisePsi is then not `monotone`, so the geometry uses compactCells2D.
 */
class GeneralOnly extends GeneralizedEntropy {
  constructor(e: GeneralizedEntropy) {
    super(e.grid, e.m);
  }

  override pointwise(): ReturnType<GeneralizedEntropy["pointwise"]> {
    return { ...super.pointwise(), potential: new Float64Array(this.grid.size) };
  }
}

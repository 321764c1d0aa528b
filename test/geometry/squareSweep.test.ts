import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assembleWatFile, generatedSource, geometryWasmDir } from "../../scripts/buildWasm.js";
import { GeneralizedEntropy } from "../../src/energy/generalizedEntropy.js";
import { Barenblatt } from "../../src/exact/barenblatt.js";
import { upwindCells2D } from "../../src/geometry/cellSweeps.js";
import { compactCells2D, compactStage2D } from "../../src/geometry/compactSweeps.js";
import { compactSquare2D } from "../../src/geometry/squareSweep.js";
import { CompactSweepWasm } from "../../src/geometry/compactSweepWasm.js";
import { WassersteinGeometry } from "../../src/geometry/wasserstein.js";
import { Grid } from "../../src/grid/grid.js";
import { expectSameStepsWithoutWasm } from "./wasmSteps.js";
import { expectSameBits, expectSameOnActive } from "./sameBits.js";

/**
 * The specialised compact sweep of the pure m = 2 power energy (squareSweep.ts) and the
 * compact sweep for a general ξ (compactSweeps.ts), both keeping the south fluxes in `out`,
 * must reproduce the full-grid sweep upwindCells2D (cellSweeps.ts, which visits every cell
 * and every face) bit for bit: dρ/dt in every cell and the stability rate max_i r_i. They
 * form the same fluxes with the same floating-point operations (squareSweep.ts explains why
 * its rearrangements are exact), so no tolerance: Object.is on every entry, i.e. even the
 * sign of zeros. Densities: random values with vacuum (exact zeros, whole empty rows and
 * columns, isolated cells, support touching the walls), random box sizes, limiters θ ∈
 * {0 (fv1), 1 (minmod), 2 (mc)}, kXi = 2c a power of two.
 */

const SEED = 20_251_204;

interface Case {
  n0: number;
  n1: number;
  h0: number;
  h1: number;
  theta: number;
  kXi: number;
  rho: Float64Array;
}

const cellValue = fc.oneof(
  { arbitrary: fc.constant(0), weight: 2 },
  { arbitrary: fc.double({ min: 0.01, max: 1, noNaN: true }), weight: 6 },
  { arbitrary: fc.double({ min: 1e-12, max: 1e-4, noNaN: true }), weight: 1 },
);

const MAX_N = 20;

/**
 * Values inside a rectangle of the grid, zero outside: margins of 0–4 empty cells on each
 * side, so that the support may touch a wall (edge rows and columns) or lie inside (the fast
 * interior rows of compactSquare2D), and vacuum cells inside it as well.
 */
const caseArb: fc.Arbitrary<Case> = fc
  .record({
    n0: fc.integer({ min: 1, max: MAX_N }),
    n1: fc.integer({ min: 1, max: MAX_N }),
    h0: fc.double({ min: 0.01, max: 2, noNaN: true }),
    h1: fc.double({ min: 0.01, max: 2, noNaN: true }),
    theta: fc.constantFrom(0, 1, 2),
    kXi: fc.constantFrom(1, 2, 4),
    margins: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 4, maxLength: 4 }),
    values: fc.array(cellValue, { minLength: MAX_N * MAX_N, maxLength: MAX_N * MAX_N }),
  })
  .map(({ n0, n1, h0, h1, theta, kXi, margins, values }) => {
    const rho = new Float64Array(n0 * n1);
    for (let i = margins[0]; i < n0 - margins[1]; i++) {
      for (let j = margins[2]; j < n1 - margins[3]; j++) rho[i * n1 + j] = values[i * MAX_N + j];
    }
    return { n0, n1, h0, h1, theta, kXi, rho };
  });

/** dρ/dt and max r of the full sweep with ξ = kXi·ρ (exact: kXi is a power of two). */
function fullSweep(c: Case): { out: Float64Array; rate: number } {
  const { n0, n1, h0, h1, theta, kXi, rho } = c;
  const xi = rho.map((r) => kXi * r);
  const out = new Float64Array(rho.length);
  const stats = new Float64Array(3);
  const c0 = 1 / (h0 * h0);
  const c1 = 1 / (h1 * h1);
  const rows = new Float64Array(4 * n1);
  upwindCells2D(n0, n1, false, false, c0, c1, rho, xi, xi, 0, theta, kXi, out, rows, stats);
  return { out, rate: stats[0] };
}

describe("compact ν = 0 sweeps equal the full sweep bit for bit", () => {
  it("compactSquare2D (pure m = 2, ξ = kXi·ρ on the fly)", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { n0, n1, h0, h1, theta, kXi, rho } = c;
        const ref = fullSweep(c);
        const consts = Float64Array.of(kXi * (1 / (h0 * h0)), kXi * (1 / (h1 * h1)), theta);
        const out = new Float64Array(rho.length).fill(7); // stale values must not leak
        const stats = new Float64Array(3);
        const ranges = new Int32Array(2 * n0);
        const active = new Int32Array(2 * n0);
        const count = compactSquare2D(n0, n1, consts, rho, out, true, ranges, active, stats);
        expectSameBits(out, ref.out);
        expect(stats[0]).toBe(ref.rate);
        let visited = 0;
        for (let i = 0; i < n0; i++) visited += Math.max(0, active[2 * i + 1] - active[2 * i] + 1);
        expect(count).toBe(visited);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("CompactSweepWasm (compactSquare2D with WebAssembly SIMD interior rows)", () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), (c, zeroOutside) => {
        const { n0, n1, h0, h1, theta, kXi, rho } = c;
        const sweep = CompactSweepWasm.create(n0, n1);
        expect(sweep).not.toBeNull();
        const ref = fullSweep(c);
        const consts = Float64Array.of(kXi * (1 / (h0 * h0)), kXi * (1 / (h1 * h1)), theta);
        const out = new Float64Array(rho.length).fill(7);
        const stats = new Float64Array(3);
        const ranges = new Int32Array(2 * n0);
        const active = new Int32Array(2 * n0);
        // Twice on the same instance: stale module memory from the first call must not leak.
        for (let round = 0; round < 2; round++) {
          const count = sweep!.sweep(consts, rho, out, zeroOutside, ranges, active, stats);
          expectSameOnActive(out, ref.out, active, n1, zeroOutside);
          expect(stats[0]).toBe(ref.rate);
          let visited = 0;
          for (let i = 0; i < n0; i++)
            visited += Math.max(0, active[2 * i + 1] - active[2 * i] + 1);
          expect(count).toBe(visited);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("CompactSweepWasm.eulerStage equals compactStage2D after the same sweep", () => {
    // a = 0 (forward Euler, active columns only) and a ≠ 0 (every cell), on random compact
    // data whose support may touch the walls; u0 a perturbed copy of ρ; dt up to 1.5× the
    // forward-Euler limit, so some stages go negative and must be flagged alike.
    fc.assert(
      fc.property(
        caseArb,
        fc.constantFrom(0, 0.5, 0.75, 1 / 3),
        fc.double({ min: 0.01, max: 1.5, noNaN: true }),
        (c, a, cfl) => {
          const { n0, n1, h0, h1, theta, kXi, rho } = c;
          const consts = Float64Array.of(kXi * (1 / (h0 * h0)), kXi * (1 / (h1 * h1)), theta);
          const u0 = rho.map((r, i) => r * (1 + ((i % 7) - 3) / 16));
          const stats = new Float64Array(3);
          const active = new Int32Array(2 * n0);
          const ranges = new Int32Array(2 * n0);
          const k = new Float64Array(rho.length);
          compactSquare2D(n0, n1, consts, rho, k, false, ranges, active, stats);
          const dt = stats[0] > 0 ? cfl / stats[0] : cfl;
          const expected = rho.slice();
          const badJs = compactStage2D(n0, n1, expected, k, active, dt, a, u0);
          const sweep = CompactSweepWasm.create(n0, n1)!;
          const actual = rho.slice();
          sweep.sweep(consts, actual, new Float64Array(rho.length), false, ranges, active, stats);
          const badWasm = sweep.eulerStage(actual, dt, a, u0);
          expectSameBits(actual, expected);
          expect(badWasm).toBe(badJs);
        },
      ),
      { seed: SEED + 3, numRuns: 300 },
    );
  });

  it("compactCells2D (ξ read from an array, and on the fly)", () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), (c, onTheFly) => {
        const { n0, n1, h0, h1, theta, kXi, rho } = c;
        const ref = fullSweep(c);
        const xi = rho.map((r) => kXi * r);
        const out = new Float64Array(rho.length).fill(7);
        const stats = new Float64Array(3);
        const ranges = new Int32Array(2 * n0);
        const active = new Int32Array(2 * n0);
        compactCells2D(
          n0,
          n1,
          1 / (h0 * h0),
          1 / (h1 * h1),
          rho,
          onTheFly ? null : xi,
          kXi,
          theta,
          kXi,
          out,
          true,
          ranges,
          active,
          stats,
        );
        expectSameBits(out, ref.out);
        expect(stats[0]).toBe(ref.rate);
      }),
      { seed: SEED + 1, numRuns: 300 },
    );
  });

  it("the compact sweeps write dρ/dt only on the active columns unless asked to clear", () => {
    // Outside the active region dρ/dt = 0; without zeroOutside the sweep leaves those
    // entries alone except where it parks a south flux (which is then 0).
    fc.assert(
      fc.property(caseArb, (c) => {
        const { n0, n1, h0, h1, theta, kXi, rho } = c;
        const ref = fullSweep(c);
        const consts = Float64Array.of(kXi * (1 / (h0 * h0)), kXi * (1 / (h1 * h1)), theta);
        const out = new Float64Array(rho.length).fill(7);
        const active = new Int32Array(2 * n0);
        const stats = new Float64Array(3);
        compactSquare2D(n0, n1, consts, rho, out, false, new Int32Array(2 * n0), active, stats);
        for (let i = 0; i < n0; i++) {
          for (let j = 0; j < n1; j++) {
            const p = i * n1 + j;
            if (j >= active[2 * i] && j <= active[2 * i + 1]) {
              expect(Object.is(out[p], ref.out[p])).toBe(true);
            } else {
              expect(ref.out[p]).toBe(0);
              expect(out[p] === 7 || out[p] === 0).toBe(true);
            }
          }
        }
      }),
      { seed: SEED + 2, numRuns: 100 },
    );
  });
});

describe("WassersteinGeometry takes the m = 2 sweep and counts the computed cells", () => {
  const grid = new Grid({ n: [40, 36], lo: [-1.9, -1.9], hi: [1.9, 1.9] });
  const rho0 = new Barenblatt({ dim: 2, m: 2 }).cellAverages(grid, 0.5);

  it("rate equals the full sweep's, and sweptCells counts the support and its neighbours", () => {
    const geo = new WassersteinGeometry(new GeneralizedEntropy(grid, 2), { flux: "fv2" });
    const out = new Float64Array(grid.size);
    const dt = geo.rate(rho0, out);
    const ref = fullSweep({
      n0: 40,
      n1: 36,
      h0: grid.h[0],
      h1: grid.h[1],
      theta: 2,
      kXi: 2,
      rho: rho0,
    });
    expectSameBits(out, ref.out);
    expect(dt).toBe(1 / ref.rate);
    // Support radius 1.5 of the half-width 1.9: about π·1.5²/3.8² = 49 % of the cells, plus
    // a one-cell ring; the count must lie strictly between the support and the grid.
    const occupied = rho0.filter((r) => r > 0).length;
    expect(geo.sweptCells).toBeGreaterThan(occupied);
    expect(geo.sweptCells).toBeLessThan(grid.size);
  });

  it("steps the same with the WebAssembly sweep and stage as with the JavaScript ones", () => {
    expectSameStepsWithoutWasm(2);
  });

  it("declines a grid whose module memory would pass WebAssembly's 4 GiB (JavaScript then)", () => {
    // 30 000² cells × 24 bytes ≈ 20 GiB: memory.grow throws a RangeError, create returns null.
    expect(CompactSweepWasm.create(30_000, 30_000)).toBeNull();
    expect(CompactSweepWasm.create(64, 64)).not.toBeNull();
  });

  it("the committed module is what compactRows.wat assembles to", async () => {
    const bytes = await assembleWatFile("compactRows", geometryWasmDir);
    const text = readFileSync(join(geometryWasmDir, "compactRows.generated.ts"), "utf8");
    expect(text).toBe(await generatedSource("compactRows", bytes, geometryWasmDir));
  });
});

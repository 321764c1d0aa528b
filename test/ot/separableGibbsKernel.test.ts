import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { assembleWatFile, generatedSource, wasmDir } from "../../scripts/buildWasm.js";
import { InputError } from "../../src/errors.js";
import { Grid } from "../../src/grid/grid.js";
import { SeparableGibbsKernel } from "../../src/ot/separableGibbsKernel.js";
import { wasmBytes } from "../../src/ot/wasm/band.generated.js";
import { createBandPasses, jsBandPasses } from "../../src/ot/wasm/bandPasses.js";
import { withoutWasm } from "./withoutWasm.js";

/**
 * SeparableGibbsKernel against the dense sum y_i = Σ_j exp(−|x_i − x_j|²/ε) x_j over cell
 * centres (no truncation). Tolerances:
 * - tailLog = 700 drops only entries below e^{−700} (relative contribution < N·e^{−700}·e^R,
 *   i.e. nothing), so the error is rounding: positive sums of at most Σ_a(2w_a+1) ≤ 120 terms
 *   per pass, relative error ≲ 120·2⁻⁵³ ≈ 1.3e−14 in the worst case, plus the reference's own
 *   rounding of exp(−d²/ε) (argument error ≲ 1e−15 where it matters) → 1e−13.
 * - smaller tailLog: the bound N·e^{−tailLog}·e^R of the class comment (R = log(max x/min x)),
 *   plus the same 1e−13 for rounding.
 * - WASM vs JavaScript fallback: the same sums in the same order without FMA, so they agree
 *   bit for bit; asserted at 1e−14 relative as promised in the brief.
 */

const ROUNDING = 1e-13;

function makeGrid(n: number[], widths?: number[]): Grid {
  return new Grid({ n, lo: n.map(() => -0.3), hi: n.map((_, a) => -0.3 + (widths?.[a] ?? 1)) });
}

/** Dense reference Σ_j w_ij exp(−|x_i − x_j|²/ε) x_j, w_ij = (Δx along costAxis)² or 1. */
function dense(grid: Grid, eps: number, x: Float64Array, costAxis = -1): Float64Array {
  const N = grid.size;
  const d = grid.dim;
  const centres: Float64Array[] = [];
  const idx = new Int32Array(d);
  for (let i = 0; i < N; i++) {
    grid.unravel(i, idx);
    centres.push(Float64Array.from(idx, (v, a) => grid.center(a, v)));
  }
  const y = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    const ci = centres[i];
    for (let j = 0; j < N; j++) {
      const cj = centres[j];
      let d2 = 0;
      for (let a = 0; a < d; a++) d2 += (ci[a] - cj[a]) ** 2;
      const w = costAxis < 0 ? 1 : (ci[costAxis] - cj[costAxis]) ** 2;
      s += w * Math.exp(-d2 / eps) * x[j];
    }
    y[i] = s;
  }
  return y;
}

/** Positive field with max/min = e^R (smooth plus a deterministic ripple). */
function positive(grid: Grid, R: number): Float64Array {
  const N = grid.size;
  const u = Float64Array.from({ length: N }, (_, i) => 0.5 + 0.5 * Math.sin(0.7 * i + 0.3 * i * i));
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of u) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return u.map((v) => Math.exp((R * (v - lo)) / (hi - lo)));
}

function maxRelErr(y: Float64Array, ref: Float64Array): number {
  let e = 0;
  for (let i = 0; i < y.length; i++) e = Math.max(e, Math.abs(y[i] - ref[i]) / Math.abs(ref[i]));
  return e;
}

afterEach(() => {
  delete process.env.MEASUREFLOW_NO_WASM;
});

// 1D/2D/3D, odd, even and non-power-of-two sizes, anisotropic cell widths; ε in units of
// h_0² so that some axes keep a short band and some the whole line (w = n − 1).
const cases: { n: number[]; widths?: number[]; epsH2: number }[] = [
  { n: [37], epsH2: 4 },
  { n: [64], epsH2: 2 },
  { n: [23], epsH2: 300 },
  { n: [12, 17], widths: [1, 2.3], epsH2: 4 },
  { n: [16, 10], widths: [1, 0.4], epsH2: 16 },
  { n: [5, 9, 20], widths: [0.7, 1, 1.9], epsH2: 3 },
  { n: [6, 7, 8], epsH2: 16 },
];

describe("SeparableGibbsKernel vs the dense kernel", () => {
  for (const { n, widths, epsH2 } of cases) {
    const label = `${n.join("×")}, ε = ${epsH2}h₀²`;
    const grid = makeGrid(n, widths);
    const eps = epsH2 * grid.h[0] ** 2;

    it(`${label}: tailLog 700 is exact to rounding`, () => {
      const K = new SeparableGibbsKernel(grid, eps);
      K.setTail(700);
      const x = positive(grid, 3);
      const y = grid.zeros();
      K.apply(x, y);
      expect(maxRelErr(y, dense(grid, eps, x))).toBeLessThanOrEqual(ROUNDING);
    });

    it(`${label}: default and small tailLog stay within N·e^{−tailLog}·e^R`, () => {
      const K = new SeparableGibbsKernel(grid, eps);
      expect(K.tailLog).toBe(46);
      const R = 2;
      const x = positive(grid, R);
      const ref = dense(grid, eps, x);
      const y = grid.zeros();
      for (const tailLog of [46, 12, 4]) {
        if (tailLog !== 46) K.setTail(tailLog);
        K.apply(x, y);
        const bound = grid.size * Math.exp(-tailLog + R) + ROUNDING;
        expect(maxRelErr(y, ref)).toBeLessThanOrEqual(bound);
      }
    });
  }

  it("the truncation is active at small tailLog (the bound test is not vacuous)", () => {
    const grid = makeGrid([40, 30]);
    const eps = 6 * grid.h[0] ** 2;
    const K = new SeparableGibbsKernel(grid, eps);
    K.setTail(4);
    expect(K.halfWidths.every((w, a) => w < grid.n[a] - 1)).toBe(true);
    const x = positive(grid, 1);
    const y = grid.zeros();
    K.apply(x, y);
    const err = maxRelErr(y, dense(grid, eps, x));
    expect(err).toBeGreaterThan(1e-6);
    expect(err).toBeLessThanOrEqual(grid.size * Math.exp(-4 + 1));
  });

  it("applyAxisCost matches Σ_j (Δx_a)² K_ij x_j", () => {
    const grid = makeGrid([9, 14, 6], [1, 1.6, 0.8]);
    const eps = 5 * grid.h[0] ** 2;
    const K = new SeparableGibbsKernel(grid, eps);
    K.setTail(700);
    const x = positive(grid, 2);
    const y = grid.zeros();
    for (let a = 0; a < 3; a++) {
      K.applyAxisCost(x, y, a);
      const ref = dense(grid, eps, x, a);
      // entries with Δx_a = 0 vanish exactly in both: compare where ref > 0
      let e = 0;
      for (let i = 0; i < y.length; i++) e = Math.max(e, Math.abs(y[i] - ref[i]) / ref[i]);
      expect(e).toBeLessThanOrEqual(ROUNDING);
    }
  });
});

describe("SeparableGibbsKernel: half-widths, WASM/JS agreement, aliasing", () => {
  it("w_a is the smallest w with κ_a(w+1)² ≥ tailLog, capped at n_a − 1", () => {
    const grid = makeGrid([50, 200, 7], [1, 3, 1]);
    const K = new SeparableGibbsKernel(grid, 3 * grid.h[0] ** 2);
    for (const tailLog of [0.5, 4, 46, 700]) {
      K.setTail(tailLog);
      K.halfWidths.forEach((w, a) => {
        const kappa = K.kappa[a];
        if (w < grid.n[a] - 1) expect(kappa * (w + 1) ** 2).toBeGreaterThanOrEqual(tailLog);
        if (w > 0) expect(kappa * w * w).toBeLessThan(tailLog);
      });
    }
    K.setTail(1e6);
    expect(K.halfWidths).toEqual([49, 199, 6]);
    // full bands: Σ over axes of (N/n_a)·n_a² multiply–adds
    expect(K.multiplyAdds).toBe(grid.size * (50 + 200 + 7));
  });

  it("uses WebAssembly SIMD on this Node, and the fallback when MEASUREFLOW_NO_WASM is set", () => {
    const grid = makeGrid([8]);
    expect(new SeparableGibbsKernel(grid, 0.1).usesWasm).toBe(true);
    expect(withoutWasm(() => new SeparableGibbsKernel(grid, 0.1)).usesWasm).toBe(false);
  });

  // sizes hitting every block stage (12, 8, 4, 2, 1 outputs) and the column tiling (stride
  // ≥ 192 on a non-contiguous axis)
  const shapes = [[23], [7, 203], [4, 3, 70], [11, 13, 5], [250]];
  for (const n of shapes) {
    it(`${n.join("×")}: WASM and JavaScript agree to 1e−14 (signed input)`, () => {
      const grid = makeGrid(n, [1, 1.3, 0.9]);
      for (const epsH2 of [2, 40]) {
        const eps = epsH2 * grid.h[0] ** 2;
        const Kw = new SeparableGibbsKernel(grid, eps);
        const Kj = withoutWasm(() => new SeparableGibbsKernel(grid, eps));
        const x = Float64Array.from({ length: grid.size }, (_, i) => Math.sin(1.7 * i) + 0.2);
        const yw = grid.zeros();
        const yj = grid.zeros();
        for (const tailLog of [46, 700]) {
          Kw.setTail(tailLog);
          Kj.setTail(tailLog);
          expect(Kj.halfWidths).toEqual(Kw.halfWidths);
          for (let axis = -1; axis < grid.dim; axis++) {
            if (axis < 0) {
              Kw.apply(x, yw);
              Kj.apply(x, yj);
            } else {
              Kw.applyAxisCost(x, yw, axis);
              Kj.applyAxisCost(x, yj, axis);
            }
            let scale = 0;
            let diff = 0;
            for (let i = 0; i < yw.length; i++) {
              scale = Math.max(scale, Math.abs(yj[i]));
              diff = Math.max(diff, Math.abs(yw[i] - yj[i]));
            }
            expect(diff).toBeLessThanOrEqual(1e-14 * scale);
          }
        }
      }
    });
  }

  it("band primitive: WASM and JavaScript agree for every count, stride and range", () => {
    const bytes = 1 << 16;
    const w = createBandPasses(bytes);
    expect(w.wasm).toBe(true);
    const j = jsBandPasses(new ArrayBuffer(bytes));
    const mw = new Float64Array(w.buffer, 0, bytes >> 3);
    const mj = new Float64Array(j.buffer, 0, bytes >> 3);
    for (let i = 0; i < 4096; i++) mw[i] = mj[i] = Math.cos(0.37 * i * i);
    const table = 8 * 100; // weights at elements 90 … 110
    const src = 8 * 1000;
    const dst = 8 * 6000;
    for (const stride of [1, 3]) {
      for (let count = 0; count <= 30; count++) {
        for (const [kLo, kHi] of [
          [-5, 5],
          [0, 3],
          [-2, 0],
          [2, 1],
        ]) {
          mw.fill(7, dst >> 3, (dst >> 3) + 40);
          mj.fill(7, dst >> 3, (dst >> 3) + 40);
          w.band(src, dst, count, stride, kLo, kHi, table);
          j.band(src, dst, count, stride, kLo, kHi, table);
          const a = mw.subarray(dst >> 3, (dst >> 3) + 40);
          expect(Array.from(a)).toEqual(Array.from(mj.subarray(dst >> 3, (dst >> 3) + 40)));
          if (kLo > kHi) expect(Array.from(a.subarray(0, count))).toEqual(new Array(count).fill(0));
          expect(a[count]).toBe(7); // nothing written past count
        }
      }
    }
  });

  it("out may alias x", () => {
    const grid = makeGrid([10, 11, 12]);
    const K = new SeparableGibbsKernel(grid, 4 * grid.h[0] ** 2);
    const x = positive(grid, 1);
    const y = grid.zeros();
    K.apply(x, y);
    const z = x.slice();
    K.apply(z, z);
    expect(Array.from(z)).toEqual(Array.from(y));
    K.applyAxisCost(x, y, 1);
    z.set(x);
    K.applyAxisCost(z, z, 1);
    expect(Array.from(z)).toEqual(Array.from(y));
  });

  it("setEps re-targets a kernel: the same widths, applies and cost applies as a new one", () => {
    // multiscaleSinkhorn reuses one kernel per level across its ε stages: the re-targeted
    // kernel must compute exactly what a kernel built at the new ε computes.
    const grid = makeGrid([10, 11, 12]);
    const h2 = grid.h[0] ** 2;
    const K = new SeparableGibbsKernel(grid, 16 * h2);
    K.setTail(60);
    K.setEps(2 * h2);
    const fresh = new SeparableGibbsKernel(grid, 2 * h2);
    fresh.setTail(60);
    expect(K.eps).toBe(fresh.eps);
    expect(K.kappa).toEqual(fresh.kappa);
    expect(K.halfWidths).toEqual(fresh.halfWidths);
    const x = positive(grid, 3);
    const [y, z] = [grid.zeros(), grid.zeros()];
    K.apply(x, y);
    fresh.apply(x, z);
    expect(Array.from(y)).toEqual(Array.from(z));
    K.applyAxisCost(x, y, 2);
    fresh.applyAxisCost(x, z, 2);
    expect(Array.from(y)).toEqual(Array.from(z));
    expect(() => K.setEps(0)).toThrow(InputError);
  });
});

describe("SeparableGibbsKernel: bad input", () => {
  const grid = makeGrid([6, 5]);
  const field = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).field;
    }
    throw new Error("no error thrown");
  };

  it("names the field", () => {
    for (const eps of [0, -1, NaN, Infinity]) {
      expect(field(() => new SeparableGibbsKernel(grid, eps))).toBe("eps");
    }
    const K = new SeparableGibbsKernel(grid, 0.1);
    for (const t of [0, -3, NaN, Infinity]) expect(field(() => K.setTail(t))).toBe("tailLog");
    const ok = grid.zeros();
    expect(field(() => K.apply(new Float64Array(29), ok))).toBe("x");
    expect(field(() => K.apply(ok, new Float64Array(31)))).toBe("out");
    expect(field(() => K.apply([1, 2] as unknown as Float64Array, ok))).toBe("x");
    expect(field(() => K.applyAxisCost(ok, ok, 2))).toBe("axis");
    expect(field(() => K.applyAxisCost(ok, ok, 0.5))).toBe("axis");
  });
});

describe("the WebAssembly modules and their generated files", () => {
  // Every src/ot/wasm/<name>.wat: the committed <name>.generated.ts holds exactly the bytes
  // wabt assembles from it, and is the whole file `npm run build:wasm` would write.
  const names = readdirSync(wasmDir)
    .filter((f) => f.endsWith(".wat"))
    .map((f) => f.slice(0, -4));
  it("covers band.wat, band32.wat and bandedRows.wat", () => {
    expect(names.sort()).toEqual(["band", "band32", "bandedRows"]);
  });
  for (const name of names) {
    it(`${name}.generated.ts holds exactly the bytes wabt assembles from ${name}.wat`, async () => {
      const bytes = await assembleWatFile(name);
      const text = readFileSync(join(wasmDir, `${name}.generated.ts`), "utf8");
      expect(text).toBe(await generatedSource(name, bytes));
      expect(
        text.startsWith(`// generated from ${name}.wat by npm run build:wasm — do not edit`),
      ).toBe(true);
      if (name === "band") expect(Buffer.from(wasmBytes()).equals(Buffer.from(bytes))).toBe(true);
    });
  }
});

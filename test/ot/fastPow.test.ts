import { describe, expect, it } from "vitest";
import { Grid } from "../../src/grid/grid.js";
import { SeparableGibbsKernel } from "../../src/ot/separableGibbsKernel.js";
import { powCoefficients, ratioPowerUpdate } from "../../src/ot/scalingUpdates.js";
import { expSmall, logPositive } from "../../src/ot/wasm/pointwisePasses.js";
import { lcg } from "./lcg.js";
import { withoutWasm } from "./withoutWasm.js";

/**
 * The `fastPow` mode of the ratioPower update (band.wat $logv/$expv, pointwisePasses.ts
 * logPositive/expSmall), used by the JKO inner loop for cells whose ratio kx/ref is outside
 * the polynomial's band (|r − 1| ≥ 0.02):
 * - WebAssembly and JavaScript agree bit for bit (same operations in the same order, no
 *   fused multiply–add), including lanes that fall back to Math.exp/Math.log (r = 0, ∞ or
 *   |x log r| > 700);
 * - against Math (ratioPowerUpdate of scalingUpdates.ts): each value within 1e-15 relative.
 *   The bound: logPositive and expSmall each round ~5 times with |t|, |s| small (measured
 *   worst 4.2e-16 and 2.2e-16 over 10⁶ random arguments), and log r's error enters e^{x log r}
 *   multiplied by |x log r| ≤ 0.45·log 10 here (ratios within 10^±1): 1e-15 leaves a margin
 *   of ~2 over the sum.
 */

/** s, kx, ref with ratios kx/ref over 10^±1 (most outside the band) plus special cells. */
function inputs(n: number): { s: Float64Array; kx: Float64Array; ref: Float64Array } {
  const rand = lcg(n + 7);
  const s = new Float64Array(n).map(() => 0.1 + rand());
  const ref = new Float64Array(n).map(() => 0.5 + rand());
  const kx = new Float64Array(n).map((_, i) => ref[i] * 10 ** (2 * rand() - 1));
  s[1] = 0; // no mass: left alone
  kx[2] = 1e-300; // r ≈ 1e-300 < 2^−1000: Math's path
  ref[3] = 0; // r = ∞: Math's path
  kx[4] = ref[4] * 1.01; // in the band: the polynomial
  return { s, kx, ref };
}

function run(n: number, wasm: boolean, x: number): { max: number; s: Float64Array } {
  const grid = new Grid({ n: [n], lo: [0], hi: [1] });
  const make = (): SeparableGibbsKernel => new SeparableGibbsKernel(grid, 0.1, { slots: 3 });
  const kernel = wasm ? make() : withoutWasm(make);
  expect(kernel.usesWasm).toBe(wasm);
  const [S, K, R] = [0, 1, 2].map((k) => kernel.slot(k));
  const { s, kx, ref } = inputs(n);
  S.view.set(s);
  K.view.set(kx);
  R.view.set(ref);
  kernel.params.set(powCoefficients(x));
  const max = kernel.pointwise.ratioPower(S.at, K.at, R.at, n, kernel.paramsAt, 0, Infinity, 1);
  return { max, s: S.view.slice() };
}

describe("ratioPower with fastPow", () => {
  for (const n of [1001, 6]) {
    it(`n = ${n}: WebAssembly and JavaScript agree bit for bit`, () => {
      const a = run(n, true, -0.45);
      const b = run(n, false, -0.45);
      expect(b.s).toEqual(a.s);
      expect(b.max).toBe(a.max);
    });
  }

  it("the fast path on cells outside the band, within 1e-15 of Math.exp(x·Math.log(r))", () => {
    const n = 1001;
    const x = -0.45;
    const got = run(n, true, x).s;
    const { s, kx, ref } = inputs(n);
    const s0 = s.slice();
    const ratio = kx.map((k, i) => k / ref[i]);
    ratioPowerUpdate(s, kx, ref, powCoefficients(x), 0, Infinity);
    let fast = 0;
    for (let i = 0; i < n; i++) {
      expect(Math.abs(got[i] - s[i])).toBeLessThanOrEqual(1e-15 * s[i]);
      const r = ratio[i];
      if (s0[i] !== 0 && Math.abs(r - 1) >= 0.02 && r >= 2 ** -1000 && r <= 2 ** 1000) {
        expect(got[i]).toBe(s0[i] * expSmall(x * logPositive(r)));
        fast++;
      }
    }
    expect(fast).toBeGreaterThan(n / 2); // ratios over 10^±1: most cells are outside the band
    expect(got[1]).toBe(0);
    expect(got[2]).toBe(s[2]); // Math's path
    expect(got[3]).toBe(s[3]);
  });

  it("logPositive and expSmall: a few ulps over the whole range", () => {
    const rand = lcg(3);
    for (let i = 0; i < 20000; i++) {
      const r = Math.exp(1400 * (rand() - 0.5));
      const l = Math.log(r);
      expect(Math.abs(logPositive(r) - l)).toBeLessThanOrEqual(
        4 * 2 ** -52 * Math.max(1, Math.abs(l)),
      );
      const y = 1400 * (rand() - 0.5);
      expect(Math.abs(expSmall(y) / Math.exp(y) - 1)).toBeLessThanOrEqual(4 * 2 ** -52);
    }
  });
});

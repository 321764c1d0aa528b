import { describe, expect, it } from "vitest";
import { Grid } from "../../src/grid/grid.js";
import { SeparableGibbsKernel } from "../../src/ot/separableGibbsKernel.js";
import {
  divideUpdate,
  marginalError,
  planMarginal,
  powCoefficients,
  ratioPowerUpdate,
  relaxUpdate,
} from "../../src/ot/scalingUpdates.js";
import { lcg } from "./lcg.js";
import { withoutWasm } from "./withoutWasm.js";

/**
 * The pointwise updates of the scaling solvers on a kernel's slots (band.wat, second half,
 * and the JavaScript fallback of pointwisePasses.ts):
 * - WebAssembly and JavaScript agree bit for bit (same element-wise formulas without fused
 *   multiply–add, same summation order), for even and odd counts;
 * - against the array functions of scalingUpdates.ts: divide, marginalError, planMarginal and
 *   ratioPower compute the same element-wise values (equal bit for bit); their sums of n
 *   non-negative terms only differ in the order of summation: relative bound n·2⁻⁵³;
 *   relax takes one division per cell (plain step s·r instead of w/kx, error |s kx − w|
 *   instead of w |s kx/w − 1|), so it agrees to a few ulps: 1e-15 relative per cell.
 */

interface Setup {
  kernel: SeparableGibbsKernel;
  slot: { view: Float64Array; at: number }[];
}

function setup(n: number, wasm: boolean): Setup {
  const grid = new Grid({ n: [n], lo: [0], hi: [1] });
  const make = (): SeparableGibbsKernel => new SeparableGibbsKernel(grid, 0.1, { slots: 5 });
  const kernel = wasm ? make() : withoutWasm(make);
  expect(kernel.usesWasm).toBe(wasm);
  return { kernel, slot: [0, 1, 2, 3, 4].map((k) => kernel.slot(k)) };
}

/** Inputs: w with 5 % zeros; ratios w/(s kx) over (0.3, 3) and kx/ref over (0.9, 1.1). */
function inputs(n: number): {
  w: Float64Array;
  kx: Float64Array;
  s: Float64Array;
  ref: Float64Array;
} {
  const rand = lcg(n);
  const w = new Float64Array(n).map(() => (rand() < 0.05 ? 0 : 0.5 + rand()));
  const kx = new Float64Array(n).map(() => 0.5 + rand());
  const s = new Float64Array(n).map((_, i) => (w[i] / kx[i]) * (0.35 + 2.5 * rand()));
  s[3] = 0; // a cell without mass for ratioPower
  const ref = new Float64Array(n).map(
    (_, i) => kx[i] * (rand() < 0.5 ? 1 + 0.03 * (rand() - 0.5) : 1 + 0.2 * (rand() - 0.5)),
  );
  return { w, kx, s, ref };
}

/** Runs every update on fresh copies of the inputs; returns all outputs. */
function runAll(n: number, wasm: boolean): Record<string, number | Float64Array> {
  const { kernel, slot } = setup(n, wasm);
  const pw = kernel.pointwise;
  const { w, kx, s, ref } = inputs(n);
  const [W, K, S, R, O] = slot;
  const out: Record<string, number | Float64Array> = {};
  const load = (): void => {
    W.view.set(w);
    K.view.set(kx);
    S.view.set(s);
    R.view.set(ref);
  };
  load();
  out.divideMax = pw.divide(W.at, K.at, S.at, n, 1e-300, 1e300);
  out.divide = S.view.slice();
  load();
  kernel.params.set(powCoefficients(1.6));
  out.relaxMax = pw.relax(
    W.at,
    K.at,
    S.at,
    n,
    1e-300,
    1e300,
    kernel.paramsAt,
    1,
    kernel.paramsAt + 80,
  );
  out.relax = S.view.slice();
  out.relaxErr = kernel.params[10];
  load();
  out.marginalError = pw.marginalError(S.at, K.at, W.at, n);
  pw.planMarginal(S.at, K.at, O.at, R.at, n, kernel.paramsAt + 80);
  out.plan = O.view.slice();
  out.planDiff = kernel.params[10];
  out.planTotal = kernel.params[11];
  load();
  kernel.params.set(powCoefficients(-0.45));
  out.ratioMax = pw.ratioPower(S.at, K.at, R.at, n, kernel.paramsAt, 1e-300, 1e300);
  out.ratio = S.view.slice();
  out.ratioRef = R.view.slice();
  load();
  out.outOfRange = pw.divide(W.at, K.at, S.at, n, 1e-300, 0.5); // some w/kx > 0.5
  return out;
}

describe("pointwise updates on kernel slots", () => {
  for (const n of [2000, 1999, 5]) {
    it(`n = ${n}: WebAssembly and JavaScript agree bit for bit`, () => {
      const a = runAll(n, true);
      const b = runAll(n, false);
      for (const key of Object.keys(a)) expect(b[key], key).toEqual(a[key]);
    });
  }

  it("same values as the array updates of scalingUpdates.ts", () => {
    const n = 1999;
    const got = runAll(n, true);
    const { w, kx, s, ref } = inputs(n);
    const ones = new Float64Array(n).fill(1);
    const close = (x: number, y: number, rel: number): void => {
      expect(Math.abs(x - y)).toBeLessThanOrEqual(rel * Math.abs(y));
    };
    let t = s.slice();
    expect(got.divideMax).toBe(divideUpdate(w, kx, t, 1e-300, 1e300));
    expect(got.divide).toEqual(t);
    t = s.slice();
    const err = new Float64Array(1);
    const relaxMax = relaxUpdate(w, kx, t, powCoefficients(1.6), 1e-300, 1e300, w, err);
    close(got.relaxMax as number, relaxMax, 1e-15);
    const relaxed = got.relax as Float64Array;
    for (let i = 0; i < n; i++) close(relaxed[i], t[i], 1e-15);
    // |s kx − w| vs w|s kx/w − 1|: each term to a few ulps of s kx (not of the difference);
    // the terms are O(1) differences of O(1) values here, so 1e-13 relative covers both
    close(got.relaxErr as number, err[0], 1e-13);
    const sumTol = n * 2 ** -53; // reordered sums of n non-negative terms
    close(got.marginalError as number, marginalError(s, kx, ones, w), sumTol);
    const outQ = new Float64Array(n);
    const prev = ref.slice();
    const acc = new Float64Array(2);
    planMarginal(s, kx, ones, outQ, prev, acc);
    expect(got.plan).toEqual(outQ);
    close(got.planDiff as number, acc[0], sumTol);
    close(got.planTotal as number, acc[1], sumTol);
    t = s.slice();
    const r = ref.slice();
    expect(got.ratioMax).toBe(ratioPowerUpdate(t, kx, r, powCoefficients(-0.45), 1e-300, 1e300));
    expect(got.ratio).toEqual(t);
    expect(got.ratioRef).toEqual(r);
    expect(got.outOfRange).toBe(Infinity);
  });

  it("an apply on slots (in place) equals the apply on plain arrays bit for bit", () => {
    const grid = new Grid({ n: [24, 18], lo: [0, 0], hi: [1, 1] });
    const kernel = new SeparableGibbsKernel(grid, 0.01, { slots: 2 });
    const [X, Y] = [kernel.slot(0), kernel.slot(1)];
    const rand = lcg(5);
    const x = new Float64Array(grid.size).map(() => rand());
    const y = new Float64Array(grid.size);
    kernel.apply(x, y);
    X.view.set(x);
    kernel.applyAt(X.at, Y.at);
    expect(Y.view).toEqual(y);
    kernel.apply(X.view, X.view); // slot aliasing itself
    expect(X.view).toEqual(y);
  });
});

/**
 * The load/read-back passes of the scaling solvers (expShift: scalings from log-potentials;
 * logShift: log-potentials from scalings). WebAssembly = JavaScript bit for bit (same
 * operations: expSmall/logPositive in range, Math's elsewhere); against Math.exp/Math.log
 * within 4 ulps (the series' documented accuracy: a few roundings), with the edge values
 * handed to Math's functions unchanged: −∞ → 0 and 0 → −∞, overflow to ∞, subnormal
 * results; expShift's range flag is loadScalings' (every entry ≠ −∞ within (−lim, lim)).
 */
describe("expShift and logShift", () => {
  const edgeLogs = [-Infinity, -745.2, -720, -700.5, -699.9, 0, 1e-300, 3.7, 699.9, 700.5, 710];
  const edgeScalings = [0, 5e-324, 2 ** -1022, 2 ** -1001, 2 ** -999, 1, 0.75, 2 ** 999, 1e308];

  function run(wasm: boolean, n: number): { e: Float64Array; l: Float64Array; ok: number[] } {
    const { kernel, slot } = setup(n, wasm);
    const rand = lcg(7 * n);
    const logs = new Float64Array(n).map(() => -650 + 1300 * rand());
    logs.set(edgeLogs.slice(0, n));
    const sc = new Float64Array(n).map(() => Math.exp(-600 + 1200 * rand()));
    sc.set(edgeScalings.slice(0, n));
    slot[0].view.set(logs);
    const ok = [kernel.pointwise.expShift(slot[0].at, n, 0.25, 700)];
    slot[1].view.set(logs.map((v) => (v === -Infinity ? v : v * 0.5)));
    ok.push(kernel.pointwise.expShift(slot[1].at, n, -1, 700));
    slot[2].view.set(sc);
    kernel.pointwise.logShift(slot[2].at, slot[3].at, n, -2.5);
    return { e: slot[0].view.slice(), l: slot[3].view.slice(), ok };
  }

  for (const n of [3, 2, 11, 257]) {
    it(`n = ${n}: WebAssembly and JavaScript agree bit for bit; Math's within 4 ulps`, () => {
      const a = run(true, n);
      const b = run(false, n);
      expect(Array.from(a.e)).toEqual(Array.from(b.e));
      expect(Array.from(a.l)).toEqual(Array.from(b.l));
      expect(a.ok).toEqual(b.ok);
      const rand = lcg(7 * n);
      const logs = new Float64Array(n).map(() => -650 + 1300 * rand());
      logs.set(edgeLogs.slice(0, n));
      const sc = new Float64Array(n).map(() => Math.exp(-600 + 1200 * rand()));
      sc.set(edgeScalings.slice(0, n));
      const ulps = (x: number, y: number): number =>
        x === y ? 0 : Math.abs(x - y) / (Number.EPSILON * Math.max(Math.abs(y), 2 ** -1022));
      for (let i = 0; i < n; i++) {
        const e = Math.exp(logs[i] + 0.25);
        if (Number.isFinite(e) && e > 2 ** -1022) expect(ulps(a.e[i], e)).toBeLessThanOrEqual(4);
        else expect(a.e[i]).toBe(e);
        const l = Math.log(sc[i]) - 2.5;
        if (Number.isFinite(l)) expect(ulps(a.l[i], l)).toBeLessThanOrEqual(4);
        else expect(a.l[i]).toBe(l);
      }
      // Range flag: |log + shift| < 700 for every finite log.
      const inRange = (shift: number, scale: number): number =>
        Array.from(logs).every((v) => v === -Infinity || Math.abs(v * scale + shift) < 700) ? 1 : 0;
      expect(a.ok).toEqual([inRange(0.25, 1), inRange(-1, 0.5)]);
    });
  }
});

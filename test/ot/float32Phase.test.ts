import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Grid } from "../../src/grid/grid.js";
import {
  FLOAT32_MIN_TOL,
  GUARD_BITS,
  float32Plan,
  float32RoundingBound,
  growthBits,
} from "../../src/ot/float32Criterion.js";
import { multiscaleSinkhorn } from "../../src/ot/multiscaleSinkhorn.js";
import { SeparableGibbsKernel } from "../../src/ot/separableGibbsKernel.js";
import { SinkhornSolver } from "../../src/ot/sinkhorn.js";

/** Probability vector ∝ f at the cell centres. */
function density(grid: Grid, f: (x: Float64Array) => number): Float64Array {
  const r = grid.sample(f);
  let s = 0;
  for (const v of r) s += v;
  return r.map((v) => v / s);
}

describe("float32Plan: the range half of the switch criterion", () => {
  it("centres unit scalings and bounds them by 2^H, H = 127 − ⌈log₂ Π(2w+1)⌉", () => {
    const one = new Float64Array(10).fill(1);
    const mass = new Float64Array(10).fill(0.1);
    const plan = float32Plan(one, mass, one, mass, [10, 3], 1);
    // 21·7 = 147 → 8 bits; the feasible shifts are symmetric about 0
    expect(growthBits([10, 3])).toBe(8);
    expect(plan).toEqual({ shift: 0, hi: 2 ** 119, lostMass: 0 });
  });

  it("refuses NaN, negative or infinite scalings on the support, and empty supports", () => {
    const m = Float64Array.of(1, 1);
    const ok = Float64Array.of(1, 2);
    for (const bad of [NaN, -1, Infinity]) {
      expect(float32Plan(Float64Array.of(1, bad), m, ok, m, [1], 2)).toBeNull();
      expect(float32Plan(ok, m, Float64Array.of(bad, 1), m, [1], 2)).toBeNull();
    }
    // off the support (zero mass) anything goes
    expect(
      float32Plan(Float64Array.of(1, NaN), Float64Array.of(1, 0), ok, m, [1], 2),
    ).not.toBeNull();
    expect(float32Plan(ok, new Float64Array(2), ok, m, [1], 2)).toBeNull();
  });

  it("refuses when no shift keeps both maxima 2^g below 2^H", () => {
    // H = 127 − 2 = 125 for w = 1; a·2^k ≤ 2^{H−g} and b·2^{−k} ≤ 2^{H−g} need
    // log₂ max a + log₂ max b ≤ 2(H − g) − 2 (exponents of the largest entries)
    const H = 127 - growthBits([1]);
    const m = Float64Array.of(1);
    const top = 2 * (H - GUARD_BITS - 1);
    const fits = float32Plan(
      Float64Array.of(2 ** (top / 2)),
      m,
      Float64Array.of(2 ** (top / 2)),
      m,
      [1],
      1,
    );
    expect(fits).not.toBeNull();
    const over = float32Plan(
      Float64Array.of(2 ** (top / 2 + 1)),
      m,
      Float64Array.of(2 ** (top / 2)),
      m,
      [1],
      1,
    );
    expect(over).toBeNull();
  });

  it("counts the mass of the cells it must let fall below 2^−126, against δ·M", () => {
    // a spans 2^−300 … 1 and b is 1: with w = 2 (H = 124) the shift is at most 115, so the
    // last cell of a stays below 2^−126.
    const a = Float64Array.of(1, 2 ** -100, 2 ** -300);
    const b = Float64Array.of(1, 1, 1);
    const q = Float64Array.of(1 / 3, 1 / 3, 1 / 3);
    const tiny = Float64Array.of(0.5, 0.5 - 1e-30, 1e-30);
    const plan = float32Plan(a, tiny, b, q, [2], 1);
    expect(plan?.lostMass).toBe(1e-30);
    const heavy = Float64Array.of(0.5, 0.25, 0.25);
    expect(float32Plan(a, heavy, b, q, [2], 1)).toBeNull();
    // …unless the caller accepts that loss
    expect(float32Plan(a, heavy, b, q, [2], 1, 0.3)?.lostMass).toBe(0.25);
  });

  it("picks a shift with the least lost mass among those that meet the upper bound (brute force)", () => {
    // cells as (binary exponent of the scaling, mass)
    const cells = fc.array(
      fc.tuple(fc.integer({ min: -330, max: 330 }), fc.double({ min: 0.01, max: 1, noNaN: true })),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(cells, cells, fc.integer({ min: 0, max: 60 }), (ca, cb, w) => {
        const a = Float64Array.from(ca, ([e]) => 1.5 * 2 ** e);
        const p = Float64Array.from(ca, ([, m]) => m);
        const b = Float64Array.from(cb, ([e]) => 1.25 * 2 ** e);
        const q = Float64Array.from(cb, ([, m]) => m);
        const H = 127 - growthBits([w]);
        const lostAt = (k: number): number => {
          let s = 0;
          for (let i = 0; i < a.length; i++) if (a[i] * 2 ** k < 2 ** -126) s += p[i];
          for (let j = 0; j < b.length; j++) if (b[j] * 2 ** -k < 2 ** -126) s += q[j];
          return s;
        };
        const fitsAt = (k: number): boolean =>
          a.every((v) => v * 2 ** k < 2 ** (H - GUARD_BITS)) &&
          b.every((v) => v * 2 ** -k < 2 ** (H - GUARD_BITS));
        let best = Infinity;
        for (let k = -700; k <= 700; k++) if (fitsAt(k)) best = Math.min(best, lostAt(k));
        const plan = float32Plan(a, p, b, q, [w], 1, Infinity);
        if (best === Infinity) {
          expect(plan).toBeNull();
        } else {
          expect(plan).not.toBeNull();
          expect(fitsAt(plan!.shift)).toBe(true);
          expect(plan!.lostMass).toBeCloseTo(best, 12);
          expect(lostAt(plan!.shift)).toBeCloseTo(best, 12);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("float32RoundingBound (δ) and the single-precision kernel", () => {
  it("δ = 2^−24·(Σ_a (2w_a + 2) + 2)", () => {
    expect(float32RoundingBound([51, 51])).toBe(210 * 2 ** -24);
    expect(float32RoundingBound([0])).toBe(4 * 2 ** -24);
  });

  // applyAt32 against the f64 kernel: every output within u·Σ_a(2w_a + 2) relative (the
  // kernel's part of δ), plus the input's own rounding to f32 (u). Sizes: odd rows, a
  // stride ≥ 192 (column tiles), 1D and 3D.
  for (const n of [[37, 41], [50, 200], [101], [9, 12, 30]]) {
    it(`${n.join("×")}: f32 passes within the rounding bound of the f64 ones`, () => {
      const grid = new Grid({ n, lo: n.map(() => 0), hi: n.map(() => 1) });
      const K = new SeparableGibbsKernel(grid, 9 * grid.h[0] ** 2, { slots: 2, float32Fields: 2 });
      const P = K.float32;
      expect(P).not.toBeNull();
      const N = grid.size;
      let seed = 7;
      const x = K.slot(0);
      for (let i = 0; i < N; i++) {
        seed = (seed * 69069 + 1) >>> 0;
        x.view[i] = Math.exp(6 * (seed / 2 ** 32) - 3);
      }
      const y = new Float64Array(N);
      K.apply(x.view, y);
      P!.demote(x.at, K.field32(0), N, 1);
      K.applyAt32(K.field32(0), K.field32(1));
      const out = K.slot(1);
      P!.promote(K.field32(1), out.at, N, 1);
      const bound = 2 ** -24 * (K.halfWidths.reduce((s, w) => s + 2 * w + 2, 0) + 1);
      let worst = 0;
      for (let i = 0; i < N; i++) worst = Math.max(worst, Math.abs(out.view[i] / y[i] - 1));
      expect(worst).toBeLessThan(bound);
      // and the passes are really single precision (an f64 result would be ~1e-16 off)
      expect(worst).toBeGreaterThan(1e-9);
    });
  }
});

describe("Sinkhorn with a single-precision start", () => {
  // P3's pair (docs/benchmarks.md) at N = 64.
  const N = 64;
  const grid = new Grid({ n: [N, N], lo: [0, 0], hi: [1, 1] });
  const a = density(grid, (x) =>
    Math.exp(-((x[0] - 0.5) ** 2) / (2 * 0.06 ** 2) - (x[1] - 0.5) ** 2 / (2 * 0.1 ** 2)),
  );
  const b = density(grid, (x) =>
    Math.exp(-((Math.hypot(x[0] - 0.5, x[1] - 0.5) - 0.25) ** 2) / (2 * 0.04 ** 2)),
  );

  it("runs most iterations in f32 and meets the same stopping rule with the same plan", () => {
    const eps = 16 / (N * N);
    for (const tol of [1e-6, 1e-7]) {
      const f64 = new SinkhornSolver(grid, eps).solve(a, b, { tol, precision: "float64" });
      const mixed = new SinkhornSolver(grid, eps).solve(a, b, { tol });
      expect(f64.float32Iterations).toBe(0);
      expect(mixed.float32Iterations).toBeGreaterThan(mixed.iterations / 2);
      expect(mixed.marginalError).toBeLessThan(tol);
      // Two plans that meet the rule may differ in cost by ~max C·tol/⟨C,P⟩ (~80·tol here);
      // these two differ far less (measured 6.5e-11 at tol 1e-6, 7.4e-12 at 1e-7: the f64
      // iterations after the switch reach nearly the same iterate). Bound: 1e-3·tol.
      expect(Math.abs(mixed.transportCost / f64.transportCost - 1)).toBeLessThan(1e-3 * tol);
      // no more iterations than double precision alone (measured: 36 and 42, both equal)
      expect(mixed.iterations).toBeLessThanOrEqual(f64.iterations);
    }
  });

  it("multiscale: the final grid starts in f32 as well", () => {
    const r = multiscaleSinkhorn(grid, a, b, 16 / (N * N), { tol: 1e-6, omega: "auto" });
    const d = multiscaleSinkhorn(grid, a, b, 16 / (N * N), {
      tol: 1e-6,
      omega: "auto",
      precision: "float64",
    });
    expect(r.float32Iterations).toBeGreaterThan(0);
    expect(d.float32Iterations).toBe(0);
    expect(r.marginalError).toBeLessThan(1e-6);
    expect(r.iterations).toBe(d.iterations); // measured: 18 and 18
    // measured 4.4e-10 (same reasoning and bound as above, 1e-3·tol)
    expect(Math.abs(r.transportCost / d.transportCost - 1)).toBeLessThan(1e-9);
  });

  it("stays in double precision for a tolerance below 2^−24, bit for bit", () => {
    // P3, N = 128, multiscale, tol 1e-9: with an f32 start 52 final-grid iterations against 37
    // (the rounding noise f32 leaves in the slowest modes); the rule keeps such runs in f64.
    const eps = 16 / (N * N);
    const tol = FLOAT32_MIN_TOL / 2;
    const auto = new SinkhornSolver(grid, eps).solve(a, b, { tol });
    const f64 = new SinkhornSolver(grid, eps).solve(a, b, { tol, precision: "float64" });
    expect(auto.float32Iterations).toBe(0);
    expect(auto.iterations).toBe(f64.iterations);
    expect(auto.transportCost).toBe(f64.transportCost);
    const loose = new SinkhornSolver(grid, eps).solve(a, b, { tol: FLOAT32_MIN_TOL });
    expect(loose.float32Iterations).toBeGreaterThan(0);
  });

  it("leaves f32 for good when its range changes too fast (cold start, tiny tails)", () => {
    // The pair of test/ot/divergence.test.ts: q reaches 6e-50 (below f32), and a cold start
    // at ε = 4h² outgrows each planned shift within 3 iterations. Before the restart rule
    // the phases repeated every 2–3 iterations and the error stalled at ~4e-4.
    const g = new Grid({ n: [60, 60], lo: [-3, -3], hi: [3, 3] });
    const p = density(g, (x) => Math.exp(-(x[0] ** 2 + x[1] ** 2) / 0.3));
    const q = density(g, (x) => Math.exp(-((x[0] - 0.5) ** 2 + (x[1] + 0.2) ** 2) / 0.2));
    const eps = 4 * g.h[0] ** 2;
    const mixed = new SinkhornSolver(g, eps).solve(p, q, { tol: 1e-11, maxIter: 1000 });
    const f64 = new SinkhornSolver(g, eps).solve(p, q, { tol: 1e-11, precision: "float64" });
    // measured: 3 iterations in f32, then 154 in f64 — 157 in all, as f64 alone
    expect(mixed.float32Iterations).toBeLessThan(8);
    expect(mixed.iterations).toBeLessThanOrEqual(f64.iterations);
  });

  it("is not used when the scalings cannot fit f32 (the result is then bit for bit f64's)", () => {
    // 1D, ε = h²/4: the potentials' span e^{|x−y|²/ε} is far beyond 2^253 with real mass there.
    const g = new Grid({ n: [200], lo: [0], hi: [1] });
    const p = density(g, (x) => Math.exp(-((x[0] - 0.3) ** 2) / 0.005));
    const q = density(g, (x) => Math.exp(-((x[0] - 0.7) ** 2) / 0.005));
    const eps = g.h[0] ** 2 / 4;
    const init = new SinkhornSolver(g, eps).solve(p, q, { tol: 1e-3, precision: "float64" });
    const start = { f: init.f, g: init.g };
    const auto = new SinkhornSolver(g, eps).solve(p, q, { tol: 1e-9, init: start });
    const f64 = new SinkhornSolver(g, eps).solve(p, q, {
      tol: 1e-9,
      init: start,
      precision: "float64",
    });
    expect(auto.float32Iterations).toBe(0);
    expect(auto.iterations).toBe(f64.iterations);
    expect(auto.transportCost).toBe(f64.transportCost);
  });
});

import { describe, expect, it } from "vitest";
import {
  powCoefficients,
  powNear1,
  ratioPowerUpdate,
  relaxFactor,
  relaxUpdate,
} from "../../src/ot/scalingUpdates.js";
import { lcg } from "./lcg.js";

/** Deterministic pseudo-random numbers in [0, 1). */
describe("scaling updates", () => {
  const rand = lcg(11);
  const n = 2000;
  const w = new Float64Array(n).map(() => (rand() < 0.05 ? 0 : 0.5 + rand()));
  const Kx = new Float64Array(n).map(() => 0.5 + rand());
  // ratios w/(s·Kx) spread over (0.3, 3): both branches of the relaxation are exercised
  const s0 = new Float64Array(n).map((_, i) => (w[i] / Kx[i]) * (0.35 + 2.5 * rand()));

  it("power polynomials: r^x to 1e-15 near 1, to 1e-3 on (½, 2)", () => {
    for (const x of [-0.45, 1.3, 1.9]) {
      const c = powCoefficients(x);
      for (const r of [0.99, 0.995, 1.001, 1.019]) {
        expect(Math.abs(powNear1(r, c) / r ** x - 1)).toBeLessThan(1e-15);
      }
      for (const r of [0.51, 0.7, 1.5, 1.99]) {
        expect(Math.abs(powNear1(r, c) / r ** x - 1)).toBeLessThan(1e-14); // exp/log branch
        if (x > 1) expect(Math.abs(relaxFactor(r, c) / r ** x - 1)).toBeLessThan(1e-3);
      }
    }
  });

  it("relaxUpdate (inlined polynomial) equals s·relaxFactor(r) bit for bit, plain step outside (½, 2)", () => {
    const c = powCoefficients(1.6);
    const s = s0.slice();
    const max = relaxUpdate(w, Kx, s, c, 1e-300, 1e300);
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (w[i] === 0) {
        expect(s[i]).toBe(s0[i]);
        continue;
      }
      const r = w[i] / (s0[i] * Kx[i]);
      const ref = r > 0.5 && r < 2 ? s0[i] * relaxFactor(r, c) : w[i] / Kx[i];
      expect(s[i]).toBe(ref);
      m = Math.max(m, ref);
    }
    expect(max).toBe(m);
    // out of [lo, hi] → Infinity
    expect(relaxUpdate(w, Kx, s0.slice(), c, 1e-300, 1e-3)).toBe(Infinity);
  });

  it("ratioPowerUpdate (inlined) equals s·powNear1(Kx/ref) bit for bit and updates ref where s > 0", () => {
    const c = powCoefficients(-0.45);
    const ref0 = new Float64Array(n).map((_, i) => Kx[i] * (1 + 0.05 * (rand() - 0.5)));
    const s = s0.slice();
    const ref = ref0.slice();
    ratioPowerUpdate(s, Kx, ref, c, 1e-300, 1e300);
    for (let i = 0; i < n; i++) {
      expect(s[i]).toBe(s0[i] * powNear1(Kx[i] / ref0[i], c));
      // cells with s = 0 (no mass) are left alone, ref included
      expect(ref[i]).toBe(s0[i] === 0 ? ref0[i] : Kx[i]);
    }
  });
});

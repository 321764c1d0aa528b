import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import {
  convergenceStudy,
  convergenceStudyAsync,
  formatConvergenceTable,
  observedOrders,
} from "../../src/run/convergence.js";

describe("convergence module", () => {
  it("recovers the exponents of e = C hᵠ exactly (pairwise and least squares)", () => {
    const study = convergenceStudy([16, 32, 64, 128], (n) => ({
      second: 3 * n ** -2,
      first: 0.5 / n,
      zero: 0,
    }));
    for (const q of study.orders.second.pairwise) expect(q).toBeCloseTo(2, 12);
    expect(study.orders.second.leastSquares).toBeCloseTo(2, 12);
    expect(study.orders.first.leastSquares).toBeCloseTo(1, 12);
    expect(study.orders.zero.pairwise.every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(study.orders.zero.leastSquares)).toBe(true);
    expect(study.rows[1].h).toBe(1 / 32);
  });

  it("uses the given cell width and fits through noise", () => {
    const noise = [1.05, 0.97, 1.02, 0.99];
    const rows = [10, 20, 40, 80].map((n, i) => ({
      n,
      h: 4 / n,
      metrics: { e: noise[i] * (4 / n) ** 1.5 },
    }));
    const orders = observedOrders(rows);
    expect(Math.abs(orders.e.leastSquares - 1.5)).toBeLessThan(0.05);
  });

  it("formats a markdown table with an order column per metric and a least-squares row", () => {
    const study = convergenceStudy([8, 16], (n) => ({ l1: n ** -2 }), { h: (n) => 2 / n });
    const md = formatConvergenceTable(study);
    const lines = md.split("\n");
    expect(lines[0]).toBe("| n | h | l1 | order |");
    expect(lines[3]).toBe("| 16 | 0.125 | 3.91e-3 | 2.00 |");
    expect(lines[4]).toBe("| least squares |  |  | 2.00 |");
  });

  it("async variant and input checks", async () => {
    const s = await convergenceStudyAsync([4, 8], async (n) => ({ e: 1 / n }));
    expect(s.orders.e.pairwise[0]).toBeCloseTo(1, 14);
    expect(() => convergenceStudy([8], () => ({}))).toThrow(InputError);
    expect(() => convergenceStudy([8, 3.5], () => ({}))).toThrow(/resolutions\[1\]/);
  });
});

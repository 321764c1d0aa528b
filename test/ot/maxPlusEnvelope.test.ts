import { describe, expect, it } from "vitest";
import { MaxPlusEnvelope } from "../../src/ot/maxPlusEnvelope.js";

/** Brute-force max_j [φ_j − κ(i−j)²]. */
function brute(phi: number[], kappa: number): number[] {
  return phi.map((_, i) => Math.max(...phi.map((p, j) => p - kappa * (i - j) ** 2)));
}

describe("MaxPlusEnvelope", () => {
  it("matches the brute-force max-plus transform, with −∞ entries and steep slopes", () => {
    const env = new MaxPlusEnvelope(64);
    let seed = 7;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + (trial % 40);
      const kappa = 0.05 + 3 * Math.abs(rand());
      const phi = Array.from({ length: n }, (_, j) =>
        trial % 3 === 0 && j % 4 === 1 ? -Infinity : 200 * rand() + (trial % 2 ? 40 * j : 0),
      );
      const psi = new Float64Array(n);
      const arg = new Int32Array(n);
      env.transform(Float64Array.from([0, 0, ...phi]), 2, n, kappa, psi, arg);
      const ref = brute(phi, kappa);
      for (let i = 0; i < n; i++) {
        if (ref[i] === -Infinity) {
          expect(psi[i]).toBe(-Infinity);
          continue;
        }
        // exact up to rounding of the parabola values
        expect(Math.abs(psi[i] - ref[i])).toBeLessThan(1e-12 * Math.max(1, Math.abs(ref[i])));
        const attained = phi[arg[i]] - kappa * (i - arg[i]) ** 2;
        expect(Math.abs(attained - psi[i])).toBeLessThan(1e-12 * Math.max(1, Math.abs(psi[i])));
      }
    }
  });

  it("returns −∞ and arg −1 on an all −∞ line", () => {
    const env = new MaxPlusEnvelope(5);
    const psi = new Float64Array(5);
    const arg = new Int32Array(5);
    env.transform(new Float64Array(5).fill(-Infinity), 0, 5, 1, psi, arg);
    expect([...psi]).toEqual(new Array(5).fill(-Infinity));
    expect([...arg]).toEqual(new Array(5).fill(-1));
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assembleWatFile, generatedSource, geometryWasmDir } from "../../scripts/buildWasm.js";
import { EntropyVariation } from "../../src/geometry/entropyVariation.js";

/**
 * The log pass of the upwind fluxes (src/geometry/entropyVariation.ts): ξ = ν log ρ + ψ by the
 * WebAssembly fdlibm logarithm must equal the Math.log loop it replaces to rounding. Bound: the
 * fdlibm algorithm is accurate to < 1 ulp, so |Δ log ρ| ≤ 2 ulp(log ρ) when both are within 1 ulp
 * of the true value; ξ adds ν·Δ and the rounding of the sum: |Δξ| ≤ 4·2⁻⁵²·(|ν log ρ| + |ψ|).
 */
function reference(rho: Float64Array, psi: Float64Array, nu: number): Float64Array {
  return rho.map((r, i) => (r > 0 ? nu * Math.log(r) + psi[i] : -Infinity));
}

function randomCells(n: number, seed: number): { rho: Float64Array; psi: Float64Array } {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const rho = new Float64Array(n);
  const psi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // log-uniform over 1e-300 … 1e5, with exact zeros, subnormals and ρ near 1 mixed in
    const u = next();
    rho[i] =
      u < 0.05 ? 0 : u < 0.08 ? 1e-310 * next() : u < 0.2 ? 1 + 1e-6 * (next() - 0.5) : 10 ** (305 * next() - 300); // prettier-ignore
    psi[i] = 40 * (next() - 0.5);
  }
  return { rho, psi };
}

describe("entropy variation pass", () => {
  it("uses WebAssembly here (Node 20 has SIMD)", () => {
    expect(new EntropyVariation(8).wasm).toBe(true);
  });

  for (const n of [1, 2, 7, 4096, 16385]) {
    it(`equals ν·Math.log(ρ) + ψ to rounding, n = ${n}, with vacuum and subnormals`, () => {
      const { rho, psi } = randomCells(n, n);
      for (const nu of [1, 0.37]) {
        const pass = new EntropyVariation(n);
        pass.psi.set(psi);
        pass.compute(rho, nu);
        const out = pass.xi;
        const ref = reference(rho, psi, nu);
        for (let i = 0; i < n; i++) {
          if (!Number.isFinite(ref[i])) {
            expect(out[i], `cell ${i}, ρ = ${rho[i]}`).toBe(ref[i]);
            continue;
          }
          const bound = 4 * 2 ** -52 * (Math.abs(nu * Math.log(rho[i])) + Math.abs(psi[i]));
          expect(Math.abs(out[i] - ref[i]), `cell ${i}, ρ = ${rho[i]}`).toBeLessThanOrEqual(bound);
        }
        // Subnormal ρ goes through Math.log itself: identical.
        rho.forEach((r, i) => {
          if (r > 0 && r < 2.2250738585072014e-308) expect(out[i]).toBe(ref[i]);
        });
      }
    });
  }

  it("special values: 0, negative, NaN → −∞; +∞ → +∞", () => {
    const rho = Float64Array.from([0, -1, NaN, Infinity, 1, Math.E]);
    const psi = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const pass = new EntropyVariation(6);
    pass.psi.set(psi);
    pass.compute(rho, 2);
    expect([...pass.xi]).toEqual([-Infinity, -Infinity, -Infinity, Infinity, 5, 8]);
  });

  it("the committed module is what entropyVariation.wat assembles to", async () => {
    const bytes = await assembleWatFile("entropyVariation", geometryWasmDir);
    const text = readFileSync(join(geometryWasmDir, "entropyVariation.generated.ts"), "utf8");
    expect(text).toBe(await generatedSource("entropyVariation", bytes, geometryWasmDir));
  });
});

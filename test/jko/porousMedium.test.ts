import { describe, expect, it } from "vitest";
import { GeneralizedEntropy } from "../../src/energy/generalizedEntropy.js";
import { Barenblatt } from "../../src/exact/barenblatt.js";
import { mass } from "../../src/grid/density.js";
import { EntropicJko } from "../../src/ot/entropicJko.js";
import { cube, l1 } from "./helpers.js";

/*
 * Porous medium ∂ρ/∂t = Δρ² (F = ∫ρ², m = 2) by entropic JKO with the pointwise Newton prox,
 * from the Barenblatt profile at t0 = 0.1 to t = 0.5 (EXACT.md §C), compared with exact
 * cell averages on three levels. Refining h → h/2, τ → τ/2 with ε = 2h² (ε/τ → 0) the L1
 * error falls at first order: the JKO's O(τ) and the entropic diffusion ε/(4τ) ∝ h (§H).
 * Measured L1 errors (observed orders):
 *   1D (100, 0.02), (200, 0.01), (400, 0.005):   1.74e-2, 8.93e-3, 4.53e-3 (0.96, 0.98)
 *   2D (24², 0.05), (48², 0.025), (96², 0.0125): 0.168, 9.71e-2, 5.25e-2 (0.79, 0.89)
 * The 2D orders are pre-asymptotic, rising towards 1. Bounds: 1D orders 1 ± 0.1; 2D orders
 * in [0.7, 1.1] with the two-level mean ≥ 0.78 (measured 0.84); finest errors ≤ 1.15×
 * measured. The former check (two levels, ratio < 0.7) accepted any order ≥ 0.51; the 1D
 * orders now must be ≥ 0.9. A step with F scaled by 1.05 (a wrong coefficient) gives 1D
 * errors 2.99e-2, 2.24e-2, 1.87e-2 (orders 0.42, 0.26) and fails.
 */
describe("entropic JKO porous medium (Barenblatt, m = 2), three levels", () => {
  for (const { dim, levels, L, orderRange, meanOrder, finest } of [
    {
      dim: 1,
      levels: [
        [100, 0.02],
        [200, 0.01],
        [400, 0.005],
      ],
      L: 2,
      orderRange: [0.9, 1.1],
      meanOrder: 0.9,
      finest: 5.2e-3,
    },
    {
      dim: 2,
      levels: [
        [24, 0.05],
        [48, 0.025],
        [96, 0.0125],
      ],
      L: 1.5,
      orderRange: [0.7, 1.1],
      meanOrder: 0.78,
      finest: 6.05e-2,
    },
  ] as const) {
    it(`${dim}D: L1 error at t = 0.5 falls at first order; mass conserved`, () => {
      const exact = new Barenblatt({ dim, m: 2 });
      const errors: number[] = [];
      for (const [n, tau] of levels) {
        const grid = cube(dim, n, L);
        const h = grid.h[0];
        const rho = exact.cellAverages(grid, 0.1);
        const m0 = mass(grid, rho);
        const jko = new EntropicJko(grid, new GeneralizedEntropy(grid, 2), {
          tau,
          eps: 2 * h * h,
          tol: 1e-10,
        });
        const steps = Math.round(0.4 / tau);
        for (let k = 0; k < steps; k++) jko.step(rho, rho);
        // Mass: the plan's first marginal is exact; rounding over ≤ 32 steps (measured 7e-14).
        expect(Math.abs(mass(grid, rho) - m0)).toBeLessThan(1e-12);
        errors.push(l1(grid, rho, exact.cellAverages(grid, 0.5)));
      }
      for (let k = 1; k < errors.length; k++) {
        const order = Math.log2(errors[k - 1] / errors[k]);
        expect(order).toBeGreaterThan(orderRange[0]);
        expect(order).toBeLessThan(orderRange[1]);
      }
      expect(Math.log2(errors[0] / errors[2]) / 2).toBeGreaterThan(meanOrder);
      expect(errors[2]).toBeLessThan(finest);
    });
  }
});

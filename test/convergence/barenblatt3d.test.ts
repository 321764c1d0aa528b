/**
 * 3D finite volumes against the Barenblatt profile: porous medium ∂ρ/∂t = Δρ² (m = 2,
 * F = ∫ρ²) on [−2, 2]³ from the Barenblatt profile at t0 = 0.1 (unit mass) to t = 0.6, as in
 * the barenblatt-3d scenario, fv2 + Heun (dt ∝ h², so the time error is O(h⁴)), L1 against
 * the exact cell averages at 24³, 32³, 48³.
 *
 * Second order with the kink at the front (as in 1D/2D, test/geometry/convergence.test.ts):
 * measured L1 5.43e-3, 3.21e-3, 1.55e-3, orders log(e_k/e_{k+1})/log(n_{k+1}/n_k) = 1.82,
 * 1.80 (16³ → 24³ is pre-asymptotic: 1.68). Extrapolated at order 1.8 to 64³ this gives
 * 9.3e-4, the README's figure. Bounds: orders within [1.7, 2.2] (the 2D runs measure 1.77,
 * 1.80), the 48³ error ≤ 1.2× measured. fv1 on the same grids: 9.0e-2, 7.4e-2, 5.4e-2
 * (orders 0.69, 0.76), failing both. Runtime 2–4 s, mostly the 48³ run (278 Heun steps).
 */
import { describe, expect, it } from "vitest";
import { GeneralizedEntropy } from "../../src/energy/generalizedEntropy.js";
import { Barenblatt } from "../../src/exact/barenblatt.js";
import { Grid } from "../../src/grid/grid.js";
import { l1Error } from "../../src/metrics/errors.js";
import { makeRun, runTo } from "../geometry/helpers.js";

describe("porous medium m = 2 in 3D: fv2 vs the Barenblatt profile", () => {
  it("L1 error at t = 0.6 falls at order ≈ 1.8 from 24³ to 48³", () => {
    const B = new Barenblatt({ dim: 3, m: 2 });
    const ns = [24, 32, 48];
    const errors = ns.map((n) => {
      const grid = new Grid({ n: [n, n, n], lo: [-2, -2, -2], hi: [2, 2, 2] });
      const rho = B.cellAverages(grid, 0.1);
      const { scheme } = makeRun(
        new GeneralizedEntropy(grid, 2),
        { flux: "fv2" },
        { method: "heun" },
      );
      runTo(scheme, rho, 0.5);
      return l1Error(grid, rho, B.cellAverages(grid, 0.6));
    });
    for (let k = 1; k < ns.length; k++) {
      const order = Math.log(errors[k - 1] / errors[k]) / Math.log(ns[k] / ns[k - 1]);
      expect(order).toBeGreaterThan(1.7);
      expect(order).toBeLessThan(2.2);
    }
    expect(errors[2]).toBeLessThan(1.86e-3);
  });
});

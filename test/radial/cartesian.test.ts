/**
 * d = 3: the radial grid against the 3D Cartesian grid on the problem of the barenblatt-3d
 * scenario (test/convergence/barenblatt3d.test.ts): ∂ρ/∂t = Δρ², Barenblatt profile (unit
 * mass) from t0 = 0.1 to 0.6, fv2 + Heun, at matched resolution h = 1/8: 32³ cells on [−2, 2]³
 * and 16 shells on [0, 2].
 *
 * The two runs live on different cells, so they are compared through their errors: δ_rad =
 * ρ_rad − (exact shell averages) is carried to the Cartesian cells by linear interpolation in
 * |x| (the smooth error, not ρ itself: interpolating ρ between shell centres costs 1.3e-2
 * here, four times the errors compared), and the distance between the runs is
 * Σ_c |ρ_cart,c − (exact_c + δ_rad(|x_c|))|·h³.
 *
 * Measured: Cartesian L1 3.21e-3 (the figure of barenblatt3d.test.ts), radial L1 3.93e-3,
 * distance between the runs 4.28e-3 (1.33× the Cartesian error); energies ∫ρ² 0.104093
 * (Cartesian), 0.104385 (radial), 0.104663 (exact). At h = 1/16 (64³ vs 32 shells,
 * bench/radial.ts) the radial error is the smaller one: 8.6e-4 against 9.3e-4.
 * Bounds: radial L1 ≤ 1.3× and the distance between the runs ≤ 1.5× the Cartesian error (the
 * runs agree to the Cartesian run's error); the energies differ by less than the Cartesian
 * energy's own error.
 */
import { describe, expect, it } from "vitest";
import { GeneralizedEntropy } from "../../src/energy/generalizedEntropy.js";
import { Barenblatt } from "../../src/exact/barenblatt.js";
import { Grid } from "../../src/grid/grid.js";
import { l1Error } from "../../src/metrics/errors.js";
import { makeRun, runTo } from "../geometry/helpers.js";
import { radialGrid, runRadial } from "./helpers.js";

describe("d = 3: radial grid vs 3D Cartesian grid (Barenblatt, m = 2)", () => {
  it("agree to the Cartesian run's error at h = 1/8", () => {
    const B = new Barenblatt({ dim: 3, m: 2 });
    const n = 32;
    const h = 4 / n;
    const cart = new Grid({ n: [n, n, n], lo: [-2, -2, -2], hi: [2, 2, 2] });
    const rhoC = B.cellAverages(cart, 0.1);
    runTo(
      makeRun(new GeneralizedEntropy(cart, 2), { flux: "fv2" }, { method: "heun" }).scheme,
      rhoC,
      0.5,
    );
    const exactC = B.cellAverages(cart, 0.6);
    const errCart = l1Error(cart, rhoC, exactC);

    const rad = radialGrid(3, n / 2, 2);
    const rhoR = B.cellAverages(rad, 0.1);
    runRadial(new GeneralizedEntropy(rad, 2), rhoR, 0.5, { flux: "fv2" });
    const exactR = B.cellAverages(rad, 0.6);
    const errRad = l1Error(rad, rhoR, exactR);

    const delta = rhoR.map((v, i) => v - exactR[i]);
    const interp = (r: number): number => {
      const u = r / h - 0.5;
      if (u <= 0) return delta[0];
      const i = Math.floor(u);
      if (i >= delta.length - 1) return delta[delta.length - 1];
      return (1 - (u - i)) * delta[i] + (u - i) * delta[i + 1];
    };
    const idx = new Int32Array(3);
    let distance = 0;
    for (let k = 0; k < cart.size; k++) {
      cart.unravel(k, idx);
      let r2 = 0;
      for (let a = 0; a < 3; a++) r2 += cart.center(a, idx[a]) ** 2;
      distance += Math.abs(rhoC[k] - exactC[k] - interp(Math.sqrt(r2))) * h ** 3;
    }

    expect(errCart).toBeLessThan(3.3e-3);
    expect(errRad).toBeLessThan(1.3 * errCart);
    expect(distance).toBeLessThan(1.5 * errCart);
    const eC = new GeneralizedEntropy(cart, 2).value(rhoC);
    const eR = new GeneralizedEntropy(rad, 2).value(rhoR);
    expect(Math.abs(eR - eC)).toBeLessThan(Math.abs(eC - B.energy(0.6)));
  });
});

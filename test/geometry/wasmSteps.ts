import { expect } from "vitest";
import { GeneralizedEntropy } from "../../src/energy/generalizedEntropy.js";
import { Barenblatt } from "../../src/exact/barenblatt.js";
import { WassersteinGeometry } from "../../src/geometry/wasserstein.js";
import { Grid } from "../../src/grid/grid.js";
import { ExplicitScheme } from "../../src/schemes/explicit.js";
import { withoutWasm } from "../ot/withoutWasm.js";
import { expectSameBits } from "./sameBits.js";

/**
 * The porous medium ∂ρ/∂t = Δρ^m (fv2, no-flux walls) stepped 60 times from a Barenblatt
 * profile by Euler (the fused stage in the module) and SSP-RK3 (its a ≠ 0 stages too), once
 * with the WebAssembly sweeps (src/geometry/compactSweepWasm.ts) and once with
 * MEASUREFLOW_NO_WASM set (the JavaScript sweeps): every entry of ρ, the step sizes and the
 * cells computed must be equal, bit for bit. 41 × 37 cells: an odd number of columns gives
 * the symmetric active rows odd lengths (the modules' odd last cells).
 */
export function expectSameStepsWithoutWasm(m: 2 | 3): void {
  const grid = new Grid({ n: [41, 37], lo: [-1.9, -1.9], hi: [1.9, 1.9] });
  const rho0 = new Barenblatt({ dim: 2, m, mass: 1 }).cellAverages(grid, 0.5);
  for (const method of ["euler", "ssprk3"] as const) {
    const runs = [false, true].map((noWasm) => {
      const make = (): WassersteinGeometry =>
        new WassersteinGeometry(new GeneralizedEntropy(grid, m), { flux: "fv2" });
      const geo = noWasm ? withoutWasm(make) : make();
      const scheme = new ExplicitScheme(geo, grid, { method });
      const rho = rho0.slice();
      const dts: number[] = [];
      for (let k = 0; k < 60; k++) dts.push(scheme.step(rho, 1));
      return { rho, dts, cells: geo.sweptCells };
    });
    expectSameBits(runs[0].rho, runs[1].rho, `${method} `);
    expect(runs[0].dts).toEqual(runs[1].dts);
    expect(runs[0].cells).toBe(runs[1].cells);
  }
}

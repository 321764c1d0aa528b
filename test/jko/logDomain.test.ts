import { describe, expect, it } from "vitest";
import { Entropy } from "../../src/energy/entropy.js";
import { Potential } from "../../src/energy/potential.js";
import { energySum } from "../../src/energy/sum.js";
import { mass } from "../../src/grid/density.js";
import { EntropicJko } from "../../src/ot/entropicJko.js";
import { SinkhornSolver } from "../../src/ot/sinkhorn.js";
import { cube, sampledGaussian } from "./helpers.js";

describe("log-domain stability at ε = h²", () => {
  it("2D 256×256 JKO (Fokker–Planck) at ε = h²: finite, mass to 1e-10", () => {
    const grid = cube(2, 256, 4);
    const h = grid.h[0];
    const energy = energySum(
      new Entropy(grid),
      new Potential(grid, (x) => 0.5 * ((x[0] - 0.5) ** 2 + x[1] ** 2)),
    );
    const jko = new EntropicJko(grid, energy, { tau: 0.002, eps: h * h, tol: 1e-9 });
    const rho = sampledGaussian(grid, 0.2, [-0.5, 0.3]);
    for (let k = 0; k < 1; k++) {
      const info = jko.step(rho, rho);
      expect(Number.isFinite(info.objective)).toBe(true);
    }
    expect(rho.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(Math.abs(mass(grid, rho) - 1)).toBeLessThan(1e-10);
  });

  it('steep potential at ε = h²/2: "auto" hands over to the stabilised kernel, same steps', () => {
    // V = 200|x − x₀|²: potentials/ε span more than double range, the separable path gives up
    const grid = cube(2, 64, 4);
    const h = grid.h[0];
    const make = (kernel: "auto" | "separable" | "stabilized"): EntropicJko =>
      new EntropicJko(
        grid,
        energySum(
          new Entropy(grid),
          new Potential(grid, (x) => 200 * ((x[0] - 0.5) ** 2 + x[1] ** 2)),
        ),
        { tau: 0.002, eps: 0.5 * h * h, tol: 1e-12, kernel },
      );
    const start = sampledGaussian(grid, 0.2, [-0.5, 0.3]);
    expect(() => make("separable").step(start, new Float64Array(grid.size))).toThrow(
      /double range/,
    );
    const auto = make("auto");
    const stab = make("stabilized");
    const ra = start.slice();
    const rs = start.slice();
    for (let k = 0; k < 3; k++) {
      expect(auto.step(ra, ra).kernel).toBe("stabilized");
      stab.step(rs, rs);
    }
    // Same fixed point per step; both converge to ‖q − q_prev‖₁/‖q‖₁ < 1e-12.
    let d = 0;
    for (let i = 0; i < ra.length; i++) d += Math.abs(ra[i] - rs[i]) * grid.cellVolume;
    expect(d).toBeLessThan(1e-9);
  });

  it("OT at ε = h²/4 between far-apart densities (scalings would overflow): finite", () => {
    const grid = cube(2, 48, 1);
    const a = sampledGaussian(grid, 0.01, [-0.6, -0.6]).map((v) => v * grid.cellVolume);
    const b = sampledGaussian(grid, 0.02, [0.6, 0.5]).map((v) => v * grid.cellVolume);
    const r = new SinkhornSolver(grid, 0.25 * grid.h[0] ** 2).solve(a, b, { tol: 1e-9 });
    expect(Number.isFinite(r.value)).toBe(true);
    // ⟨C,P⟩ ≈ W₂² = |Δμ|² + 2(√0.02 − √0.01)² = 2.6534, plus an entropic excess O(dε/2)
    // ≈ 4e-4 and O(h²) discretisation
    expect(Math.abs(r.transportCost - 2.6534)).toBeLessThan(0.005);
  });
});

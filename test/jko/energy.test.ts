import { describe, expect, it } from "vitest";
import { Entropy } from "../../src/energy/entropy.js";
import { GeneralizedEntropy } from "../../src/energy/generalizedEntropy.js";
import { Potential } from "../../src/energy/potential.js";
import { energySum } from "../../src/energy/sum.js";
import { mass } from "../../src/grid/density.js";
import { EntropicJko, splitForJko } from "../../src/ot/entropicJko.js";
import { SinkhornSolver } from "../../src/ot/sinkhorn.js";
import { cube, sampledGaussian } from "./helpers.js";

/*
 * The JKO step minimises J(ρ) = F(ρ) + W_ε(ρ, ρ_k)/(2τ); taking ρ = ρ_k as a competitor,
 * J(ρ_{k+1}) ≤ F(ρ_k) + W_ε(ρ_k, ρ_k)/(2τ) must hold (up to the inner tolerance), with the
 * same discrete W_ε (|cell|² reference) computed independently by SinkhornSolver. Along the
 * iterates F itself decreases for these flows, and the mass is conserved to rounding.
 */
describe("entropic JKO: energy inequality and mass", () => {
  for (const [name, build] of [
    [
      "Fokker–Planck",
      (g: ReturnType<typeof cube>) =>
        energySum(new Entropy(g), new Potential(g, (x) => 0.5 * 2 * (x[0] - 0.3) ** 2)),
    ],
    [
      "porous medium + potential",
      (g: ReturnType<typeof cube>) =>
        energySum(new GeneralizedEntropy(g, 2), new Potential(g, (x) => 0.5 * x[0] * x[0])),
    ],
  ] as const) {
    it(name, () => {
      const grid = cube(1, 160, 4);
      const h = grid.h[0];
      const eps = 2 * h * h;
      const tau = 0.05;
      const energy = build(grid);
      const jko = new EntropicJko(grid, energy, { tau, eps, tol: 1e-12 });
      const self = new SinkhornSolver(grid, eps);
      const rho = sampledGaussian(grid, 0.4, [-0.8]);
      const m0 = mass(grid, rho);
      let F = energy.value(rho);
      for (let k = 0; k < 12; k++) {
        const p = rho.map((v) => v * h);
        const wSelf = self.solve(p, p, { tol: 1e-13 }).value;
        const competitor = F + wSelf / (2 * tau);
        const info = jko.step(rho, rho);
        // the minimiser beats the competitor ρ_k (inner tolerance 1e-12 → slack 1e-9)
        expect(info.objective).toBeLessThanOrEqual(competitor + 1e-9);
        const Fn = energy.value(rho);
        expect(Fn).toBeLessThan(F);
        F = Fn;
        expect(Math.abs(mass(grid, rho) - m0)).toBeLessThan(1e-10);
      }
    });
  }

  it("splits energies into pointwise terms and terms linearised at ρ_k", () => {
    const grid = cube(1, 8, 1);
    const nonPointwise = {
      name: "w",
      grid,
      entropyWeight: 0.5,
      value: () => 0,
      firstVariation: (_r: Float64Array, o: Float64Array) => o.fill(1),
      smoothVariation: (_r: Float64Array, o: Float64Array) => o.fill(1),
    };
    const s = splitForJko(
      energySum([2, new Entropy(grid)], new GeneralizedEntropy(grid, 3), [3, nonPointwise]),
    );
    expect(s.entropy).toBe(2 + 1.5);
    expect(s.powers).toEqual([{ coef: 1, m: 3 }]);
    expect(s.explicit.map((e) => e.weight)).toEqual([3]);
  });
});

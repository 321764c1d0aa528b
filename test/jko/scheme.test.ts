import { describe, expect, it } from "vitest";
import { Entropy } from "../../src/energy/entropy.js";
import { entropicJkoHeatVariances } from "../../src/ot/jkoGaussian.js";
import { JkoScheme } from "../../src/schemes/jko.js";
import { InputError } from "../../src/errors.js";
import { cube, l1, sampledGaussian } from "./helpers.js";

describe("JkoScheme", () => {
  it("takes fixed steps τ, shortens a step to hit an output time, returns dt", () => {
    const grid = cube(1, 200, 7);
    const h = grid.h[0];
    const eps = 3 * h * h;
    const scheme = new JkoScheme(grid, new Entropy(grid), { tau: 0.02, eps, tol: 1e-13 });
    const rho = sampledGaussian(grid, 0.3);
    expect(scheme.step(rho, 1)).toBe(0.02);
    expect(scheme.step(rho, 0.02 * (1 - 1e-12))).toBe(0.02 * (1 - 1e-12)); // round-off: full step
    expect(scheme.step(rho, 0.005)).toBe(0.005); // shortened
    let s2 = 0.3;
    for (const t of [0.02, 0.02, 0.005]) s2 = entropicJkoHeatVariances(s2, t, eps, 1)[1];
    expect(l1(grid, rho, sampledGaussian(grid, s2))).toBeLessThan(1e-9);
    expect(scheme.steps).toBe(3);
    expect(scheme.last?.iterations).toBeGreaterThan(0);
  });

  it("rejects bad parameters with InputError naming the option", () => {
    const grid = cube(1, 20, 1);
    expect(() => new JkoScheme(grid, new Entropy(grid), { tau: 0, eps: 0.1 })).toThrow(InputError);
    expect(() => new JkoScheme(grid, new Entropy(grid), { tau: 0.1, eps: -1 })).toThrow(/--eps/);
  });
});

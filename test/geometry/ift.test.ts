import { describe, expect, it } from "vitest";
import { HalfMMD } from "../../src/energy/mmd.js";
import { GaussianKernel } from "../../src/fft/kernels.js";
import { IftGeometry } from "../../src/geometry/ift.js";
import { cellAverages } from "../../src/grid/density.js";
import { Grid } from "../../src/grid/grid.js";
import { resolveOptions } from "../../src/run/options.js";
import { loadScenario } from "../../src/run/registry.js";
import { ExplicitScheme } from "../../src/schemes/explicit.js";

const iftMmd1d = await loadScenario("ift-mmd-1d");
const grid = new Grid({ n: [200], lo: [-6], hi: [6] });
const g = (x: number, m: number, s: number): number =>
  Math.exp(-((x - m) ** 2) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));
const pi = cellAverages(grid, (x) => 0.7 * g(x[0], -1.5, 0.6) + 0.5 * g(x[0], 2, 0.5));
const rho0 = cellAverages(grid, (x) => g(x[0], 0.5, 1));
const energy = new HalfMMD(grid, new GaussianKernel(0.8), pi);

/** Σ_i ξ_i (dρ/dt)_i |cell|: the discrete dF_h/dt of ½MMD_h². */
function energyRate(geo: IftGeometry, rho: Float64Array): number {
  const r = new Float64Array(rho.length);
  geo.rate(rho, r);
  const xi = new Float64Array(rho.length);
  energy.firstVariation(rho, xi);
  let s = 0;
  for (let i = 0; i < r.length; i++) s += xi[i] * r[i];
  return s * grid.cellVolume;
}

describe("interaction-force transport (EXACT.md §F)", () => {
  it("the reaction dissipates exactly β·MMD_h²; the transport only adds dissipation", () => {
    // k symmetric ⇒ Σ (k*e)_i (−β e_i)|cell| = −β MMD_h² to rounding.
    const mmd2 = energy.mmd2(rho0);
    const pure = energyRate(new IftGeometry(energy, { alpha: 0, beta: 0.5 }), rho0);
    expect(Math.abs(pure / (-0.5 * mmd2) - 1)).toBeLessThan(1e-12);
    for (const flux of ["fv1", "fv2"] as const) {
      const geo = new IftGeometry(energy, { alpha: 1, beta: 0.5, wasserstein: { flux } });
      expect(energyRate(geo, rho0)).toBeLessThan(-0.5 * mmd2);
    }
  });

  it("α = 0: ρ_t = π + e^{−βt}(ρ0 − π), SSP-RK3 third order in time", () => {
    const errs = [40, 80].map((steps) => {
      const geo = new IftGeometry(energy, { alpha: 0, beta: 0.7 });
      const scheme = new ExplicitScheme(geo, grid, { method: "ssprk3", cfl: 1, dt: 4 / steps });
      const rho = Float64Array.from(rho0);
      for (let k = 0; k < steps; k++) scheme.step(rho, 4 / steps);
      let e = 0;
      const w = Math.exp(-0.7 * 4);
      for (let i = 0; i < rho.length; i++) e += Math.abs(rho[i] - (pi[i] + w * (rho0[i] - pi[i])));
      return e * grid.h[0];
    });
    // the per-step amplification of RK3 differs from e^{−βdt} by (βdt)⁴/24: order 3 globally
    expect(Math.log2(errs[0] / errs[1])).toBeGreaterThan(2.9);
    expect(errs[1]).toBeLessThan(1e-6);
  });

  it("ift-mmd-1d: the decay bound and the mass law hold along the run", () => {
    const p = iftMmd1d.build(resolveOptions(iftMmd1d, { n: 200, dt: 0.05 }));
    const rho = Float64Array.from(p.rho0);
    let t = 0;
    const obs = p.observables!;
    while (t < 8 - 1e-12) {
      t += p.scheme.step(rho, Math.min(0.05, 8 - t));
      // semi-discrete bound MMD_t ≤ e^{−βt}MMD_0; RK3 at βdt = 0.025 perturbs it by ≪ 1e-6
      expect(obs.boundRatio(rho, t)).toBeLessThan(1 + 1e-6);
      // M(t) = M_π + e^{−βt}(M0 − M_π): RK3 local error (βdt)⁴/24·|M − M_π| ≈ 3e-9 per step
      expect(Math.abs(obs.massError(rho, t))).toBeLessThan(1e-6);
    }
  });

  it("rejects negative or all-zero weights, naming the field", () => {
    expect(() => new IftGeometry(energy, { alpha: -1, beta: 1 })).toThrow(/alpha/);
    expect(() => new IftGeometry(energy, { alpha: 1, beta: Number.NaN })).toThrow(/beta/);
    expect(() => new IftGeometry(energy, { alpha: 0, beta: 0 })).toThrow(/alpha\/beta/);
  });
});

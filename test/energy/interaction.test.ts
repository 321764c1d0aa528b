import { describe, expect, it } from "vitest";
import { Interaction } from "../../src/energy/interaction.js";
import { GaussianKernel, PowerLawKernel } from "../../src/fft/kernels.js";
import { Grid } from "../../src/grid/grid.js";

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("Interaction energy ½∫∫W(x−y)ρρ", () => {
  it("value is ½Σρ_i(W*ρ)_i|cell| and ξ = W*ρ is its gradient (central differences)", () => {
    // E is quadratic in ρ, so the central difference (E(ρ+εv) − E(ρ−εv))/(2ε) equals
    // ⟨ξ, v⟩|cell| up to round-off, for any ε: tolerance 1e-10 relative.
    for (const [n, boundary] of [
      [[40], "noflux"],
      [[16, 12], "noflux"],
      [[16, 12], "periodic"],
      [[6, 5, 7], "noflux"],
    ] as const) {
      const grid = new Grid({ n: [...n], lo: n.map(() => -1.5), hi: n.map(() => 1.5), boundary });
      const E = new Interaction(grid, new PowerLawKernel(4, 2, grid.dim));
      const rand = rng(1 + grid.size);
      const rho = grid.sample(() => rand());
      const v = grid.sample(() => rand() - 0.5);
      const xi = grid.zeros();
      E.firstVariation(rho, xi);
      const eps = 1e-3;
      const plus = rho.map((r, i) => r + eps * v[i]);
      const minus = rho.map((r, i) => r - eps * v[i]);
      const fd = (E.value(plus) - E.value(minus)) / (2 * eps);
      let dir = 0;
      for (let i = 0; i < v.length; i++) dir += xi[i] * v[i];
      dir *= grid.cellVolume;
      expect(Math.abs(fd - dir)).toBeLessThan(1e-10 * Math.abs(dir));
      // smoothVariation equals firstVariation (no entropy part).
      const psi = grid.zeros();
      E.smoothVariation(rho, psi);
      expect(Array.from(psi)).toEqual(Array.from(xi));
      expect(E.entropyWeight).toBe(0);
    }
  });

  it("1D: W*ρ for W = x⁴/4 − x²/2 is the quartic in the discrete moments (EXACT.md §G)", () => {
    // (W*ρ)(x) = Σ_j W(x − y_j) w_j, w_j = ρ_j|cell|, expands into
    //   ¼(x⁴M0 − 4x³M1 + 6x²M2 − 4xM3 + M4) − ½(x²M0 − 2xM1 + M2),  Mk = Σ y_j^k w_j.
    // The midpoint-rule convolution reproduces it up to round-off (1e-12 relative).
    const grid = new Grid({ n: [101], lo: [-2], hi: [2.5] });
    const rand = rng(9);
    const rho = grid.sample((x) => Math.exp(-4 * (x[0] - 0.3) ** 2) * (1 + 0.3 * rand()));
    const E = new Interaction(grid, new PowerLawKernel(4, 2, 1));
    const xi = grid.zeros();
    E.firstVariation(rho, xi);
    const y = grid.centers(0);
    const M = [0, 0, 0, 0, 0];
    for (let j = 0; j < y.length; j++) {
      const w = rho[j] * grid.cellVolume;
      for (let k = 0; k <= 4; k++) M[k] += w * y[j] ** k;
    }
    let err = 0;
    let scale = 0;
    for (let i = 0; i < y.length; i++) {
      const x = y[i];
      const p =
        0.25 * (x ** 4 * M[0] - 4 * x ** 3 * M[1] + 6 * x ** 2 * M[2] - 4 * x * M[3] + M[4]) -
        0.5 * (x ** 2 * M[0] - 2 * x * M[1] + M[2]);
      err = Math.max(err, Math.abs(xi[i] - p));
      scale = Math.max(scale, Math.abs(p));
    }
    expect(err / scale).toBeLessThan(1e-12);
  });

  it("2D isotropic identity W*ρ = |x|⁴/4 + ((1/d+1/2)m₂ − 1/2)|x|² + m₄/4 − m₂/2", () => {
    // Exact for centred ρ with vanishing odd moments and isotropic second moments
    // (EXACT.md §G): a radial density on a grid symmetric about 0 under x ↔ y and x ↔ −x.
    const grid = new Grid({ n: [48, 48], lo: [-2, -2], hi: [2, 2] });
    const rho = grid.sample((x) => Math.exp(-3 * (x[0] ** 2 + x[1] ** 2)));
    const E = new Interaction(grid, new PowerLawKernel(4, 2, 2));
    const xi = grid.zeros();
    E.firstVariation(rho, xi);
    const idx = new Int32Array(2);
    let M0 = 0;
    let m2 = 0;
    let m4 = 0;
    for (let k = 0; k < grid.size; k++) {
      grid.unravel(k, idx);
      const r2 = grid.center(0, idx[0]) ** 2 + grid.center(1, idx[1]) ** 2;
      const w = rho[k] * grid.cellVolume;
      M0 += w;
      m2 += w * r2;
      m4 += w * r2 * r2;
    }
    // Any mass M0: expanding |x−y|⁴ = (|x|² − 2x·y + |y|²)² with odd moments 0 and
    // Σ w y yᵀ = (m₂/d)I gives Σ_j W(x − y_j)w_j = (|x|⁴M0 + (2 + 4/d)|x|²m₂ + m₄)/4 − (|x|²M0 + m₂)/2,
    // the §G formula when M0 = 1.
    let err = 0;
    let scale = 0;
    for (let k = 0; k < grid.size; k++) {
      grid.unravel(k, idx);
      const r2 = grid.center(0, idx[0]) ** 2 + grid.center(1, idx[1]) ** 2;
      const p = (r2 * r2 * M0 + (2 + 4 / 2) * r2 * m2 + m4) / 4 - (r2 * M0 + m2) / 2;
      err = Math.max(err, Math.abs(xi[k] - p));
      scale = Math.max(scale, Math.abs(p));
    }
    expect(err / scale).toBeLessThan(1e-12);
  });

  it("Gaussian kernel: value of a point mass pair", () => {
    // Two single-cell masses w at distance D: E = ½(2w²G(0) + 2w²K(D)), with |cell| factors.
    const grid = new Grid({ n: [10], lo: [0], hi: [1] });
    const rho = grid.zeros();
    rho[2] = 3;
    rho[7] = 3;
    const k = new GaussianKernel(0.2);
    const E = new Interaction(grid, k);
    const w = 3 * grid.cellVolume;
    const expected = 0.5 * (2 * w * w * 1 + 2 * w * w * k.value(0.5 ** 2));
    expect(E.value(rho)).toBeCloseTo(expected, 14);
  });
});

import { describe, expect, it } from "vitest";
import type { Kernel } from "../../src/fft/kernel.js";
import {
  GaussianKernel,
  InverseMultiquadricKernel,
  LaplaceKernel,
  PowerLawKernel,
} from "../../src/fft/kernels.js";
import { Grid } from "../../src/grid/grid.js";
import { drawFromGrid, type ParticleCloud } from "../../src/particles/cloud.js";
import { kernelSlope } from "../../src/particles/kernelSlope.js";
import { MmdFlow } from "../../src/particles/mmdFlow.js";
import { LinearGradientPotential } from "../../src/particles/potential.js";
import { Random } from "../../src/particles/random.js";
import { select, Svgd } from "../../src/particles/svgd.js";

function meanVar(x: Float64Array): { mean: number; variance: number } {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  return { mean: m, variance: s / x.length };
}

describe("SVGD, 1D Gaussian target N(0.5, 1), N = 200", () => {
  const grid = new Grid({ n: [256], lo: [-8], hi: [9] });
  const rho0 = grid.sample((x) => Math.exp(-2 * (x[0] - 2) ** 2)); // N(2, 0.25)
  const U = LinearGradientPotential.fromQuadratics(1, [{ weight: 1, A: [[1]], center: [0.5] }]);

  function converge(bandwidth: "median" | number): ParticleCloud {
    const random = new Random(3);
    const cloud = drawFromGrid(grid, rho0, 200, random);
    const svgd = new Svgd(grid, U, 1, bandwidth);
    // γ = 0.5, 1000 steps (t = 500): the mean has converged to 1e-4, the variance moves by
    // < 1e-3 per 500 steps (measured: 0.9909 at 1000 steps and 0.9954 in the limit for h = 1;
    // 0.9790 and 0.9793 for the median heuristic).
    for (let k = 0; k < 1000; k++) svgd.advance(cloud, 0.5);
    return cloud;
  }

  it("with h = 1 (kernel e^{−|x−y|²}): mean and variance within 1e-2", () => {
    const { mean, variance } = meanVar(converge(1).positions);
    // Issue 13's acceptance figure. Measured: mean error 1.2e-4, variance 0.9909 (the finite-N
    // fixed point of SVGD, 0.9954, sits slightly inside the target; the gap shrinks as h grows).
    expect(Math.abs(mean - 0.5)).toBeLessThan(1e-2);
    expect(Math.abs(variance - 1)).toBeLessThan(1e-2);
  });

  it("with the median heuristic: mean within 1e-2, variance slightly low (measured 0.979)", () => {
    const { mean, variance } = meanVar(converge("median").positions);
    expect(Math.abs(mean - 0.5)).toBeLessThan(1e-2);
    // The median heuristic (h ≈ 0.17 here) gives a smaller bandwidth and a deeper finite-N
    // variance deficit: measured 0.9790. Bound: within 3 % and below 1 (the deficit's sign).
    expect(variance).toBeGreaterThan(0.97);
    expect(variance).toBeLessThan(1);
  });

  it("select finds the k-th smallest (the median of the heuristic)", () => {
    const r = new Random(1);
    const a = Float64Array.from({ length: 1001 }, () => r.uniform());
    const sorted = Float64Array.from(a).sort();
    for (const k of [0, 1, 500, 999, 1000])
      expect(select(Float64Array.from(a), a.length, k)).toBe(sorted[k]);
  });
});

describe("kernelSlope", () => {
  const kernels: Kernel[] = [
    new GaussianKernel(0.7),
    new LaplaceKernel(0.5),
    new InverseMultiquadricKernel(0.8, 0.5),
    new PowerLawKernel(4, 2, 1),
    new PowerLawKernel(2, 0, 2),
  ];
  for (const k of kernels) {
    it(`${k.name}: the closed-form dK/d(r²) matches central differences to 1e-7`, () => {
      const s = kernelSlope(k, 0.1);
      for (const r2 of [0.01, 0.3, 1, 2.5]) {
        const d = 1e-5 * r2;
        const fd = (k.value(r2 + d) - k.value(r2 - d)) / (2 * d);
        // Central differences with relative step 1e-5: O(d²) truncation, O(ε/d) rounding.
        expect(Math.abs(s(r2) - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
      }
    });
  }
});

describe("MMD particle flow", () => {
  const grid = new Grid({ n: [64], lo: [-5], hi: [5] });
  const target = grid.sample((x) => Math.exp(-0.5 * x[0] * x[0]) / Math.sqrt(2 * Math.PI));
  const kernel = new GaussianKernel(1);

  /** F = ½MMD² of the cloud (masses M/N) to π as point masses π_c|cell| at the centres. */
  function halfMmd2(cloud: ParticleCloud): number {
    const x = cloud.positions;
    const m = cloud.mass / cloud.count;
    const pts: number[] = [];
    const w: number[] = [];
    for (let k = 0; k < cloud.count; k++) {
      pts.push(x[k]);
      w.push(m);
    }
    for (let c = 0; c < grid.size; c++) {
      pts.push(grid.center(0, c));
      w.push(-target[c] * grid.cellVolume);
    }
    let s = 0;
    for (let i = 0; i < pts.length; i++) {
      for (let j = 0; j < pts.length; j++) s += w[i] * w[j] * kernel.value((pts[i] - pts[j]) ** 2);
    }
    return 0.5 * s;
  }

  it("moves each particle by −γ(1/m)∂F/∂x_i (the Wasserstein gradient of ½MMD²)", () => {
    const rho0 = grid.sample((x) => Math.exp(-2 * (x[0] - 1.5) ** 2));
    const cloud = drawFromGrid(grid, rho0, 40, new Random(8));
    const m = cloud.mass / cloud.count;
    const before = Float64Array.from(cloud.positions);
    const gamma = 1e-3;
    const moved = { ...cloud, positions: Float64Array.from(before) };
    new MmdFlow(grid, kernel, target, 2).advance(moved, gamma); // weight w = 2
    for (const i of [0, 17, 39]) {
      const d = 1e-6;
      cloud.positions[i] = before[i] + d;
      const fp = halfMmd2(cloud);
      cloud.positions[i] = before[i] - d;
      const fm = halfMmd2(cloud);
      cloud.positions[i] = before[i];
      const expected = -gamma * 2 * ((fp - fm) / (2 * d) / m);
      // Central differences of F: rounding ~ε|F|/d ≈ 1e-10 against displacements ~1e-4; the
      // pair sums are the same numbers in another order.
      expect(Math.abs(moved.positions[i] - before[i] - expected)).toBeLessThan(
        1e-6 * Math.abs(expected) + 1e-12,
      );
    }
  });

  it("decreases ½MMD² at every step and moves the cloud's mean towards the target's", () => {
    // ρ0 = N(1.5, 0.25) with the target's unit mass (the flow conserves mass).
    const rho0 = grid.sample((x) => Math.exp(-2 * (x[0] - 1.5) ** 2) / Math.sqrt(Math.PI / 2));
    const cloud = drawFromGrid(grid, rho0, 100, new Random(2));
    const flow = new MmdFlow(grid, kernel, target);
    let f = halfMmd2(cloud);
    const f0 = f;
    for (let k = 0; k < 40; k++) {
      flow.advance(cloud, 0.5);
      const g = halfMmd2(cloud);
      // Explicit step of a smooth gradient flow with γ·Lip(∇f) < 2 (Gaussian kernel σ = 1:
      // |∇²K| ≤ 1, masses ≤ 1): F is non-increasing.
      expect(g).toBeLessThanOrEqual(f);
      f = g;
    }
    // Measured F/F0 = 8.0e-3 at t = 20; the mean went from 1.5 to 0.287. The MMD flow of a
    // Gaussian kernel slows down once the cloud overlaps π (Arbel et al. 2019 discuss its
    // stalling): mean 0.107 at t = 100.
    expect(f).toBeLessThan(0.05 * f0);
    expect(Math.abs(meanVar(cloud.positions).mean)).toBeLessThan(0.35);
  });
});

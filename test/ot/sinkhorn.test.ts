import { afterEach, describe, expect, it } from "vitest";
import { Grid } from "../../src/grid/grid.js";
import { SinkhornSolver, entropicTransport } from "../../src/ot/sinkhorn.js";
import { SolverError } from "../../src/errors.js";
import { denseSinkhorn } from "./denseSinkhorn.js";
import { entropicTransportCost1d } from "./entropicGaussian.js";

function probability(grid: Grid, f: (x: Float64Array) => number): Float64Array {
  const r = grid.sample(f);
  let s = 0;
  for (const v of r) s += v;
  for (let i = 0; i < r.length; i++) r[i] /= s;
  return r;
}

function pair(grid: Grid): [Float64Array, Float64Array] {
  const d = grid.dim;
  const p = probability(grid, (x) =>
    Math.exp(-((x[0] - 0.3) ** 2) / 0.02 - (d > 1 ? (x[1] - 0.5) ** 2 / 0.05 : 0)),
  );
  const q = probability(
    grid,
    (x) =>
      Math.exp(-((x[0] - 0.7) ** 2) / 0.01) +
      0.5 * Math.exp(-((x[0] - 0.2) ** 2) / 0.01 - (d > 1 ? (x[1] - 0.2) ** 2 / 0.02 : 0)),
  );
  return [p, q];
}

afterEach(() => {
  delete process.env.MEASUREFLOW_NO_WASM;
});

describe("entropic OT on grids vs dense log-domain Sinkhorn", () => {
  // Both solvers run to a marginal error ≤ 1e-13; the separable stabilised kernel drops
  // entries < 1e-20 of each row maximum, so agreement to 1e-8 relative is a loose bound
  // (observed ~1e-13).
  // The last entry is the kernel that finishes a solve with kernel "auto": the separable
  // scaling-domain path while the scalings fit in double range, else the stabilised one.
  const cases: [string, number, number, number, "separable" | "stabilized"][] = [
    ["1D, ε = 2h²", 1, 40, 2, "separable"],
    ["1D, ε = h²/2 (log-domain regime)", 1, 40, 0.5, "stabilized"],
    ["2D, ε = 2h²", 2, 12, 2, "separable"],
    ["2D, ε = h²", 2, 12, 1, "separable"],
    ["2D, ε = 16h²", 2, 10, 16, "separable"],
    ["3D, ε = 2h²", 3, 6, 2, "separable"],
  ];
  for (const [name, dim, n, epsh2, finisher] of cases) {
    for (const kernel of ["auto", "stabilized"] as const) {
      it(`${name}, kernel ${kernel}`, () => {
        const grid = new Grid({
          n: new Array(dim).fill(n),
          lo: new Array(dim).fill(0),
          hi: new Array(dim).fill(1),
        });
        const [p, q] = pair(grid);
        const eps = epsh2 * grid.h[0] ** 2;
        const res = new SinkhornSolver(grid, eps).solve(p, q, { tol: 1e-13, kernel });
        expect(res.kernel).toBe(kernel === "auto" ? finisher : "stabilized");
        const ref = denseSinkhorn(grid, p, q, eps);
        expect(Math.abs(res.transportCost / ref.cost - 1)).toBeLessThan(1e-8);
        const ot = res.transportCost + res.entropyTerm;
        const otRef = ref.cost + ref.entropyTerm;
        expect(Math.abs(ot / otRef - 1)).toBeLessThan(1e-8);
        // Lebesgue-reference value = counting value − 2εM log|cell| (M = 1).
        expect(res.value).toBeCloseTo(ot - 2 * eps * Math.log(grid.cellVolume), 12);
        expect(res.marginalError).toBeLessThan(1e-13);
        for (let i = 0; i < grid.size; i++) {
          if (Number.isFinite(ref.f[i])) {
            // potentials agree up to the additive constant (f + c, g − c)
            const c = res.f[0] - ref.f[0];
            expect(Math.abs(res.f[i] - ref.f[i] - c)).toBeLessThan(1e-9);
          }
        }
      });
    }
  }

  it("handles zero-mass cells (compact supports)", () => {
    const grid = new Grid({ n: [16, 16], lo: [0, 0], hi: [1, 1] });
    const p = probability(grid, (x) => Math.max(0, 0.04 - (x[0] - 0.4) ** 2 - (x[1] - 0.4) ** 2));
    const q = probability(grid, (x) =>
      Math.abs(x[0] - 0.7) < 0.15 && Math.abs(x[1] - 0.6) < 0.2 ? 1 : 0,
    );
    const eps = 2 * grid.h[0] ** 2;
    const ref = denseSinkhorn(grid, p, q, eps);
    for (const kernel of ["separable", "stabilized"] as const) {
      const res = new SinkhornSolver(grid, eps).solve(p, q, { tol: 1e-13, kernel });
      expect(res.kernel).toBe(kernel);
      expect(Math.abs(res.transportCost / ref.cost - 1)).toBeLessThan(1e-8);
      expect(res.f.some((v) => v === -Infinity)).toBe(true);
    }
  });

  it('kernel "separable" refuses, and "auto" falls back, when the scalings leave double range', () => {
    const grid = new Grid({ n: [40], lo: [0], hi: [1] });
    const [p, q] = pair(grid);
    const eps = 0.5 * grid.h[0] ** 2;
    expect(() => new SinkhornSolver(grid, eps).solve(p, q, { kernel: "separable" })).toThrow(
      /double range/,
    );
    const auto = new SinkhornSolver(grid, eps).solve(p, q, { tol: 1e-11 });
    const stab = new SinkhornSolver(grid, eps).solve(p, q, { tol: 1e-11, kernel: "stabilized" });
    expect(auto.kernel).toBe("stabilized");
    // Same iteration (the hand-over keeps the potentials); the counts agree to one iteration.
    expect(Math.abs(auto.iterations - stab.iterations)).toBeLessThanOrEqual(1);
    expect(Math.abs(auto.transportCost / stab.transportCost - 1)).toBeLessThan(1e-9);
  });

  it("WebAssembly and JavaScript inner loops give the same result", () => {
    const grid = new Grid({ n: [24, 20], lo: [0, 0], hi: [1, 1] });
    const [p, q] = pair(grid);
    const eps = 1.5 * grid.h[0] ** 2;
    for (const kernel of ["separable", "stabilized"] as const) {
      delete process.env.MEASUREFLOW_NO_WASM;
      const a = new SinkhornSolver(grid, eps).solve(p, q, { tol: 1e-12, kernel });
      process.env.MEASUREFLOW_NO_WASM = "1";
      const b = new SinkhornSolver(grid, eps).solve(p, q, { tol: 1e-12, kernel });
      expect(b.iterations).toBe(a.iterations);
      expect(Math.abs(a.transportCost / b.transportCost - 1)).toBeLessThan(1e-13);
    }
  });

  it("over-relaxation converges to the same plan in fewer iterations", () => {
    const grid = new Grid({ n: [32, 32], lo: [0, 0], hi: [1, 1] });
    const [p, q] = pair(grid);
    const eps = 2 * grid.h[0] ** 2;
    const s = new SinkhornSolver(grid, eps);
    const plain = s.solve(p, q, { tol: 1e-11 });
    const fast = s.solve(p, q, { tol: 1e-11, omega: 1.7 });
    expect(fast.iterations).toBeLessThan(plain.iterations / 2);
    expect(Math.abs(fast.transportCost / plain.transportCost - 1)).toBeLessThan(1e-9);
    // ω = "auto" (Young's relation from the measured rate) also beats plain by 2×.
    const auto = s.solve(p, q, { tol: 1e-11, omega: "auto" });
    expect(auto.omega).toBeGreaterThan(1.3);
    expect(auto.iterations).toBeLessThan(plain.iterations / 2);
    expect(Math.abs(auto.transportCost / plain.transportCost - 1)).toBeLessThan(1e-9);
  });

  it("throws a SolverError when the iteration cap is reached, InputError on unequal masses", () => {
    const grid = new Grid({ n: [30], lo: [0], hi: [1] });
    const [p, q] = pair(grid);
    expect(() =>
      new SinkhornSolver(grid, 0.5 * grid.h[0] ** 2).solve(p, q, { maxIter: 3 }),
    ).toThrow(SolverError);
    const q2 = q.map((v) => 2 * v);
    expect(() => new SinkhornSolver(grid, 0.01).solve(p, q2)).toThrow(/equal positive masses/);
  });

  it("entropicTransport on densities: ⟨C,P⟩ of two translated Gaussians in closed form", () => {
    // Point samples of N(0, 1/4) and N(0.4, 1/4) on [−4, 4], h = 0.1 (the box holds ≥ 7σ:
    // truncation < 1e-12). Exact (entropicGaussian.ts): ⟨C,P⟩ = 0.4² + 2(s² − c),
    // c = √(s⁴ + ε²/16) − ε/4. Measured relative errors: 1.5e-8 at ε = 2h² (aliasing of the
    // plan's conditional Gaussian, variance ≈ ε/2 = h² on the lattice: ~e^{−2π²} ≈ 2.7e-9 per
    // term) and 7.1e-12 at ε = 4h² (aliasing e^{−4π²} ≈ 7e-18: the tolerance 1e-12 remains).
    // Bounds ≈ 2× those. (The former bracket [0.16, 0.16 + ε] was 12% wide; a kernel built
    // with ε(1 + 1e-4) moves ⟨C,P⟩ by ≈ 6e-6 relative and now fails.)
    const grid = new Grid({ n: [80], lo: [-4], hi: [4] });
    const norm = (r: Float64Array): Float64Array =>
      r.map((v) => v / (r.reduce((a, b) => a + b) * grid.h[0]));
    const rho = norm(grid.sample((x) => Math.exp(-2 * x[0] * x[0])));
    const shifted = norm(grid.sample((x) => Math.exp(-2 * (x[0] - 0.4) ** 2)));
    for (const [c, bound] of [
      [2, 3e-8],
      [4, 1.5e-11],
    ]) {
      const eps = c * grid.h[0] ** 2;
      const r = entropicTransport(grid, rho, shifted, eps, { tol: 1e-12 });
      const exact = entropicTransportCost1d(0.4, 0.25, 0.25, eps);
      expect(Math.abs(r.transportCost / exact - 1)).toBeLessThan(bound);
    }
  });
});

describe("periodic grids", () => {
  it("are refused by the Sinkhorn solver and the JKO step (Euclidean cost only)", async () => {
    const { EntropicJko } = await import("../../src/ot/entropicJko.js");
    const { Entropy } = await import("../../src/energy/entropy.js");
    const grid = new Grid({
      n: [16, 16],
      lo: [0, 0],
      hi: [1, 1],
      boundary: ["noflux", "periodic"],
    });
    expect(() => new SinkhornSolver(grid, 0.01)).toThrow(/grid.boundary.*periodic axes \(1\)/);
    expect(() => new EntropicJko(grid, new Entropy(grid), { tau: 0.01, eps: 0.01 })).toThrow(
      /grid.boundary/,
    );
  });
});

import { describe, expect, it } from "vitest";
import { Convolver, convolverFor } from "../../src/fft/convolver.js";
import { directConvolution } from "../../src/fft/direct.js";
import type { ConvolutionMode } from "../../src/fft/displacements.js";
import type { Kernel } from "../../src/fft/kernel.js";
import {
  GaussianKernel,
  InverseMultiquadricKernel,
  LaplaceKernel,
  PowerLawKernel,
} from "../../src/fft/kernels.js";
import { InputError } from "../../src/errors.js";
import { Grid } from "../../src/grid/grid.js";
import { relMaxError } from "./relMaxError.js";
import type { Boundary } from "../../src/grid/grid.js";

/** Seeded uniform generator (mulberry32), so failures are reproducible. */
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

/**
 * Independent O(N²) reference computed from the cell centres: K(x_i − x_j)·|cell|, with the
 * displacement on a periodic axis taken as the minimum image and, for kernels with a finite
 * range, summed over the images m ∈ [−M_a, M_a] per axis with M_a = ⌈range/L_a⌉ + 1 (every
 * image within the range, where the kernel exceeds 1e-20). The singular origin uses the
 * kernel's cell average.
 */
function reference(
  grid: Grid,
  kernel: Kernel,
  modes: ConvolutionMode[],
  rho: Float64Array,
): Float64Array {
  const d = grid.dim;
  const out = new Float64Array(grid.size);
  const ii = new Int32Array(d);
  const jj = new Int32Array(d);
  const L = grid.n.map((n, a) => n * grid.h[a]);
  const imgs = modes.map((m, a) =>
    m === "periodic" && Number.isFinite(kernel.range) ? Math.ceil(kernel.range / L[a]) + 1 : 0,
  );
  const origin = Number.isFinite(kernel.value(0)) ? kernel.value(0) : kernel.originAverage!(grid.h);
  const off = new Float64Array(d);
  for (let i = 0; i < grid.size; i++) {
    grid.unravel(i, ii);
    let s = 0;
    for (let j = 0; j < grid.size; j++) {
      grid.unravel(j, jj);
      for (let a = 0; a < d; a++) {
        let x = grid.center(a, ii[a]) - grid.center(a, jj[a]);
        if (modes[a] === "periodic") x -= L[a] * Math.round(x / L[a]);
        off[a] = x;
      }
      // Sum over the image lattice.
      const m0 = imgs[0];
      const m1 = d > 1 ? imgs[1] : 0;
      const m2 = d > 2 ? imgs[2] : 0;
      for (let p = -m0; p <= m0; p++)
        for (let q = -m1; q <= m1; q++)
          for (let r = -m2; r <= m2; r++) {
            const y0 = off[0] + p * L[0];
            const y1 = d > 1 ? off[1] + q * L[1] : 0;
            const y2 = d > 2 ? off[2] + r * L[2] : 0;
            const r2 = y0 * y0 + y1 * y1 + y2 * y2;
            // Centres coincide only for i = j (rounding can leave ~1e-17 otherwise: use indices).
            s += (i === j && p === 0 && q === 0 && r === 0 ? origin : kernel.value(r2)) * rho[j];
          }
    }
    out[i] = s * grid.cellVolume;
  }
  return out;
}

const cases: { n: number[]; boundary: Boundary | Boundary[] }[] = [
  { n: [7], boundary: "noflux" },
  { n: [8], boundary: "noflux" },
  { n: [8], boundary: "periodic" },
  { n: [9], boundary: "periodic" },
  { n: [2], boundary: "periodic" },
  { n: [5, 6], boundary: "noflux" },
  { n: [8, 4], boundary: "periodic" },
  { n: [5, 6], boundary: "periodic" },
  { n: [6, 7], boundary: ["periodic", "noflux"] },
  { n: [3, 4, 5], boundary: "noflux" },
  { n: [4, 4, 2], boundary: "periodic" },
  { n: [3, 4, 5], boundary: "periodic" },
  { n: [4, 5, 3], boundary: ["noflux", "periodic", "periodic"] },
];

describe("Convolver vs the direct O(N²) sum", () => {
  // FFT round-off is O(ε log N) relative to max|result|; 1e-12 (the acceptance figure) leaves
  // three to four orders of margin.
  const tol = 1e-12;
  for (const { n, boundary } of cases) {
    const d = n.length;
    const kernels: Kernel[] = [
      new GaussianKernel(0.35),
      new LaplaceKernel(0.15),
      new InverseMultiquadricKernel(0.5),
      new PowerLawKernel(4, 2, d),
      new PowerLawKernel(2, d === 1 ? -0.5 : 0, d),
    ];
    for (const kernel of kernels) {
      it(`${n.join("×")} ${String(boundary)} ${kernel.name}`, () => {
        const grid = new Grid({
          n,
          lo: n.map(() => -1),
          hi: n.map((_, a) => 1.3 + 0.2 * a),
          boundary,
        });
        const rand = rng(17 + n.reduce((s, v) => 7 * s + v, 0));
        const rho = grid.sample(() => rand());
        const conv = new Convolver(grid, kernel);
        const fast = new Float64Array(grid.size);
        conv.apply(rho, fast);
        const direct = new Float64Array(grid.size);
        directConvolution(grid, kernel, rho, direct);
        const ref = reference(grid, kernel, [...conv.modes], rho);
        expect(relMaxError(fast, direct)).toBeLessThan(tol);
        expect(relMaxError(fast, ref)).toBeLessThan(tol);
      });
    }
  }

  it("forced linear mode on a periodic grid and periodic mode on a no-flux grid", () => {
    const kernel = new GaussianKernel(0.4);
    for (const [boundary, mode] of [
      ["periodic", "linear"],
      ["noflux", "periodic"],
    ] as const) {
      const grid = new Grid({ n: [6, 5], lo: [0, 0], hi: [2, 1.5], boundary });
      const rand = rng(3);
      const rho = grid.sample(() => rand());
      const fast = grid.zeros();
      new Convolver(grid, kernel, { mode }).apply(rho, fast);
      const ref = reference(grid, kernel, [mode, mode], rho);
      expect(relMaxError(fast, ref)).toBeLessThan(1e-12);
    }
  });

  it("larger sizes: 1D n = 300 and 2D 40×33 against the direct sum", () => {
    for (const n of [[300], [40, 33]]) {
      for (const boundary of ["noflux", "periodic"] as const) {
        const grid = new Grid({ n, lo: n.map(() => -2), hi: n.map(() => 2), boundary });
        const kernel = new PowerLawKernel(4, 2, grid.dim);
        const rand = rng(11);
        const rho = grid.sample(() => rand());
        const fast = grid.zeros();
        const direct = grid.zeros();
        convolverFor(grid, kernel).apply(rho, fast);
        directConvolution(grid, kernel, rho, direct);
        expect(relMaxError(fast, direct)).toBeLessThan(1e-12);
      }
    }
  });

  it("output may alias the input, and repeated calls give identical results", () => {
    const grid = new Grid({ n: [12, 10], lo: [0, 0], hi: [1, 1] });
    const conv = new Convolver(grid, new LaplaceKernel(0.2));
    const rand = rng(5);
    const rho = grid.sample(() => rand());
    const a = grid.zeros();
    conv.apply(rho, a);
    const b = grid.zeros();
    conv.apply(rho, b);
    expect(Array.from(b)).toEqual(Array.from(a));
    const c = Float64Array.from(rho);
    conv.apply(c, c);
    expect(Array.from(c)).toEqual(Array.from(a));
  });
});

describe("periodic Gaussian convolution vs its Fourier series", () => {
  /**
   * On a periodic grid with spacing h, ρ_j = cos(2πk·x_j/L) is an eigenvector of the
   * periodised Gaussian convolution with eigenvalue (Poisson summation)
   *   λ_k = h Σ_{j∈ℤ} e^{−(jh)²/(2σ²)} e^{2πi k j h/L} = √(2π)σ Σ_{p∈ℤ} e^{−2π²σ²(k/L + p/h)²},
   * the p ≠ 0 terms being the grid aliases. Tensor products in 2D.
   */
  const lambda = (k: number, L: number, h: number, sigma: number): number => {
    let s = 0;
    for (let p = -3; p <= 3; p++)
      s += Math.exp(-2 * Math.PI ** 2 * sigma ** 2 * (k / L + p / h) ** 2);
    return Math.sqrt(2 * Math.PI) * sigma * s;
  };

  for (const n of [64, 48, 15]) {
    it(`1D n = ${n}`, () => {
      const L = 3;
      const sigma = 0.21;
      const grid = new Grid({ n: [n], lo: [0.4], hi: [0.4 + L], boundary: "periodic" });
      const h = L / n;
      const rho = grid.zeros();
      const exact = grid.zeros();
      const x = grid.centers(0);
      const modes = [0, 1, 3, Math.floor(n / 2) - 1];
      for (const k of modes) {
        for (let i = 0; i < n; i++) {
          const c = Math.cos((2 * Math.PI * k * x[i]) / L + 0.3 * k);
          rho[i] += c;
          exact[i] += lambda(k, L, h, sigma) * c;
        }
      }
      const out = grid.zeros();
      new Convolver(grid, new GaussianKernel(sigma)).apply(rho, out);
      expect(relMaxError(out, exact)).toBeLessThan(1e-12);
    });
  }

  it("2D 32×24, anisotropic cells", () => {
    const L = [2, 1.5];
    const sigma = 0.13;
    const grid = new Grid({ n: [32, 24], lo: [0, -0.5], hi: [2, 1], boundary: "periodic" });
    const k = [3, 2];
    const rho = grid.sample(
      (x) =>
        Math.cos((2 * Math.PI * k[0] * x[0]) / L[0]) * Math.sin((2 * Math.PI * k[1] * x[1]) / L[1]),
    );
    const lam = lambda(k[0], L[0], grid.h[0], sigma) * lambda(k[1], L[1], grid.h[1], sigma);
    const exact = rho.map((v) => lam * v);
    const out = grid.zeros();
    new Convolver(grid, new GaussianKernel(sigma)).apply(rho, out);
    expect(relMaxError(out, exact)).toBeLessThan(1e-12);
  });
});

describe("convolver bookkeeping and input checks", () => {
  it("convolverFor shares one convolver per (grid, kernel, mode)", () => {
    const grid = new Grid({ n: [8, 8], lo: [0, 0], hi: [1, 1] });
    const k = new GaussianKernel(0.1);
    expect(convolverFor(grid, k)).toBe(convolverFor(grid, k));
    expect(convolverFor(grid, k, { mode: "periodic" })).not.toBe(convolverFor(grid, k));
  });

  it("padding: linear → nextPow2(2n − 1); periodic power of two → n", () => {
    const grid = new Grid({ n: [16, 12, 5], lo: [0, 0, 0], hi: [1, 1, 1], boundary: "periodic" });
    expect(new Convolver(grid, new GaussianKernel(0.1)).padded).toEqual([16, 32, 16]);
    expect(new Convolver(grid, new GaussianKernel(0.1), { mode: "linear" }).padded).toEqual([
      32, 32, 16,
    ]);
  });

  it("rejects a mismatched field and a bad mode with InputError", () => {
    const grid = new Grid({ n: [8], lo: [0], hi: [1] });
    const conv = new Convolver(grid, new GaussianKernel(0.1));
    expect(() => conv.apply(new Float64Array(7), new Float64Array(8))).toThrow(InputError);
    expect(
      () => new Convolver(grid, new GaussianKernel(0.1), { mode: ["linear", "linear"] }),
    ).toThrow(InputError);
    expect(
      () => new Convolver(grid, new GaussianKernel(0.1), { mode: "wrap" as unknown as "linear" }),
    ).toThrow(/convolution.mode/);
  });
});

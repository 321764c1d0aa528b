import { describe, expect, it } from "vitest";
import { FDivergence } from "../../src/energy/fDivergence.js";
import { fFunction, type FKind } from "../../src/energy/fFunctions.js";
import { InclusiveKl } from "../../src/energy/inclusiveKl.js";
import { RelativeEntropy } from "../../src/energy/kl.js";
import { EnergySum } from "../../src/energy/sum.js";
import { InputError } from "../../src/errors.js";
import { Grid } from "../../src/grid/grid.js";

const CASES: [FKind, number | undefined][] = [
  ["kl", undefined],
  ["reverse-kl", undefined],
  ["chi2", undefined],
  ["hellinger", undefined],
  ["js", undefined],
  ["alpha", 3],
  ["alpha", 0.5],
  ["alpha", -0.5],
  ["p-relative", 1.5],
  ["p-relative", 0],
];

const grid = new Grid({ n: [12, 10], lo: [-2, -1], hi: [2, 1.5] });
const cell = grid.cellVolume;

/** Deterministic pseudo-random numbers in (0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}

const rnd = lcg(7);
// ρ/π spans about [0.1, 6]: both sides of r = 1, far enough from 0 for the algebraic f.
const pi = Float64Array.from({ length: grid.size }, () => 0.05 + rnd());
const rho = Float64Array.from(pi, (p) => p * (0.1 + 6 * rnd()));
const eta = Float64Array.from({ length: grid.size }, () => rnd() - 0.5);

describe("FDivergence energy", () => {
  for (const [kind, param] of CASES) {
    const f = fFunction(kind, param);
    const E = new FDivergence(grid, f, pi);

    it(`${f.name}: first variation = finite-difference derivative of the value (rel. 1e-6)`, () => {
      const xi = new Float64Array(grid.size);
      E.firstVariation(rho, xi);
      let exact = 0;
      for (let i = 0; i < xi.length; i++) exact += xi[i] * eta[i] * cell;
      // d/dε F(ρ + εη) at 0 by central differences at ε and ε/2, Richardson-combined
      // (truncation O(ε⁴)); ε = 1e-3 keeps ρ + εη > 0. Only `value` is used here.
      const Fat = (e: number): number => E.value(rho.map((r, i) => r + e * eta[i]));
      const eps = 1e-3;
      const d1 = (Fat(eps) - Fat(-eps)) / (2 * eps);
      const d2 = (Fat(eps / 2) - Fat(-eps / 2)) / eps;
      const fd = (4 * d2 - d1) / 3;
      expect(Math.abs(fd - exact) / Math.abs(exact)).toBeLessThan(1e-6);
    });

    it(`${f.name}: split ξ = ν log ρ + ψ and the diffusivity`, () => {
      const xi = new Float64Array(grid.size);
      const psi = new Float64Array(grid.size);
      E.firstVariation(rho, xi);
      E.smoothVariation(rho, psi);
      for (let i = 0; i < xi.length; i++) {
        expect(E.entropyWeight * Math.log(rho[i]) + psi[i]).toBeCloseTo(xi[i], 12);
      }
      let dmax = 0;
      for (let i = 0; i < rho.length; i++) {
        const r = rho[i] / pi[i];
        dmax = Math.max(dmax, r * f.d2f(r) - f.logWeight);
      }
      if (f.extraDiffusion) expect(E.diffusivity!(rho)).toBeCloseTo(dmax, 12);
      else expect(E.diffusivity).toBeUndefined();
    });
  }

  it("values agree with independent formulas: χ², Hellinger, KL, reverse KL, JS", () => {
    const val = (k: FKind): number => new FDivergence(grid, fFunction(k), pi).value(rho);
    let chi2 = 0;
    let hel = 0;
    for (let i = 0; i < rho.length; i++) {
      chi2 += ((rho[i] - pi[i]) ** 2 / pi[i]) * cell;
      hel += (Math.sqrt(rho[i]) - Math.sqrt(pi[i])) ** 2 * cell;
    }
    // Sums of the same positive terms in another form: rounding only.
    expect(val("chi2")).toBeCloseTo(chi2, 12);
    expect(val("hellinger")).toBeCloseTo(hel, 12);
    const minusLog = (a: Float64Array): Float64Array => a.map((v) => -Math.log(v));
    const kl = new RelativeEntropy(grid, minusLog(pi), 0);
    expect(val("kl")).toBeCloseTo(kl.value(rho), 12);
    expect(val("reverse-kl")).toBeCloseTo(new InclusiveKl(grid, pi).value(rho), 12);
    // JS = KL(ρ‖m) + KL(π‖m), m = (ρ + π)/2, with the project's KL on 𝓜₊.
    const m = rho.map((r, i) => (r + pi[i]) / 2);
    const klm = new RelativeEntropy(grid, minusLog(m), 0);
    expect(val("js")).toBeCloseTo(klm.value(rho) + klm.value(pi), 12);
    // First variations of the KL pair too.
    const a = new Float64Array(grid.size);
    const b = new Float64Array(grid.size);
    new FDivergence(grid, fFunction("reverse-kl"), pi).firstVariation(rho, a);
    new InclusiveKl(grid, pi).firstVariation(rho, b);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 12);
  });

  it("on 𝓜₊: D_f ≥ 0, = 0 at ρ = π, and ρ = cπ (c ≠ 1) costs ∫π·f(c)", () => {
    for (const [kind, param] of CASES) {
      const f = fFunction(kind, param);
      const E = new FDivergence(grid, f, pi);
      expect(E.value(rho)).toBeGreaterThan(0);
      expect(Math.abs(E.value(pi))).toBeLessThan(1e-15);
      let mass = 0;
      for (const p of pi) mass += p * cell;
      expect(E.value(pi.map((p) => 2 * p))).toBeCloseTo(mass * f.f(2), 12);
    }
  });

  it("vacuum: finite ψ for log / finite f, an InputError naming rho for the algebraic ones", () => {
    const withHole = Float64Array.from(rho);
    withHole[5] = 0;
    const psi = new Float64Array(grid.size);
    for (const [kind, param] of CASES) {
      const f = fFunction(kind, param);
      const E = new FDivergence(grid, f, pi);
      if (f.vacuum === "algebraic") {
        expect(() => E.smoothVariation(withHole, psi)).toThrow(InputError);
        expect(() => E.smoothVariation(withHole, psi)).toThrow(/rho: is 0 at cell 5/);
      } else {
        E.smoothVariation(withHole, psi);
        expect(psi.every(Number.isFinite)).toBe(true);
        expect(Number.isFinite(E.value(withHole))).toBe(true);
      }
    }
    // f(0) = ∞ (reverse KL, p ≤ 0): D_f = +∞ with an empty cell.
    expect(new FDivergence(grid, fFunction("reverse-kl"), pi).value(withHole)).toBe(Infinity);
  });

  it("refuses a target with an empty cell; sums carry the weighted diffusivity", () => {
    const bad = Float64Array.from(pi);
    bad[3] = 0;
    expect(() => new FDivergence(grid, fFunction("chi2"), bad)).toThrow(/target: .*cell 3/);
    const c = new FDivergence(grid, fFunction("chi2"), pi);
    const sum = new EnergySum([[0.5, c], new FDivergence(grid, fFunction("kl"), pi)]);
    expect(sum.diffusivity!(rho)).toBeCloseTo(0.5 * c.diffusivity!(rho), 12);
    expect(new EnergySum([new FDivergence(grid, fFunction("kl"), pi)]).diffusivity).toBeUndefined();
  });
});

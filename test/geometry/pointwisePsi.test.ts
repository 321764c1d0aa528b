import { describe, expect, it } from "vitest";
import type { Energy } from "../../src/energy/energy.js";
import { GeneralizedEntropy } from "../../src/energy/generalizedEntropy.js";
import { Potential } from "../../src/energy/potential.js";
import { energySum } from "../../src/energy/sum.js";
import { PointwisePsi } from "../../src/geometry/pointwisePsi.js";
import { WassersteinGeometry } from "../../src/geometry/wasserstein.js";
import { Grid } from "../../src/grid/grid.js";
import { mulberry32 } from "./helpers.js";

/**
 * ψ evaluated from the energy's pointwise form on the compact sweep's active region only
 * (pointwisePsi.ts) against the energy's own smoothVariation on the whole grid.
 *
 * Reference geometry: the same energy behind a wrapper without `pointwise()`, so that
 * WassersteinGeometry calls smoothVariation on every cell (the path before pointwisePsi.ts).
 * The wrapper also hides the power terms from the stability bound, so only dρ/dt is compared
 * (the stability rate's ψ-dependent part, the outflow, is made of the same fluxes).
 *
 * - One power term (m = 2 with V, m = 3, m = 2.5, with and without V), weights 1: the same
 *   floating-point operations, so bit for bit (Object.is on every entry).
 * - Weighted sums of several terms: κ = (w·c)·m/(m−1) is rounded once where EnergySum
 *   rounds w·(c·m/(m−1)·ρ^{m−1}), and the sum is taken in another order. Each of the ≤ 6
 *   roundings per term is ≤ ε/2 relative, so |Δψ_i| ≤ δ = 4ε·(|V_i| + Σ_k |κ_k ρ_i^{m_k−1}|)
 *   (bound on ψ, checked directly). A face flux is G = (Δξ/h²)·ρ_face with face value
 *   0 ≤ ρ_face ≤ 2 max ρ (θ ≤ 2); an error 2δ in Δξ changes G by ≤ (2δ/h²)·2 max ρ, and a
 *   flipped upwind choice (|Δξ| ≤ 2δ) by no more; 4 faces per cell: |Δ dρ/dt| ≤ 16 δ max ρ/h².
 */

const EPS = Number.EPSILON;

function hidePointwise(e: Energy): Energy {
  return {
    name: e.name,
    grid: e.grid,
    entropyWeight: e.entropyWeight,
    value: (r) => e.value(r),
    firstVariation: (r, o) => e.firstVariation(r, o),
    smoothVariation: (r, o) => e.smoothVariation(r, o),
  };
}

/**
 * Random densities with vacuum: one or two rectangles of random values (with empty cells
 * inside) at random places, touching the walls or not, so the active column ranges of
 * neighbouring rows differ and the hull of two rows covers cells outside both supports.
 */
function randomDensity(grid: Grid, rand: () => number): Float64Array {
  const [n0, n1] = grid.n;
  const rho = new Float64Array(grid.size);
  const blocks = 1 + Math.floor(2 * rand());
  for (let b = 0; b < blocks; b++) {
    const i0 = Math.floor(rand() * n0);
    const j0 = Math.floor(rand() * n1);
    const i1 = Math.min(n0 - 1, i0 + Math.floor(rand() * 8));
    const j1 = Math.min(n1 - 1, j0 + Math.floor(rand() * 8));
    for (let i = i0; i <= i1; i++) {
      for (let j = j0; j <= j1; j++) rho[i * n1 + j] = rand() < 0.15 ? 0 : 0.05 + rand();
    }
  }
  return rho;
}

const grid = new Grid({ n: [17, 13], lo: [-1, -1.3], hi: [1, 1.3] });
const V = grid.sample((x) => 0.7 * x[0] * x[0] - 0.4 * x[1] + 0.3 * Math.sin(3 * x[0] * x[1]));

const exact: [string, () => Energy][] = [
  ["m = 3", () => new GeneralizedEntropy(grid, 3)],
  ["m = 2.5", () => new GeneralizedEntropy(grid, 2.5)],
  ["m = 3 + V", () => energySum(new GeneralizedEntropy(grid, 3), new Potential(grid, V))],
  ["V + m = 2", () => energySum(new Potential(grid, V), new GeneralizedEntropy(grid, 2))],
  ["m = 1.5 + V", () => energySum(new GeneralizedEntropy(grid, 1.5), new Potential(grid, V))],
];

const weighted: [string, () => Energy][] = [
  [
    "0.7·(m = 3) + 1.3·(m = 2) + 0.3·V",
    () =>
      energySum(
        [0.7, new GeneralizedEntropy(grid, 3)],
        [1.3, new GeneralizedEntropy(grid, 2)],
        [0.3, new Potential(grid, V)],
      ),
  ],
  [
    "0.3·(m = 2.5) + 1.7·(m = 3)",
    () =>
      energySum([0.3, new GeneralizedEntropy(grid, 2.5)], [1.7, new GeneralizedEntropy(grid, 3)]),
  ],
];

/** δ_i = 4ε(|V_i| + Σ_k |κ_k ρ_i^{m_k−1}|) from the energy's pointwise terms. */
function psiBound(e: Energy, rho: Float64Array): Float64Array {
  const t = e.pointwise!();
  return rho.map((r, i) => {
    let s = t.potential ? Math.abs(t.potential[i]) : 0;
    for (const q of t.powers) s += Math.abs(q.coef * (q.m / (q.m - 1)) * r ** (q.m - 1));
    return 4 * EPS * s;
  });
}

/** dρ/dt of a sequence of densities through one geometry (the ψ buffer is reused). */
function rates(e: Energy, densities: Float64Array[]): Float64Array[] {
  const geo = new WassersteinGeometry(e, { flux: "fv2" });
  return densities.map((rho) => {
    const out = new Float64Array(grid.size).fill(7);
    geo.rate(rho, out);
    return out;
  });
}

function densities(seed: number): Float64Array[] {
  const rand = mulberry32(seed);
  return Array.from({ length: 40 }, () => randomDensity(grid, rand));
}

describe("ψ from the pointwise form on the active region (pointwisePsi.ts)", () => {
  for (const [label, make] of exact) {
    it(`${label}: ψ and dρ/dt equal the whole-grid smoothVariation path bit for bit`, () => {
      const e = make();
      const list = densities(1234);
      const psi = new PointwiseMarks(e);
      for (const rho of list) psi.expectSameAsEnergy(rho);
      const got = rates(e, list);
      const ref = rates(hidePointwise(e), list);
      for (let k = 0; k < list.length; k++) {
        for (let i = 0; i < grid.size; i++) expect(Object.is(got[k][i], ref[k][i])).toBe(true);
      }
    });
  }

  for (const [label, make] of weighted) {
    it(`${label}: ψ and dρ/dt within rounding of the whole-grid path`, () => {
      const e = make();
      const list = densities(99);
      const pp = new PointwiseMarks(e);
      const h = Math.min(...grid.h);
      const got = rates(e, list);
      const ref = rates(hidePointwise(e), list);
      for (let k = 0; k < list.length; k++) {
        const rho = list[k];
        pp.expectWithin(rho);
        const delta = Math.max(...psiBound(e, rho));
        const rhoMax = Math.max(...rho);
        const tol = (16 * delta * rhoMax) / (h * h);
        for (let i = 0; i < grid.size; i++) {
          expect(Math.abs(got[k][i] - ref[k][i])).toBeLessThanOrEqual(tol);
        }
      }
    });
  }

  it("never reads a ψ left over from an earlier density (a NaN there would propagate)", () => {
    // The north faces of row 4 read ψ in row 5 on row 4's active columns, which here lie
    // outside row 5's own active range: ψ must be evaluated on the hull of both rows. A NaN
    // cell of an earlier density leaves ψ = NaN in the buffer at (5, 2); read again, it would
    // make the flux NaN·0 = NaN instead of 0.
    const e = new GeneralizedEntropy(grid, 3);
    const geo = new WassersteinGeometry(e, { flux: "fv2" });
    const n1 = grid.n[1];
    const first = new Float64Array(grid.size);
    first[5 * n1 + 2] = NaN;
    const out = new Float64Array(grid.size);
    expect(geo.rate(first, out)).toBeNaN();
    const second = new Float64Array(grid.size);
    for (let j = 2; j <= 8; j++) second[3 * n1 + j] = 0.5 + 0.05 * j;
    const dt = geo.rate(second, out);
    const ref = new Float64Array(grid.size);
    const dtRef = new WassersteinGeometry(e, { flux: "fv2" }).rate(second, ref);
    expect(dt).toBe(dtRef);
    for (let i = 0; i < grid.size; i++) expect(Object.is(out[i], ref[i])).toBe(true);
  });

  it("a sum with a zero-weight term without pointwise form takes the whole-grid path", () => {
    // localStructure ignores zero-weight terms, EnergySum.pointwise() does not (it throws).
    const opaque = hidePointwise(new Potential(grid, V));
    const e = energySum(new GeneralizedEntropy(grid, 3), [0, opaque]);
    const list = densities(7).slice(0, 5);
    const got = rates(e, list);
    const ref = rates(new GeneralizedEntropy(grid, 3), list);
    for (let k = 0; k < list.length; k++) {
      for (let i = 0; i < grid.size; i++) expect(Object.is(got[k][i], ref[k][i])).toBe(true);
    }
  });

  it("refuses an energy with entropy (ν > 0 needs log ρ, not evaluated here)", () => {
    expect(() => new PointwisePsi({ entropy: 1, potential: null, powers: [] })).toThrow(/ν = 0/);
  });
});

/** PointwisePsi.fill on the whole grid against the energy's smoothVariation. */
class PointwiseMarks {
  private readonly pp: PointwisePsi;
  constructor(private readonly e: Energy) {
    this.pp = new PointwisePsi(e.pointwise!());
  }

  private both(rho: Float64Array): { got: Float64Array; ref: Float64Array } {
    const got = new Float64Array(grid.size);
    const ref = new Float64Array(grid.size);
    this.pp.fill(rho, got, 0, grid.size);
    this.e.smoothVariation(rho, ref);
    return { got, ref };
  }

  expectSameAsEnergy(rho: Float64Array): void {
    const { got, ref } = this.both(rho);
    for (let i = 0; i < grid.size; i++) expect(Object.is(got[i], ref[i])).toBe(true);
  }

  expectWithin(rho: Float64Array): void {
    const { got, ref } = this.both(rho);
    const delta = psiBound(this.e, rho);
    for (let i = 0; i < grid.size; i++) {
      expect(Math.abs(got[i] - ref[i])).toBeLessThanOrEqual(delta[i]);
    }
  }
}

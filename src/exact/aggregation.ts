/**
 * Exact facts of the aggregation equation ∂ρ/∂t = div(ρ∇W*ρ) + νΔρ with
 * W(x) = |x|⁴/4 − |x|²/2 (docs/exact-solutions.md §G): minimisers of ½∫∫W(x−y)dρdρ sit on
 * a sphere of radius √(d/(2(d+1))) (1D: two Diracs at distance 1; 2D: ring of radius 1/√3);
 * with diffusion ν the symmetric steady states are ρ∞ ∝ exp(−(|x|⁴/4 + c|x|²)/ν),
 * c = (1/d + 1/2)m₂ − 1/2, m₂ self-consistent.
 */
import { gaussLegendre } from "../grid/gaussLegendre.js";

/** Radius of the minimising sphere, √(d/(2(d+1))): 1D ½ (cluster distance 1), 2D 1/√3. */
export function aggregationRadius(d: number): number {
  return Math.sqrt(d / (2 * (d + 1)));
}

/** Minimum of the interaction energy for unit mass, −d/(8(d+1)). */
export function aggregationMinEnergy(d: number): number {
  return -d / (8 * (d + 1));
}

export interface AggregationSteadyState {
  d: number;
  nu: number;
  /** Self-consistent second moment ∫|x|²ρ∞ (unit mass). */
  m2: number;
  /** c = (1/d + 1/2)m₂ − 1/2. */
  c: number;
  /** ρ∞ at a point (unit mass on ℝ^d). */
  density(x: ArrayLike<number>): number;
}

/** Surface area of the unit sphere S^{d−1} (d = 1: the two points ±1). */
function sphereArea(d: number): number {
  return d === 1 ? 2 : d === 2 ? 2 * Math.PI : 4 * Math.PI;
}

/**
 * The self-consistent stationary state of ∂ρ/∂t = div(ρ∇W*ρ) + νΔρ for unit mass in the
 * symmetric class (EXACT.md §G): ρ∞(x) = Z⁻¹exp(−(|x|⁴/4 + c|x|²)/ν). The map
 * m₂ ↦ ∫|x|²ρ_{c(m₂)} is decreasing, so m₂ is the unique root of g(m₂) − m₂ on [0, g(0)],
 * found by bisection; the radial integrals ∫_0^∞ r^{k}e^{−φ(r)/ν}dr use composite
 * 16-point Gauss–Legendre on [0, r_max] with φ(r_max) − min φ ≥ 80ν (tails below e^{−80}).
 */
export function aggregationSteadyState(d: number, nu: number): AggregationSteadyState {
  if (!(nu > 0)) throw new RangeError(`nu must be > 0, got ${nu}`);
  const { nodes, weights } = gaussLegendre(16);
  const moments = (c: number): { z: number; m2: number; shift: number } => {
    const phi = (r: number): number => r ** 4 / 4 + c * r * r;
    const shift = c < 0 ? -c * c : 0; // min φ
    let rmax = 1;
    while (phi(rmax) - shift < 80 * nu) rmax *= 1.25;
    const panels = 400;
    const w = rmax / panels;
    let z = 0;
    let m = 0;
    for (let p = 0; p < panels; p++) {
      for (let q = 0; q < nodes.length; q++) {
        const r = (p + 0.5 * (1 + nodes[q])) * w;
        const e = 0.5 * w * weights[q] * Math.exp(-(phi(r) - shift) / nu) * r ** (d - 1);
        z += e;
        m += e * r * r;
      }
    }
    return { z: z * sphereArea(d), m2: m / z, shift };
  };
  const cOf = (m2: number): number => (1 / d + 0.5) * m2 - 0.5;
  let lo = 0;
  let hi = moments(cOf(0)).m2;
  for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (moments(cOf(mid)).m2 > mid) lo = mid;
    else hi = mid;
  }
  const m2 = 0.5 * (lo + hi);
  const c = cOf(m2);
  const { z, shift } = moments(c);
  return {
    d,
    nu,
    m2,
    c,
    density(x: ArrayLike<number>): number {
      let r2 = 0;
      for (let a = 0; a < d; a++) r2 += x[a] * x[a];
      return Math.exp(-((r2 * r2) / 4 + c * r2 - shift) / nu) / z;
    },
  };
}

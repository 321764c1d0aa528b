import { gaussLegendre } from "../../src/grid/gaussLegendre.js";

/**
 * Test helper, independent of the closed forms under test: ∫_{ℝ^d} f(|x|)dx for a radial f
 * supported in |x| ≤ R that may behave like (R − r)^q (q > 0) at the edge:
 * S_d ∫_0^R r^{d−1} f(r) dr with r = R(1 − s⁸) (the edge singularity becomes s^{8(q+1)−1})
 * and composite 20-point Gauss–Legendre in s on 16 panels.
 */
export function radialIntegral(d: number, R: number, f: (r: number) => number): number {
  const S = d === 1 ? 2 : d === 2 ? 2 * Math.PI : 4 * Math.PI;
  const { nodes, weights } = gaussLegendre(20);
  const panels = 16;
  let sum = 0;
  for (let p = 0; p < panels; p++)
    for (let k = 0; k < nodes.length; k++) {
      const s = (p + 0.5 * (nodes[k] + 1)) / panels;
      const s7 = s ** 7;
      const r = R * (1 - s7 * s);
      const dr = 8 * R * s7;
      sum += (0.5 / panels) * weights[k] * dr * r ** (d - 1) * f(r);
    }
  return S * sum;
}

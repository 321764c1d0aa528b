import { describe, expect, it } from "vitest";
import { RadialPowerIntegrator } from "../../src/exact/radialPowerIntegral.js";

// [p, s0, s1, ∫_{s0}^{s1}(1 − s²)^p ds]: mpmath 1.3 (30 digits), rounded to the nearest double.
const COS_POWER: [number, number, number, number][] = [
  [0.3333333333333333, 0.2, 0.9, 0.5987678096203486],
  [0.25, -0.3, 0.71, 0.9735008190884881],
  [0.5, 0.7, 0.99999, 0.14774939027887707],
  [1.5, -1, -0.5, 0.1491294368843508],
  [0.7, 0.2, 0.9, 0.5140864762801478],
  [1, -0.3, 0.71, 0.8816963333333333],
  [2.5, 0.1, 1, 0.3917034399253752],
];

describe("RadialPowerIntegrator", () => {
  it("chord integrals ∫(1 − s²)^p ds match high-precision values (odd, even and general 2p+1)", () => {
    for (const [p, s0, s1, ref] of COS_POWER) {
      const I = new RadialPowerIntegrator(p);
      expect(Math.abs(I.cosPower(s0, s1) / ref - 1)).toBeLessThan(2e-15);
    }
  });

  it("chord(c, a, b) clips to the support and scales as c^{p+½}", () => {
    const I = new RadialPowerIntegrator(0.5);
    // ∫_{−r}^{r} √(r² − x²) dx = πr²/2.
    expect(I.chord(4, -10, 10)).toBeCloseTo(2 * Math.PI, 14);
    expect(I.chord(4, 2, 3)).toBe(0);
    expect(I.chord(-1, -1, 1)).toBe(0);
  });

  it("box integrals over the whole ball give π^{d/2}Γ(p+1)/Γ(p+1+d/2) r^{2p+d}", () => {
    // d = 2, p = 1: ∫(r² − |x|²)₊ = πr⁴/2; d = 3, p = ½: π²r⁴/4.
    const I1 = new RadialPowerIntegrator(1);
    expect(Math.abs(I1.box(2, [-3, -3], [3, 3]) / (Math.PI * 2) - 1)).toBeLessThan(1e-14);
    const Ih = new RadialPowerIntegrator(0.5);
    expect(Math.abs(Ih.box(1, [-1, -1.2, -2], [1.5, 1, 1]) / (Math.PI ** 2 / 4) - 1)).toBeLessThan(
      1e-12,
    );
  });
});

import { z } from "zod";
import { InputError } from "../../errors.js";
import { shiftTime } from "../../exact/exactSolution.js";
import { vector } from "../fields.js";
import { barenblattFields, CenteredBarenblatt } from "../initial/barenblatt.js";
import { joinPath } from "../jsonPath.js";
import { type ExactEntryWithFacts, withFacts } from "./facts.js";

interface BarenblattExactParams {
  m?: number;
  t0?: number;
  mass?: number;
  center?: number[];
}

/**
 * Barenblatt solution of ∂ρ/∂t = Δ(ρ^m) (docs/exact-solutions.md) started at its time t0: run time t is
 * Barenblatt time t0 + t (shiftTime), compared through exact cell averages. m, t0, mass and
 * centre default to those of the spec's initial data when it is a barenblatt. Facts: the
 * support radius R(t0 + t), the second moment M d(m−1)/(d(m−1)+2m)·R² about the centre, and
 * the energy (1/(m−1))∫ρ^m.
 */
export const barenblattExact: ExactEntryWithFacts<BarenblattExactParams> = {
  kind: "barenblatt",
  doc: "Barenblatt solution of ∂ρ/∂t = Δ(ρ^m) at Barenblatt time t0 + t (defaults: the spec's barenblatt initial)",
  params: z.strictObject({
    m: barenblattFields.m.optional().describe("exponent m > 1 (default: the initial's)"),
    t0: barenblattFields.t0
      .optional()
      .describe("Barenblatt time at run time 0 (default: the initial's)"),
    mass: z.number().gt(0).optional().describe("mass (default: the initial's, else 1)"),
    center: vector().optional().describe("centre (default: the initial's, else the origin)"),
  }),
  facts: ["mass", "secondMoment", "radius", "center", "energy"],
  build: (p, ctx, path) => {
    const init = ctx.spec.initial.kind === "barenblatt" ? ctx.spec.initial : undefined;
    const pick = <T>(field: keyof BarenblattExactParams): T | undefined =>
      (p[field] ?? init?.[field]) as T | undefined;
    const m = pick<number>("m");
    const t0 = pick<number>("t0");
    for (const [f, v] of [
      ["m", m],
      ["t0", t0],
    ] as const) {
      if (v === undefined) {
        throw new InputError(
          joinPath(path, f),
          `is required: the spec's initial data is '${ctx.spec.initial.kind}', not a barenblatt to take it from`,
        );
      }
    }
    const d = ctx.grid.dim;
    const b = new CenteredBarenblatt(
      { m: m!, mass: pick<number>("mass") ?? 1, center: pick<number[]>("center") },
      d,
      path,
      ctx.grid.radial?.dim,
    );
    const B = b.profile;
    const s0 = t0!;
    const base = shiftTime(B, s0);
    const solution = {
      dim: d,
      mass: B.mass,
      density: (t: number, x: ArrayLike<number>) =>
        base.density(
          t,
          Array.from({ length: d }, (_, a) => x[a] - b.center[a]),
        ),
      densityAt: (t: number) => {
        const f = base.densityAt(t);
        return (x: ArrayLike<number>) => f(Array.from({ length: d }, (_, a) => x[a] - b.center[a]));
      },
      cellAverages: (grid: Parameters<typeof b.cellAverages>[0], t: number) =>
        b.cellAverages(grid, s0 + t),
    };
    return withFacts("barenblatt", solution, {
      mass: () => B.mass,
      secondMoment: (t) => B.secondMoment(s0 + t),
      radius: (t) => B.radius(s0 + t),
      center: b.center,
      energy: { value: (t) => B.energy(s0 + t), doc: "(1/(m−1))∫ρ^m" },
    });
  },
};

import { z } from "zod";
import { FDivergence } from "../../energy/fDivergence.js";
import { F_KINDS, fFunction, type FKind } from "../../energy/fFunctions.js";
import { InputError } from "../../errors.js";
import type { Grid } from "../../grid/grid.js";
import type { BuildContext } from "../context.js";
import { weight } from "../fields.js";
import { joinPath } from "../jsonPath.js";
import type { EnergyEntry } from "../kinds.js";
import { initials, potentials } from "../registries.js";
import { potentialOnGrid, potentialSampling } from "./gibbsPotential.js";
import {
  checkTargetChoice,
  targetChoiceFields,
  targetLogZ,
  targetOnGrid,
  type TargetChoice,
} from "./target.js";

interface FDivergenceParams extends TargetChoice {
  f: FKind;
  alpha?: number;
  p?: number;
  weight: number;
}

const fDivergenceParams = z
  .strictObject({
    f: z
      .enum(F_KINDS)
      .describe(
        "kl | reverse-kl | chi2 | hellinger | js | alpha (needs alpha) | p-relative (needs p); table in docs/f-divergences.md",
      ),
    alpha: z
      .number()
      .optional()
      .describe(
        "with f = alpha: α ∉ {0, 1} in f(r) = (r^α − α(r − 1) − 1)/(α(α − 1)) (2: ½χ², ½: 2·hellinger)",
      ),
    p: z
      .number()
      .optional()
      .describe(
        "with f = p-relative: p in the same f_p (p-relative entropy); p = 1 is kl, p = 0 is reverse-kl",
      ),
    weight: weight(),
    ...targetChoiceFields(),
  })
  .superRefine((p, ctx) => {
    for (const [kind, field] of [
      ["alpha", "alpha"],
      ["p-relative", "p"],
    ] as const) {
      const given = p[field] !== undefined;
      if (p.f === kind && !given) {
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: `is required with f = "${kind}"`,
        });
      } else if (p.f !== kind && given) {
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: `goes with f = "${kind}" only (f is "${p.f}")`,
        });
      }
    }
    if (p.f === "alpha" && (p.alpha === 0 || p.alpha === 1)) {
      ctx.addIssue({
        code: "custom",
        path: ["alpha"],
        message:
          `must not be ${p.alpha} (0/0 in f_α); its limit is f = "${p.alpha === 1 ? "kl" : "reverse-kl"}"` +
          ` (or f = "p-relative" with p = ${p.alpha})`,
      });
    }
  });

/**
 * f-divergence D_f(ρ‖π) = ∫π f(ρ/π) on non-negative measures, δF/δρ = f'(ρ/π)
 * (src/energy/fDivergence.ts, table of f in src/energy/fFunctions.ts, docs/f-divergences.md).
 * π is given as for `kl`: a potential `V` (π = M e^{−V}/Z as cell averages or at the cell
 * centres, see `sampling` and gibbsPotential.ts; normalised by
 * `targetMass` M with the closed-form Z, by `logZ`, or to unit mass on the grid) or a density
 * spec `target` (cell averages, or point values of a gaussian). π must be > 0 in every cell.
 * For the f whose f'(0⁺) = −∞ algebraically (reverse-kl, hellinger, α or p < 1) the initial
 * density must be > 0 in every cell too: checked here, naming `initial`.
 */
export const fDivergenceEntry: EnergyEntry<FDivergenceParams> = {
  kind: "f-divergence",
  doc: "f-divergence D_f(ρ‖π) = ∫π f(ρ/π) to π ∝ e^{−V} or a target density, f = kl | reverse-kl | chi2 | hellinger | js | alpha | p-relative (Wasserstein flow: ∂ρ/∂t = div(ρ∇f'(ρ/π)))",
  params: fDivergenceParams,
  refs: {
    V: { registry: "potential", optional: true },
    target: { registry: "initial", optional: true },
  },
  build: (p, ctx, path) => {
    const param = p.f === "alpha" ? p.alpha : p.f === "p-relative" ? p.p : undefined;
    const f = fFunction(p.f, param, joinPath(path, p.f === "alpha" ? "alpha" : "p"));
    const { pi, where } = targetOf(p, ctx, path);
    const grid = ctx.grid;
    for (let i = 0; i < pi.length; i++) {
      if (!(pi[i] > 0) || !Number.isFinite(pi[i])) {
        throw new InputError(
          where,
          `gives π = ${pi[i]} in cell ${i} (${cellAt(grid, i)}): D_f(ρ‖π) = ∫π f(ρ/π) needs ` +
            `π finite and > 0 in every cell; use a target with full support on the box (or a ` +
            `smaller box)`,
        );
      }
    }
    if (f.vacuum === "algebraic") requirePositiveInitial(ctx, path, f.name);
    return new FDivergence(grid, f, pi);
  },
};

/** π on the grid and the JSON path it came from. */
function targetOf(
  p: FDivergenceParams,
  ctx: BuildContext,
  path: string,
): { pi: Float64Array; where: string } {
  checkTargetChoice(p, path);
  const grid = ctx.grid;
  if (p.target !== undefined) {
    const where = joinPath(path, "target");
    return { pi: targetOnGrid(p.target, p.sampling ?? "cell-average", ctx, where), where };
  }
  const where = joinPath(path, "V");
  const v = potentials.build(p.V!, { dim: grid.dim }, where);
  const u = potentialOnGrid(v.V, potentialSampling(p.V!, p.sampling, grid), grid, where);
  let logZ = targetLogZ(p, v.logPartition, path);
  if (logZ === undefined) {
    // Unit mass on the grid: log Σ e^{−U_i}|cell|, computed stably.
    let umin = Infinity;
    for (let i = 0; i < u.length; i++) umin = Math.min(umin, u[i]);
    let s = 0;
    for (let i = 0; i < u.length; i++) s += Math.exp(-(u[i] - umin));
    logZ = -umin + Math.log(s * grid.cellVolume);
  }
  const pi = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) pi[i] = Math.exp(-u[i] - logZ);
  return { pi, where };
}

/** Refuses an initial density with an empty cell (f'(0) = −∞ algebraically). */
function requirePositiveInitial(ctx: BuildContext, path: string, name: string): void {
  const rho0 = initials.build(ctx.spec.initial, ctx, "initial");
  for (let i = 0; i < rho0.length; i++) {
    if (!(rho0[i] > 0)) {
      throw new InputError(
        "initial",
        `is ${rho0[i]} in cell ${i} (${cellAt(ctx.grid, i)}), but ${path} (the ${name} ` +
          `divergence) has f'(ρ/π) → −∞ algebraically as ρ → 0: its flows need ρ0 > 0 in every ` +
          `cell (no regularisation is applied); start from a density positive on the whole box`,
      );
    }
  }
}

/** "x = (…)" of cell i, for messages. */
function cellAt(grid: Grid, i: number): string {
  const idx = new Int32Array(grid.dim);
  grid.unravel(i, idx);
  const x = Array.from(idx, (k, a) => Number(grid.center(a, k).toPrecision(4)));
  return `x = (${x.join(", ")})`;
}

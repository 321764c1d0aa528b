import { z } from "zod";
import { mass } from "../../grid/density.js";
import { requireFact } from "../exact/facts.js";
import type { ObservableEntry } from "../kinds.js";
import type { SpecNode } from "../registry.js";
import { nameParam, referenceFor, referenceRef, type ObservableCtx } from "./common.js";

/** ∫ρ = Σρ_i|cell|. */
export const massObservable: ObservableEntry<{ name: string }> = {
  kind: "mass",
  doc: "mass ∫ρ = Σ ρ_i |cell|",
  params: z.strictObject({ name: nameParam("mass") }),
  build: (p, ctx) => ({ name: p.name, value: (rho) => mass(ctx.grid, rho) }),
};

/** ∫ρ − M(t), M(t) the exact solution's mass (changing for Fisher–Rao / WFR flows). */
export const massErrorObservable: ObservableEntry<{ name: string; reference?: SpecNode }> = {
  kind: "mass-error",
  doc: "∫ρ − M(t): mass against the exact solution's (which changes on 𝓜₊ flows)",
  params: z.strictObject({ name: nameParam("massError") }),
  refs: referenceRef,
  build: (p, ctx: ObservableCtx, path) => {
    const { exact, kind } = referenceFor(p, ctx, path);
    const m = requireFact(exact, kind, "mass", "a closed-form mass", path);
    return { name: p.name, value: (rho, t) => mass(ctx.grid, rho) - m(t) };
  },
};

import { z } from "zod";
import type { Energy } from "../../energy/energy.js";
import { HalfMMD } from "../../energy/mmd.js";
import { EnergySum } from "../../energy/sum.js";
import { InputError } from "../../errors.js";
import { mass } from "../../grid/density.js";
import { joinPath } from "../jsonPath.js";
import type { ObservableEntry } from "../kinds.js";
import { nameParam, type ObservableCtx } from "./common.js";

/**
 * Observables of MMD flows (Arbel, Korba, Salim & Gretton 2019) and of the interaction-force
 * transport flow of ½MMD² (Gladin, Dvurechensky, Mielke & Zhu 2024; docs/exact-solutions.md). They read
 * the spec's mmd energy term (its kernel and target π).
 */

/** The ½MMD² term of the energy, or an error at `path`. */
function mmdTerm(energy: Energy, path: string): HalfMMD {
  if (energy instanceof HalfMMD) return energy;
  if (energy instanceof EnergySum) {
    const t = energy.terms.find((x) => x.energy instanceof HalfMMD);
    if (t) return t.energy as HalfMMD;
  }
  throw new InputError(path, `needs an mmd energy term; the energy is ${energy.name}`);
}

/** β of the spec's geometry reaction (ift, wfr), or the parameter. */
function betaOf(p: { beta?: number }, ctx: ObservableCtx, path: string): number {
  if (p.beta !== undefined) return p.beta;
  const g = ctx.spec.geometry;
  if ((g.kind === "ift" || g.kind === "wfr") && typeof g.beta === "number") return g.beta;
  throw new InputError(
    joinPath(path, "beta"),
    `is required: the spec's geometry '${g.kind}' has no reaction weight β to take it from`,
  );
}

const betaParam = () =>
  z.number().gt(0).optional().describe("reaction weight β (default: the ift geometry's)");

/** MMD²(ρ, π) = 2·½MMD². */
export const mmd2Observable: ObservableEntry<{ name: string }> = {
  kind: "mmd2",
  doc: "MMD²(ρ, π) of the spec's mmd energy term",
  params: z.strictObject({ name: nameParam("mmd2") }),
  build: (p, ctx: ObservableCtx, path) => {
    const e = mmdTerm(ctx.energy, path);
    return { name: p.name, value: (rho) => e.mmd2(rho) };
  },
};

/** MMD(ρ, π). */
export const mmdObservable: ObservableEntry<{ name: string }> = {
  kind: "mmd",
  doc: "MMD(ρ, π) = √MMD² of the spec's mmd energy term",
  params: z.strictObject({ name: nameParam("mmd") }),
  build: (p, ctx: ObservableCtx, path) => {
    const e = mmdTerm(ctx.energy, path);
    return { name: p.name, value: (rho) => Math.sqrt(e.mmd2(rho)) };
  },
};

/** MMD(ρ_t, π)/(e^{−βt} MMD(ρ0, π)) ≤ 1 along the IFT flow (docs/exact-solutions.md). */
export const mmdBoundRatioObservable: ObservableEntry<{ name: string; beta?: number }> = {
  kind: "mmd-bound-ratio",
  doc: "MMD(ρ_t, π)/(e^{−βt}MMD(ρ0, π)): ≤ 1 along the IFT flow of ½MMD² (decay bound)",
  params: z.strictObject({ name: nameParam("boundRatio"), beta: betaParam() }),
  build: (p, ctx: ObservableCtx, path) => {
    const e = mmdTerm(ctx.energy, path);
    const beta = betaOf(p, ctx, path);
    const mmd0 = Math.sqrt(e.mmd2(ctx.rho0));
    return {
      name: p.name,
      value: (rho, t) => Math.sqrt(e.mmd2(rho)) / (Math.exp(-beta * t) * mmd0),
    };
  },
};

/** ∫ρ − (M_π + e^{−βt}(M0 − M_π)): the IFT mass law dM/dt = −β(M − M_π) (docs/exact-solutions.md). */
export const iftMassErrorObservable: ObservableEntry<{ name: string; beta?: number }> = {
  kind: "ift-mass-error",
  doc: "∫ρ − (M_π + e^{−βt}(M0 − M_π)): error of the IFT mass law dM/dt = −β(M − M_π)",
  params: z.strictObject({ name: nameParam("massError"), beta: betaParam() }),
  build: (p, ctx: ObservableCtx, path) => {
    const grid = ctx.grid;
    const e = mmdTerm(ctx.energy, path);
    const beta = betaOf(p, ctx, path);
    const m0 = mass(grid, ctx.rho0);
    const mPi = mass(grid, e.target);
    return {
      name: p.name,
      value: (rho, t) => mass(grid, rho) - (mPi + Math.exp(-beta * t) * (m0 - mPi)),
    };
  },
};

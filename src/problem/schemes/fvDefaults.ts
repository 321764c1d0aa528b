import type { WassersteinFlux } from "../../geometry/wasserstein.js";
import type { RkMethod } from "../../schemes/rungeKutta.js";
import type { EnergyEntry } from "../kinds.js";
import { energies } from "../registries.js";
import type { SpecNode } from "../registry.js";

/** The value of the fv scheme's `flux` and `method` that lets the registry choose. */
export const AUTO = "auto";

/**
 * True if the energy terms make a *linear* Fokker–Planck flow ∂ρ/∂t = div(ν∇ρ + ρ∇V): every
 * term declares its part (EnergyEntry.fokkerPlanck: kl and entropy "diffusion", potential
 * "drift") and at least one has an entropy part with a positive weight.
 */
export function isLinearFokkerPlanck(energy: readonly SpecNode[]): boolean {
  let diffusion = false;
  for (const node of energy) {
    const part = (energies.entry(node.kind) as EnergyEntry).fokkerPlanck;
    if (part === undefined) return false;
    const w = typeof node.weight === "number" ? node.weight : 1;
    if (part === "diffusion" && w > 0) diffusion = true;
  }
  return diffusion;
}

/**
 * The default-scheme rule of the fv scheme: the fastest face flux and time stepper that reach
 * the accuracy of fv2/SSP-RK3 for the given energy and geometry (docs/finite-volumes.md,
 * "Defaults", gives the measured figures).
 *
 * - flux "auto" → "sg" (Scharfetter–Gummel) for a linear Fokker–Planck energy: linear in ρ
 *   with coefficients computed once, no logarithm per cell, second order in h, and exact
 *   on the discrete Gibbs state; → "fv2" for every other energy (nonlinear ψ, no entropy).
 * - method "auto" → "euler" when the flux is sg on a pure Wasserstein geometry: the stable
 *   step of the explicit sg flux is diffusive, dt ≤ 1/max_i Σ_j a_ij ~ h²/(2dν) while the cell
 *   Péclet number |∇V|h/ν is O(1), so Euler's O(dt) error is O(h²), the order of the flux, at
 *   a third of SSP-RK3's cost per step (for |∇V|h/ν ≫ 1 the step becomes h/|∇V| and Euler
 *   first order: choose "heun" or "ssprk3" there);
 *   → "ssprk3" otherwise (fv2 is second order in h with steps ~ h when transport dominates,
 *   and reactions need the higher order in time).
 */
export function resolveFv(
  params: Readonly<Record<string, unknown>>,
  energy: readonly SpecNode[],
  geometry: SpecNode,
): { flux: WassersteinFlux; method: RkMethod } {
  const f = params.flux ?? AUTO;
  const m = params.method ?? AUTO;
  const flux = (f === AUTO ? (isLinearFokkerPlanck(energy) ? "sg" : "fv2") : f) as WassersteinFlux;
  const method = (
    m === AUTO ? (flux === "sg" && geometry.kind === "wasserstein" ? "euler" : "ssprk3") : m
  ) as RkMethod;
  return { flux, method };
}

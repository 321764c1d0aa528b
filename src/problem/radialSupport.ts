import { InputError } from "../errors.js";
import { joinPath } from "./jsonPath.js";
import type { SpecNode } from "./registry.js";
import type { ProblemSpec } from "./spec.js";

/**
 * What a spec may use on a radial grid (`grid.radial`, docs/radial.md): the kinds that
 * integrate with the shell measures and were validated there, per registry. Everything else
 * is refused at validation, naming the JSON path and, where there is one, the reason — an
 * energy or observable written for equal Cartesian cells would otherwise give a wrong
 * integral (Grid.cellVolume is NaN on radial grids, so it could not give a silent one).
 */
const ALLOWED: Record<string, readonly string[]> = {
  energy: ["entropy", "potential", "generalized-entropy", "kl"],
  geometry: ["wasserstein", "fisher-rao", "wfr"],
  scheme: ["fv"],
  initial: ["gaussian", "barenblatt", "expression"],
  exact: ["heat", "ornstein-uhlenbeck", "barenblatt"],
  potential: ["quadratic", "expression"],
  observable: [
    "mass",
    "mass-error",
    "second-moment",
    "second-moment-error",
    "front-offset-cells",
    "exact-energy",
    "l1-error",
  ],
};

/** Why some kinds are not available on radial grids (the others: not validated there). */
const REASONS: Record<string, string> = {
  interaction:
    "W*ρ of a radial ρ is radial, but in r it is an integral over spheres (a Hankel-type transform), not a convolution on the r axis, so the FFT convolver does not apply",
  mmd: "k*(ρ − π) in r is an integral over spheres, not a convolution on the r axis (see interaction)",
  ift: "its energy (½MMD²) needs a convolution, which radial grids do not have",
  jko: "the entropic JKO's Gibbs kernel e^{−|x−y|²/ε} between two shells is a Bessel-type kernel in (r, r′), not the separable translation-invariant kernel of the Cartesian solver",
};

function refuse(path: string, registry: string, kind: string): never {
  const why = REASONS[kind] ?? "it has not been written or validated for the shell measures";
  throw new InputError(
    joinPath(path, "kind"),
    `'${kind}' is not available on a radial grid (grid.radial): ${why}. ` +
      `On radial grids the ${registry} kinds are: ${ALLOWED[registry].join(", ")} (docs/radial.md)`,
  );
}

function check(node: SpecNode | undefined, registry: string, path: string): void {
  if (node === undefined) return;
  if (!ALLOWED[registry].includes(node.kind)) refuse(path, registry, node.kind);
}

/** A point (mean, centre) of a radial density must be the origin. */
function requireOrigin(value: unknown, path: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.some((v) => v !== 0)) {
    throw new InputError(
      path,
      `must be the origin on a radial grid (radially symmetric densities are centred at 0), got ${JSON.stringify(value)}`,
    );
  }
}

function checkInitialLike(node: SpecNode, path: string): void {
  check(node, "initial", path);
  if (node.kind === "gaussian") requireOrigin(node.mean, joinPath(path, "mean"));
  if (node.kind === "barenblatt") requireOrigin(node.center, joinPath(path, "center"));
}

function checkPotential(node: SpecNode, path: string): void {
  check(node, "potential", path);
  if (node.kind === "quadratic") requireOrigin(node.center, joinPath(path, "center"));
}

/** The cross-check of validateSpec (registered in catalog.ts): a no-op on Cartesian grids. */
export function checkRadialSpec(spec: ProblemSpec): void {
  if (!spec.grid.radial) return;
  checkInitialLike(spec.initial, "initial");
  spec.energy.forEach((node, i) => {
    const path = joinPath("energy", i);
    check(node, "energy", path);
    if (node.V !== undefined) checkPotential(node.V as SpecNode, joinPath(path, "V"));
    if (node.target !== undefined) {
      checkInitialLike(node.target as SpecNode, joinPath(path, "target"));
      if (node.sampling === "point") {
        throw new InputError(
          joinPath(path, "sampling"),
          `"point" is not available on a radial grid (the point Gaussian would be 1D in r); use "cell-average"`,
        );
      }
    }
  });
  check(spec.geometry, "geometry", "geometry");
  check(spec.scheme, "scheme", "scheme");
  if (spec.exact) {
    check(spec.exact, "exact", "exact");
    requireOrigin(spec.exact.center, joinPath("exact", "center"));
    if (spec.exact.initial !== undefined) {
      checkInitialLike(spec.exact.initial as SpecNode, joinPath("exact", "initial"));
    }
  }
  (spec.observables ?? []).forEach((node, i) => {
    const path = joinPath("observables", i);
    check(node, "observable", path);
    if (node.reference !== undefined) {
      check(node.reference as SpecNode, "exact", joinPath(path, "reference"));
    }
    if (node.center !== undefined) requireOrigin(node.center, joinPath(path, "center"));
  });
}

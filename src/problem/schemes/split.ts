import { z } from "zod";
import { InputError } from "../../errors.js";
import { SPLIT_COMPOSITIONS, SplitScheme, type SplitComposition } from "../../schemes/splitting.js";
import { joinPath } from "../jsonPath.js";
import type { SchemeEntry } from "../kinds.js";
import type { SpecNode } from "../registry.js";
import { geometries, schemeEntry, schemes } from "../registries.js";

export const splitParams = z.strictObject({
  composition: z
    .enum(SPLIT_COMPOSITIONS as unknown as [SplitComposition, ...SplitComposition[]])
    .default("strang")
    .describe(
      "lie: transport(τ) then reaction(τ), order 1 | strang: reaction(τ/2), transport(τ), reaction(τ/2), order 2",
    ),
  tau: z
    .number()
    .gt(0)
    .describe("splitting step τ (the last step before an output time is shortened to hit it)"),
});
export type SplitParams = z.output<typeof splitParams> & {
  transport: SpecNode;
  reaction: SpecNode;
};

/** The two parts of a split WFR flow, in the order of the spec fields. */
const PARTS = ["transport", "reaction"] as const;
type Part = (typeof PARTS)[number];

/**
 * The geometry node one part of the WFR geometry `wfr` = {alpha, beta, spherical} steps:
 * transport → the unit-speed Wasserstein flow (run at speed α by the split), reaction → the
 * Fisher–Rao flow with rate β (and the same spherical flag).
 */
function partGeometry(part: Part, wfr: SpecNode): SpecNode {
  return part === "transport"
    ? { kind: "wasserstein" }
    : { kind: "fisher-rao", rate: wfr.beta, spherical: wfr.spherical ?? false };
}

/** The scheme kinds that can step a geometry kind (for messages). */
function schemesFor(geometryKind: string): string[] {
  return schemes.kinds().filter((k) => {
    const g = schemeEntry(k).geometries;
    return g === "*" || g.includes(geometryKind);
  });
}

/**
 * Operator splitting of the WFR flow ∂ρ/∂t = α div(ρ∇ξ) − βρξ (src/schemes/splitting.ts):
 * the transport sub-scheme steps the Wasserstein flow at speed α, the reaction sub-scheme
 * the Fisher–Rao flow with rate β; Lie or Strang composition with step τ. The sub-schemes
 * are ordinary scheme nodes, built by the scheme registry on their part's geometry node.
 */
export const splitScheme: SchemeEntry<SplitParams> = {
  kind: "split",
  doc:
    "operator splitting of WFR: transport (Wasserstein at speed α) and reaction (Fisher–Rao, " +
    "rate β) sub-schemes, Lie (order 1) or Strang (order 2) with step τ",
  params: splitParams,
  refs: {
    transport: { registry: "scheme" },
    reaction: { registry: "scheme" },
  },
  geometries: ["wfr"],
  check: (p, spec, path) => {
    const g = spec.geometry;
    for (const [field, part] of [
      ["alpha", "transport"],
      ["beta", "reaction"],
    ] as const) {
      if (!((g[field] as number) > 0)) {
        throw new InputError(
          joinPath("geometry", field),
          `must be > 0 for a split scheme (got ${String(g[field])}: the ${part} part is ` +
            `absent, there is nothing to split); use an unsplit scheme such as fv`,
        );
      }
    }
    for (const part of PARTS) {
      const node = p[part];
      const sub = joinPath(path, part);
      const geometry = partGeometry(part, g);
      const entry = schemeEntry(node.kind);
      if (entry.geometries !== "*" && !entry.geometries.includes(geometry.kind)) {
        throw new InputError(
          joinPath(sub, "kind"),
          `'${node.kind}' cannot step the ${part} part of the split (the '${geometry.kind}' ` +
            `geometry); allowed: ${schemesFor(geometry.kind).join(", ")}`,
        );
      }
      entry.check?.(node, { ...spec, geometry }, sub);
    }
  },
  build: (p, ctx, path) => {
    const built = PARTS.map((part) => {
      const geometry = geometries.validate(partGeometry(part, ctx.geometry), "geometry");
      const spec = { ...ctx.spec, geometry };
      return schemes.build(p[part], { ...ctx, spec, geometry }, joinPath(path, part));
    });
    return new SplitScheme(
      { scheme: built[0], speed: ctx.geometry.alpha as number },
      { scheme: built[1], speed: 1 },
      { composition: p.composition, tau: p.tau },
    );
  },
};

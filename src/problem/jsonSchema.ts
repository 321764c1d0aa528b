import { z } from "zod";
import "./catalog.js";
import { allRegistries, type Registry } from "./registry.js";
import { NAME_PATTERN, checksSchema, compareSchema, gridSchema, outputSchema } from "./spec.js";

/**
 * The JSON Schema (draft 2020-12) of a whole problem spec, shipped as
 * schema/problem.schema.json so that an editor completes and checks a spec written by hand
 * (`"$schema": "…/problem.schema.json"` at the top of the file).
 *
 * It is generated, never written: the fixed parts (grid, output, checks) from spec.ts's zod
 * shapes and every registry from its entries' zod declarations (`Registry.jsonSchema`),
 * each under `$defs/<registry>` so that a field holding a node of another registry is a
 * `$ref` to it. `npm run generate` (scripts/generateSpecArtifacts.ts) rewrites the file;
 * test/problem/generated.test.ts fails when the committed file differs.
 *
 * The schema describes the shapes; `validateSpec` remains the authority and also checks what
 * a schema cannot say simply (lo/hi with one entry per axis of n, hi > lo, a d×d matrix, a
 * scheme able to step the chosen geometry, formulas that parse, …).
 */

export const SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

/** Where the schema lives in the package (relative to the package root). */
export const SCHEMA_FILE = "schema/problem.schema.json";

type Schema = Record<string, unknown>;

/** The JSON Schema of a fixed zod shape of spec.ts, as written (defaults optional). */
function fixedShape(schema: z.ZodType, title: string, description: string): Schema {
  const s = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Schema;
  delete s.$schema;
  return { title, description, ...s };
}

/**
 * Moves `$defs` that zod emitted inside an entry (recursive or shared shapes) up to the
 * document's `$defs`, renamed `<prefix>.<name>`, and rewrites the `$ref`s that point to
 * them: inside the whole document, "#/$defs/x" must name a top-level definition.
 */
function hoistDefs(node: unknown, prefix: string, defs: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((v, i) => hoistDefs(v, `${prefix}.${i}`, defs));
  if (typeof node !== "object" || node === null) return node;
  const s = { ...(node as Schema) };
  if (s.$defs && typeof s.$defs === "object") {
    const local = s.$defs as Record<string, unknown>;
    delete s.$defs;
    const rename = (ref: string): string => {
      const m = /^#\/\$defs\/(.+)$/.exec(ref);
      return m && m[1] in local ? `#/$defs/${prefix}.${m[1]}` : ref;
    };
    const rewrite = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(rewrite);
      if (typeof v !== "object" || v === null) return v;
      const o: Schema = {};
      for (const [k, x] of Object.entries(v as Schema)) {
        o[k] = k === "$ref" && typeof x === "string" ? rename(x) : rewrite(x);
      }
      return o;
    };
    for (const [name, def] of Object.entries(local)) {
      defs[`${prefix}.${name}`] = hoistDefs(rewrite(def), `${prefix}.${name}`, defs);
    }
    return hoistDefs(rewrite(s), prefix, defs);
  }
  for (const [k, v] of Object.entries(s)) {
    if (typeof v === "object" && v !== null) s[k] = hoistDefs(v, prefix, defs);
  }
  return s;
}

/** `$defs/<registry>`: one node of the registry (a oneOf over its kinds). */
function registryDef(r: Registry<unknown, unknown>, defs: Record<string, unknown>): Schema {
  const what = `${r.what} ({ "kind": …, …parameters })`;
  if (r.kinds().length === 0) {
    // No kind registered: nothing can match (an empty oneOf is not a valid schema).
    return { title: what, description: `${r.doc} (none registered)`, not: {} };
  }
  return { title: what, ...(hoistDefs(r.jsonSchema(), r.name, defs) as Schema) };
}

/** The JSON Schema of a problem spec (draft 2020-12), with every registry under `$defs`. */
export function problemJsonSchema(): Schema {
  const defs: Record<string, unknown> = {};
  for (const r of allRegistries()) defs[r.name] = registryDef(r, defs);
  const ref = (registry: string, description: string): Schema => ({
    $ref: `#/$defs/${registry}`,
    description,
  });
  const list = (registry: string, description: string, minItems: number): Schema => ({
    type: "array",
    description,
    ...(minItems > 0 ? { minItems } : {}),
    items: { $ref: `#/$defs/${registry}` },
  });
  return {
    $schema: SCHEMA_DIALECT,
    title: "measureflow problem spec",
    description:
      "A gradient-flow problem as data: grid, initial density, energy terms, geometry, " +
      "scheme, output times, exact solution and checks (docs/problems.md).",
    type: "object",
    properties: {
      $schema: {
        type: "string",
        description: "path or URL of this JSON Schema, for editor completion",
      },
      name: {
        type: "string",
        pattern: NAME_PATTERN.source,
        description: "kebab-case name; also the output folder <out>/<name>/",
      },
      title: { type: "string", description: "one-line title shown in the report and gallery" },
      description: {
        type: "string",
        description: "a paragraph: equation, initial data, exact solution",
      },
      grid: fixedShape(
        gridSchema,
        "grid",
        "The box [lo, hi] (1 to 3 axes) cut into n cells per axis, and its boundary.",
      ),
      initial: ref("initial", "The initial density ρ0."),
      energy: list("energy", "The energy F = Σ weight·F_k: a non-empty list of terms.", 1),
      geometry: ref("geometry", "The geometry (kinetics) of the flow."),
      scheme: ref("scheme", "The time-stepping scheme."),
      output: fixedShape(outputSchema, "output", "The final time and the output times."),
      exact: {
        description: 'The exact solution to compare with, or "none" (the default).',
        anyOf: [{ $ref: "#/$defs/exact" }, { const: "none" }],
      },
      checks: fixedShape(
        checksSchema,
        "checks",
        "Thresholds the report and the gallery check (each optional).",
      ),
      observables: list("observable", "Quantities recorded at every output time.", 0),
      compare: {
        description:
          "Other runs of the same problem shown in this run's report (a list of runs, or an object with runs and sinkhornEps).",
        anyOf: [
          fixedShape(compareSchema, "compare", "Compared runs and the distance options."),
          {
            type: "array",
            minItems: 1,
            maxItems: 16,
            items: (
              fixedShape(compareSchema, "compare", "") as {
                properties: { runs: { items: unknown } };
              }
            ).properties.runs.items,
          },
        ],
      },
    },
    required: ["grid", "initial", "energy", "geometry", "scheme", "output"],
    additionalProperties: false,
    $defs: defs,
  };
}

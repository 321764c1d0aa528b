import "./catalog.js";
import { InputError } from "../errors.js";
import { closestName } from "./closestName.js";
import { problemJsonSchema } from "./jsonSchema.js";
import type { SchemeEntry } from "./kinds.js";
import {
  allRegistries,
  entrySchema,
  registryNamed,
  withArticle,
  type Registry,
} from "./registry.js";

/**
 * The parameter rows of registry entries and of the spec's top-level fields — name, type,
 * range, default, doc — read from their JSON Schema (`entrySchema` of an entry, which calls
 * `z.toJSONSchema` on its zod declaration; `problemJsonSchema` for the top level). A
 * parameter is declared once, in zod; these rows are what describe.ts prints as text for
 * `measureflow describe` and as markdown for docs/problems.md.
 */

/** One parameter of an entry, as shown in a table. */
export interface ParamRow {
  /** Field name; a field of a nested object is "parent.field". */
  name: string;
  /** "number", "integer", "fv1 | fv2 | sg", "number[]", "<potential spec>", … */
  type: string;
  /** "> 0", "(0, 1]", "[2, 1000]", "1–3 entries", … or "" when unconstrained. */
  range: string;
  /** The default as JSON (strings bare), "required", or "" when optional without default. */
  default: string;
  doc: string;
}

type Schema = Record<string, unknown>;

const isSchema = (v: unknown): v is Schema => typeof v === "object" && v !== null;

/** The registry named `name`, or an InputError listing the registries. */
export function registryOrError(name: string): Registry<unknown, unknown> {
  const names = allRegistries().map((r) => r.name);
  if (!names.includes(name)) {
    const close = closestName(name, names);
    throw new InputError(
      "registry",
      `unknown registry '${name}'${close ? ` (did you mean '${close}'?)` : ""}; allowed: ${names.join(", ")}`,
    );
  }
  return registryNamed(name);
}

/** The one-line doc of each kind of a registry. */
export function kindDocs(registry: string): { kind: string; doc: string }[] {
  const r = registryOrError(registry);
  return r.kinds().map((kind) => ({ kind, doc: r.entry(kind).doc }));
}

/** The name of the registry a `$ref` of an entry schema points to ("#/$defs/potential"). */
function refName(ref: string): string {
  return ref.replace(/^#\/\$defs\//, "");
}

function typeOf(s: Schema): string {
  if (typeof s.$ref === "string") return `<${refName(s.$ref)} spec>`;
  if ("const" in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum))
    return s.enum.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(" | ");
  const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (Array.isArray(alternatives)) return alternatives.map(typeOf).join(" or ");
  if (s.type === "array") {
    const items = isSchema(s.items) ? s.items : {};
    if (typeof items.$ref === "string") return `list of <${refName(items.$ref)} spec>`;
    const inner = typeOf(items);
    return /\s/.test(inner) ? `(${inner})[]` : `${inner}[]`;
  }
  if (typeof s.type === "string") return s.type;
  if (Array.isArray(s.type)) return s.type.join(" | ");
  return "any";
}

/** A bound of a JSON Schema number; ±MAX_SAFE_INTEGER (zod's integer limits) is no bound. */
const bound = (v: unknown): v is number =>
  typeof v === "number" && Math.abs(v) < Number.MAX_SAFE_INTEGER;

function interval(s: Schema): string {
  const lo =
    typeof s.exclusiveMinimum === "number"
      ? { v: s.exclusiveMinimum, open: true }
      : bound(s.minimum)
        ? { v: s.minimum, open: false }
        : null;
  const hi =
    typeof s.exclusiveMaximum === "number"
      ? { v: s.exclusiveMaximum, open: true }
      : bound(s.maximum)
        ? { v: s.maximum, open: false }
        : null;
  if (lo && hi) return `${lo.open ? "(" : "["}${lo.v}, ${hi.v}${hi.open ? ")" : "]"}`;
  if (lo) return `${lo.open ? ">" : "≥"} ${lo.v}`;
  if (hi) return `${hi.open ? "<" : "≤"} ${hi.v}`;
  return "";
}

function countRange(min: unknown, max: unknown, unit: string): string {
  const a = typeof min === "number" ? min : undefined;
  const b = typeof max === "number" ? max : undefined;
  if (a !== undefined && b !== undefined) return a === b ? `${a} ${unit}` : `${a}–${b} ${unit}`;
  if (a !== undefined) return a === 1 && unit === "entries" ? "non-empty" : `≥ ${a} ${unit}`;
  if (b !== undefined) return `≤ ${b} ${unit}`;
  return "";
}

function rangeOf(s: Schema): string {
  if (typeof s.$ref === "string") return "";
  const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (Array.isArray(alternatives)) {
    const parts = alternatives.map(rangeOf).filter((r) => r !== "");
    return parts.join(" or ");
  }
  if (s.type === "number" || s.type === "integer") return interval(s);
  if (s.type === "string") {
    const parts = [];
    if (s.minLength === 1 && s.maxLength === undefined) parts.push("non-empty");
    else {
      const c = countRange(s.minLength, s.maxLength, "characters");
      if (c) parts.push(c);
    }
    if (typeof s.pattern === "string") parts.push(`matches /${s.pattern}/`);
    return parts.join(", ");
  }
  if (s.type === "array") {
    const items = isSchema(s.items) ? s.items : {};
    const own = countRange(s.minItems, s.maxItems, "entries");
    if (items.type === "array") {
      // A matrix: rows × columns.
      const rows = countRange(s.minItems, s.maxItems, "");
      const cols = countRange(items.minItems, items.maxItems, "");
      return rows && cols ? `${rows.trim()} × ${cols.trim()}` : own;
    }
    const each = typeof items.$ref === "string" ? "" : rangeOf(items);
    return [own, each ? `each ${each}` : ""].filter(Boolean).join(", ");
  }
  return "";
}

function defaultOf(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** Rows of an object schema's properties; nested objects add rows "parent.child". */
function objectRows(s: Schema, prefix: string, docs: Record<string, string>): ParamRow[] {
  const props = isSchema(s.properties) ? (s.properties as Record<string, Schema>) : {};
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const rows: ParamRow[] = [];
  for (const [field, p] of Object.entries(props)) {
    if (prefix === "" && field === "kind") continue;
    const name = prefix + field;
    const nested = p.type === "object" && isSchema(p.properties);
    rows.push({
      name,
      type: nested ? "object" : typeOf(p),
      range: nested ? "" : rangeOf(p),
      default: "default" in p ? defaultOf(p.default) : required.has(field) ? "required" : "",
      doc:
        typeof p.description === "string"
          ? p.description
          : typeof p.$ref === "string"
            ? (docs[refName(p.$ref)] ?? "")
            : isSchema(p.items) && typeof p.items.$ref === "string"
              ? (docs[refName(p.items.$ref)] ?? "")
              : "",
    });
    if (nested) rows.push(...objectRows(p, `${name}.`, docs));
  }
  return rows;
}

/** What a field holding a registry node accepts, e.g. "a potential: quadratic, expression". */
function refDocs(): Record<string, string> {
  const docs: Record<string, string> = {};
  for (const r of allRegistries()) {
    const kinds = r.kinds();
    docs[r.name] =
      withArticle(r.what) + (kinds.length > 0 ? `: ${kinds.join(", ")}` : " (none registered)");
  }
  return docs;
}

/** The parameter rows of one entry, read from its JSON Schema. */
export function paramRows(registry: string, kind: string): ParamRow[] {
  const e = registryOrError(registry).entry(kind, "");
  return objectRows(entrySchema(e), "", refDocs());
}

/** The top-level fields of a spec (and the fields of grid, output and checks). */
export function specFieldRows(): ParamRow[] {
  return objectRows(problemJsonSchema(), "", refDocs()).filter((r) => r.name !== "$schema");
}

/** For a scheme: the geometries it steps ("any" for all). Other registries: undefined. */
export function geometriesOf(registry: string, kind: string): string | undefined {
  if (registry !== "scheme") return undefined;
  const g = (registryNamed("scheme").entry(kind) as SchemeEntry).geometries;
  if (g === undefined) return undefined;
  return g === "*" ? "any" : g.join(", ");
}

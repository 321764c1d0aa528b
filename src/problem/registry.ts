import { z } from "zod";
import { InputError } from "../errors.js";
import { closestName } from "./closestName.js";
import { joinPath } from "./jsonPath.js";
import { parseWith } from "./zodIssues.js";

/**
 * Registries of the building blocks of a problem spec (energies, geometries, schemes,
 * initial data, exact solutions, potentials, kernels, observables). An entry declares its
 * parameters once, as a strict zod object whose fields carry `.describe()` docs, ranges and
 * defaults; from that one declaration come
 * - validation with the JSON path in every message (`validate`),
 * - `measureflow describe <registry> [kind]` and the docs tables (`describeEntry`),
 * - the JSON Schema shipped in the package (`jsonSchema`).
 * A spec node is `{ "kind": "<name>", ...params }`. Fields that hold another spec node (a
 * potential inside an energy term, the sub-schemes of a split) are declared in `refs`, and
 * are validated by the registry they name.
 */

/** A validated spec node: its kind and its parameters with defaults filled in. */
export interface SpecNode {
  kind: string;
  [param: string]: unknown;
}

/** What a field of `refs` holds: one node of a registry, or a list of them. */
export type RefDecl = { registry: string; list?: boolean; optional?: boolean };

/** One registry entry. `P` is the parsed parameter object, `C` the build context. */
export interface Entry<P, C, Out> {
  kind: string;
  /** One line: what it is, with its equation. */
  doc: string;
  /** Strict object of the parameters (not including `kind`, nor the refs' contents). */
  params: z.ZodType;
  /** Fields holding nested spec nodes, validated by the registry they name. */
  refs?: Record<string, RefDecl>;
  build(params: P, ctx: C, path: string): Out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEntry<C = any, Out = any> = Entry<any, C, Out>;

/** Every registry by name, so that refs can name the registry they validate against. */
const catalog = new Map<string, Registry<unknown, unknown>>();

export function registryNamed(name: string): Registry<unknown, unknown> {
  const r = catalog.get(name);
  if (!r) throw new Error(`no registry '${name}'`);
  return r;
}

export function allRegistries(): Registry<unknown, unknown>[] {
  return [...catalog.values()];
}

const nodeShape = z.looseObject({ kind: z.string() });

export class Registry<C, Out> {
  private readonly entries = new Map<string, AnyEntry<C, Out>>();

  /**
   * @param name registry name used in `describe` and the JSON Schema ("energy", …)
   * @param what what one node is, for messages ("energy term", …)
   */
  constructor(
    readonly name: string,
    readonly what: string,
    readonly doc: string,
  ) {
    catalog.set(name, this as Registry<unknown, unknown>);
  }

  register(...entries: AnyEntry<C, Out>[]): this {
    for (const e of entries) {
      if (this.entries.has(e.kind)) throw new Error(`${this.name}: '${e.kind}' registered twice`);
      this.entries.set(e.kind, e);
    }
    return this;
  }

  kinds(): string[] {
    return [...this.entries.keys()];
  }

  has(kind: string): boolean {
    return this.entries.has(kind);
  }

  entry(kind: string, path = this.name): AnyEntry<C, Out> {
    const e = this.entries.get(kind);
    if (!e) {
      const close = closestName(kind, this.kinds());
      throw new InputError(
        joinPath(path, "kind"),
        `unknown ${this.what} '${kind}'${close ? ` (did you mean '${close}'?)` : ""}; ` +
          `allowed: ${this.kinds().join(", ")}`,
      );
    }
    return e;
  }

  /**
   * Validates one raw node at `path`: an object with a known `kind` and the entry's
   * parameters (unknown fields, wrong types and out-of-range values are refused); refs are
   * validated by their registries. Returns the node with defaults filled in.
   */
  validate(raw: unknown, path: string): SpecNode {
    const head = parseWith(nodeShape, raw, path);
    const e = this.entry(head.kind, path);
    const rest: Record<string, unknown> = { ...head };
    delete rest.kind;
    const refs = e.refs ?? {};
    const nested: Record<string, unknown> = {};
    for (const [field, decl] of Object.entries(refs)) {
      if (!(field in rest)) {
        if (!decl.optional) {
          throw new InputError(
            joinPath(path, field),
            `is required (${withArticle(registryNamed(decl.registry).what)} spec)`,
          );
        }
        continue;
      }
      const value = rest[field];
      delete rest[field];
      const sub = registryNamed(decl.registry);
      if (decl.list) {
        if (!Array.isArray(value) || value.length === 0) {
          throw new InputError(
            joinPath(path, field),
            `must be a non-empty list of ${sub.what} specs, got ${JSON.stringify(value)}`,
          );
        }
        nested[field] = value.map((v, i) => sub.validate(v, joinPath(path, field, i)));
      } else {
        nested[field] = sub.validate(value, joinPath(path, field));
      }
    }
    const params = parseWith(e.params, rest, path) as Record<string, unknown>;
    return { kind: e.kind, ...params, ...nested };
  }

  /** Builds a validated node. */
  build(node: SpecNode, ctx: C, path: string): Out {
    const e = this.entry(node.kind, path);
    return e.build(node, ctx, path);
  }

  /** JSON Schema of one node of this registry: a oneOf over its kinds. */
  jsonSchema(): Record<string, unknown> {
    return {
      description: this.doc,
      oneOf: this.kinds().map((k) => entrySchema(this.entries.get(k)!)),
    };
  }
}

/** JSON Schema of one entry: its params, `kind` as a constant, refs as $refs. */
export function entrySchema(e: AnyEntry): Record<string, unknown> {
  const s = z.toJSONSchema(e.params, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  delete s.$schema;
  const props = { ...((s.properties as Record<string, unknown>) ?? {}) };
  const required = new Set<string>((s.required as string[]) ?? []);
  for (const [field, decl] of Object.entries(e.refs ?? {})) {
    const ref = { $ref: `#/$defs/${decl.registry}` };
    props[field] = decl.list ? { type: "array", minItems: 1, items: ref } : ref;
    if (!decl.optional) required.add(field);
  }
  return {
    ...s,
    title: e.kind,
    description: e.doc,
    type: "object",
    properties: { kind: { const: e.kind, description: e.doc }, ...props },
    required: ["kind", ...required],
    additionalProperties: false,
  };
}

/** "an initial density", "a potential". */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

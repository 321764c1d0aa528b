import { InputError } from "../errors.js";

/**
 * `--set path=value` overrides of a raw problem spec (before validation), e.g.
 *
 *   --set energy[0].m=1.5   --set grid.n=[256]   --set scheme.flux=fv1   --set exact=none
 *
 * The path is a JSON path of object keys and list indices (`a.b[2].c`); the value is parsed
 * as JSON when it parses (numbers, lists, objects, true, false, null), else taken as a
 * string (`fv1`). A missing key of an object is created (the spec's validation then says
 * whether the field exists); walking through a value that is not an object or a list, or
 * indexing a list out of range, is an InputError naming the --set argument.
 */

/** One parsed override: the path segments, the value, and the argument as given. */
export interface SetOverride {
  path: (string | number)[];
  value: unknown;
  /** The argument as typed, `energy[0].m=1.5` (for messages). */
  arg: string;
}

const KEY = /^[A-Za-z_$][\w$-]*/;

/** Parses `path=value`; a malformed path is an InputError naming the argument. */
export function parseSet(arg: string): SetOverride {
  const field = `--set ${arg}`;
  const eq = arg.indexOf("=");
  if (eq <= 0) {
    throw new InputError(field, "must be path=value, e.g. energy[0].m=1.5 or grid.n=[256]");
  }
  const text = arg.slice(0, eq).trim();
  const path: (string | number)[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === "[") {
      const close = text.indexOf("]", i);
      const idx = close < 0 ? "" : text.slice(i + 1, close);
      if (!/^\d+$/.test(idx)) {
        throw new InputError(
          field,
          `bad index at character ${i + 1} of the path '${text}': a list index is [0], [1], …`,
        );
      }
      path.push(Number(idx));
      i = close + 1;
    } else {
      if (path.length > 0) {
        if (text[i] !== ".") {
          throw new InputError(
            field,
            `expected '.' or '[' at character ${i + 1} of the path '${text}'`,
          );
        }
        i++;
      }
      const m = KEY.exec(text.slice(i));
      if (!m) {
        throw new InputError(
          field,
          `expected a field name at character ${i + 1} of the path '${text}' (letters, digits, _ and -)`,
        );
      }
      path.push(m[0]);
      i += m[0].length;
    }
  }
  if (path.length === 0 || typeof path[0] !== "string") {
    throw new InputError(field, `the path '${text}' must start with a field name of the spec`);
  }
  return { path, value: parseSetValue(arg.slice(eq + 1)), arg };
}

/** A value as JSON when it parses, else the text itself (so `fv1` needs no quotes). */
export function parseSetValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Formats path segments as `energy[0].m`. */
function pathText(parts: readonly (string | number)[]): string {
  return parts.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === "object") return "an object";
  return `the ${typeof v} ${JSON.stringify(v)}`;
}

/**
 * Applies overrides in order to a deep copy of `raw` (which is not modified) and returns
 * the copy. `raw` must be a JSON object (the raw spec).
 */
export function applySets(raw: unknown, sets: readonly SetOverride[]): Record<string, unknown> {
  const root = structuredClone(raw) as Record<string, unknown>;
  for (const s of sets) {
    const field = `--set ${s.arg}`;
    let node: unknown = root;
    for (let k = 0; k < s.path.length; k++) {
      const seg = s.path[k];
      const last = k === s.path.length - 1;
      const where = k === 0 ? "the spec" : pathText(s.path.slice(0, k));
      if (typeof seg === "number") {
        if (!Array.isArray(node)) {
          throw new InputError(
            field,
            `${where} is ${describe(node)}, not a list: cannot index [${seg}]`,
          );
        }
        if (seg >= node.length) {
          throw new InputError(
            field,
            `index [${seg}] is out of range: ${where} has ${node.length} entr${node.length === 1 ? "y" : "ies"}` +
              (node.length > 0 ? ` (indices 0–${node.length - 1})` : ""),
          );
        }
        if (last) node[seg] = structuredClone(s.value);
        else node = node[seg];
      } else {
        if (typeof node !== "object" || node === null || Array.isArray(node)) {
          throw new InputError(
            field,
            `${where} is ${describe(node)}, not an object: it has no field '${seg}'`,
          );
        }
        const obj = node as Record<string, unknown>;
        if (last) obj[seg] = structuredClone(s.value);
        else {
          if (obj[seg] === undefined) obj[seg] = typeof s.path[k + 1] === "number" ? [] : {};
          node = obj[seg];
        }
      }
    }
  }
  return root;
}

import { InputError } from "../../errors.js";
import { parseSet, parseSetValue } from "../setOverrides.js";

/**
 * `--vary path=v1,v2,…`: one field of the problem spec and the values a sweep gives it.
 *
 *   --vary grid.n=64,128,256   --vary scheme.flux=fv2,sg   --vary energy[0].m=1.5,2,3
 *   --vary grid.n=[64,32],[128,64]   --vary 'scheme={"kind":"jko","tau":0.01},{"kind":"fv"}'
 *
 * The path is a JSON path of the spec with the syntax of `--set` (src/run/setOverrides.ts),
 * and each value is parsed as a `--set` value (JSON when it parses, else the text itself, so
 * `fv2` needs no quotes). Values are separated by the commas that are outside brackets,
 * braces and double-quoted strings, so lists and objects can be values. A missing `=`, a bad
 * path, an empty list or an empty value, and a value given twice are InputErrors naming the
 * `--vary` argument.
 */

/** One parsed `--vary`. */
export interface Variation {
  /** Path segments, as parseSet gives them. */
  path: (string | number)[];
  /** The path as typed (`energy[0].m`). */
  pathText: string;
  /** The values, parsed like `--set` values, in the order given. */
  values: unknown[];
  /** Each value's text as typed (for labels and messages). */
  texts: string[];
  /** The argument as typed. */
  arg: string;
}

/** Splits at the commas outside [], {} and "…" (a backslash escapes inside a string). */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Parses one `--vary path=v1,v2,…` argument. */
export function parseVary(arg: string): Variation {
  const field = `--vary ${arg}`;
  const eq = arg.indexOf("=");
  if (eq <= 0) {
    throw new InputError(
      field,
      "must be path=v1,v2,…: a field of the problem spec and its values, e.g. grid.n=64,128,256 or scheme.flux=fv2,sg",
    );
  }
  const pathText = arg.slice(0, eq).trim();
  let path: (string | number)[];
  try {
    path = parseSet(`${pathText}=0`).path;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new InputError(field, err.message.slice(err.field.length + 2));
  }
  const list = arg.slice(eq + 1);
  if (list.trim() === "") {
    throw new InputError(
      field,
      `gives no values for ${pathText}: list one or more after '=', separated by commas (e.g. ${pathText}=1,2)`,
    );
  }
  const texts = splitTopLevel(list).map((t) => t.trim());
  const empty = texts.findIndex((t) => t === "");
  if (empty >= 0) {
    throw new InputError(
      field,
      `value ${empty + 1} of ${texts.length} is empty: separate the values by single commas, with none at either end`,
    );
  }
  const values = texts.map(parseSetValue);
  const keys = values.map((v) => JSON.stringify(v));
  keys.forEach((k, i) => {
    const j = keys.indexOf(k);
    if (j < i) {
      throw new InputError(
        field,
        `the value ${texts[i]} is given twice (values ${j + 1} and ${i + 1}): each point of a sweep must differ`,
      );
    }
  });
  return { path, pathText, values, texts, arg };
}

/** Parses every `--vary`; the same path twice is an InputError naming the second. */
export function parseVariations(args: readonly string[]): Variation[] {
  const out: Variation[] = [];
  for (const arg of args) {
    const v = parseVary(arg);
    const key = JSON.stringify(v.path);
    const twice = out.find((o) => JSON.stringify(o.path) === key);
    if (twice) {
      throw new InputError(
        `--vary ${arg}`,
        `varies ${v.pathText}, which '--vary ${twice.arg}' already varies: give all its values in one --vary`,
      );
    }
    out.push(v);
  }
  return out;
}

import type { z } from "zod";
import { InputError } from "../errors.js";
import { joinPath, type PathPart } from "./jsonPath.js";

/**
 * Turns the first issue of a failed zod parse into an InputError whose field is the JSON
 * path of the value at fault and whose message says what is allowed and what was given.
 */
export function issueToInputError(base: string, issue: z.core.$ZodIssue): InputError {
  const path = joinPath(base, ...(issue.path as PathPart[]));
  return new InputError(path, describeIssue(issue));
}

function shown(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const got = "input" in issue ? `, got ${shown(issue.input)}` : "";
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return `is required (${article(issue.expected)})`;
      return `must be ${article(issue.expected)}${got}`;
    case "too_small": {
      if (issue.origin === "array") {
        const n = Number(issue.minimum);
        return issue.exact
          ? `must have exactly ${n} entr${n === 1 ? "y" : "ies"}${got}`
          : `must have at least ${n} entr${n === 1 ? "y" : "ies"}${got}`;
      }
      if (issue.origin === "string") return `must not be empty${got}`;
      return `must be ${issue.inclusive ? ">=" : ">"} ${String(issue.minimum)}${got}`;
    }
    case "too_big": {
      if (issue.origin === "array") {
        const n = Number(issue.maximum);
        return issue.exact
          ? `must have exactly ${n} entr${n === 1 ? "y" : "ies"}${got}`
          : `must have at most ${n} entr${n === 1 ? "y" : "ies"}${got}`;
      }
      return `must be ${issue.inclusive ? "<=" : "<"} ${String(issue.maximum)}${got}`;
    }
    case "unrecognized_keys":
      return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys
        .map((k) => `'${k}'`)
        .join(", ")}${allowedKeys(issue)}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}${got}`;
    case "not_multiple_of":
      return `must be a multiple of ${String(issue.divisor)}${got}`;
    case "invalid_union":
      if (issue.input === undefined) return "is required";
      return `does not match any allowed form${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

function allowedKeys(issue: z.core.$ZodIssue): string {
  const allowed = (issue as { allowed?: string[] }).allowed;
  return allowed && allowed.length > 0 ? `; allowed: ${allowed.join(", ")}` : "";
}

function article(expected: string): string {
  if (expected === "int") return "an integer";
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** Parses `raw` with `schema`; on failure throws the first issue as an InputError at `base`. */
export function parseWith<S extends z.ZodType>(schema: S, raw: unknown, base: string): z.output<S> {
  const r = schema.safeParse(raw, { reportInput: true });
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  if (issue.code === "unrecognized_keys") {
    const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
    // Name the allowed fields of the object at fault (top level of this schema only).
    if (shape && issue.path.length === 0) {
      (issue as { allowed?: string[] }).allowed = Object.keys(shape);
    }
  }
  throw issueToInputError(base, issue);
}

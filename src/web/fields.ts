import { formatPath, type PathPart } from "../problem/jsonPath.js";
import { applySets } from "../run/setOverrides.js";

/**
 * The playground's parameter fields: n, t-end, m, τ, ε, α, β and the potential V, each
 * mapped onto the JSON paths of the spec it sets — the paths `measureflow run --set
 * path=value` takes, applied by the same code (src/run/setOverrides.ts). A field appears
 * only when the spec has something for it to set; the fields act on the raw spec (the text
 * in the page's editor), which the worker then validates with validateSpec.
 *
 * - n: every entry of grid.n (as `--n`);
 * - t-end: output.tEnd;
 * - m: the exponent of every generalized-entropy term, of a barenblatt initial datum and of
 *   a barenblatt exact solution that states one (the nodes `--m` sets);
 * - τ, ε: the jko scheme's tau / eps, or a split scheme's step tau and its jko transport's;
 * - α, β: geometry.alpha / beta of wfr and ift; β is the rate of fisher-rao;
 * - V: the V of the first energy term that has one (a potential term, or KL(ρ‖π) with
 *   π ∝ e^{−V}), as a formula (potential kind "expression"). The exact solution, the
 *   observables and the L1 check were stated for the original potential, so a new V removes
 *   them (and a KL term's targetMass, which needs the closed-form ∫e^{−V} of a quadratic).
 */
export type FieldKey = "n" | "tEnd" | "m" | "tau" | "eps" | "alpha" | "beta" | "V";

export interface Field {
  key: FieldKey;
  label: string;
  /** The JSON paths the field sets, as `--set` writes them ("energy[0].m"). */
  paths: string[];
  /** Current value: a number, a formula, or null when the spec leaves it to its default. */
  value: number | string | null;
  kind: "integer" | "number" | "formula";
  /** What an empty field means, or a note on what setting it does. */
  hint: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const num = (v: unknown): number | null => (typeof v === "number" ? v : null);

/** A node's kind, if it is a registry node. */
const kindOf = (v: unknown): string | null =>
  isObject(v) && typeof v.kind === "string" ? v.kind : null;

/** The fields a raw spec has, with their paths and current values, in a fixed order. */
export function fieldsOf(spec: Json): Field[] {
  const fields: Field[] = [];
  const grid = isObject(spec.grid) ? spec.grid : {};
  if (Array.isArray(grid.n) && grid.n.length > 0) {
    fields.push({
      key: "n",
      label: "n",
      paths: ["grid.n"],
      value: num(grid.n[0]),
      kind: "integer",
      hint: `cells per axis (all ${grid.n.length} ax${grid.n.length === 1 ? "is" : "es"})`,
    });
  }
  const output = isObject(spec.output) ? spec.output : {};
  fields.push({
    key: "tEnd",
    label: "t-end",
    paths: ["output.tEnd"],
    value: num(output.tEnd),
    kind: "number",
    hint: "final time",
  });
  const mPaths = exponentPaths(spec);
  if (mPaths.length > 0) {
    fields.push({
      key: "m",
      label: "m",
      paths: mPaths.map(formatPath),
      value: num(valueAt(spec, mPaths[0])),
      kind: "number",
      hint: "porous-medium exponent m > 1",
    });
  }
  const jko = jkoPath(spec);
  const tauPaths: PathPart[][] = [];
  if (kindOf(spec.scheme) === "split") tauPaths.push(["scheme", "tau"]);
  if (jko) tauPaths.push([...jko, "tau"]);
  if (tauPaths.length > 0) {
    fields.push({
      key: "tau",
      label: "τ",
      paths: tauPaths.map(formatPath),
      value: num(valueAt(spec, tauPaths[0])),
      kind: "number",
      hint: "time step of each implicit (or split) step",
    });
  }
  if (jko) {
    fields.push({
      key: "eps",
      label: "ε",
      paths: [formatPath([...jko, "eps"])],
      value: num(valueAt(spec, [...jko, "eps"])),
      kind: "number",
      hint: "entropic regularisation (empty: the scheme's default)",
    });
  }
  const g = kindOf(spec.geometry);
  if (g === "wfr" || g === "ift") {
    const geometry = spec.geometry as Json;
    fields.push({
      key: "alpha",
      label: "α",
      paths: ["geometry.alpha"],
      value: num(geometry.alpha),
      kind: "number",
      hint: "weight of the transport (Wasserstein) part",
    });
    fields.push({
      key: "beta",
      label: "β",
      paths: ["geometry.beta"],
      value: num(geometry.beta),
      kind: "number",
      hint: "weight of the reaction part",
    });
  } else if (g === "fisher-rao") {
    fields.push({
      key: "beta",
      label: "β",
      paths: ["geometry.rate"],
      value: num((spec.geometry as Json).rate),
      kind: "number",
      hint: "rate of the Fisher–Rao flow (empty: 1)",
    });
  }
  const v = potentialPath(spec);
  if (v) {
    const node = valueAt(spec, v);
    const expr = kindOf(node) === "expression" ? (node as Json).expr : null;
    fields.push({
      key: "V",
      label: "V(x)",
      paths: [formatPath(v)],
      value: typeof expr === "string" ? expr : null,
      kind: "formula",
      hint:
        `now: ${kindOf(node) ?? "?"}. A formula in x, y, z (e.g. (x^2 - 1)^2) replaces it and ` +
        "removes the exact solution, the observables and the L1 check",
    });
  }
  return fields;
}

/**
 * The raw spec with field `key` set to `value` (a copy; `spec` is not modified). An empty
 * value (null, "") removes the keys of an optional field (ε, β of fisher-rao) and is
 * refused for the others.
 */
export function setField(spec: Json, key: FieldKey, value: number | string | null): Json {
  const field = fieldsOf(spec).find((f) => f.key === key);
  if (!field) throw new Error(`this spec has no field '${key}'`);
  const empty = value === null || value === "";
  if (empty) {
    if (key !== "eps" && key !== "beta") throw new Error(`${field.label} needs a value`);
    const out = structuredClone(spec);
    for (const p of field.paths) removeAt(out, parsePath(p));
    return out;
  }
  if (key === "V") {
    const out = applySets(spec, [
      { path: parsePath(field.paths[0]), value: { kind: "expression", expr: value }, arg: "V" },
    ]);
    delete out.exact;
    delete out.observables;
    const term = valueAt(out, parsePath(field.paths[0]).slice(0, -1));
    if (isObject(term)) delete term.targetMass;
    if (isObject(out.checks)) {
      const checks = { ...out.checks };
      delete checks.l1;
      if (Object.keys(checks).length > 0) out.checks = checks;
      else delete out.checks;
    }
    return out;
  }
  if (typeof value !== "number") throw new Error(`${field.label} must be a number`);
  const sets = field.paths.map((p) => {
    const path = parsePath(p);
    const v =
      key === "n" ? (valueAt(spec, path) as unknown[]).map(() => value) : (value as unknown);
    return { path, value: v, arg: `${p}=${JSON.stringify(v)}` };
  });
  return applySets(spec, sets);
}

/** "energy[0].m" → ["energy", 0, "m"]. */
export function parsePath(text: string): PathPart[] {
  const parts: PathPart[] = [];
  for (const m of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    parts.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  }
  return parts;
}

function valueAt(root: unknown, path: readonly PathPart[]): unknown {
  let node = root;
  for (const p of path) {
    if (typeof p === "number") node = Array.isArray(node) ? node[p] : undefined;
    else node = isObject(node) ? node[p] : undefined;
  }
  return node;
}

function removeAt(root: Json, path: readonly PathPart[]): void {
  const parent = valueAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (isObject(parent) && typeof last === "string") delete parent[last];
}

/** The m paths: what `--m` sets (src/run/specScenario.ts, exponentNodes). */
function exponentPaths(spec: Json): PathPart[][] {
  const paths: PathPart[][] = [];
  const energy = Array.isArray(spec.energy) ? spec.energy : [];
  energy.forEach((e, i) => {
    if (kindOf(e) === "generalized-entropy") paths.push(["energy", i, "m"]);
  });
  if (kindOf(spec.initial) === "barenblatt") paths.push(["initial", "m"]);
  const exact = spec.exact;
  if (kindOf(exact) === "barenblatt") {
    const e = exact as Json;
    if (e.m !== undefined) paths.push(["exact", "m"]);
    if (isObject(e.initial) && e.initial.m !== undefined) paths.push(["exact", "initial", "m"]);
  }
  return paths;
}

/** The jko node: the scheme, or a split scheme's jko transport. */
function jkoPath(spec: Json): PathPart[] | null {
  const s = spec.scheme;
  if (kindOf(s) === "jko") return ["scheme"];
  if (kindOf(s) === "split" && kindOf((s as Json).transport) === "jko") {
    return ["scheme", "transport"];
  }
  return null;
}

/** The V node of the first energy term that has one (potential, kl). */
function potentialPath(spec: Json): PathPart[] | null {
  const energy = Array.isArray(spec.energy) ? spec.energy : [];
  const i = energy.findIndex((e) => isObject(e) && kindOf(e.V) !== null);
  return i < 0 ? null : ["energy", i, "V"];
}

import { readFileSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, resolve } from "node:path";
import { InputError } from "../errors.js";
import { buildProblem, gridOf } from "../problem/build.js";
import "../problem/catalog.js";
import type { SpecNode } from "../problem/registry.js";
import { geometries, schemeEntry } from "../problem/registries.js";
import { resolveFv } from "../problem/schemes/fvDefaults.js";
import { validateSpec, type ProblemSpec, type ProblemSpecInput } from "../problem/spec.js";
import { resolveOptions, type MethodFor, type OptionScope } from "./options.js";
import type { Problem, Scenario, ScenarioOptions, SchemeName } from "./scenario.js";

/**
 * A problem spec (src/problem/spec.ts) as a runnable {@link Scenario}: what scenarios/<name>.json
 * files, `measureflow run spec.json` and scenario scripts that build a spec object go through.
 *
 * **Legacy options.** The run options of the CLI (`--n`, `--t-end`, `--scheme`, …) are applied
 * onto a copy of the spec before it is validated and built. An option whose value differs from
 * what the spec says (its default, {@link specDefaults}) changes the spec:
 * - `--n N` → every entry of grid.n (its default is grid.n[0]: on a grid with unequal axes, an
 *   `--n` equal to grid.n[0] leaves the grid as it is); `--t-end T` → output.tEnd;
 *   `--snapshots K` → output.snapshots;
 * - `--scheme fv1|fv2|sg` → scheme {kind: "fv", flux} (a split scheme: its transport's flux);
 *   `jko` → {kind: "jko", tau, eps, blurCorrection}; `explicit` → {kind: "fv"} (on a
 *   Fisher–Rao geometry); `exact` → {kind: "exact-fisher-rao"};
 * - `--method`, `--cfl`, `--dt` → the fv scheme's (or a split's fv transport's) parameters;
 * - `--tau`, `--eps`, `--blur-correction` → the jko scheme's (`--tau` also a split's step);
 * - `--m M` → the m of every generalized-entropy term and of a barenblatt initial / exact node.
 * An option that has nothing to change in the spec is an InputError naming it (exit code 2);
 * resolveOptions refuses an option the run's scheme does not read even when it equals the
 * spec's value (`optionApplies` adds the one case its rule misses: a split scheme's τ with an
 * fv flux).
 * `checks.l1` is a threshold for the spec as written: an option that changes the computed
 * solution (all but `--snapshots`) drops it (the mass and energy checks stay).
 * The legacy scheme names a spec supports (`schemes`) follow from its geometry and from the
 * geometries each scheme entry declares.
 *
 * **JKO output times** are snapped to multiples of τ by the builder (outputTimesOf in
 * src/problem/build.ts), so a JKO run takes full steps only and its results do not depend on
 * the number of snapshots. tEnd itself becomes round(tEnd/τ)·τ.
 *
 * **Files.** A relative file path in the spec (initial data from a file, …) is read relative
 * to the folder of the spec file (`source`).
 *
 * **Scripts.** A scenario script builds the same spec object and adds only what data cannot
 * say; relative paths then resolve against the script's folder:
 * ```ts
 * const scenario = specScenario({ name: "my-run", grid: …, … }, fileURLToPath(import.meta.url));
 * export default scenario;
 * await runScenarioMain(scenario, import.meta.url);
 * ```
 */
export interface SpecScenario extends Scenario {
  /** The spec as validated from the file (defaults filled in). */
  spec: ProblemSpec;
  /** Where the spec came from (a file path, or a label for specs built in code). */
  source: string;
  /** The spec with the resolved options applied (validated), as `build` runs it. */
  specFor(options: ScenarioOptions): ProblemSpec;
  /** Options the spec reads beyond resolveOptions' rule (a split scheme's τ with fv). */
  optionApplies: OptionScope;
  /** The method a run with another --scheme uses when --method is not given. */
  methodFor: MethodFor;
}

/** True for scenarios made by {@link specScenario}. */
export function isSpecScenario(s: Scenario): s is SpecScenario {
  return typeof (s as Partial<SpecScenario>).specFor === "function";
}

/**
 * The Scenario of a raw spec (parsed JSON or a spec object built in code). Validates it now
 * (errors name the JSON path, prefixed by nothing: the caller adds the file). `source` is the
 * spec file (relative paths inside the spec resolve against its folder); its base name is the
 * scenario's name when the spec has no "name".
 */
export function specScenario(raw: ProblemSpecInput, source: string): SpecScenario {
  const spec = validateSpec(raw);
  const name = spec.name ?? basename(source, extname(source));
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new InputError(
      "name",
      `the scenario needs a kebab-case name (a "name" field, or the file name), got '${name}'`,
    );
  }
  const folder = dirname(resolve(source));
  const readText = (p: string): string =>
    readFileSync(isAbsolute(p) ? p : resolve(folder, p), "utf8");
  const defaults = specDefaults(spec, readText);
  const schemes = legacySchemes(spec, defaults.scheme!, readText);
  // A split scheme with an fv transport keeps its step τ under --scheme fv1|fv2|sg (schemeFor).
  const optionApplies: OptionScope = (key, scheme) =>
    key === "tau" &&
    spec.scheme.kind === "split" &&
    fvNode(spec.scheme) !== undefined &&
    (FLUXES as readonly string[]).includes(scheme);
  // An fv method "auto" follows the flux --scheme picks (fvDefaults.ts).
  const methodFor: MethodFor = (scheme) => {
    const fv = fvNode(spec.scheme);
    if (!fv || !(FLUXES as readonly string[]).includes(scheme)) return undefined;
    return resolveFv({ ...fv, flux: scheme }, spec.energy, spec.geometry).method;
  };
  // What the options resolve to without any given: an option differing from it changes the spec.
  const base = resolveOptions({ name, defaults, schemes, optionApplies, methodFor }, {});
  const specFor = (options: ScenarioOptions): ProblemSpec =>
    validateSpec(applyOptions(spec, base, options));
  return {
    name,
    title: spec.title ?? name,
    description: spec.description ?? "",
    defaults,
    schemes,
    spec,
    source,
    specFor,
    optionApplies,
    methodFor,
    build(options: ScenarioOptions): Problem {
      return buildProblem(specFor(options), { readText });
    },
  };
}

const FLUXES = ["fv1", "fv2", "sg"] as const;

/** Options that change the computed solution (not `snapshots`): they void `checks.l1`. */
const PROBLEM_OPTIONS: (keyof ScenarioOptions)[] = [
  "n",
  "tEnd",
  "scheme",
  "method",
  "cfl",
  "dt",
  "tau",
  "eps",
  "m",
];

/** The fv node a run's fv options act on: the scheme, or a split scheme's fv transport. */
function fvNode(scheme: SpecNode): SpecNode | undefined {
  if (scheme.kind === "fv") return scheme;
  const t = scheme.transport as SpecNode | undefined;
  if (scheme.kind === "split" && t?.kind === "fv") return t;
  return undefined;
}

/** The jko node: the scheme, or a split scheme's jko transport. */
function jkoNode(scheme: SpecNode): SpecNode | undefined {
  if (scheme.kind === "jko") return scheme;
  const t = scheme.transport as SpecNode | undefined;
  if (scheme.kind === "split" && t?.kind === "jko") return t;
  return undefined;
}

/** True if the spec's geometry moves mass (a Wasserstein part, α > 0). */
function hasTransport(spec: ProblemSpec, readText: (p: string) => string): boolean {
  const factory = geometries.build(
    spec.geometry,
    { grid: gridOf(spec), spec, readText },
    "geometry",
  );
  return factory.transport > 0;
}

/** The legacy `--scheme` name of a spec's scheme. */
/** Scheme kinds the legacy `--scheme` names describe. */
const LEGACY_KINDS = ["fv", "jko", "exact-fisher-rao", "split"];

function legacyName(spec: ProblemSpec, transport: boolean): SchemeName {
  const s = spec.scheme;
  if (s.kind === "jko") return "jko";
  if (s.kind === "exact-fisher-rao") return "exact";
  const fv = fvNode(s);
  if (fv) return transport ? (fvChoice(spec, fv).flux as SchemeName) : "explicit";
  if (jkoNode(s)) return "jko";
  // A scheme without a legacy name (added later): name it by its geometry's family.
  return transport ? "fv2" : "explicit";
}

/** The flux and method an fv node runs with ("auto" resolved by the registry's rule). */
function fvChoice(spec: ProblemSpec, fv: SpecNode): ReturnType<typeof resolveFv> {
  return resolveFv(fv, spec.energy, spec.geometry);
}

/** Values of the run options as the spec sets them (what `--option` overrides). */
export function specDefaults(
  spec: ProblemSpec,
  readText: (p: string) => string = () => {
    throw new Error("no file access");
  },
): Partial<ScenarioOptions> {
  const d: Partial<ScenarioOptions> = {
    n: spec.grid.n[0],
    tEnd: spec.output.tEnd,
    snapshots: spec.output.snapshots,
    scheme: legacyName(spec, hasTransport(spec, readText)),
  };
  if (!LEGACY_KINDS.includes(spec.scheme.kind)) d.schemeKind = spec.scheme.kind;
  const fv = fvNode(spec.scheme);
  if (fv) {
    d.method = fvChoice(spec, fv).method;
    d.cfl = fv.cfl as number;
    if (fv.dt !== undefined) d.dt = fv.dt as number;
  }
  const jko = jkoNode(spec.scheme);
  if (jko) {
    if (jko.tau !== undefined) d.tau = jko.tau as number;
    if (jko.eps !== undefined) d.eps = jko.eps as number;
    if (jko.blurCorrection === true) d.blurCorrection = true;
  } else if (spec.scheme.kind === "split" && typeof spec.scheme.tau === "number") {
    d.tau = spec.scheme.tau;
  }
  const m = exponentNodes(spec)[0]?.m;
  if (typeof m === "number") d.m = m;
  return d;
}

/** The nodes holding a porous-medium exponent m that `--m` sets. */
function exponentNodes(spec: ProblemSpec): SpecNode[] {
  const nodes = spec.energy.filter((e) => e.kind === "generalized-entropy");
  if (spec.initial.kind === "barenblatt") nodes.push(spec.initial);
  if (spec.exact?.kind === "barenblatt" && spec.exact.m !== undefined) nodes.push(spec.exact);
  const initial = spec.exact?.initial as SpecNode | undefined;
  if (spec.exact?.kind === "barenblatt" && initial?.m !== undefined) nodes.push(initial);
  return nodes;
}

/** The legacy scheme names a spec supports: its own first, then what its geometry allows. */
function legacySchemes(
  spec: ProblemSpec,
  own: SchemeName,
  readText: (p: string) => string,
): SchemeName[] {
  const g = spec.geometry.kind;
  const steps = (kind: string): boolean => {
    try {
      const e = schemeEntry(kind);
      return e.geometries === "*" || e.geometries.includes(g);
    } catch {
      return false;
    }
  };
  const names: SchemeName[] = [own];
  const add = (n: SchemeName): void => {
    if (!names.includes(n)) names.push(n);
  };
  if (hasTransport(spec, readText)) {
    if (steps("fv")) FLUXES.forEach(add);
    if (steps("jko")) add("jko");
  } else {
    if (steps("exact-fisher-rao")) add("exact");
    if (steps("fv")) add("explicit");
  }
  return names;
}

/**
 * A spec with the run options `o` applied (not yet validated); `d` are the options the spec
 * resolves to when none is given, and only options that differ from them change the spec.
 * The input spec is not modified.
 */
export function applyOptions(
  spec: ProblemSpec,
  d: ScenarioOptions,
  o: ScenarioOptions,
): ProblemSpecInput {
  const s = structuredClone(spec) as ProblemSpec;
  const changed = <K extends keyof ScenarioOptions>(k: K): boolean =>
    o[k] !== undefined && o[k] !== d[k];
  if (changed("n")) s.grid.n = s.grid.n.map(() => o.n);
  if (changed("tEnd")) s.output.tEnd = o.tEnd;
  if (changed("snapshots")) s.output.snapshots = o.snapshots;
  if (changed("scheme")) s.scheme = schemeFor(s.scheme, o);
  const schemeName = o.scheme;
  const fvOptions: [keyof ScenarioOptions, string, string][] = [
    ["method", "--method", "method"],
    ["cfl", "--cfl", "cfl"],
    ["dt", "--dt", "dt"],
  ];
  for (const [key, flag, field] of fvOptions) {
    if (!changed(key)) continue;
    const fv = fvNode(s.scheme);
    if (!fv) {
      throw new InputError(
        flag,
        `applies to the explicit finite-volume schemes; this run's scheme is '${schemeName}' (spec kind '${s.scheme.kind}')`,
      );
    }
    fv[field] = o[key];
  }
  if (changed("tau")) {
    const jko = jkoNode(s.scheme);
    if (jko) jko.tau = o.tau;
    if (s.scheme.kind === "split") s.scheme.tau = o.tau;
    else if (!jko) {
      throw new InputError(
        "--tau",
        `applies to the jko and split schemes; this run's scheme is '${schemeName}' (spec kind '${s.scheme.kind}')`,
      );
    }
  }
  if (changed("eps")) {
    const jko = jkoNode(s.scheme);
    if (!jko) {
      throw new InputError(
        "--eps",
        `applies to the jko scheme; this run's scheme is '${schemeName}' (spec kind '${s.scheme.kind}')`,
      );
    }
    jko.eps = o.eps;
  }
  const blurChanged = (o.blurCorrection ?? false) !== (d.blurCorrection ?? false);
  if (blurChanged) {
    const jko = jkoNode(s.scheme);
    if (!jko) {
      throw new InputError(
        "--blur-correction",
        `applies to the jko scheme; this run's scheme is '${schemeName}'`,
      );
    }
    jko.blurCorrection = o.blurCorrection;
  }
  if (changed("m")) {
    const nodes = exponentNodes(s);
    if (nodes.length === 0) {
      throw new InputError(
        "--m",
        "the spec has no exponent m to set (no generalized-entropy term, no barenblatt data)",
      );
    }
    for (const node of nodes) node.m = o.m;
  }
  // The L1 threshold of `checks` is stated for the spec's own grid, time and scheme; the
  // energy-decay check for its scheme: switching to entropic JKO, whose blur lets F creep up
  // near equilibrium (docs/jko.md), drops it too.
  const problemChanged = PROBLEM_OPTIONS.some((k) => changed(k)) || blurChanged;
  const dropped: ("l1" | "energyMonotone")[] = [
    ...(problemChanged ? (["l1"] as const) : []),
    ...(changed("scheme") && o.scheme === "jko" ? (["energyMonotone"] as const) : []),
  ];
  return withoutChecks(s as unknown as ProblemSpecInput, dropped);
}

/**
 * `raw` without the named thresholds of its `checks` (and without `checks` once none is
 * left): a threshold stated for the spec as written no longer applies to a changed run.
 */
export function withoutChecks(
  raw: ProblemSpecInput,
  names: readonly ("l1" | "massDrift" | "energyMonotone")[],
): ProblemSpecInput {
  const checks = raw.checks as Record<string, unknown> | undefined;
  if (!checks || !names.some((k) => checks[k] !== undefined)) return raw;
  const rest = { ...checks };
  for (const k of names) delete rest[k];
  const out = { ...raw };
  if (Object.keys(rest).length > 0) out.checks = rest;
  else delete out.checks;
  return out;
}

/**
 * The grid a run of `s` with the resolved options `o` has, as applyOptions sets it (`--n`
 * differing from grid.n[0] sets every axis), without validating or building anything.
 */
export function gridFor(
  s: Pick<SpecScenario, "spec" | "defaults">,
  o: ScenarioOptions,
): { n: number[]; lo: number[]; hi: number[] } {
  const g = s.spec.grid;
  return {
    n: o.n !== s.defaults.n ? g.n.map(() => o.n) : [...g.n],
    lo: [...g.lo],
    hi: [...g.hi],
  };
}

/** The jko node of a spec's scheme (the scheme, or a split's jko transport), if any. */
export function specJkoNode(spec: ProblemSpec): SpecNode | undefined {
  return jkoNode(spec.scheme);
}

/** The scheme node of a `--scheme` name (the spec's own node adapted where it can be). */
function schemeFor(current: SpecNode, o: ScenarioOptions): SpecNode {
  switch (o.scheme) {
    case "fv1":
    case "fv2":
    case "sg": {
      if (current.kind === "split" && (current.transport as SpecNode | undefined)?.kind === "fv") {
        return { ...current, transport: { ...(current.transport as SpecNode), flux: o.scheme } };
      }
      if (current.kind === "fv") return { ...current, flux: o.scheme };
      return { kind: "fv", flux: o.scheme, method: o.method, cfl: o.cfl, ...dtOf(o) };
    }
    case "explicit":
      if (current.kind === "fv") return current;
      return { kind: "fv", method: o.method, cfl: o.cfl, ...dtOf(o) };
    case "exact":
      return { kind: "exact-fisher-rao" };
    case "jko": {
      if (o.tau === undefined) {
        throw new InputError("--tau", "the jko scheme needs a time step --tau > 0");
      }
      return {
        kind: "jko",
        tau: o.tau,
        ...(o.eps !== undefined ? { eps: o.eps } : {}),
        ...(o.blurCorrection ? { blurCorrection: true } : {}),
      };
    }
  }
}

function dtOf(o: ScenarioOptions): { dt?: number } {
  return o.dt !== undefined ? { dt: o.dt } : {};
}

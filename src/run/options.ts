import { InputError } from "../errors.js";
import { parseSet, type SetOverride } from "./setOverrides.js";
import { SCHEME_NAMES, type Scenario, type ScenarioOptions, type SchemeName } from "./scenario.js";

/**
 * Command-line options of `measureflow run` (shared by the CLI and by scenario files run
 * directly), their validation, and the merge defaults ← scenario defaults ← overrides.
 * Every bad value raises an InputError naming the option and its allowed range.
 */

export { SCHEME_NAMES };
export const METHOD_NAMES: readonly ScenarioOptions["method"][] = ["euler", "heun", "ssprk3"];

/** Global defaults; a scenario's `defaults` override them, command-line options override both. */
export const GLOBAL_DEFAULTS: Omit<ScenarioOptions, "scheme"> = {
  n: 128,
  tEnd: 1,
  method: "ssprk3",
  cfl: 0.9,
  snapshots: 6,
};

export const N_RANGE = { min: 4, max: 1 << 20 };
export const SNAPSHOTS_RANGE = { min: 2, max: 1000 };

type Kind = "int" | "number" | "enum" | "string" | "flag";

/** Description of one `--option`. */
export interface OptionDef {
  /** Name without dashes, e.g. "t-end". */
  flag: string;
  kind: Kind;
  /** Placeholder in help, e.g. "N". */
  value?: string;
  help: string;
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  values?: readonly string[];
  /** May be given several times; the values are collected in order (a string[]). */
  repeatable?: boolean;
}

/** `--set path=value`: overrides of the problem spec, applied before validation. */
export const SET_DEF: OptionDef = {
  flag: "set",
  kind: "string",
  value: "PATH=VALUE",
  repeatable: true,
  help:
    "set a field of the problem spec before validation (repeatable): --set energy[0].m=1.5 " +
    "--set grid.n=[256]; the value is JSON if it parses, else a string",
};

export const RUN_OPTION_DEFS: OptionDef[] = [
  SET_DEF,
  {
    flag: "n",
    kind: "int",
    value: "N",
    min: N_RANGE.min,
    max: N_RANGE.max,
    help: "cells per axis",
  },
  {
    flag: "t-end",
    kind: "number",
    value: "T",
    min: 0,
    exclusiveMin: true,
    help: "final time",
  },
  {
    flag: "scheme",
    kind: "enum",
    value: "NAME",
    values: SCHEME_NAMES,
    help:
      "time scheme: fv1 | fv2 | sg (finite volumes) | jko (entropic JKO) | explicit (Runge–Kutta, " +
      "Fisher–Rao) | exact (exact Fisher–Rao step); the scenario lists the ones it supports",
  },
  {
    flag: "method",
    kind: "enum",
    value: "NAME",
    values: METHOD_NAMES,
    help: 'Runge–Kutta method of the explicit schemes: euler | heun | ssprk3 (default: the spec\'s; its "auto" is euler with sg on a Wasserstein geometry, else ssprk3)',
  },
  {
    flag: "cfl",
    kind: "number",
    value: "C",
    min: 0,
    exclusiveMin: true,
    max: 1,
    help: "fraction of the stable explicit step, in (0, 1]",
  },
  {
    flag: "dt",
    kind: "number",
    value: "DT",
    min: 0,
    exclusiveMin: true,
    help: "fixed explicit time step (default: adaptive)",
  },
  {
    flag: "tau",
    kind: "number",
    value: "TAU",
    min: 0,
    exclusiveMin: true,
    help: "JKO time step τ (jko only)",
  },
  {
    flag: "eps",
    kind: "number",
    value: "EPS",
    min: 0,
    exclusiveMin: true,
    help: "entropic regularisation ε (jko only)",
  },
  {
    flag: "blur-correction",
    kind: "flag",
    help: "jko only: entropy weight ν − ε/(4τ), cancelling the entropic blur (docs/jko.md)",
  },
  {
    flag: "snapshots",
    kind: "int",
    value: "K",
    min: SNAPSHOTS_RANGE.min,
    max: SNAPSHOTS_RANGE.max,
    help: "snapshots stored and plotted, including t = 0 and t-end",
  },
  {
    flag: "m",
    kind: "number",
    value: "M",
    min: 1,
    exclusiveMin: true,
    help: "porous-medium exponent (porous-medium scenarios only)",
  },
  { flag: "out", kind: "string", value: "DIR", help: "output root folder (default: output)" },
  {
    flag: "save-density",
    kind: "flag",
    help: "also write the final density to <out>/<name>/density.json",
  },
  {
    flag: "force",
    kind: "flag",
    help: "let a failed or interrupted run replace an ok result in <out>/<name>/ (default: kept, the new run goes to <name>.failed/ or <name>.interrupted/)",
  },
  {
    flag: "max-memory",
    kind: "number",
    value: "GIB",
    min: 0,
    exclusiveMin: true,
    help: "memory budget of the run in GiB, checked before allocation (default: half of this machine's memory)",
  },
];

/** Values parsed from argv, keyed by flag name, plus positionals. */
export interface ParsedArgs {
  positionals: string[];
  values: Record<string, number | string | boolean | string[]>;
  help: boolean;
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Human description of the allowed values of an option, e.g. "an integer in [4, 1048576]". */
export function describeRange(def: OptionDef): string {
  if (def.kind === "enum") return `one of ${def.values!.join(", ")}`;
  if (def.kind === "string") return "a non-empty string";
  if (def.kind === "flag") return "a flag without a value";
  const what = def.kind === "int" ? "an integer" : "a number";
  const { min, max, exclusiveMin } = def;
  if (min !== undefined && max !== undefined) {
    return `${what} in ${exclusiveMin ? "(" : "["}${min}, ${max}]`;
  }
  if (min !== undefined) return `${what} ${exclusiveMin ? ">" : ">="} ${min}`;
  if (max !== undefined) return `${what} <= ${max}`;
  return what;
}

/** Parses and validates one option value; throws InputError("--flag", …). */
export function parseOptionValue(def: OptionDef, raw: string): number | string | boolean {
  const field = `--${def.flag}`;
  const bad = (): never => {
    throw new InputError(field, `must be ${describeRange(def)}, got '${raw}'`);
  };
  switch (def.kind) {
    case "flag":
      return bad();
    case "string":
      return raw.trim() === "" ? bad() : raw;
    case "enum":
      return def.values!.includes(raw) ? raw : bad();
    case "int":
    case "number": {
      if (!NUMBER_RE.test(raw.trim())) bad();
      const v = Number(raw);
      if (!Number.isFinite(v)) bad();
      checkNumber(def, v, () => bad());
      return v;
    }
  }
}

function checkNumber(def: OptionDef, v: number, fail: () => void): void {
  if (def.kind === "int" && !Number.isInteger(v)) fail();
  if (def.min !== undefined && (def.exclusiveMin ? v <= def.min : v < def.min)) fail();
  if (def.max !== undefined && v > def.max) fail();
}

/**
 * Parses `argv` against option definitions. Accepts `--name value` and `--name=value`;
 * `-h`/`--help` set `help`. Unknown options and missing values are InputErrors.
 */
export function parseArgs(argv: string[], defs: OptionDef[], command: string): ParsedArgs {
  const out: ParsedArgs = { positionals: [], values: {}, help: false };
  const byFlag = new Map(defs.map((d) => [d.flag, d]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") {
      out.help = true;
      continue;
    }
    if (arg === "--") {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-" || NUMBER_RE.test(arg)) {
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = (eq >= 0 ? arg.slice(0, eq) : arg).replace(/^--?/, "");
    const def = byFlag.get(flag);
    if (!def) {
      const known = defs.map((d) => `--${d.flag}`).join(", ");
      throw new InputError(
        eq >= 0 ? arg.slice(0, eq) : arg,
        `unknown option for '${command}' (options: ${known || "none"}, --help)`,
      );
    }
    if (def.kind === "flag") {
      if (eq >= 0) parseOptionValue(def, arg.slice(eq + 1));
      out.values[def.flag] = true;
      continue;
    }
    let raw: string;
    if (eq >= 0) raw = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length || (argv[i + 1].startsWith("--") && argv[i + 1].length > 2)) {
        throw new InputError(`--${def.flag}`, `needs a value: ${describeRange(def)}`);
      }
      raw = argv[++i];
    }
    if (def.repeatable) {
      const list = (out.values[def.flag] as string[] | undefined) ?? [];
      list.push(parseOptionValue(def, raw) as string);
      out.values[def.flag] = list;
      continue;
    }
    if (flag in out.values) {
      throw new InputError(`--${def.flag}`, "given more than once");
    }
    out.values[def.flag] = parseOptionValue(def, raw);
  }
  return out;
}

/** What `measureflow run` needs besides the scenario name. */
export interface RunFlags {
  overrides: Partial<ScenarioOptions>;
  /** `--set` overrides of the problem spec, in the order given. */
  sets: SetOverride[];
  out: string;
  saveDensity: boolean;
  /** `--max-memory`: the memory budget in GiB (undefined: the default, see memoryBudget.ts). */
  maxMemoryGiB?: number;
}

/** Converts parsed run options to scenario overrides and output flags. */
export function runFlagsFrom(values: ParsedArgs["values"]): RunFlags {
  const o: Partial<ScenarioOptions> = {};
  if (values["n"] !== undefined) o.n = values["n"] as number;
  if (values["t-end"] !== undefined) o.tEnd = values["t-end"] as number;
  if (values["scheme"] !== undefined) o.scheme = values["scheme"] as SchemeName;
  if (values["method"] !== undefined) o.method = values["method"] as ScenarioOptions["method"];
  if (values["cfl"] !== undefined) o.cfl = values["cfl"] as number;
  if (values["dt"] !== undefined) o.dt = values["dt"] as number;
  if (values["tau"] !== undefined) o.tau = values["tau"] as number;
  if (values["eps"] !== undefined) o.eps = values["eps"] as number;
  if (values["blur-correction"] === true) o.blurCorrection = true;
  if (values["snapshots"] !== undefined) o.snapshots = values["snapshots"] as number;
  if (values["m"] !== undefined) o.m = values["m"] as number;
  return {
    overrides: o,
    sets: ((values["set"] as string[] | undefined) ?? []).map(parseSet),
    out: (values["out"] as string | undefined) ?? "output",
    saveDensity: values["save-density"] === true,
    ...(values["max-memory"] !== undefined ? { maxMemoryGiB: values["max-memory"] as number } : {}),
  };
}

const defOf = (flag: string): OptionDef => RUN_OPTION_DEFS.find((d) => d.flag === flag)!;

/** The explicit (Runge–Kutta) schemes: the ones `--method`, `--cfl` and `--dt` act on. */
export const EXPLICIT_SCHEMES: readonly SchemeName[] = ["fv1", "fv2", "sg", "explicit"];

/** Options that only some schemes read. */
export type ScopedOption = "method" | "cfl" | "dt" | "tau" | "eps" | "blurCorrection";

const SCOPED: { key: ScopedOption; flag: string; schemes: readonly SchemeName[]; what: string }[] =
  [
    ...(["method", "cfl", "dt"] as const).map((key) => ({
      key,
      flag: `--${key}`,
      schemes: EXPLICIT_SCHEMES,
      what: `the explicit finite-volume schemes (${EXPLICIT_SCHEMES.join(", ")})`,
    })),
    ...(["tau", "eps", "blurCorrection"] as const).map((key) => ({
      key,
      flag: key === "blurCorrection" ? "--blur-correction" : `--${key}`,
      schemes: ["jko"] as SchemeName[],
      what: "the jko scheme",
    })),
  ];

/**
 * Whether a scenario's run with `scheme` reads option `key` although the rule of
 * resolveOptions says it does not (a spec with a split scheme: its τ applies with an fv flux).
 */
export type OptionScope = (key: ScopedOption, scheme: SchemeName) => boolean;

/**
 * The Runge–Kutta method a scenario's run with `scheme` uses when `--method` is not given (a
 * spec whose fv method is "auto" follows its flux: sg → euler, fv2 → ssprk3); undefined: the
 * scenario's default method.
 */
export type MethodFor = (scheme: SchemeName) => ScenarioOptions["method"] | undefined;

/**
 * Merges GLOBAL_DEFAULTS ← scenario.defaults ← overrides and validates the result
 * (the scenario's defaults are checked too, so a bad scenario file fails clearly).
 * The scheme defaults to the scenario's first scheme and must be one it supports.
 *
 * Options that the chosen scheme does not read are refused when given (`--eps` with fv2,
 * `--dt` with jko: InputError naming the option and the scheme) and dropped when they come
 * from the scenario's defaults (a jko scenario run with `--scheme fv2` loses its τ and ε), so
 * that the resolved options, and the command recorded in summary.json, say only what the run
 * uses. `--method`, `--cfl` and `--dt` act on the explicit schemes (EXPLICIT_SCHEMES);
 * `--tau`, `--eps` and `--blur-correction` on jko (a scenario may widen this with
 * `optionApplies`). A JKO step τ larger than t-end is refused: the run takes whole steps
 * of τ and would end at t = τ.
 */
export function resolveOptions(
  scenario: Pick<Scenario, "name" | "defaults" | "schemes"> & {
    optionApplies?: OptionScope;
    methodFor?: MethodFor;
  },
  overrides: Partial<ScenarioOptions> = {},
): ScenarioOptions {
  const schemes = scenario.schemes;
  if (!Array.isArray(schemes) || schemes.length === 0) {
    throw new InputError("scenario.schemes", `${scenario.name} lists no schemes`);
  }
  const merged: ScenarioOptions = {
    ...GLOBAL_DEFAULTS,
    scheme: schemes[0],
    ...stripUndefined(scenario.defaults ?? {}),
    ...stripUndefined(overrides),
  };
  if (overrides.method === undefined && scenario.methodFor) {
    const m = scenario.methodFor(merged.scheme);
    if (m !== undefined) merged.method = m;
  }
  const num = (flag: string, v: number | undefined): void => {
    if (v === undefined) return;
    const def = defOf(flag);
    let ok = typeof v === "number" && Number.isFinite(v);
    if (ok) checkNumber(def, v, () => (ok = false));
    if (!ok) throw new InputError(`--${flag}`, `must be ${describeRange(def)}, got '${v}'`);
  };
  num("n", merged.n);
  num("t-end", merged.tEnd);
  num("cfl", merged.cfl);
  num("dt", merged.dt);
  num("tau", merged.tau);
  num("eps", merged.eps);
  num("snapshots", merged.snapshots);
  num("m", merged.m);
  if (overrides.m !== undefined && scenario.defaults?.m === undefined) {
    throw new InputError("--m", `scenario ${scenario.name} has no exponent m to set`);
  }
  if (!METHOD_NAMES.includes(merged.method)) {
    throw new InputError(
      "--method",
      `must be ${describeRange(defOf("method"))}, got '${merged.method}'`,
    );
  }
  if (!schemes.includes(merged.scheme)) {
    const known = SCHEME_NAMES.includes(merged.scheme);
    throw new InputError(
      "--scheme",
      known
        ? `scenario ${scenario.name} supports ${schemes.join(", ")}; got '${merged.scheme}'`
        : `must be one of ${SCHEME_NAMES.join(", ")} (scenario ${scenario.name} supports ${schemes.join(", ")}), got '${merged.scheme}'`,
    );
  }
  for (const o of SCOPED) {
    const applies =
      o.schemes.includes(merged.scheme) ||
      (scenario.optionApplies?.(o.key, merged.scheme) ?? false);
    if (applies) continue;
    const given =
      o.key === "blurCorrection"
        ? overrides.blurCorrection === true
        : overrides[o.key] !== undefined;
    if (given) {
      throw new InputError(
        o.flag,
        `applies to ${o.what} only; this run's scheme is '${merged.scheme}'`,
      );
    }
    if (o.key !== "method" && o.key !== "cfl") delete merged[o.key];
  }
  if (merged.scheme === "jko" && merged.tau !== undefined && merged.tau > merged.tEnd) {
    const field = overrides.tau === undefined && overrides.tEnd !== undefined ? "--t-end" : "--tau";
    throw new InputError(
      field,
      `the JKO step τ = ${merged.tau} is larger than the final time t-end = ${merged.tEnd}: ` +
        "a JKO run takes whole steps of τ and would end at t = τ; choose τ <= t-end",
    );
  }
  return merged;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const r: Partial<T> = {};
  for (const [k, v] of Object.entries(o))
    if (v !== undefined) (r as Record<string, unknown>)[k] = v;
  return r;
}

/** The `measureflow run …` command that repeats a run with these resolved options. */
export function commandFor(name: string, o: ScenarioOptions): string {
  const parts = ["measureflow run", name, `--n ${o.n}`, `--t-end ${o.tEnd}`];
  // A scheme without a legacy name is the spec's own: `--scheme` would name another one.
  if (o.schemeKind === undefined) parts.push(`--scheme ${o.scheme}`);
  // --method and --cfl are refused with the other schemes (resolveOptions).
  if (o.schemeKind === undefined && EXPLICIT_SCHEMES.includes(o.scheme)) {
    parts.push(`--method ${o.method}`, `--cfl ${o.cfl}`);
  }
  if (o.dt !== undefined) parts.push(`--dt ${o.dt}`);
  if (o.tau !== undefined) parts.push(`--tau ${o.tau}`);
  if (o.eps !== undefined) parts.push(`--eps ${o.eps}`);
  if (o.blurCorrection) parts.push("--blur-correction");
  if (o.m !== undefined) parts.push(`--m ${o.m}`);
  parts.push(`--snapshots ${o.snapshots}`);
  return parts.join(" ");
}

/** Help lines for option definitions: `  --n N          cells per axis (an integer in [4, …])`. */
export function optionHelp(defs: OptionDef[]): string {
  const rows = defs.map((d) => {
    const left = `  --${d.flag}${d.value ? ` ${d.value}` : ""}`;
    const range = d.kind === "int" || d.kind === "number" ? ` (${describeRange(d)})` : "";
    return [left, `${d.help}${range}`];
  });
  const w = Math.max(...rows.map((r) => r[0].length)) + 2;
  return rows.map(([l, r]) => l.padEnd(w) + r).join("\n");
}

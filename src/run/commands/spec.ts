import { InputError } from "../../errors.js";
import {
  optionHelp,
  parseArgs,
  resolveOptions,
  RUN_OPTION_DEFS,
  runFlagsFrom,
} from "../options.js";
import { isSpecScenario } from "../specScenario.js";
import { EXIT_OK, noMorePositionals, type CliIO } from "./io.js";
import { loadTarget } from "./target.js";

/**
 * `measureflow spec <scenario | spec.json> [--set path=value]… [options]`: prints the
 * problem spec that `measureflow run` would run with the same arguments — validated, every
 * default filled in, as JSON with a 2-space indent — to copy, edit and run.
 */

/** The run options that change the spec (not where or what a run writes, nor its budget). */
const RUN_ONLY = new Set(["out", "save-density", "force", "max-memory"]);
export const SPEC_OPTION_DEFS = RUN_OPTION_DEFS.filter((d) => !RUN_ONLY.has(d.flag));

export const SPEC_HELP = `Usage: measureflow spec <scenario | spec.json> [--set path=value]… [options]

Prints the problem spec of a scenario or a spec file as JSON, validated and with every
default filled in: the exact problem \`measureflow run\` runs with the same arguments.
Copy it, edit it, and run it: measureflow spec heat-1d > my.json; measureflow run my.json

Options:
${optionHelp(SPEC_OPTION_DEFS)}`;

/** `measureflow spec` */
export async function specCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, SPEC_OPTION_DEFS, "measureflow spec");
  if (args.help) {
    io.stdout.write(`${SPEC_HELP}\n`);
    return EXIT_OK;
  }
  const [target, ...rest] = args.positionals;
  if (target === undefined) {
    throw new InputError("spec", "needs a scenario name or a spec file (see measureflow list)");
  }
  noMorePositionals("spec", rest);
  const flags = runFlagsFrom(args.values);
  const scenario = await loadTarget(target, io, flags.sets);
  if (!isSpecScenario(scenario)) {
    throw new InputError(
      "spec",
      `scenario ${scenario.name} is a TypeScript scenario without a problem spec: it builds its problem in code`,
    );
  }
  const spec = scenario.specFor(resolveOptions(scenario, flags.overrides));
  io.stdout.write(`${formatJson(spec)}\n`);
  return EXIT_OK;
}

/**
 * JSON with a 2-space indent, as JSON.stringify(value, null, 2), except that a list of
 * numbers, strings or such lists (a vector, a matrix) stays on one line when it fits in
 * `width` characters: `"n": [64, 64]` rather than one number per line.
 */
export function formatJson(value: unknown, width = 100): string {
  const inline = (v: unknown): string | null => {
    if (!Array.isArray(v)) return v !== null && typeof v === "object" ? null : JSON.stringify(v);
    const parts: string[] = [];
    for (const x of v) {
      const p = Array.isArray(x)
        ? inline(x)
        : x !== null && typeof x === "object"
          ? null
          : JSON.stringify(x);
      if (p === null) return null;
      parts.push(p);
    }
    return `[${parts.join(", ")}]`;
  };
  const walk = (v: unknown, indent: string, lead: number): string => {
    if (v === null || typeof v !== "object") return JSON.stringify(v);
    const flat = inline(v);
    if (flat !== null && lead + flat.length <= width) return flat;
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      if (v.length === 0) return "[]";
      return `[\n${v.map((x) => inner + walk(x, inner, inner.length)).join(",\n")}\n${indent}]`;
    }
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return "{}";
    const body = entries.map(([k, x]) => {
      const key = `${inner}${JSON.stringify(k)}: `;
      return key + walk(x, inner, key.length);
    });
    return `{\n${body.join(",\n")}\n${indent}}`;
  };
  return walk(value, "", 0);
}

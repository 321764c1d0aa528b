import { InputError } from "../../errors.js";
import "../../problem/catalog.js";
import { describeEntry, describeRegistries, describeRegistry } from "../../problem/describe.js";
import { allRegistries } from "../../problem/registry.js";
import { parseArgs } from "../options.js";
import { EXIT_OK, noMorePositionals, type CliIO } from "./io.js";

/**
 * `measureflow describe [registry] [kind]`: the registries of the problem spec and their
 * kinds, one registry's kinds with their docs, or one kind's parameter table (name, type,
 * range, default, doc) — all generated from the entries' declarations (src/problem/describe.ts).
 */

export function describeHelp(): string {
  const names = allRegistries().map((r) => r.name);
  return `Usage: measureflow describe [registry] [kind]

Without arguments: every registry of the problem spec with its kinds.
With a registry (${names.join(" | ")}): its kinds, one line each.
With a registry and a kind: the kind's parameters (type, range, default, doc).

Examples:
  measureflow describe energy
  measureflow describe energy generalized-entropy
  measureflow describe scheme fv`;
}

/** `measureflow describe` */
export function describeCommand(argv: string[], io: CliIO): number {
  const args = parseArgs(argv, [], "measureflow describe");
  if (args.help) {
    io.stdout.write(`${describeHelp()}\n`);
    return EXIT_OK;
  }
  const [registry, kind, ...rest] = args.positionals;
  noMorePositionals("describe", rest);
  let text: string;
  if (registry === undefined) text = describeRegistries();
  else if (kind === undefined) text = describeRegistry(registry);
  else {
    try {
      text = describeEntry(registry, kind);
    } catch (err) {
      // An unknown kind is reported at the path "kind": say which registry it was looked up in.
      if (err instanceof InputError && err.field === "kind") {
        throw new InputError(`describe ${registry}`, err.message.slice("kind: ".length));
      }
      throw err;
    }
  }
  io.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  return EXIT_OK;
}

import { InputError } from "../../errors.js";
import { textTable } from "../../report/textTable.js";
import { parseArgs } from "../options.js";
import { listScenarios, loadScenario } from "../registry.js";
import { EXIT_OK, type CliIO } from "./io.js";

export const LIST_HELP = `Usage: measureflow list

Lists the scenarios in scenarios/ with their schemes and titles.`;

/** `measureflow list` */
export async function listCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, [], "measureflow list");
  if (args.help) {
    io.stdout.write(`${LIST_HELP}\n`);
    return EXIT_OK;
  }
  if (args.positionals.length > 0) {
    throw new InputError("list", `unexpected argument '${args.positionals[0]}'`);
  }
  const rows: string[][] = [["name", "schemes", "title"]];
  for (const name of listScenarios(io.scenariosDir)) {
    try {
      const s = await loadScenario(name, io.scenariosDir);
      rows.push([name, s.schemes.join(","), s.title]);
    } catch (err) {
      rows.push([name, "—", `(cannot load: ${err instanceof Error ? err.message : String(err)})`]);
    }
  }
  io.stdout.write(rows.length > 1 ? `${textTable(rows)}\n` : "no scenarios found\n");
  return EXIT_OK;
}

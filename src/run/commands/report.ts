import { join } from "node:path";
import { InputError } from "../../errors.js";
import { readGalleryRows, writeGallery } from "../../report/gallery.js";
import { writeRunReport } from "../../report/runReport.js";
import { optionHelp, parseArgs, type OptionDef } from "../options.js";
import { OUT_DEF } from "./gallery.js";
import { EXIT_FAILED, EXIT_OK, type CliIO } from "./io.js";

export const REPORT_OPTION_DEFS: OptionDef[] = [OUT_DEF];

export const REPORT_HELP = `Usage: measureflow report [--out DIR]

Re-renders <out>/<name>/report.html for every run folder and <out>/index.html from the
files the runs wrote (nothing is recomputed).

Options:
${optionHelp(REPORT_OPTION_DEFS)}`;

/** `measureflow report` */
export function reportCommand(argv: string[], io: CliIO): number {
  const args = parseArgs(argv, REPORT_OPTION_DEFS, "measureflow report");
  if (args.help) {
    io.stdout.write(`${REPORT_HELP}\n`);
    return EXIT_OK;
  }
  if (args.positionals.length > 0) {
    throw new InputError("report", `unexpected argument '${args.positionals[0]}'`);
  }
  const out = (args.values["out"] as string | undefined) ?? "output";
  const rows = readGalleryRows(out);
  let problems = 0;
  for (const r of rows) {
    try {
      writeRunReport(join(out, r.folder), out);
    } catch (err) {
      problems++;
      io.stderr.write(`${r.folder}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  const index = writeGallery(out);
  io.stdout.write(`${rows.length - problems} report(s) written; gallery: ${index}\n`);
  return problems > 0 ? EXIT_FAILED : EXIT_OK;
}

import { InputError } from "../errors.js";
import { describeCommand, describeHelp } from "./commands/describe.js";
import { CONVERGENCE_HELP, convergenceCommand } from "./commands/convergence.js";
import { GALLERY_HELP, galleryCommand } from "./commands/gallery.js";
import { EXIT_OK, EXIT_USAGE, processIO, reportError, type CliIO } from "./commands/io.js";
import { LIST_HELP, listCommand } from "./commands/list.js";
import { OT_HELP, otCommand } from "./commands/ot.js";
import { REPORT_HELP, reportCommand } from "./commands/report.js";
import { runCommand, runHelp } from "./commands/run.js";
import { RESUME_HELP, resumeCommand } from "./commands/resume.js";
import { SERVE_HELP, serveCommand } from "./commands/serve.js";
import { SPEC_HELP, specCommand } from "./commands/spec.js";
import { sweepCommand, sweepHelp } from "./commands/sweep.js";
import { provenance } from "./summary.js";

/**
 * The `measureflow` CLI: `main(argv, io)` dispatches to one module per command
 * (src/run/commands/*.ts), each a function of (argv, io) returning an exit code: 0 success,
 * 1 a run failed, 2 bad command line or input. Errors are printed as one clear line (no
 * stack trace) except for internal errors.
 */

export { EXIT_FAILED, EXIT_OK, EXIT_USAGE, processIO, reportError } from "./commands/io.js";
export type { CliIO } from "./commands/io.js";
export { runCommand, runHelp } from "./commands/run.js";
export { GALLERY_OPTION_DEFS, galleryCommand } from "./commands/gallery.js";
export { REPORT_OPTION_DEFS, reportCommand } from "./commands/report.js";
export { listCommand } from "./commands/list.js";
export { specCommand } from "./commands/spec.js";
export { describeCommand } from "./commands/describe.js";
export { otCommand } from "./commands/ot.js";

const COMMANDS = [
  "run",
  "resume",
  "sweep",
  "spec",
  "describe",
  "ot",
  "list",
  "gallery",
  "convergence",
  "report",
  "serve",
  "help",
];

export const GLOBAL_HELP = `measureflow ${provenance().version} — gradient flows of measures on grids

Usage:
  measureflow run <spec.json | scenario> [--set path=value]… [options]
                                                   run a problem into <out>/<name>/
  measureflow resume <run-folder>                  continue an interrupted run to its end
  measureflow sweep <spec.json | scenario> --vary path=v1,v2,… [--jobs N]
                                                   every combination, on all cores: <out>/<name>.sweep/
  measureflow spec <scenario | spec.json> [--set path=value]…
                                                   print the validated problem spec (JSON)
  measureflow describe [registry] [kind]           the spec's building blocks and parameters
  measureflow ot <a.json> <b.json> --eps E [--json]
                                                   entropic OT cost between two density files
  measureflow list                                 list the scenarios
  measureflow gallery [--only a,b] [--out DIR]     run every scenario, write <out>/index.html
  measureflow convergence [--full] [--out DIR]     error vs h for every exact solution: <out>/convergence.html
  measureflow report [--out DIR]                   re-render every report and the gallery
  measureflow serve [--out DIR] [--port N]         serve <out> and the playground on 127.0.0.1
  measureflow help <command>                       help on a command (or: <command> --help)
  measureflow --version

Exit codes: 0 ok, 1 a run failed, 2 bad command line or input.
See docs/cli.md, docs/problems.md and docs/outputs.md.`;

export function commandHelp(command: string): string | null {
  switch (command) {
    case "run":
      return runHelp();
    case "resume":
      return RESUME_HELP;
    case "sweep":
      return sweepHelp();
    case "spec":
      return SPEC_HELP;
    case "describe":
      return describeHelp();
    case "ot":
      return OT_HELP;
    case "list":
      return LIST_HELP;
    case "gallery":
      return GALLERY_HELP;
    case "convergence":
      return CONVERGENCE_HELP;
    case "report":
      return REPORT_HELP;
    case "serve":
      return SERVE_HELP;
    case "help":
      return GLOBAL_HELP;
    default:
      return null;
  }
}

/** Dispatches a full command line (argv without node and script). */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === undefined) {
      io.stderr.write(`${GLOBAL_HELP}\n`);
      return EXIT_USAGE;
    }
    if (cmd === "-h" || cmd === "--help") {
      io.stdout.write(`${GLOBAL_HELP}\n`);
      return EXIT_OK;
    }
    if (cmd === "--version" || cmd === "-v") {
      io.stdout.write(`${provenance().version}\n`);
      return EXIT_OK;
    }
    switch (cmd) {
      case "run":
        return await runCommand(rest, io);
      case "resume":
        return await resumeCommand(rest, io);
      case "sweep":
        return await sweepCommand(rest, io);
      case "spec":
        return await specCommand(rest, io);
      case "describe":
        return describeCommand(rest, io);
      case "ot":
        return otCommand(rest, io);
      case "list":
        return await listCommand(rest, io);
      case "gallery":
        return await galleryCommand(rest, io);
      case "convergence":
        return await convergenceCommand(rest, io);
      case "report":
        return reportCommand(rest, io);
      case "serve":
        return await serveCommand(rest, io);
      case "help": {
        const help = rest[0] === undefined ? GLOBAL_HELP : commandHelp(rest[0]);
        if (help === null) {
          throw new InputError(
            "help",
            `unknown command '${rest[0]}' (commands: ${COMMANDS.join(", ")})`,
          );
        }
        io.stdout.write(`${help}\n`);
        return EXIT_OK;
      }
      default:
        throw new InputError(
          "measureflow",
          `unknown command '${cmd}' (commands: ${COMMANDS.join(", ")}; see measureflow --help)`,
        );
    }
  } catch (err) {
    return reportError(err, io);
  }
}

import { InputError } from "../../errors.js";
import { fmtNum, fmtSeconds } from "../../report/html.js";
import { optionHelp, parseArgs, type OptionDef } from "../options.js";
import { ProgressDisplay } from "../progress.js";
import { resumeRun, type RunOutcome } from "../runScenario.js";
import { EXIT_OK, type CliIO } from "./io.js";
import { outcomeExitCode, printOutcomeTail } from "./run.js";

/** `measureflow resume <run-folder> [--force]` */

const FORCE_DEF: OptionDef = {
  flag: "force",
  kind: "flag",
  help: "if the resumed run fails or is interrupted again, let it replace an ok result in <out>/<name>/",
};
export const RESUME_OPTION_DEFS: OptionDef[] = [FORCE_DEF];

export const RESUME_HELP = `Usage: measureflow resume <run-folder> [--force]

Continues an unfinished run — one stopped by Ctrl-C / SIGTERM (status "interrupted", e.g.
<out>/<name>.interrupted/), or a failed run stopped by a step limit — from the checkpoint
it left (the full-precision state where it stopped) to its final time, with the spec,
options and output times recorded in its summary.json. The result replaces
<out>/<name>/ as a completed run would (docs/outputs.md, "Run folders").

The explicit finite-volume schemes continue exactly as the uninterrupted run would have
(the same steps, bit for bit); the entropic JKO restarts its Sinkhorn warm start, so its
first resumed step agrees with the uninterrupted one to the Sinkhorn tolerance.

Options:
${optionHelp(RESUME_OPTION_DEFS)}`;

/** `measureflow resume` */
export async function resumeCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, RESUME_OPTION_DEFS, "measureflow resume");
  if (args.help) {
    io.stdout.write(`${RESUME_HELP}\n`);
    return EXIT_OK;
  }
  const [folder, ...rest] = args.positionals;
  if (folder === undefined) {
    throw new InputError(
      "resume",
      "missing run folder, e.g. measureflow resume output/heat-1d.interrupted (see measureflow resume --help)",
    );
  }
  if (rest.length > 0) throw new InputError("resume", `unexpected argument '${rest[0]}'`);
  const display = new ProgressDisplay({
    label: folder,
    stream: io.stderr,
    minSeconds: io.progressMinSeconds ?? 1,
  });
  const outcome = await resumeRun(folder, {
    force: args.values["force"] === true,
    onProgress: display.update,
    onWarning: (m) => io.stderr.write(`warning: ${m}\n`),
  });
  printResumed(outcome, io);
  return outcomeExitCode(outcome, io);
}

function printResumed(o: RunOutcome, io: CliIO): void {
  const s = o.summary;
  const m = s.metrics;
  const from = s.resumed?.[s.resumed.length - 1];
  const secs = s.timings ? s.timings.simulateSeconds : null;
  const lines = [
    `${o.name}: ${o.status}  (resumed at t = ${from ? fmtNum(from.t, 6) : "?"} after ${from?.step ?? "?"} steps; t = ${fmtNum(s.t, 6)} of ${fmtNum(s.tEnd, 6)}, ${s.steps} steps in all, ${fmtSeconds(secs)})`,
  ];
  if (m && m.l1 !== null) {
    lines.push(`  L1 ${fmtNum(m.l1)}  L∞ ${fmtNum(m.linf)}  rel L2 ${fmtNum(m.relL2)}`);
  }
  printOutcomeTail(o, lines, io);
}

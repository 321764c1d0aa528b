import { InputError } from "../../errors.js";
import { optionHelp, parseArgs, RUN_OPTION_DEFS, SET_DEF, type OptionDef } from "../options.js";
import { listScenarios } from "../registry.js";
import { defaultJobs } from "../sweep/pool.js";
import { runSweep, shellWord } from "../sweep/runSweep.js";
import { EXIT_OK, type CliIO } from "./io.js";

/** `measureflow sweep <spec.json | scenario> --vary path=v1,v2,… [--set path=value]… [options]` */

const runDef = (flag: string): OptionDef => RUN_OPTION_DEFS.find((d) => d.flag === flag)!;

export const SWEEP_OPTION_DEFS: OptionDef[] = [
  {
    flag: "vary",
    kind: "string",
    value: "PATH=V1,V2,…",
    repeatable: true,
    help:
      "a field of the problem spec and its values (repeatable; the sweep runs every combination): " +
      "--vary grid.n=64,128,256 --vary scheme.flux=fv2,sg; values as for --set, separated by " +
      "commas outside [], {} and quotes; a number for grid.n sets every axis",
  },
  { ...SET_DEF, help: `${SET_DEF.help}; the same for every point` },
  {
    flag: "jobs",
    kind: "int",
    value: "N",
    min: 1,
    max: 1024,
    help: `points run at once, each on its own worker thread (default: the cores available, here ${defaultJobs()})`,
  },
  {
    flag: "out",
    kind: "string",
    value: "DIR",
    help: "output root folder: the sweep goes to <out>/<name>.sweep/ (default: output)",
  },
  { ...runDef("save-density"), help: "also write each point's final density to its density.json" },
  {
    ...runDef("max-memory"),
    help: "memory budget of each point's run in GiB, checked before anything runs (default: half of this machine's memory)",
  },
  {
    flag: "summary-only",
    kind: "flag",
    help: "run nothing: write the summary of the points as their folders are (points run elsewhere, e.g. on a cluster)",
  },
  {
    flag: "commands",
    kind: "flag",
    help: "print the `measureflow run` command of every point, one per line (for a job array or GNU parallel), and run nothing",
  },
];

export function sweepHelp(): string {
  return `Usage: measureflow sweep <spec.json | scenario> --vary path=v1,v2,… [--vary …] [--set path=value]… [options]

Runs every combination of the --vary values as an independent run (one \`measureflow run\`
each, bit for bit the same results), several at once on worker threads, into
  <out>/<name>.sweep/points/<label>/<name>/   one run folder per point (label: n-64_flux-fv2)
and writes the summary: <out>/<name>.sweep/sweep.json, summary.txt (printed) and
report.html — a table of the points (time, steps, L1 error, mass drift, status) and, where
the problem has an exact solution, the observed order of the L1 error along grid.n (against
h) and along a time step (a path ending in dt or tau), for each combination of the others.

An interrupted sweep (Ctrl-C, a killed process) resumes when the same command runs again:
points whose folder holds an ok run of the same spec are kept untouched, the others run.

  measureflow sweep heat-1d --vary grid.n=64,128,256 --vary scheme.flux=fv2,sg --set output.tEnd=0.1

Options:
${optionHelp(SWEEP_OPTION_DEFS)}
  -h, --help         this help

Run the points on a cluster instead: --commands prints one \`measureflow run\` per point;
run them as a job array (one line per task), then --summary-only (docs/scaling.md).`;
}

/** `measureflow sweep` */
export async function sweepCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, SWEEP_OPTION_DEFS, "measureflow sweep");
  if (args.help) {
    io.stdout.write(`${sweepHelp()}\n`);
    return EXIT_OK;
  }
  const [target, ...rest] = args.positionals;
  if (target === undefined) {
    const names = listScenarios(io.scenariosDir);
    throw new InputError(
      "sweep",
      `missing spec file or scenario name (scenarios: ${names.join(", ") || "none"}; see measureflow sweep --help)`,
    );
  }
  if (rest.length > 0) throw new InputError("sweep", `unexpected argument '${rest[0]}'`);
  const v = args.values;
  if (v["summary-only"] === true && v["commands"] === true) {
    throw new InputError("--commands", "and --summary-only exclude each other: give one");
  }
  const jobs = (v["jobs"] as number | undefined) ?? defaultJobs();
  return runSweep(
    {
      target,
      sets: (v["set"] as string[] | undefined) ?? [],
      vary: (v["vary"] as string[] | undefined) ?? [],
      jobs,
      out: (v["out"] as string | undefined) ?? "output",
      saveDensity: v["save-density"] === true,
      ...(v["max-memory"] !== undefined ? { maxMemoryGiB: v["max-memory"] as number } : {}),
      mode: v["summary-only"] === true ? "summary" : v["commands"] === true ? "commands" : "run",
      command: ["measureflow", "sweep", ...argv].map(shellWord).join(" "),
    },
    io,
  );
}

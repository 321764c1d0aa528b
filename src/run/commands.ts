import { join } from "node:path";
import { InputError, SolverError } from "../errors.js";
import { fmtNum, fmtSeconds } from "../report/html.js";
import { writeGallery, readGalleryRows } from "../report/gallery.js";
import { ensurePlotlyAsset } from "../report/plotlyAsset.js";
import { writeRunReport } from "../report/runReport.js";
import { textTable } from "../report/textTable.js";
import { writeJsonAtomic } from "./atomicWrite.js";
import {
  GLOBAL_DEFAULTS,
  optionHelp,
  parseArgs,
  RUN_OPTION_DEFS,
  runFlagsFrom,
  type OptionDef,
} from "./options.js";
import { ProgressDisplay, type ProgressStream } from "./progress.js";
import { listScenarios, loadScenario } from "./registry.js";
import { runScenario, type RunOutcome } from "./runScenario.js";
import type { Scenario } from "./scenario.js";
import { failedSummary, provenance } from "./summary.js";

/**
 * The commands behind the `measureflow` CLI, as functions of (argv, io) returning an exit
 * code: 0 success, 1 a run failed, 2 bad command line or input. Errors are printed as one
 * clear line (no stack trace) except for internal errors.
 */

/** Where the commands write, and test hooks. */
export interface CliIO {
  stdout: ProgressStream;
  stderr: ProgressStream;
  /** Folder scanned for scenarios (default: the repository's scenarios/). */
  scenariosDir?: string;
  /** Runs shorter than this show no progress (seconds, default 1). */
  progressMinSeconds?: number;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr };
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const COMMANDS = ["run", "list", "gallery", "report", "help"];

export const GLOBAL_HELP = `measureflow ${provenance().version} — gradient flows of measures on grids

Usage:
  measureflow run <scenario | file.ts> [options]   run one scenario into <out>/<name>/
  measureflow list                                 list the scenarios
  measureflow gallery [--only a,b] [--out DIR]     run every scenario, write <out>/index.html
  measureflow report [--out DIR]                   re-render every report and the gallery
  measureflow help <command>                       help on a command (or: <command> --help)
  measureflow --version

Exit codes: 0 ok, 1 a run failed, 2 bad command line or input.
See docs/cli.md and docs/outputs.md.`;

const OUT_DEF: OptionDef = {
  flag: "out",
  kind: "string",
  value: "DIR",
  help: "output root folder (default: output)",
};
const ONLY_DEF: OptionDef = {
  flag: "only",
  kind: "string",
  value: "A,B",
  help: "run only these scenarios (comma-separated names)",
};
export const GALLERY_OPTION_DEFS: OptionDef[] = [ONLY_DEF, OUT_DEF];
export const REPORT_OPTION_DEFS: OptionDef[] = [OUT_DEF];

export function runHelp(scenario?: Scenario): string {
  const g = GLOBAL_DEFAULTS;
  const head = `Usage: measureflow run <scenario | file.ts> [options]

Runs a scenario from t = 0 to --t-end and writes <out>/<name>/summary.json, trace.json,
snapshots/ and report.html (and density.json with --save-density).

Options:
${optionHelp(RUN_OPTION_DEFS)}
  -h, --help         this help (with a scenario name: its description and defaults)

Global defaults: n = ${g.n}, t-end = ${g.tEnd}, method = ${g.method}, cfl = ${g.cfl}, snapshots = ${g.snapshots};
a scenario's defaults override them; options override both.`;
  if (!scenario) return head;
  const d = Object.entries(scenario.defaults)
    .map(([k, v]) => `${k} = ${v}`)
    .join(", ");
  return `${head}

Scenario ${scenario.name}: ${scenario.title}
${wrap(scenario.description, 90)}
Schemes: ${scenario.schemes.join(", ")} (default ${scenario.schemes[0]})
Defaults: ${d || "(global defaults)"}`;
}

const GALLERY_HELP = `Usage: measureflow gallery [--only a,b] [--out DIR]

Runs every scenario with its defaults (or only the listed ones), writes each run's files
and report to <out>/<name>/, prints a table and writes the gallery <out>/index.html.
A failing scenario is reported and the others still run; the exit code is 1 if any failed.

Options:
${optionHelp(GALLERY_OPTION_DEFS)}`;

const REPORT_HELP = `Usage: measureflow report [--out DIR]

Re-renders <out>/<name>/report.html for every run folder and <out>/index.html from the
files the runs wrote (nothing is recomputed).

Options:
${optionHelp(REPORT_OPTION_DEFS)}`;

const LIST_HELP = `Usage: measureflow list

Lists the scenarios in scenarios/ with their schemes and titles.`;

export function commandHelp(command: string): string | null {
  switch (command) {
    case "run":
      return runHelp();
    case "list":
      return LIST_HELP;
    case "gallery":
      return GALLERY_HELP;
    case "report":
      return REPORT_HELP;
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
      case "list":
        return await listCommand(rest, io);
      case "gallery":
        return await galleryCommand(rest, io);
      case "report":
        return reportCommand(rest, io);
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

/** Prints an error and returns its exit code: InputError 2, SolverError 1, others 1 + stack. */
export function reportError(err: unknown, io: CliIO): number {
  if (err instanceof InputError) {
    io.stderr.write(`error: ${err.message}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof SolverError) {
    io.stderr.write(`error: ${err.message}\n`);
    return EXIT_FAILED;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  io.stderr.write(`internal error: ${e.message}\n${e.stack ?? ""}\n`);
  return EXIT_FAILED;
}

/** `measureflow run`; with `scenario` given (a scenario file run directly) no name is read. */
export async function runCommand(argv: string[], io: CliIO, scenario?: Scenario): Promise<number> {
  try {
    const args = parseArgs(argv, RUN_OPTION_DEFS, "measureflow run");
    const positionals = args.positionals;
    if (!scenario && positionals.length > 0) {
      scenario = await loadScenario(positionals.shift()!, io.scenariosDir);
    }
    if (args.help) {
      io.stdout.write(`${runHelp(scenario)}\n`);
      return EXIT_OK;
    }
    if (!scenario) {
      const names = listScenarios(io.scenariosDir);
      throw new InputError(
        "run",
        `missing scenario name (available: ${names.join(", ") || "none"}; see measureflow run --help)`,
      );
    }
    if (positionals.length > 0) {
      throw new InputError("run", `unexpected argument '${positionals[0]}'`);
    }
    const flags = runFlagsFrom(args.values);
    const display = new ProgressDisplay({
      label: scenario.name,
      stream: io.stderr,
      minSeconds: io.progressMinSeconds ?? 1,
    });
    const outcome = await runScenario(scenario, {
      overrides: flags.overrides,
      out: flags.out,
      saveDensity: flags.saveDensity,
      onProgress: display.update,
    });
    printOutcome(outcome, io);
    if (outcome.status === "ok") return EXIT_OK;
    return outcome.error instanceof InputError ? EXIT_USAGE : EXIT_FAILED;
  } catch (err) {
    return reportError(err, io);
  }
}

function printOutcome(o: RunOutcome, io: CliIO): void {
  const s = o.summary;
  const m = s.metrics;
  const opt = o.options;
  const secs = s.timings ? (s.timings.buildSeconds ?? 0) + s.timings.simulateSeconds : null;
  const head = `${o.name}: ${o.status}  (${opt.scheme}${opt.scheme === "jko" || opt.scheme === "exact" ? "" : `/${opt.method}`}, n = ${opt.n}, t-end = ${opt.tEnd}, ${s.steps} steps, ${fmtSeconds(secs)})`;
  const lines = [head];
  if (m) {
    const err =
      m.l1 !== null
        ? `L1 ${fmtNum(m.l1)}  L∞ ${fmtNum(m.linf)}  rel L2 ${fmtNum(m.relL2)}  `
        : "no exact solution  ";
    lines.push(
      `  ${err}${m.massDrift === null ? `mass ${fmtNum(m.massInitial)} → ${fmtNum(m.massFinal)}` : `mass drift ${fmtNum(m.massDrift)}`}  energy monotone ${m.energy.monotone ? "yes" : "NO"}  min ρ ${fmtNum(m.minDensity)}`,
    );
  }
  lines.push(`  summary: ${join(o.outDir, "summary.json")}`);
  if (o.reportPath) lines.push(`  report:  ${o.reportPath}`);
  if (s.files.density) lines.push(`  density: ${join(o.outDir, s.files.density)}`);
  io.stdout.write(`${lines.join("\n")}\n`);
  if (o.status === "failed") io.stderr.write(`error: ${s.error ?? "run failed"}\n`);
  if (o.reportError) {
    const e = o.reportError instanceof Error ? o.reportError.message : String(o.reportError);
    io.stderr.write(`warning: the report could not be written: ${e}\n`);
  }
}

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

/** `measureflow gallery` */
export async function galleryCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, GALLERY_OPTION_DEFS, "measureflow gallery");
  if (args.help) {
    io.stdout.write(`${GALLERY_HELP}\n`);
    return EXIT_OK;
  }
  if (args.positionals.length > 0) {
    throw new InputError("gallery", `unexpected argument '${args.positionals[0]}'`);
  }
  const out = (args.values["out"] as string | undefined) ?? "output";
  const all = listScenarios(io.scenariosDir);
  let names = all;
  if (args.values["only"] !== undefined) {
    const wanted = String(args.values["only"])
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = wanted.filter((w) => !all.includes(w));
    if (wanted.length === 0 || unknown.length > 0) {
      throw new InputError(
        "--only",
        `unknown scenario(s) ${unknown.map((u) => `'${u}'`).join(", ") || "(empty list)"}; available: ${all.join(", ") || "none"}`,
      );
    }
    names = wanted;
  }
  if (names.length === 0) {
    io.stderr.write(`no scenarios found in ${io.scenariosDir ?? "scenarios/"}\n`);
  }
  ensurePlotlyAsset(out);
  const rows: string[][] = [["scenario", "status", "L1 error", "mass drift", "time"]];
  // Each scenario runs with its defaults, then once per declared variant (e.g. another m).
  const jobs: { name: string; load: () => Promise<Scenario> }[] = [];
  for (const name of names) {
    const loaded = loadScenario(name, io.scenariosDir);
    loaded.catch(() => undefined); // reported when the job runs
    jobs.push({ name, load: () => loaded });
    let variants: Scenario["variants"];
    try {
      variants = (await loaded).variants ?? [];
    } catch {
      variants = [];
    }
    for (const v of variants) {
      jobs.push({
        name: `${name}-${v.suffix}`,
        load: async () => {
          const base = await loaded;
          return {
            ...base,
            name: `${name}-${v.suffix}`,
            defaults: { ...base.defaults, ...v.options },
            variants: [],
          };
        },
      });
    }
  }
  let failed = 0;
  for (let i = 0; i < jobs.length; i++) {
    const name = jobs[i].name;
    const label = `[${i + 1}/${jobs.length}] ${name}`;
    let status = "failed";
    let l1 = "—";
    let drift = "—";
    let time = "—";
    let error: string | null = null;
    try {
      const scenario = await jobs[i].load();
      const display = new ProgressDisplay({
        label,
        stream: io.stderr,
        minSeconds: io.progressMinSeconds ?? 1,
      });
      const o = await runScenario(scenario, { out, onProgress: display.update });
      const s = o.summary;
      status = o.status;
      l1 = fmtNum(s.metrics?.l1 ?? null);
      drift = fmtNum(s.metrics?.massDrift ?? null);
      time = fmtSeconds(
        s.timings ? (s.timings.buildSeconds ?? 0) + s.timings.simulateSeconds : null,
      );
      if (o.status === "failed") error = s.error ?? "failed";
    } catch (err) {
      // Could not load the scenario or resolve its defaults: record a failed summary.
      error = err instanceof Error ? err.message : String(err);
      writeJsonAtomic(join(out, name, "summary.json"), failedSummary({ name }, err, "load"), 2);
    }
    if (status !== "ok") failed++;
    io.stderr.write(`${label}: ${status}${error ? ` — ${error}` : ""}\n`);
    rows.push([name, status, l1, drift, time]);
  }
  const index = writeGallery(out);
  io.stdout.write(
    `${textTable(rows)}\n\n${jobs.length - failed} of ${jobs.length} ok; gallery: ${index}\n`,
  );
  return failed > 0 ? EXIT_FAILED : EXIT_OK;
}

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

function wrap(text: string, width: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join("\n");
}

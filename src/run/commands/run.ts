import { checkText, checksSummary } from "../../report/checks.js";
import { join } from "node:path";
import { InputError } from "../../errors.js";
import { fmtNum, fmtSeconds } from "../../report/html.js";
import {
  GLOBAL_DEFAULTS,
  optionHelp,
  parseArgs,
  RUN_OPTION_DEFS,
  runFlagsFrom,
} from "../options.js";
import { memoryBudget } from "../memoryBudget.js";
import { preflight } from "../preflight.js";
import { ProgressDisplay } from "../progress.js";
import { listScenarios } from "../registry.js";
import { runWithComparisons } from "../compare.js";
import type { RunOutcome } from "../runScenario.js";
import type { Scenario } from "../scenario.js";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, reportError, wrap, type CliIO } from "./io.js";
import { loadTarget, withSets } from "./target.js";

/** `measureflow run <spec.json | scenario> [--set path=value]… [options]` */

export function runHelp(scenario?: Scenario): string {
  const g = GLOBAL_DEFAULTS;
  const head = `Usage: measureflow run <spec.json | scenario | file.ts> [--set path=value]… [options]

Runs a problem — a spec file (JSON), a scenario name from \`measureflow list\`, or a
scenario file — and writes <out>/<name>/summary.json, trace.json, snapshots/ and
report.html (and density.json with --save-density).

--set changes a field of the problem spec before it is validated (repeatable):
  measureflow run porous-medium-1d --set energy[0].m=1.5 --set grid.n=[256]
\`measureflow spec <scenario>\` prints a spec to copy and edit; \`measureflow describe\`
lists the kinds of every field and their parameters.

Options:
${optionHelp(RUN_OPTION_DEFS)}
  -h, --help         this help (with a scenario name: its description and defaults)

The other options are shortcuts that edit the spec (grid cells, final time, scheme, …).
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

/** `measureflow run`; with `scenario` given (a scenario file run directly) no name is read. */
export async function runCommand(argv: string[], io: CliIO, scenario?: Scenario): Promise<number> {
  try {
    const args = parseArgs(argv, RUN_OPTION_DEFS, "measureflow run");
    const flags = runFlagsFrom(args.values);
    const positionals = args.positionals;
    if (!scenario && positionals.length > 0) {
      scenario = await loadTarget(positionals.shift()!, io, flags.sets);
    } else if (scenario && flags.sets.length > 0) {
      scenario = withSets(scenario, flags.sets);
    }
    if (args.help) {
      io.stdout.write(`${runHelp(scenario)}\n`);
      return EXIT_OK;
    }
    if (!scenario) {
      const names = listScenarios(io.scenariosDir);
      throw new InputError(
        "run",
        `missing spec file or scenario name (scenarios: ${names.join(", ") || "none"}; see measureflow run --help)`,
      );
    }
    if (positionals.length > 0) {
      throw new InputError("run", `unexpected argument '${positionals[0]}'`);
    }
    // Options, memory estimate, spec with the options applied; warnings for doubtful input.
    const runnable = preflight(scenario, flags.overrides, memoryBudget(flags.maxMemoryGiB), (m) =>
      io.stderr.write(`warning: ${m}\n`),
    );
    const display = new ProgressDisplay({
      label: scenario.name,
      stream: io.stderr,
      minSeconds: io.progressMinSeconds ?? 1,
    });
    const progressFor = (label: string) =>
      new ProgressDisplay({
        label: `${scenario!.name}/${label}`,
        stream: io.stderr,
        minSeconds: io.progressMinSeconds ?? 1,
      }).update;
    const { base: outcome, runs } = await runWithComparisons(
      runnable,
      {
        overrides: flags.overrides,
        out: flags.out,
        saveDensity: flags.saveDensity,
        onProgress: display.update,
        force: args.values["force"] === true,
        onWarning: (m) => io.stderr.write(`warning: ${m}\n`),
      },
      (label) => ({ onProgress: progressFor(label) }),
    );
    // Bad input found while building the problem (a formula, a file, a matrix): one line
    // naming the JSON path, as for errors found by validation.
    if (outcome.status === "failed" && outcome.error instanceof InputError && !outcome.result) {
      io.stderr.write(`error: ${outcome.error.message}\n`);
      return EXIT_USAGE;
    }
    printOutcome(outcome, io);
    let code = outcomeExitCode(outcome, io);
    for (const r of runs) {
      io.stdout.write(`compared run ${r.label} (${r.title}):\n`);
      printOutcome(r.outcome, io);
      code = Math.max(code, outcomeExitCode(r.outcome, io));
    }
    return code;
  } catch (err) {
    return reportError(err, io);
  }
}

function printOutcome(o: RunOutcome, io: CliIO): void {
  const s = o.summary;
  const m = s.metrics;
  const opt = o.options;
  const secs = s.timings ? (s.timings.buildSeconds ?? 0) + s.timings.simulateSeconds : null;
  // A JKO run ends on a multiple of τ (src/problem/build.ts outputTimesOf): say so when that
  // is not the t-end asked for.
  const tEnd =
    typeof s.tEnd === "number" && Math.abs(s.tEnd - opt.tEnd) > 1e-12 * opt.tEnd
      ? `${fmtNum(s.tEnd, 6)} (asked ${opt.tEnd}; a whole number of steps τ)`
      : `${opt.tEnd}`;
  const scheme =
    opt.schemeKind ??
    `${opt.scheme}${opt.scheme === "jko" || opt.scheme === "exact" ? "" : `/${opt.method}`}`;
  const head = `${o.name}: ${o.status}  (${scheme}, n = ${opt.n}, t-end = ${tEnd}, ${s.steps} steps, ${fmtSeconds(secs)})`;
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
  printOutcomeTail(o, lines, io);
}

/**
 * The end of a run's (or resumed run's) printout, after its headline lines: the spec's
 * checks, the files written, and the run's error or a report-writing warning on stderr.
 */
export function printOutcomeTail(o: RunOutcome, lines: string[], io: CliIO): void {
  const s = o.summary;
  if (s.checks && s.checks.length > 0) {
    lines.push(`  checks: ${s.checks.map(checkText).join("  ")}`);
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

/**
 * The exit code of a finished run (or resumed run): 0 ok; 1 failed, or completed but missing
 * one of the spec's checks (the files are complete; summary.json has the checks, and the
 * failed ones are printed); 2 when bad input stopped it.
 */
export function outcomeExitCode(outcome: RunOutcome, io: CliIO): number {
  if (outcome.status === "ok") {
    const failed = (outcome.summary.checks ?? []).filter((c) => !c.pass);
    if (failed.length > 0) {
      io.stderr.write(`error: ${checksSummary(outcome.summary.checks!)}\n`);
      return EXIT_FAILED;
    }
    return EXIT_OK;
  }
  return outcome.error instanceof InputError ? EXIT_USAGE : EXIT_FAILED;
}

import { existsSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../errors.js";
import { writeGallery } from "../../report/gallery.js";
import { fmtNum, fmtSeconds } from "../../report/html.js";
import { ensurePlotlyAsset } from "../../report/plotlyAsset.js";
import { checksSummary } from "../../report/checks.js";
import { textTable } from "../../report/textTable.js";
import { writeJsonAtomic } from "../../io/atomicWrite.js";
import { optionHelp, parseArgs, type OptionDef } from "../options.js";
import { memoryBudget } from "../memoryBudget.js";
import { preflight } from "../preflight.js";
import { ProgressDisplay } from "../progress.js";
import { listScenarios, loadScenario } from "../registry.js";
import { runWithComparisons } from "../compare.js";
import { FULL_DEF, writeConvergencePage } from "./convergence.js";
import type { Scenario } from "../scenario.js";
import { failedSummary } from "../summary.js";
import { EXIT_FAILED, EXIT_OK, type CliIO } from "./io.js";

export const OUT_DEF: OptionDef = {
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
const NO_CONVERGENCE_DEF: OptionDef = {
  flag: "no-convergence",
  kind: "flag",
  help: "do not write <out>/convergence.html",
};
export const GALLERY_OPTION_DEFS: OptionDef[] = [ONLY_DEF, OUT_DEF, FULL_DEF, NO_CONVERGENCE_DEF];

export const GALLERY_HELP = `Usage: measureflow gallery [--only a,b] [--out DIR] [--full] [--no-convergence]

Runs every scenario with its defaults (or only the listed ones), writes each run's files
and report to <out>/<name>/, prints a table and writes the gallery <out>/index.html.
A failing scenario is reported and the others still run; the exit code is 1 if any failed.
Without --only it also runs the convergence studies into <out>/convergence.html (fast
settings; --full for the full study; see measureflow convergence).

Options:
${optionHelp(GALLERY_OPTION_DEFS)}`;

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
  const rows: string[][] = [
    ["scenario", "status", "L1 error", "mass drift", "spec checks", "time"],
  ];
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
  const budget = memoryBudget();
  for (let i = 0; i < jobs.length; i++) {
    const name = jobs[i].name;
    const label = `[${i + 1}/${jobs.length}] ${name}`;
    let status = "failed";
    let l1 = "—";
    let drift = "—";
    let time = "—";
    let checks = "—";
    let error: string | null = null;
    try {
      const scenario = await jobs[i].load();
      const display = new ProgressDisplay({
        label,
        stream: io.stderr,
        minSeconds: io.progressMinSeconds ?? 1,
      });
      // The same checks as `run` (memory estimate, initial resolution) before anything runs.
      const runnable = preflight(scenario, {}, budget, (m) =>
        io.stderr.write(`${label}: warning: ${m}\n`),
      );
      const progressFor = (run: string) =>
        new ProgressDisplay({
          label: `${label}/${run}`,
          stream: io.stderr,
          minSeconds: io.progressMinSeconds ?? 1,
        }).update;
      const { base: o, runs } = await runWithComparisons(
        runnable,
        { out, onProgress: display.update },
        (run) => ({ onProgress: progressFor(run) }),
        { runReports: false },
      );
      const s = o.summary;
      status = o.status;
      const bad = runs.filter((r) => r.outcome.status !== "ok");
      l1 = fmtNum(s.metrics?.l1 ?? null);
      drift = fmtNum(s.metrics?.massDrift ?? null);
      time = fmtSeconds(
        s.timings ? (s.timings.buildSeconds ?? 0) + s.timings.simulateSeconds : null,
      );
      if (o.status === "failed") error = s.error ?? "failed";
      if (status === "ok" && bad.length > 0) {
        status = "compared run failed";
        error = bad
          .map((r) => `${r.label}: ${r.outcome.summary.error ?? r.outcome.status}`)
          .join("; ");
      }
      if (s.checks && s.checks.length > 0) {
        checks = checksSummary(s.checks);
        if (s.checks.some((c) => !c.pass)) {
          status = "checks failed";
          error = checks;
        }
      }
    } catch (err) {
      // Could not load the scenario, resolve its defaults or take its folder (locked by
      // another run, a bad --out): record a failed summary for the gallery page, but never
      // over an earlier result (the folder is left as it is).
      error = err instanceof Error ? err.message : String(err);
      if (!existsSync(join(out, name, "summary.json"))) {
        writeJsonAtomic(join(out, name, "summary.json"), failedSummary({ name }, err, "load"), 2);
      }
    }
    if (status !== "ok") failed++;
    io.stderr.write(`${label}: ${status}${error ? ` — ${error}` : ""}\n`);
    rows.push([name, status, l1, drift, checks, time]);
  }
  if (args.values["only"] === undefined && args.values["no-convergence"] !== true) {
    await writeConvergencePage(out, args.values["full"] === true, io);
  }
  const index = writeGallery(out);
  io.stdout.write(
    `${textTable(rows)}\n\n${jobs.length - failed} of ${jobs.length} ok; gallery: ${index}\n`,
  );
  return failed > 0 ? EXIT_FAILED : EXIT_OK;
}

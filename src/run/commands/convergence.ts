import { join, relative } from "node:path";
import { InputError } from "../../errors.js";
import { writeFileAtomic } from "../../io/atomicWrite.js";
import { renderConvergencePage, type ConvergencePageStudy } from "../../report/convergencePage.js";
import { fmtSeconds } from "../../report/html.js";
import { ensurePlotlyAsset } from "../../report/plotlyAsset.js";
import { runConvergenceGallery, type StudyResult, type StudySpec } from "../convergenceGallery.js";
import { optionHelp, parseArgs, type OptionDef } from "../options.js";
import { EXIT_OK, type CliIO } from "./io.js";

export const FULL_DEF: OptionDef = {
  flag: "full",
  kind: "flag",
  help: "the full convergence study (finer grids; minutes instead of seconds)",
};
const OUT_DEF: OptionDef = {
  flag: "out",
  kind: "string",
  value: "DIR",
  help: "output root folder (default: output)",
};
const DEFS = [FULL_DEF, OUT_DEF];

export const CONVERGENCE_HELP = `Usage: measureflow convergence [--full] [--out DIR]

Runs the convergence studies — every equation with an exact solution, each scheme family,
on a sequence of grids — and writes <out>/convergence.html: log–log L1 error against h with
the fitted orders, and a table. \`measureflow gallery\` writes the same page (fast settings,
or --full).

Options:
${optionHelp(DEFS)}`;

/** `measureflow convergence` */
export async function convergenceCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, DEFS, "measureflow convergence");
  if (args.help) {
    io.stdout.write(`${CONVERGENCE_HELP}\n`);
    return EXIT_OK;
  }
  if (args.positionals.length > 0) {
    throw new InputError("convergence", `unexpected argument '${args.positionals[0]}'`);
  }
  const out = (args.values["out"] as string | undefined) ?? "output";
  const path = await writeConvergencePage(out, args.values["full"] === true, io);
  io.stdout.write(`convergence: ${path}\n`);
  return EXIT_OK;
}

/**
 * Runs the studies (the gallery's, or `studies`; progress on stderr) and writes
 * <out>/convergence.html; returns its path.
 */
export async function writeConvergencePage(
  out: string,
  full: boolean,
  io: CliIO,
  studies?: StudySpec[],
): Promise<string> {
  const t0 = performance.now();
  const results = await runConvergenceGallery(
    full,
    (r, done, of) => {
      const orders = r.runs
        .map((x) => `${x.label} ${x.study.orders.l1.leastSquares.toFixed(2)}`)
        .join(", ");
      io.stderr.write(`convergence [${done}/${of}] ${r.spec.scenario}: order ${orders}\n`);
    },
    studies,
  );
  const asset = ensurePlotlyAsset(out);
  const path = join(out, "convergence.html");
  const command = `measureflow convergence${full ? " --full" : ""}   (${fmtSeconds((performance.now() - t0) / 1000)})`;
  writeFileAtomic(
    path,
    renderConvergencePage(results.map(pageStudy), relative(out, asset).split("\\").join("/"), {
      full,
      command,
    }),
  );
  return path;
}

function pageStudy(r: StudyResult): ConvergencePageStudy {
  return {
    scenario: r.spec.scenario,
    title: r.spec.title,
    expected: r.spec.expected,
    runs: r.runs.map((x) => ({
      label: x.label,
      rows: x.study.rows.map((row) => ({ n: row.n, h: row.h, l1: row.metrics.l1 })),
      pairwise: x.study.orders.l1.pairwise,
      leastSquares: x.study.orders.l1.leastSquares,
      seconds: x.seconds,
    })),
  };
}

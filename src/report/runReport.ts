import { existsSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { readJson } from "../io/runFiles.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { checkText } from "./checks.js";
import { comparisonSection, type ComparedFiles } from "./comparison.js";
import { readRunFiles, type RunFiles } from "./runFiles.js";
import { drawScript, figuresHtml } from "./figures.js";
import { escapeHtml, fmtNum, fmtSeconds, page, statusBadge } from "./html.js";
import { ensurePlotlyAsset } from "./plotlyAsset.js";
import { buildRunPlots } from "./runPlots.js";

export { readRunFiles, type RunFiles } from "./runFiles.js";

/** Extra content of a report. */
export interface ReportOptions {
  /**
   * Compared runs (src/run/compare.ts): their folders, shown in a comparison section.
   * Default: the runs listed in <runDir>.compare/comparison.json when it exists (so that
   * `measureflow report` re-renders the section).
   */
  comparisons?: { label: string; title: string; dir: string }[];
}

/** The compared runs recorded beside a run folder (<runDir>.compare/), with their files. */
function recordedComparisons(runDir: string): { label: string; title: string; dir: string }[] {
  const dir = join(dirname(runDir), `${basename(runDir)}.compare`);
  const list = join(dir, "comparison.json");
  if (!existsSync(list)) return [];
  try {
    const c = readJson<{ runs?: { label: string; title?: string }[] }>(list);
    return (c.runs ?? [])
      .map((r) => ({ label: r.label, title: r.title ?? r.label, dir: join(dir, r.label) }))
      .filter((r) => existsSync(join(r.dir, "summary.json")));
  } catch {
    return [];
  }
}

/**
 * Writes <runDir>/report.html from the run's files and makes sure the shared plotly bundle
 * is at <outRoot>/assets/plotly.js (outRoot defaults to the parent of runDir). Returns the
 * report's path.
 */
export function writeRunReport(
  runDir: string,
  outRoot = dirname(runDir),
  options: ReportOptions = {},
): string {
  const files = readRunFiles(runDir);
  const asset = ensurePlotlyAsset(outRoot);
  const rel = (p: string): string => relative(runDir, p).split("\\").join("/");
  const compared = (options.comparisons ?? recordedComparisons(runDir)).map((c) => ({
    label: c.label,
    title: c.title,
    // A compared run of the gallery has no report of its own (its figures are here): link
    // its summary.
    href: rel(join(c.dir, existsSync(join(c.dir, "report.html")) ? "report.html" : "summary.json")),
    files: readRunFiles(c.dir),
  }));
  const path = join(runDir, "report.html");
  writeFileAtomic(
    path,
    renderRunReport(files, rel(asset), {
      galleryHref: rel(join(outRoot, "index.html")),
      compared,
    }),
  );
  return path;
}

/** The report page: header, metrics tables, plots, resolved spec. */
export function renderRunReport(
  files: RunFiles,
  plotlyHref: string,
  extra: { galleryHref?: string; compared?: ComparedFiles[] } = {},
): string {
  const { summary: s, trace, snapshots } = files;
  const plots = buildRunPlots(s, trace, snapshots, { animate: true });
  const cmp =
    extra.compared && extra.compared.length > 0
      ? comparisonSection(files, extra.compared)
      : { html: "", plots: [] };
  const allPlots = [...plots, ...cmp.plots];
  const m = s.metrics;
  const row = (k: string, v: string, title = ""): string =>
    `<tr><th${title ? ` title="${escapeHtml(title)}"` : ""}>${escapeHtml(k)}</th><td class="num">${v}</td></tr>`;
  const hasExact = m?.l1 !== null && m?.l1 !== undefined;
  const accuracy = hasExact
    ? [
        row(
          "L1 error (final)",
          fmtNum(m!.l1),
          "Σ|ρ − exact cell average|·|cell| at the last output time",
        ),
        row("L∞ error (final)", fmtNum(m!.linf)),
        row("relative L2 (final)", fmtNum(m!.relL2)),
        row("L1 error (max over outputs)", fmtNum(m!.l1Max)),
      ]
    : [row("exact solution", "none")];
  const energy = m
    ? [
        m.massDrift === null
          ? row("mass drift", "—", "this flow creates and destroys mass (not conserved)")
          : row(
              "mass drift",
              fmtNum(m.massDrift),
              "max over recorded points of |m(t) − m(0)|/m(0)",
            ),
        row("mass initial → final", `${fmtNum(m.massInitial, 6)} → ${fmtNum(m.massFinal, 6)}`),
        row(
          "energy initial → final",
          `${fmtNum(m.energy.initial, 6)} → ${fmtNum(m.energy.final, 6)}`,
        ),
        row(
          "energy monotone",
          `${m.energy.monotone ? "yes" : "<b>no</b>"} (largest change between records ${fmtNum(m.energy.maxIncrease)}; tolerance ${fmtNum(m.energy.tolerance)}; ${m.energy.points} records)`,
        ),
        row(
          "min density (over the run)",
          fmtNum(m.minDensity),
          "smallest cell value at any recorded step, not only at the end",
        ),
      ]
    : [];
  const t = s.timings;
  const run = [
    row("steps", String(s.steps)),
    row("t reached / t end", `${fmtNum(s.t, 6)} / ${fmtNum(s.tEnd, 6)}`),
    row(
      "grid",
      s.grid
        ? `${s.grid.n.join("×")} on ${boxText(s.grid.lo, s.grid.hi)}${
            s.grid.radial ? ` (radial: r = |x|, x ∈ ℝ^${s.grid.radial.dim})` : ""
          }`
        : "—",
    ),
    row("scheme / energy", `${escapeHtml(s.scheme ?? "—")} / ${escapeHtml(s.energy ?? "—")}`),
    row("build time", fmtSeconds(t?.buildSeconds)),
    row("run time", fmtSeconds(t?.simulateSeconds), "the whole simulate() call"),
    row("· stepping", fmtSeconds(t?.steppingSeconds), "time inside scheme.step"),
    row(
      "· diagnostics",
      `${fmtSeconds(t?.traceSeconds)} per step + ${fmtSeconds(t?.outputSeconds)} at outputs`,
      "per-step energy/mass records; output records incl. exact solution, snapshots, file writes",
    ),
    row("cell updates / s", fmtNum(t?.cellUpdatesPerSecond ?? null, 3)),
  ];
  const obs = m
    ? Object.entries(m.observables).map(([k, v]) => row(`${k} (final)`, fmtNum(v, 6)))
    : [];
  const checks = (s.checks ?? []).map((c) =>
    row(c.name, c.pass ? escapeHtml(checkText(c)) : `<b>${escapeHtml(checkText(c))}</b>`),
  );
  const table = (title: string, rows: string[]): string =>
    rows.length ? `<div><h3>${escapeHtml(title)}</h3><table>${rows.join("")}</table></div>` : "";
  const error = s.error ? `<div class="error">${escapeHtml(s.error)}</div>` : "";
  const commit = s.gitCommit
    ? `commit ${escapeHtml(s.gitCommit.slice(0, 12))}${s.gitDirty ? " (uncommitted changes)" : ""}`
    : "commit unknown";
  const body = `
<p class="meta"><a href="${escapeHtml(extra.galleryHref ?? "../index.html")}">← gallery</a></p>
<h1>${escapeHtml(s.title)} ${statusBadge(s.status)}</h1>
<p class="meta"><code>${escapeHtml(s.name)}</code> · measureflow ${escapeHtml(s.version)} · ${commit} · ${escapeHtml(s.node)} · ${escapeHtml(s.createdAt)}</p>
<p class="desc">${escapeHtml(s.description)}</p>
${s.command ? `<pre>${escapeHtml(s.command)}</pre>` : ""}
${error}
<div style="display:flex;flex-wrap:wrap;gap:28px">
${table("Accuracy", accuracy)}
${table("Conservation and energy", energy)}
${table("Run", run)}
${table("Observables", obs)}
${table("Checks of the spec", checks)}
</div>
<h2>Plots</h2>
${plots.length ? "" : "<p>No data was recorded before the run stopped.</p>"}
${figuresHtml(plots)}
${cmp.html}
${figuresHtml(cmp.plots)}
<h2>Resolved options and spec</h2>
<pre>${escapeHtml(JSON.stringify({ options: s.options, spec: s.spec, grid: s.grid }, null, 2))}</pre>
<script src="${escapeHtml(plotlyHref)}"></script>
<script>
${drawScript(allPlots, plotlyHref)}
</script>`;
  return page(`${s.title} — measureflow`, body);
}

function boxText(lo: number[], hi: number[]): string {
  return lo.map((l, a) => `[${fmtNum(l)}, ${fmtNum(hi[a])}]`).join("×");
}

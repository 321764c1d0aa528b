import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { checkText, checksSummary } from "./checks.js";
import { provenance, readJson, type CheckResult, type RunSummary } from "../io/runFiles.js";
import { escapeHtml, fmtNum, fmtSeconds, page, statusBadge } from "./html.js";

/** One gallery row, read from <outRoot>/<name>/summary.json. */
export interface GalleryRow {
  /** Run folder name under the output root. */
  folder: string;
  name: string;
  title: string;
  status: string;
  error: string | null;
  grid: string;
  scheme: string;
  l1: number | null;
  relL2: number | null;
  massDrift: number | null;
  monotone: boolean | null;
  maxIncrease: number | null;
  /** The spec's checks at the end of the run ([] if it has none). */
  checks: CheckResult[];
  /** Final values of the scenario's own observables (ring radius, cluster distance, …). */
  observables: [string, number | null][];
  steps: number;
  seconds: number | null;
  createdAt: string;
  /** Link to the report relative to the output root, or null if there is none. */
  report: string | null;
}

/** Reads every <outRoot>/*\/summary.json (unreadable ones become failed rows), sorted by name. */
export function readGalleryRows(outRoot: string): GalleryRow[] {
  if (!existsSync(outRoot)) return [];
  const rows: GalleryRow[] = [];
  for (const entry of readdirSync(outRoot, { withFileTypes: true })) {
    // Skipped: the shared assets, staging folders of runs in progress (".<name>.staging-…")
    // and results a rerun kept aside (<name>.failed/, <name>.interrupted/: docs/outputs.md).
    if (!entry.isDirectory() || entry.name === "assets" || entry.name.startsWith(".")) continue;
    if (/\.(failed|interrupted)$/.test(entry.name)) continue;
    const path = join(outRoot, entry.name, "summary.json");
    if (!existsSync(path)) continue;
    const report = existsSync(join(outRoot, entry.name, "report.html"))
      ? `${encodeURIComponent(entry.name)}/report.html`
      : null;
    try {
      rows.push(rowFromSummary(entry.name, readJson<RunSummary>(path), report));
    } catch (err) {
      rows.push({
        ...emptyRow(entry.name),
        error: `unreadable summary.json: ${err instanceof Error ? err.message : String(err)}`,
        report,
      });
    }
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

function emptyRow(name: string): GalleryRow {
  return {
    folder: name,
    name,
    title: name,
    status: "failed",
    error: null,
    grid: "—",
    scheme: "—",
    l1: null,
    relL2: null,
    massDrift: null,
    checks: [],
    monotone: null,
    maxIncrease: null,
    observables: [],
    steps: 0,
    seconds: null,
    createdAt: "",
    report: null,
  };
}

export function rowFromSummary(folder: string, s: RunSummary, report: string | null): GalleryRow {
  const m = s.metrics;
  const t = s.timings;
  return {
    folder,
    name: s.name,
    title: s.title,
    status: s.status,
    error: s.error ?? null,
    grid: s.grid ? s.grid.n.join("×") : "—",
    scheme: s.scheme ?? s.options?.scheme ?? "—",
    l1: m?.l1 ?? null,
    relL2: m?.relL2 ?? null,
    massDrift: m?.massDrift ?? null,
    monotone: m ? m.energy.monotone : null,
    maxIncrease: m?.energy.maxIncrease ?? null,
    checks: s.checks ?? [],
    observables: Object.entries(m?.observables ?? {}),
    steps: s.steps,
    seconds: t ? (t.buildSeconds ?? 0) + t.simulateSeconds : null,
    createdAt: s.createdAt,
    report,
  };
}

/** Writes <outRoot>/index.html listing every run found in outRoot; returns its path. */
export function writeGallery(outRoot: string): string {
  const path = join(outRoot, "index.html");
  writeFileAtomic(path, renderGallery(readGalleryRows(outRoot)));
  return path;
}

export function renderGallery(rows: GalleryRow[]): string {
  const p = provenance();
  const ok = rows.filter((r) => r.status === "ok").length;
  const body = rows
    .map((r) => {
      const name = r.report
        ? `<a href="${escapeHtml(r.report)}">${escapeHtml(r.name)}</a>`
        : escapeHtml(r.name);
      const mono =
        r.monotone === null
          ? "—"
          : r.monotone
            ? "yes"
            : `<b title="largest increase ${escapeHtml(fmtNum(r.maxIncrease))}">no</b>`;
      const err = r.error
        ? `<div class="error" style="margin-top:4px;font-size:12px">${escapeHtml(r.error)}</div>`
        : "";
      return `<tr>
<td>${name}<div class="meta">${escapeHtml(r.title)}</div>${err}</td>
<td class="nowrap">${statusBadge(r.status)}</td>
<td class="nowrap">${escapeHtml(r.grid)}</td>
<td class="nowrap">${escapeHtml(r.scheme)}</td>
<td class="num">${fmtNum(r.l1)}</td>
<td class="num">${fmtNum(r.relL2)}</td>
<td class="num">${fmtNum(r.massDrift)}</td>
<td>${mono}</td>
<td class="nowrap">${checksCell(r.checks)}</td>
<td class="meta nowrap">${r.observables.map(([k, v]) => `${escapeHtml(k)} ${escapeHtml(fmtNum(v))}`).join("<br>")}</td>
<td class="num">${r.steps}</td>
<td class="num">${fmtSeconds(r.seconds)}</td>
<td class="meta">${escapeHtml(r.createdAt.replace("T", " ").slice(0, 19))}</td>
</tr>`;
    })
    .join("\n");
  const commit = p.gitCommit
    ? `commit ${escapeHtml(p.gitCommit.slice(0, 12))}${p.gitDirty ? " (uncommitted changes)" : ""}`
    : "commit unknown";
  return page(
    "measureflow gallery",
    `<h1>measureflow gallery</h1>
<p class="meta">measureflow ${escapeHtml(p.version)} · ${commit} · ${ok} of ${rows.length} runs ok</p>
<p class="desc">Every scenario run into this folder, with its error against the exact solution
(L1 = Σ|ρ − exact cell average|·|cell| at the final time), the relative mass drift
max|m(t) − m(0)|/m(0) (— for Fisher–Rao and WFR flows, which create and destroy mass),
whether the recorded energy decreased monotonically, and the final
values of each scenario's own checks (e.g. the aggregation ring radius).</p>
<table>
<thead><tr><th>scenario</th><th>status</th><th>grid</th><th>scheme</th><th>L1 error</th>
<th>rel. L2</th><th>mass drift</th><th>energy monotone</th><th title="the thresholds of the problem spec">spec checks</th><th>observables (final)</th><th>steps</th><th>time</th><th>run at (UTC)</th></tr></thead>
<tbody>
${body || '<tr><td colspan="12">No runs yet: <code>npm run gallery</code> fills this folder.</td></tr>'}
</tbody>
</table>`,
  );
}

/** The gallery's checks cell: "3/3 ✓" (hover: each check), or the failed ones in bold. */
function checksCell(checks: readonly CheckResult[]): string {
  if (checks.length === 0) return "—";
  const all = escapeHtml(checks.map(checkText).join("; "));
  const failed = checks.filter((c) => !c.pass);
  if (failed.length === 0) return `<span title="${all}">${checks.length}/${checks.length} ✓</span>`;
  return `<b title="${all}">${escapeHtml(checksSummary(checks))}</b>`;
}

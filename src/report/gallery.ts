import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { checkText, checksSummary } from "./checks.js";
import {
  provenance,
  readJson,
  type CheckResult,
  type RunSummary,
  type SnapshotFile,
} from "../io/runFiles.js";
import { escapeHtml, fmtNum, fmtSeconds, page, statusBadge } from "./html.js";
import { thumbnailHtml } from "./thumbnail.js";

/** One gallery row, read from <outRoot>/<name>/summary.json. */
export interface GalleryRow {
  /** Run folder name under the output root. */
  folder: string;
  name: string;
  title: string;
  /** The scenario's description (what is solved, from what, against which exact solution). */
  description?: string;
  status: string;
  error: string | null;
  grid: string;
  scheme: string;
  l1: number | null;
  relL2: number | null;
  massDrift: number | null;
  monotone: boolean | null;
  maxIncrease: number | null;
  /** Smallest cell value at any recorded step of the run (not only the final one). */
  minDensity?: number | null;
  /** Thumbnail HTML (inline SVG or PNG) of the last snapshot, "" if none. */
  thumbnail?: string;
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
      const summary = readJson<RunSummary>(path);
      rows.push({
        ...rowFromSummary(entry.name, summary, report),
        thumbnail: thumbnailOf(join(outRoot, entry.name), summary),
      });
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
    description: s.description,
    status: s.status,
    error: s.error ?? null,
    grid: s.grid ? s.grid.n.join("×") : "—",
    scheme: s.scheme ?? s.options?.scheme ?? "—",
    l1: m?.l1 ?? null,
    relL2: m?.relL2 ?? null,
    massDrift: m?.massDrift ?? null,
    monotone: m ? m.energy.monotone : null,
    maxIncrease: m?.energy.maxIncrease ?? null,
    minDensity: m?.minDensity ?? null,
    checks: s.checks ?? [],
    observables: Object.entries(m?.observables ?? {}),
    steps: s.steps,
    seconds: t ? (t.buildSeconds ?? 0) + t.simulateSeconds : null,
    createdAt: s.createdAt,
    report,
  };
}

/** The thumbnail of the run's last snapshot view ("" when unreadable or absent). */
function thumbnailOf(runDir: string, s: RunSummary): string {
  const ref = s.snapshots?.[s.snapshots.length - 1];
  if (!ref?.file) return "";
  try {
    const p = join(runDir, ref.file);
    return existsSync(p)
      ? thumbnailHtml(readJson<SnapshotFile>(p), `${s.name} at t = ${fmtNum(ref.t)}`)
      : "";
  } catch {
    return "";
  }
}

/** Writes <outRoot>/index.html listing every run found in outRoot; returns its path. */
export function writeGallery(outRoot: string): string {
  const path = join(outRoot, "index.html");
  writeFileAtomic(
    path,
    renderGallery(readGalleryRows(outRoot), {
      convergence: existsSync(join(outRoot, "convergence.html")) ? "convergence.html" : null,
    }),
  );
  return path;
}

const GALLERY_CSS = `
body { max-width: 1320px; }
table.gallery { width: 100%; font-size: 13px; }
table.gallery th { font-size: 12.5px; vertical-align: bottom; }
table.gallery th small { display: block; font-weight: 400; color: var(--muted); }
table.gallery td { padding: 5px 7px; }
table.gallery th { padding: 5px 7px; }
td.thumbcell { padding: 4px 2px 4px 0; width: 100px; }
.thumb { display: block; border: 1px solid var(--line); border-radius: 4px; background: #fff; object-fit: contain; }
td.scen { min-width: 260px; }
td.scen a.name { white-space: nowrap; font-weight: 600; }
td.scen .title { color: var(--fg); margin-top: 1px; }
td.scen .descr { color: var(--muted); font-size: 12px; display: -webkit-box; -webkit-line-clamp: 2;
  -webkit-box-orient: vertical; overflow: hidden; max-width: 560px; }
td.scheme { font-size: 12px; color: var(--muted); max-width: 150px; }
td.obs { font-size: 12px; color: var(--muted); min-width: 170px; }
.tablewrap { overflow-x: auto; }
.more { display: none; }
#more:checked ~ .tablewrap .more { display: table-cell; }
label.toggle { display: inline-block; margin: 4px 0 10px; font-size: 13px; color: var(--muted); cursor: pointer; }
`;

export function renderGallery(
  rows: GalleryRow[],
  links: { convergence?: string | null } = {},
): string {
  const p = provenance();
  const ok = rows.filter((r) => r.status === "ok").length;
  const body = rows
    .map((r) => {
      const name = r.report
        ? `<a class="name" href="${escapeHtml(r.report)}">${escapeHtml(r.name)}</a>`
        : `<span class="name">${escapeHtml(r.name)}</span>`;
      const thumb = r.thumbnail
        ? r.report
          ? `<a href="${escapeHtml(r.report)}" tabindex="-1">${r.thumbnail}</a>`
          : r.thumbnail
        : "";
      const mono =
        r.monotone === null
          ? "—"
          : r.monotone
            ? "yes"
            : `<b title="largest increase ${escapeHtml(fmtNum(r.maxIncrease))}">no</b>`;
      const err = r.error
        ? `<div class="error" style="margin-top:4px;font-size:12px">${escapeHtml(r.error)}</div>`
        : "";
      const descr = r.description
        ? `<div class="descr" title="${escapeHtml(r.description)}">${escapeHtml(r.description)}</div>`
        : "";
      return `<tr>
<td class="thumbcell">${thumb}</td>
<td class="scen">${name} ${statusBadge(r.status)}<div class="title">${escapeHtml(r.title)}</div>${descr}${err}</td>
<td class="nowrap">${escapeHtml(r.grid)}</td>
<td class="scheme">${breakable(r.scheme)}</td>
<td class="num">${fmtNum(r.l1)}</td>
<td class="num">${fmtNum(r.massDrift)}</td>
<td class="num">${fmtNum(r.minDensity ?? null, 3)}</td>
<td>${mono}</td>
<td class="nowrap">${checksCell(r.checks)}</td>
<td class="num">${fmtSeconds(r.seconds)}</td>
<td class="num more">${fmtNum(r.relL2)}</td>
<td class="obs more">${r.observables.map(([k, v]) => `${escapeHtml(k)}&nbsp;${escapeHtml(fmtNum(v))}`).join("<br>")}</td>
<td class="num more">${r.steps}</td>
<td class="meta more">${escapeHtml(r.createdAt.replace("T", " ").slice(0, 19))}</td>
</tr>`;
    })
    .join("\n");
  const commit = p.gitCommit
    ? `commit ${escapeHtml(p.gitCommit.slice(0, 12))}${p.gitDirty ? " (uncommitted changes)" : ""}`
    : "commit unknown";
  const conv = links.convergence
    ? ` · <a href="${escapeHtml(links.convergence)}">convergence studies</a>`
    : "";
  return page(
    "measureflow gallery",
    `<h1>measureflow gallery</h1>
<p class="meta">measureflow ${escapeHtml(p.version)} · ${commit} · ${ok} of ${rows.length} runs ok${conv}</p>
<p class="desc">Every scenario run into this folder (click a name or thumbnail for its report), with its
error against the exact solution (L1 = Σ|ρ − exact cell average|·|cell| at the final time), the
relative mass drift max|m(t) − m(0)|/m(0) over the run (— for Fisher–Rao and WFR flows, which
create and destroy mass), the smallest cell value at any recorded step, whether the recorded energy
decreased monotonically, and the spec's checks. Thumbnails: the final density (1D: solid, with the
exact solution dashed; 2D: the field; 3D: the central xy plane).</p>
<input type="checkbox" id="more" hidden><label class="toggle" for="more">▸ more columns: relative L2, observables, steps, run date</label>
<div class="tablewrap"><table class="gallery">
<thead><tr><th></th><th>scenario</th><th>grid</th><th>scheme</th><th>L1 error<small>final</small></th>
<th>mass drift<small>max over run</small></th><th>min ρ<small>min over run</small></th><th>energy<small>monotone</small></th><th title="the thresholds of the problem spec">spec<small>checks</small></th><th>time</th>
<th class="more">rel. L2<small>final</small></th><th class="more">observables<small>final</small></th><th class="more">steps</th><th class="more">run at (UTC)</th></tr></thead>
<tbody>
${body || '<tr><td colspan="10">No runs yet: <code>npm run gallery</code> fills this folder.</td></tr>'}
</tbody>
</table></div>`,
    `<style>${GALLERY_CSS}</style>`,
  );
}

/** Escaped text with line-break opportunities after / ( , + [ (long scheme names). */
function breakable(text: string): string {
  return escapeHtml(text).replace(/([/(,+[])/g, "$1<wbr>");
}

/** The gallery's checks cell: "3/3 ✓" (hover: each check), or the failed ones in bold. */
function checksCell(checks: readonly CheckResult[]): string {
  if (checks.length === 0) return "—";
  const all = escapeHtml(checks.map(checkText).join("; "));
  const failed = checks.filter((c) => !c.pass);
  if (failed.length === 0) return `<span title="${all}">${checks.length}/${checks.length} ✓</span>`;
  return `<b title="${all}">${escapeHtml(checksSummary(checks))}</b>`;
}

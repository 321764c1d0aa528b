import type { OutputRecord, SnapshotFile } from "../io/runFiles.js";
import { escapeHtml, fmtNum, fmtSeconds, statusBadge } from "./html.js";
import type { RunFiles } from "./runFiles.js";
import { plotLayout, qualitativeColour, TOP_LEGEND, type PlotSpec } from "./runPlots.js";

/**
 * The comparison section of a base run's report: the spec's `compare` runs (src/run/compare.ts)
 * beside the base run — a table of final figures and, over time, the L1 error against the
 * exact solution, every observable (the distances to the base run among them) and the final
 * density profiles. Built from the runs' files only.
 */

/** One compared run as the report sees it: its files and the link to its own report. */
export interface ComparedFiles {
  label: string;
  title: string;
  /** Link from the base report to the run's report. */
  href: string;
  files: RunFiles;
}

interface Series {
  name: string;
  colour: string;
  outputs: OutputRecord[];
  last: SnapshotFile | undefined;
}

/** The HTML table and the figures of the comparison. */
export function comparisonSection(
  base: RunFiles,
  runs: ComparedFiles[],
): { html: string; plots: PlotSpec[] } {
  const all: Series[] = [
    {
      name: `base (${base.summary.scheme ?? "?"})`,
      colour: qualitativeColour(0),
      outputs: base.trace?.outputs ?? [],
      last: base.snapshots[base.snapshots.length - 1],
    },
    ...runs.map((r, i) => ({
      name: r.title,
      colour: qualitativeColour(i + 1),
      outputs: r.files.trace?.outputs ?? [],
      last: r.files.snapshots[r.files.snapshots.length - 1],
    })),
  ];
  const obsNames = [...new Set(all.flatMap((s) => Object.keys(s.outputs[0]?.observables ?? {})))];
  const finalObs = (o: OutputRecord[], k: string): string =>
    fmtNum(o[o.length - 1]?.observables[k] ?? null, 4);
  const head = ["run", "status", "scheme", "steps", "time", "L1 to exact (final)", ...obsNames];
  const row = (name: string, href: string | null, f: RunFiles): string => {
    const s = f.summary;
    const o = f.trace?.outputs ?? [];
    const secs = s.timings ? (s.timings.buildSeconds ?? 0) + s.timings.simulateSeconds : null;
    const cells = [
      href ? `<a href="${escapeHtml(href)}">${escapeHtml(name)}</a>` : escapeHtml(name),
      statusBadge(s.status),
      escapeHtml(s.scheme ?? "—"),
      String(s.steps),
      fmtSeconds(secs),
      fmtNum(s.metrics?.l1 ?? null),
      ...obsNames.map((k) => finalObs(o, k)),
    ];
    return `<tr>${cells.map((c, i) => `<td${i >= 3 ? ' class="num"' : ""}>${c}</td>`).join("")}</tr>`;
  };
  const html = `<h2>Comparison</h2>
<p class="desc">The same problem run ${runs.length} more way${runs.length === 1 ? "" : "s"} (the spec's <code>compare</code> runs). <i>l1ToBase</i> (Σ|ρ − ρ<sub>base</sub>|·|cell|) and, when the spec sets <code>compare.sinkhornEps</code>, <i>sinkhornToBase</i> (the Sinkhorn divergence S<sub>ε</sub> between the normalised densities) are distances to this run's density at the same time: the base run is the reference.</p>
<div style="overflow-x:auto"><table>
<tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>
${row("base (this run)", null, base)}
${runs.map((r) => row(r.title, r.href, r.files)).join("\n")}
</table></div>`;

  const plots: PlotSpec[] = [];
  const traceOf = (key: (o: OutputRecord) => number | null | undefined) =>
    all
      .map((s) => {
        const pts = s.outputs.filter((o) => Number.isFinite(key(o) ?? NaN));
        return pts.length === 0
          ? null
          : {
              type: "scatter",
              mode: "lines+markers",
              x: pts.map((o) => o.t),
              y: pts.map((o) => key(o)),
              name: s.name,
              line: { color: s.colour, width: 2 },
              marker: { size: 5 },
            };
      })
      .filter((d): d is NonNullable<typeof d> => d !== null);
  const l1 = traceOf((o) => o.l1);
  if (l1.length > 0) {
    plots.push({
      id: "cmp-l1",
      data: l1,
      layout: plotLayout("L1 error against the exact solution", "t", "L1", {
        yaxis: { type: "log" },
        legend: TOP_LEGEND,
      }),
    });
  }
  obsNames.forEach((k, i) => {
    const data = traceOf((o) => o.observables[k]);
    if (data.length === 0) return;
    const positive = data.every((d) => (d.y as number[]).every((v) => v > 0));
    plots.push({
      id: `cmp-obs-${i}`,
      data,
      layout: plotLayout(
        k,
        "t",
        k,
        positive && /ToBase|Error$/.test(k)
          ? { yaxis: { type: "log" }, legend: TOP_LEGEND }
          : { legend: TOP_LEGEND },
      ),
    });
  });
  const dim = base.summary.grid?.dim ?? 1;
  for (let a = 0; a < dim; a++) {
    const data = all
      .map((s) => {
        const line = s.last?.lines[a];
        return line
          ? {
              type: "scatter",
              mode: "lines",
              x: line.x,
              y: line.density,
              name: `${s.name}, t = ${Number(s.last!.t.toPrecision(4))}`,
              line: { color: s.colour, width: 2 },
            }
          : null;
      })
      .filter((d): d is NonNullable<typeof d> => d !== null);
    const exact = all[0].last?.lines[a]?.exact;
    if (exact) {
      data.push({
        type: "scatter",
        mode: "lines",
        x: all[0].last!.lines[a].x,
        y: exact,
        name: "exact",
        line: { color: "black", width: 1.2, dash: "dash" } as { color: string; width: number },
      });
    }
    if (data.length === 0) continue;
    const axis = ["x", "y", "z"][a];
    plots.push({
      id: `cmp-line-${a}`,
      data,
      layout: plotLayout(
        dim === 1 ? "Final densities" : `Final densities, slice along ${axis} through the centre`,
        axis,
        "ρ",
        { legend: TOP_LEGEND },
      ),
    });
  }
  return { html, plots };
}

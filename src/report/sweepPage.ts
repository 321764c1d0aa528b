import { drawScript, figuresHtml } from "./figures.js";
import { escapeHtml, fmtNum, fmtSeconds, page, statusBadge } from "./html.js";
import { plotLayout, qualitativeColour, type PlotSpec } from "./runPlots.js";

/**
 * A sweep's record (<out>/<name>.sweep/sweep.json, written by src/run/sweep/) and its report
 * page (report.html beside it): plain data in, a page out. The page shows, for each variation
 * with an observed order (grid.n against the cell width h, a time step against itself), the
 * L1 error and the wall time against the varied value on log–log axes, one trace per
 * combination of the other variations with its least-squares order in the legend; then a table
 * of every point (status, time, steps, L1, mass drift, link to its run report) and a table of
 * the orders.
 */

/** Format tag of sweep.json; bump when a field changes meaning. */
export const SWEEP_FORMAT = "measureflow-sweep/1";

/**
 * A point's state (src/run/sweep/state.ts): ok, stale (a result of another spec), failed,
 * interrupted, running (a run in progress, or killed), pending (not run yet).
 */
export type SweepPointStatus = "ok" | "stale" | "failed" | "interrupted" | "running" | "pending";

/** One point of sweep.json. */
export interface SweepPointRecord {
  label: string;
  /** The point's value of each variation as typed, in the order of `vary`. */
  texts: string[];
  /** The point's `--set` arguments (after the sweep's fixed ones). */
  sets: string[];
  /** Its run folder, relative to the sweep folder: points/<label>/<name>. */
  dir: string;
  status: SweepPointStatus;
  /** True when the result was found finished and kept (not run by this sweep command). */
  reused: boolean;
  /** Why it failed (or the checks it missed). */
  error: string | null;
  /** Build and run time of the run (summary.json timings), seconds. */
  seconds: number | null;
  steps: number | null;
  /** L1 error against the exact solution at the final time (null without one). */
  l1: number | null;
  massDrift: number | null;
  /** Cells per axis of its grid. */
  cells: number[] | null;
  /** Largest cell width. */
  h: number | null;
  /** The `measureflow run` command that runs this point alone. */
  command: string;
}

/** The observed order of the L1 error along one variation, the others fixed. */
export interface SweepOrderRecord {
  /** The varied path (`grid.n`, `scheme.dt`). */
  variation: string;
  /** What the error is fitted against: the cell width h (grid.n) or the varied step itself. */
  against: "h" | "step";
  /** The other variations' values (path → text); empty when only one variation. */
  fixed: Record<string, string>;
  /** The points used, coarse to fine (ok points with a positive L1 only). */
  labels: string[];
  /** The variation's value text of each point. */
  values: string[];
  /** h or the step of each point. */
  x: number[];
  /** Cells along the first axis of each point (grid.n variations; null otherwise). */
  n: number[] | null;
  l1: number[];
  /** Order between successive points: log(e_i/e_{i+1}) / log(x_i/x_{i+1}). */
  pairwise: (number | null)[];
  /** Slope of the least-squares line through (log x, log e). */
  leastSquares: number | null;
}

/** sweep.json */
export interface SweepRecord {
  format: string;
  name: string;
  title: string;
  /** The spec file or scenario name the sweep runs. */
  target: string;
  /** The sweep's command line. */
  command: string;
  /**
   * running (a sweep in progress, or one killed: the points' folders tell), complete (every
   * point ran to ok or failed), interrupted (stopped by a signal; some points not run),
   * incomplete (--summary-only with points missing or unfinished).
   */
  status: "running" | "complete" | "interrupted" | "incomplete";
  startedAt: string;
  updatedAt: string;
  /** Worker threads used (1: in the sweep's own thread). */
  jobs: number;
  /** Wall time of the sweep command so far, seconds. */
  seconds: number;
  /** The fixed `--set` arguments. */
  set: string[];
  vary: { path: string; values: string[] }[];
  points: SweepPointRecord[];
  orders: SweepOrderRecord[];
}

const order = (q: number | null): string => (q !== null && Number.isFinite(q) ? q.toFixed(2) : "–");

/** The legend text of a combination of the other variations. */
export function fixedText(fixed: Record<string, string>): string {
  const parts = Object.entries(fixed).map(([k, v]) => `${k} = ${v}`);
  return parts.length > 0 ? parts.join(", ") : "all points";
}

/** The two figures of the orders along one variation: L1 error and wall time. */
function orderPlots(s: SweepRecord, variation: string, k: number): PlotSpec[] {
  const orders = s.orders.filter((o) => o.variation === variation);
  const byN = orders.every((o) => o.n !== null);
  const xOf = (o: SweepOrderRecord): number[] => (byN ? o.n! : o.x);
  const xTitle = byN ? `${variation} (cells per axis)` : variation;
  // Ticks at the values run (a log axis over one or two octaves labels none of them).
  const ticks = [...new Set(orders.flatMap(xOf))].sort((a, b) => a - b);
  const logAxes = {
    xaxis: {
      type: "log",
      title: { text: xTitle },
      exponentformat: "power",
      ...(ticks.length <= 12 ? { tickvals: ticks } : {}),
    },
    yaxis: { type: "log", exponentformat: "power" },
  };
  const seconds = new Map(s.points.map((p) => [p.label, p.seconds]));
  const l1: Record<string, unknown>[] = orders.map((o, i) => ({
    type: "scatter",
    mode: "lines+markers",
    x: xOf(o),
    y: o.l1,
    text: o.labels,
    name: `${fixedText(o.fixed)}: order ${order(o.leastSquares)}`,
    line: { color: qualitativeColour(i), width: 2 },
    marker: { size: 7 },
  }));
  // Reference slopes 1 and 2 through the first point of the first combination.
  const first = orders[0];
  if (first && first.l1.length >= 2) {
    const xs = xOf(first);
    const x0 = xs[0];
    const x1 = xs[xs.length - 1];
    const ratio = byN ? x0 / x1 : x1 / x0; // h ∝ 1/n
    for (const [p, dash] of [
      [1, "dot"],
      [2, "dash"],
    ] as const) {
      l1.push({
        type: "scatter",
        mode: "lines",
        x: [x0, x1],
        y: [first.l1[0], first.l1[0] * ratio ** p],
        name: `order ${p} (reference)`,
        line: { color: "#888", width: 1, dash },
      });
    }
  }
  const time: Record<string, unknown>[] = orders.map((o, i) => ({
    type: "scatter",
    mode: "lines+markers",
    x: xOf(o),
    y: o.labels.map((l) => seconds.get(l) ?? null),
    text: o.labels,
    name: fixedText(o.fixed),
    line: { color: qualitativeColour(i), width: 2 },
    marker: { size: 7 },
  }));
  return [
    {
      id: `sweep-l1-${k}`,
      data: l1,
      layout: plotLayout(`L1 error at t_end against ${variation}`, xTitle, "L1 error", logAxes),
    },
    {
      id: `sweep-time-${k}`,
      data: time,
      layout: plotLayout(`Wall time against ${variation}`, xTitle, "seconds", logAxes),
    },
  ];
}

/** The table of every point. */
function pointsTable(s: SweepRecord): string {
  const head = [
    "point",
    ...s.vary.map((v) => `<code>${escapeHtml(v.path)}</code>`),
    "status",
    "time",
    "steps",
    "L1",
    "mass drift",
    "",
  ];
  const rows = s.points.map((p) => {
    const link =
      p.status === "ok" || p.status === "failed" || p.status === "interrupted"
        ? `<a href="${escapeHtml(`${p.dir}/report.html`)}">report</a>`
        : "";
    const note = p.error ? `<div class="meta">${escapeHtml(p.error)}</div>` : "";
    const reused = p.reused ? ` <span class="meta">(kept)</span>` : "";
    return `<tr><td class="nowrap">${escapeHtml(p.label)}</td>${p.texts
      .map((t) => `<td>${escapeHtml(t)}</td>`)
      .join("")}<td>${statusBadge(p.status)}${reused}${note}</td><td class="num">${fmtSeconds(
      p.seconds,
    )}</td><td class="num">${p.steps ?? "—"}</td><td class="num">${fmtNum(p.l1)}</td><td class="num">${fmtNum(
      p.massDrift,
    )}</td><td>${link}</td></tr>`;
  });
  return `<table><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr>${rows.join("")}</table>`;
}

/** The table of the observed orders. */
function ordersTable(s: SweepRecord): string {
  const rows = s.orders.map((o) => {
    const cells = o.values.map(
      (v, j) =>
        `${escapeHtml(v)}: ${fmtNum(o.l1[j], 3)}${j > 0 ? ` <span class="meta">(${order(o.pairwise[j - 1])})</span>` : ""}`,
    );
    return `<tr><td><code>${escapeHtml(o.variation)}</code> (against ${o.against === "h" ? "h" : "the step"})</td><td>${escapeHtml(fixedText(o.fixed))}</td><td>${cells.join("<br>")}</td><td class="num"><b>${order(o.leastSquares)}</b></td></tr>`;
  });
  return `<table><tr><th>variation</th><th>other variations</th><th>L1 (order from the previous)</th><th>least squares</th></tr>${rows.join("")}</table>`;
}

/** The sweep's page. `plotlyHref`: the shared plotly bundle relative to the page. */
export function renderSweepPage(s: SweepRecord, plotlyHref: string): string {
  const variations = [...new Set(s.orders.map((o) => o.variation))];
  const plots = variations.flatMap((v, k) => orderPlots(s, v, k));
  const counts = new Map<string, number>();
  for (const p of s.points) counts.set(p.status, (counts.get(p.status) ?? 0) + 1);
  const tally = [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
  const ordersSection =
    s.orders.length > 0
      ? `<h2>Observed orders</h2>
<p class="desc">The L1 error against the exact solution at the final time along each variation with an order (grid.n: against the cell width h, ∝ 1/n; a time step dt or τ: against itself), the other variations fixed. In brackets: the order between successive points, log(e<sub>i</sub>/e<sub>i+1</sub>)/log(x<sub>i</sub>/x<sub>i+1</sub>); in bold and in the legend: the least-squares slope of log e against log x over all of them.</p>
${figuresHtml(plots)}
<div style="margin-top: 14px">${ordersTable(s)}</div>`
      : `<p class="meta">No observed orders: ${
          s.points.some((p) => p.l1 !== null)
            ? "no variation of grid.n or of a time step (dt, tau) with two or more finished points"
            : "the problem has no exact solution (no L1 error)"
        }.</p>`;
  const body = `
<h1>Sweep: ${escapeHtml(s.title)} ${statusBadge(s.status === "complete" ? "ok" : s.status === "running" ? "running" : s.status)}</h1>
<p class="meta">${s.points.length} points (${escapeHtml(tally)}) · ${s.jobs} job${s.jobs === 1 ? "" : "s"} · ${fmtSeconds(s.seconds)} · updated ${escapeHtml(s.updatedAt)} · <a href="sweep.json">sweep.json</a></p>
<pre>${escapeHtml(s.command)}</pre>
${ordersSection}
<h2>Points</h2>
${pointsTable(s)}
<script src="${escapeHtml(plotlyHref)}"></script>
<script>
${drawScript(plots, plotlyHref)}
</script>`;
  return page(`${s.title} — sweep — measureflow`, body);
}

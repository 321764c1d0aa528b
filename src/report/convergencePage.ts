import { escapeHtml, fmtNum, fmtSeconds, jsonForScript, page } from "./html.js";
import { plotLayout, qualitativeColour, type PlotSpec } from "./runPlots.js";

/**
 * output/convergence.html: log–log L1 error against h for every study (one figure per
 * equation, one trace per scheme, the least-squares order in the legend, dotted reference
 * slopes h¹ and h²), and a table of the errors with the pairwise orders. Plain data in, a page
 * out: the studies are run by src/run/convergenceGallery.ts.
 */
export interface ConvergencePageStudy {
  scenario: string;
  title: string;
  expected: string;
  runs: {
    label: string;
    rows: { n: number; h: number; l1: number }[];
    /** Order between successive rows. */
    pairwise: number[];
    leastSquares: number;
    seconds: number;
  }[];
}

const order = (q: number): string => (Number.isFinite(q) ? q.toFixed(2) : "–");

/** The figure of one study. */
function studyPlot(s: ConvergencePageStudy, i: number): PlotSpec {
  const data: Record<string, unknown>[] = s.runs.map((r, k) => ({
    type: "scatter",
    mode: "lines+markers",
    x: r.rows.map((p) => p.h),
    y: r.rows.map((p) => p.l1),
    name: `${r.label}: order ${order(r.leastSquares)}`,
    line: { color: qualitativeColour(k), width: 2 },
    marker: { size: 7 },
  }));
  // Reference slopes through the first point of the first run, spanning its h range.
  const first = s.runs[0]?.rows ?? [];
  if (first.length >= 2) {
    const h0 = first[0].h;
    const h1 = first[first.length - 1].h;
    const e0 = first[0].l1;
    for (const [p, dash] of [
      [1, "dot"],
      [2, "dash"],
    ] as const) {
      data.push({
        type: "scatter",
        mode: "lines",
        x: [h0, h1],
        y: [e0, e0 * (h1 / h0) ** p],
        name: `h${p === 1 ? "¹" : "²"} (reference)`,
        line: { color: "#888", width: 1, dash },
      });
    }
  }
  return {
    id: `conv-${i}`,
    data,
    layout: plotLayout(s.title, "cell width h", "L1 error at t_end", {
      xaxis: { type: "log", title: { text: "cell width h" }, exponentformat: "power" },
      yaxis: { type: "log", title: { text: "L1 error at t_end" }, exponentformat: "power" },
    }),
  };
}

/** The errors and pairwise orders of one study as an HTML table. */
function studyTable(s: ConvergencePageStudy): string {
  const ns = s.runs[0]?.rows.map((r) => r.n) ?? [];
  const head = `<tr><th>scheme</th>${ns.map((n) => `<th>n = ${n}</th>`).join("")}<th>least squares</th><th>time</th></tr>`;
  const rows = s.runs.map((r) => {
    const cells = r.rows.map(
      (p, j) =>
        `<td class="num">${fmtNum(p.l1, 3)}${j > 0 ? ` <span class="meta">(${order(r.pairwise[j - 1])})</span>` : ""}</td>`,
    );
    return `<tr><td>${escapeHtml(r.label)}</td>${cells.join("")}<td class="num"><b>${order(r.leastSquares)}</b></td><td class="num">${fmtSeconds(r.seconds)}</td></tr>`;
  });
  return `<table>${head}${rows.join("")}</table>`;
}

/** The whole page. `plotlyHref` is the shared plotly bundle relative to the page. */
export function renderConvergencePage(
  studies: ConvergencePageStudy[],
  plotlyHref: string,
  mode: { full: boolean; command: string },
): string {
  const plots = studies.map(studyPlot);
  const sections = studies
    .map(
      (s, i) => `<section>
<h2>${escapeHtml(s.title)}</h2>
<p class="meta">scenario <code>${escapeHtml(s.scenario)}</code> · expected order: ${escapeHtml(s.expected)}</p>
<div class="plot" id="${plots[i].id}"></div>
${studyTable(s)}
</section>`,
    )
    .join("\n");
  const body = `
<p class="meta"><a href="index.html">← gallery</a></p>
<h1>Convergence</h1>
<p class="desc">L1 error against the exact cell averages at the final time, for each equation with an exact solution and each scheme family, as the grid is refined (${mode.full ? "full study" : "fast settings; <code>--full</code> refines further"}). In brackets: the order between successive resolutions, log(e<sub>i</sub>/e<sub>i+1</sub>)/log(h<sub>i</sub>/h<sub>i+1</sub>); in the legend: the least-squares slope. Dotted and dashed: slopes 1 and 2 for reference.</p>
<pre>${escapeHtml(mode.command)}</pre>
${sections}
<script src="${escapeHtml(plotlyHref)}"></script>
<script>
const PLOTS = ${jsonForScript(plots)};
if (typeof Plotly === "undefined") {
  document.body.insertAdjacentHTML("afterbegin", '<div class="error">plotly.js could not be loaded from ${escapeHtml(plotlyHref)}</div>');
} else {
  for (const p of PLOTS) Plotly.newPlot(p.id, p.data, p.layout, { responsive: true, displaylogo: false });
}
</script>`;
  return page("Convergence — measureflow", body);
}

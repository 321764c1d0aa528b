import type { PlaneView, RunSummary, RunTrace, SnapshotFile } from "../io/runFiles.js";

/**
 * Plotly figure specifications for one run, built from the run's files only (summary,
 * trace, snapshot views): the browser just calls Plotly.newPlot on each. Nothing here
 * recomputes physics; the only arithmetic is ρ − exact on stored 1D profiles and the
 * relative mass drift (m − m0)/m0 of the stored masses.
 */
export interface PlotSpec {
  id: string;
  /** Wide plots span the whole row. */
  wide?: boolean;
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

const AXES = ["x", "y", "z"];

/** Viridis-like sequential colours, so snapshot order reads as time order. */
const STOPS: [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

export function sequentialColour(i: number, n: number): string {
  const s = n <= 1 ? 0 : (0.9 * i) / (n - 1);
  const p = s * (STOPS.length - 1);
  const k = Math.min(STOPS.length - 2, Math.floor(p));
  const f = p - k;
  const c = STOPS[k].map((v, j) => Math.round(v + f * (STOPS[k + 1][j] - v)));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Distinct colours for runs compared in one figure (base run first). */
const QUALITATIVE = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#9467bd",
  "#ff7f0e",
  "#17becf",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
];

export function qualitativeColour(i: number): string {
  return QUALITATIVE[i % QUALITATIVE.length];
}

/** The common layout of the report figures (title left of the mode bar). */
export function plotLayout(
  title: string,
  xTitle: string,
  yTitle: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    // Left-aligned so the title does not run under the mode bar (top right).
    title: { text: title, font: { size: 14 }, x: 0.01, xref: "paper", xanchor: "left" },
    margin: { l: 64, r: 20, t: 44, b: 48 },
    xaxis: { title: { text: xTitle }, zeroline: false },
    yaxis: { title: { text: yTitle }, zeroline: false },
    legend: { font: { size: 11 } },
    ...extra,
  };
}

const tLabel = (t: number): string => `t = ${Number(t.toPrecision(4))}`;

function fixedLabel(fixed: { axis: number; x: number }[]): string {
  return fixed.map((f) => `${AXES[f.axis]} = ${Number(f.x.toPrecision(4))}`).join(", ");
}

/** All figures of a run report, in display order. */
export function buildRunPlots(
  summary: RunSummary,
  trace: RunTrace | null,
  snapshots: SnapshotFile[],
): PlotSpec[] {
  const plots: PlotSpec[] = [];
  const dim = summary.grid?.dim ?? snapshots[0]?.dim ?? 1;
  const last = snapshots[snapshots.length - 1];

  // Density profiles (1D) or centre slices (2D/3D), numeric vs exact at every snapshot.
  if (snapshots.length > 0) {
    for (let a = 0; a < dim; a++) {
      const data: Record<string, unknown>[] = [];
      snapshots.forEach((s, i) => {
        const line = s.lines[a];
        if (!line) return;
        const colour = sequentialColour(i, snapshots.length);
        data.push({
          type: "scatter",
          mode: "lines",
          x: line.x,
          y: line.density,
          name: tLabel(s.t),
          legendgroup: `s${i}`,
          line: { color: colour, width: 2 },
        });
        if (line.exact) {
          data.push({
            type: "scatter",
            mode: "lines",
            x: line.x,
            y: line.exact,
            name: `exact, ${tLabel(s.t)}`,
            legendgroup: `s${i}`,
            showlegend: i === snapshots.length - 1,
            line: { color: "black", width: 1.2, dash: "dash" },
          });
        }
      });
      const line0 = snapshots[0].lines[a];
      const withExact = snapshots.some((s) => s.lines[a]?.exact);
      const title =
        dim === 1
          ? `Density at the snapshots${withExact ? " (solid) and exact solution (dashed)" : ""}`
          : `Slice along ${AXES[a]} through the centre cell (${fixedLabel(line0?.fixed ?? [])})`;
      plots.push({ id: `line-${a}`, data, layout: plotLayout(title, AXES[a], "ρ") });
    }
  }

  // 1D: pointwise error at the last snapshot.
  if (dim === 1 && last?.lines[0]?.exact) {
    const line = last.lines[0];
    const err = line.density.map((v, i) => v - line.exact![i]);
    plots.push({
      id: "error-profile",
      data: [{ type: "scatter", mode: "lines", x: line.x, y: err, name: "ρ − exact" }],
      layout: plotLayout(`Error ρ − exact at ${tLabel(last.t)}`, "x", "ρ − exact", {
        showlegend: false,
      }),
    });
  }

  // 2D: initial and final density, final error. 3D: the central planes at the last snapshot.
  if (dim >= 2 && last) {
    const first = snapshots[0];
    if (dim === 2 && first && first !== last && first.planes[0]) {
      plots.push(
        heatmap("heat-first", first.planes[0], "density", `Density at ${tLabel(first.t)}`),
      );
    }
    last.planes.forEach((p, i) => {
      const where = p.fixed ? ` (${AXES[p.fixed.axis]} = ${Number(p.fixed.x.toPrecision(4))})` : "";
      plots.push(heatmap(`heat-last-${i}`, p, "density", `Density at ${tLabel(last.t)}${where}`));
    });
    const ep = last.planes[0];
    if (ep?.error) {
      const where = ep.fixed
        ? ` (${AXES[ep.fixed.axis]} = ${Number(ep.fixed.x.toPrecision(4))})`
        : "";
      plots.push(
        heatmap("heat-error", ep, "error", `Error ρ − exact at ${tLabel(last.t)}${where}`),
      );
    }
  }

  if (trace) plots.push(...tracePlots(trace, summary.metrics?.massDrift === null));
  return plots;
}

function heatmap(id: string, p: PlaneView, which: "density" | "error", title: string): PlotSpec {
  const values = which === "density" ? p.density : p.error!;
  const na = p.xa.length;
  const nb = p.xb.length;
  // Plotly's z is [row][column] with rows along y: row j holds the values at xb[j].
  const z: number[][] = [];
  for (let j = 0; j < nb; j++) {
    const row = new Array<number>(na);
    for (let i = 0; i < na; i++) row[i] = values[i * nb + j];
    z.push(row);
  }
  const [a, b] = p.axes;
  const trace: Record<string, unknown> = {
    type: "heatmap",
    x: p.xa,
    y: p.xb,
    z,
    colorscale: which === "density" ? "Viridis" : "RdBu",
    colorbar: { thickness: 14 },
  };
  if (which === "error") {
    trace.zmid = 0;
    trace.reversescale = true;
  }
  return {
    id,
    data: [trace],
    layout: plotLayout(title, AXES[a], AXES[b], {
      xaxis: { title: { text: AXES[a] }, zeroline: false },
      yaxis: { title: { text: AXES[b] }, scaleanchor: "x", scaleratio: 1, zeroline: false },
    }),
  };
}

/** Energy, mass and step plots; `massFree`: the flow creates and destroys mass (FR, WFR). */
function tracePlots(trace: RunTrace, massFree: boolean): PlotSpec[] {
  const plots: PlotSpec[] = [];
  const { series, outputs } = trace;
  plots.push({
    id: "energy",
    data: [
      {
        type: "scatter",
        mode: "lines",
        x: series.t,
        y: series.energy,
        name: "F(ρ) per step",
        line: { width: 2 },
      },
      {
        type: "scatter",
        mode: "markers",
        x: outputs.map((o) => o.t),
        y: outputs.map((o) => o.energy),
        name: "output times",
        marker: { size: 7 },
      },
    ],
    layout: plotLayout("Energy F(ρ(t))", "t", "F"),
  });

  const withErr = outputs.filter((o) => o.l1 !== undefined);
  if (withErr.length > 0) {
    const positive = (v: number | undefined): number | null =>
      v !== undefined && v > 0 ? v : null;
    const ts = withErr.map((o) => o.t);
    plots.push({
      id: "errors",
      data: [
        {
          type: "scatter",
          mode: "lines+markers",
          x: ts,
          y: withErr.map((o) => positive(o.l1)),
          name: "L1",
        },
        {
          type: "scatter",
          mode: "lines+markers",
          x: ts,
          y: withErr.map((o) => positive(o.linf)),
          name: "L∞",
        },
        {
          type: "scatter",
          mode: "lines+markers",
          x: ts,
          y: withErr.map((o) => positive(o.relL2)),
          name: "relative L2",
        },
      ],
      layout: plotLayout("Error against the exact cell averages", "t", "error", {
        yaxis: { title: { text: "error" }, type: "log", exponentformat: "e" },
      }),
    });
  }

  const m0 = series.mass[0] ?? outputs[0]?.mass ?? 1;
  plots.push({
    id: "mass",
    data: [
      {
        type: "scatter",
        mode: "lines",
        x: series.t,
        y: series.mass.map((m) => (m - m0) / m0),
        name: "(m − m₀)/m₀",
      },
      {
        type: "scatter",
        mode: "lines",
        x: series.t,
        y: series.minDensity,
        name: "min ρ",
        yaxis: "y2",
      },
    ],
    layout: plotLayout(
      massFree
        ? "Relative mass change (not conserved by this flow) and minimum density"
        : "Mass drift and minimum density",
      "t",
      "(m − m₀)/m₀",
      {
        margin: { l: 64, r: 64, t: 44, b: 48 },
        yaxis: { title: { text: "(m − m₀)/m₀" }, exponentformat: "e" },
        yaxis2: { title: { text: "min ρ" }, overlaying: "y", side: "right", exponentformat: "e" },
        legend: { orientation: "h", y: -0.2 },
      },
    ),
  });

  const dtT: number[] = [];
  const dtV: number[] = [];
  for (let i = 0; i < series.t.length; i++) {
    if (series.dt[i] > 0) {
      dtT.push(series.t[i]);
      dtV.push(series.dt[i]);
    }
  }
  if (dtV.length > 0) {
    plots.push({
      id: "dt",
      data: [{ type: "scatter", mode: "markers", x: dtT, y: dtV, marker: { size: 3 }, name: "dt" }],
      layout: plotLayout(
        `Time step (every ${series.stride === 1 ? "" : `${series.stride}th `}step)`,
        "t",
        "dt",
        { yaxis: { title: { text: "dt" }, type: "log", exponentformat: "e" }, showlegend: false },
      ),
    });
  }

  const names = Object.keys(outputs[0]?.observables ?? {});
  for (const name of names) {
    plots.push({
      id: `obs-${name.replace(/[^A-Za-z0-9_-]/g, "_")}`,
      data: [
        {
          type: "scatter",
          mode: "lines+markers",
          x: outputs.map((o) => o.t),
          y: outputs.map((o) => o.observables[name] ?? null),
          name,
        },
      ],
      layout: plotLayout(name, "t", name, { showlegend: false }),
    });
  }
  return plots;
}

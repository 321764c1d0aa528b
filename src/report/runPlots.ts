import type { LineView, PlaneView, RunSummary, RunTrace, SnapshotFile } from "../io/runFormats.js";

/**
 * Plotly figure specifications for one run, built from the run's files only (summary,
 * trace, snapshot views): the browser just calls Plotly.newPlot on each. Nothing here
 * recomputes physics; the only arithmetic is ρ − exact on stored 1D profiles, the relative
 * mass drift (m − m0)/m0 of the stored masses, colour ranges and the thinning of long
 * per-step series to what a plot can show.
 */
export interface PlotSpec {
  id: string;
  /** Wide plots span the whole row. */
  wide?: boolean;
  data: Record<string, unknown>[];
  /** The title is `layout.title.text`; HTML pages show it as a caption above the figure. */
  layout: Record<string, unknown>;
  /**
   * Animation frames (one per snapshot): each replaces the listed traces' data. The layout
   * then has a time slider and play/pause buttons driving them (Plotly.animate).
   */
  frames?: PlotFrame[];
}

export interface PlotFrame {
  name: string;
  /** Indices into `data` of the traces each frame updates, in the order of `data`. */
  traces: number[];
  data: Record<string, unknown>[];
  /** Layout changes with the frame (e.g. the colour ranges of heatmaps). */
  layout?: Record<string, unknown>;
}

export interface RunPlotOptions {
  /**
   * Time slider over the snapshots (frames) for the density figures; otherwise they show
   * the last snapshot only (e.g. a live view redrawn as the run goes). Default false.
   */
  animate?: boolean;
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

/** The viridis-like colour at s ∈ [0, 1] as [r, g, b] (0–255). */
export function viridisRgb(s: number): [number, number, number] {
  const p = Math.min(1, Math.max(0, s)) * (STOPS.length - 1);
  const k = Math.min(STOPS.length - 2, Math.floor(p));
  const f = p - k;
  const c = STOPS[k].map((v, j) => Math.round(v + f * (STOPS[k + 1][j] - v)));
  return [c[0], c[1], c[2]];
}

export function sequentialColour(i: number, n: number): string {
  const c = viridisRgb(n <= 1 ? 0 : (0.9 * i) / (n - 1));
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

/**
 * The common layout of the report figures. Exponents print as powers of ten (10⁻⁵, not
 * 1e-5 or 0.00001) and hover values with 4 significant digits. The title is left-aligned;
 * the HTML pages of src/report lift it out of the figure into a caption that wraps, so it
 * never runs under the mode bar (top right).
 */
export function plotLayout(
  title: string,
  xTitle: string,
  yTitle: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const { xaxis, yaxis, ...rest } = extra as {
    xaxis?: Record<string, unknown>;
    yaxis?: Record<string, unknown>;
  };
  return {
    title: { text: title, font: { size: 14 }, x: 0.01, xref: "paper", xanchor: "left" },
    margin: { l: 64, r: 20, t: 44, b: 48 },
    xaxis: { ...axis(xTitle), ...xaxis },
    yaxis: { ...axis(yTitle), ...yaxis },
    legend: { font: { size: 11 } },
    ...rest,
  };
}

/** An axis with a title and the common number formats. */
export function axis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { text: title },
    zeroline: false,
    exponentformat: "power",
    hoverformat: ".4~g",
    automargin: true,
    ...extra,
  };
}

/** A horizontal legend above the plot, left-aligned: clear of the mode bar (top right). */
export const TOP_LEGEND = { orientation: "h", x: 0, xanchor: "left", y: 1.02, yanchor: "bottom" };

/**
 * A log axis for positive values in [lo, hi]: spanning at least one decade (a narrower
 * range would label every tick with a long power of ten), ticks at 1, 2 and 5 times the
 * powers of ten when it spans less than four decades.
 */
export function logAxis(lo: number, hi: number): Record<string, unknown> {
  let a = Math.log10(lo);
  let b = Math.log10(hi);
  if (b - a < 1) {
    const mid = (a + b) / 2;
    a = mid - 0.55;
    b = mid + 0.55;
  } else {
    const pad = 0.04 * (b - a);
    a -= pad;
    b += pad;
  }
  return { type: "log", range: [a, b], ...(b - a < 4 ? { dtick: "D2" } : {}) };
}

/** logAxis over the positive finite values of the arrays ({type: "log"} if none). */
function logAxisOf(arrays: (readonly (number | null | undefined)[])[]): Record<string, unknown> {
  let lo = Infinity;
  let hi = 0;
  for (const a of arrays)
    for (const v of a) {
      if (v === null || v === undefined || !(v > 0) || !Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  return hi > 0 ? logAxis(lo, hi) : { type: "log" };
}

const num4 = (v: number): number => Number(v.toPrecision(4));
const tLabel = (t: number): string => `t = ${num4(t)}`;

function fixedLabel(fixed: { axis: number; x: number }[]): string {
  return fixed.map((f) => `${AXES[f.axis]} = ${num4(f.x)}`).join(", ");
}

/** All figures of a run report, in display order. */
export function buildRunPlots(
  summary: RunSummary,
  trace: RunTrace | null,
  snapshots: SnapshotFile[],
  options: RunPlotOptions = {},
): PlotSpec[] {
  const plots: PlotSpec[] = [];
  const dim = summary.grid?.dim ?? snapshots[0]?.dim ?? 1;
  const animate = options.animate === true && snapshots.length > 1;
  // A radial grid's one axis is the radius (docs/radial.md).
  const xName = summary.grid?.radial ? "r" : AXES[0];
  if (snapshots.length > 0) {
    if (dim === 1) plots.push(profileFigure(snapshots, animate, xName));
    else if (snapshots.some((s) => s.planes.length > 0)) {
      plots.push(fieldFigure(snapshots, dim, animate));
    }
    for (let a = 0; a < dim; a++) {
      const line = lineOverlay(snapshots, a, dim, dim === 1 ? xName : AXES[a]);
      if (line) plots.push(line);
    }
  }
  if (trace) plots.push(...tracePlots(trace, summary.metrics?.massDrift === null));
  return plots;
}

// ---------------------------------------------------------------------------------------
// Density figures
// ---------------------------------------------------------------------------------------

/**
 * The time slider driving `frames` (the figure opens at the last one). Play and pause are
 * buttons of the HTML page (src/report/figures.ts): plotly's own buttons leave an unhandled
 * promise rejection in the console whenever a playing animation is interrupted.
 */
function animationControls(names: string[], labels: string[]): Record<string, unknown> {
  const still = {
    mode: "immediate",
    frame: { duration: 0, redraw: true },
    transition: { duration: 0 },
  };
  return {
    sliders: [
      {
        active: names.length - 1,
        x: 0,
        len: 1,
        y: 0,
        yanchor: "top",
        pad: { t: 40, b: 0, l: 0, r: 0 },
        currentvalue: { prefix: "", visible: true, xanchor: "right", font: { size: 12 } },
        font: { size: 10 },
        steps: names.map((n, i) => ({ label: labels[i], method: "animate", args: [[n], still] })),
      },
    ],
  };
}

/** [lo, hi] of finite values in the arrays, or null. */
function extent(
  arrays: (readonly (number | null)[] | null | undefined)[],
): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    if (!a) continue;
    for (const v of a) {
      if (v === null || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** A padded axis range holding [lo, hi] (and 0 for densities, which start at 0). */
function paddedRange(lo: number, hi: number, withZero: boolean): [number, number] {
  if (withZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  const span = hi - lo || Math.abs(hi) || 1;
  return [lo - (withZero && lo === 0 ? 0 : 0.05 * span), hi + 0.05 * span];
}

/** 1D: ρ (solid) and exact (dashed) at a snapshot over ρ0 (grey), and ρ − exact below. */
function profileFigure(snapshots: SnapshotFile[], animate: boolean, xName: string): PlotSpec {
  const last = snapshots[snapshots.length - 1];
  const first = snapshots[0];
  const withExact = snapshots.some((s) => s.lines[0]?.exact);
  const errorOf = (l: LineView | undefined): number[] | null =>
    l?.exact ? l.density.map((v, i) => v - l.exact![i]) : null;
  const stateTraces = (s: SnapshotFile): Record<string, unknown>[] => {
    const l = s.lines[0];
    const out: Record<string, unknown>[] = [{ x: l?.x ?? [], y: l?.density ?? [] }];
    if (withExact) {
      out.push({ x: l?.x ?? [], y: l?.exact ?? [] });
      out.push({ x: l?.x ?? [], y: errorOf(l) ?? [] });
    }
    return out;
  };
  const [rho, ex, err] = stateTraces(last);
  const data: Record<string, unknown>[] = [
    { type: "scatter", mode: "lines", ...rho, name: "ρ", line: { color: "#1f5fbf", width: 2 } },
  ];
  if (withExact) {
    data.push(
      {
        type: "scatter",
        mode: "lines",
        ...ex,
        name: "exact",
        line: { color: "black", width: 1.3, dash: "dash" },
      },
      {
        type: "scatter",
        mode: "lines",
        ...err,
        name: "ρ − exact",
        line: { color: "#c0392b", width: 1.5 },
        xaxis: "x2",
        yaxis: "y2",
      },
    );
  }
  if (first !== last && first.lines[0]) {
    data.push({
      type: "scatter",
      mode: "lines",
      x: first.lines[0].x,
      y: first.lines[0].density,
      name: `ρ at ${tLabel(first.t)}`,
      line: { color: "#9aa3b2", width: 1, dash: "dot" },
    });
  }
  const yr = extent(snapshots.flatMap((s) => [s.lines[0]?.density, s.lines[0]?.exact]));
  const er = extent(snapshots.map((s) => errorOf(s.lines[0])));
  const emax = er ? Math.max(Math.abs(er[0]), Math.abs(er[1])) || 1 : 1;
  const layout = plotLayout(
    animate
      ? "Density ρ(t) and the exact solution, with the error ρ − exact below (time slider)"
      : `Density and exact solution at ${tLabel(last.t)}${withExact ? ", error ρ − exact below" : ""}`,
    withExact ? "" : xName,
    "ρ",
    {
      height: withExact ? 540 : 420,
      legend: TOP_LEGEND,
      xaxis: withExact ? { showticklabels: false, matches: "x2" } : {},
      yaxis: {
        domain: withExact ? [0.38, 1] : [0, 1],
        ...(yr ? { range: paddedRange(yr[0], yr[1], true) } : {}),
      },
      ...(withExact
        ? {
            xaxis2: axis(xName, { anchor: "y2" }),
            yaxis2: axis("ρ − exact", {
              domain: [0, 0.3],
              anchor: "x2",
              range: [-1.08 * emax, 1.08 * emax],
              zeroline: true,
              zerolinecolor: "#bbb",
            }),
          }
        : {}),
      margin: { l: 72, r: 20, t: 44, b: animate ? 110 : 48 },
    },
  );
  const spec: PlotSpec = { id: "profile", wide: true, data, layout };
  if (animate) addFrames(spec, snapshots, (s) => stateTraces(s), withExact ? [0, 1, 2] : [0]);
  return spec;
}

/** Adds one frame per snapshot, the slider and the play/pause buttons. */
function addFrames(
  spec: PlotSpec,
  snapshots: SnapshotFile[],
  traces: (s: SnapshotFile) => Record<string, unknown>[],
  indices: number[],
  layout?: (s: SnapshotFile) => Record<string, unknown>,
): void {
  const names = snapshots.map((_, i) => `s${i}`);
  spec.frames = snapshots.map((s, i) => ({
    name: names[i],
    traces: indices,
    data: traces(s),
    ...(layout ? { layout: layout(s) } : {}),
  }));
  Object.assign(
    spec.layout,
    animationControls(
      names,
      snapshots.map((s) => tLabel(s.t)),
    ),
  );
}

/** 2D/3D: heatmaps of ρ (and of ρ − exact) on the stored planes, with the time slider. */
function fieldFigure(snapshots: SnapshotFile[], dim: number, animate: boolean): PlotSpec {
  const last = snapshots[snapshots.length - 1];
  const planes = last.planes;
  const withError = planes.some((p) => p.error);
  const rows = withError ? 2 : 1;
  const cols = planes.length;
  // Side-by-side panels for 2D (density | error); a rows × 3 grid for the 3D planes.
  const panels: { plane: number; which: "density" | "error"; row: number; col: number }[] = [];
  if (dim === 2) {
    panels.push({ plane: 0, which: "density", row: 0, col: 0 });
    if (withError) panels.push({ plane: 0, which: "error", row: 0, col: 1 });
  } else {
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++)
        panels.push({ plane: c, which: r === 0 ? "density" : "error", row: r, col: c });
  }
  const nCols = dim === 2 ? panels.length : cols;
  const nRows = dim === 2 ? 1 : rows;
  const gapX = 0.1;
  const gapY = 0.12;
  const w = (1 - gapX * (nCols - 1)) / nCols;
  const h = (1 - gapY * (nRows - 1)) / nRows;
  // Colour ranges per snapshot (they change with the frame): ρ from min(0, min ρ) to
  // max ρ, the error symmetric about 0. The colour bars carry the amplitude.
  const ranges = (s: SnapshotFile): Record<string, { cmin: number; cmax: number }> => {
    const d = extent(s.planes.map((p) => p.density));
    const e = extent(s.planes.map((p) => p.error));
    const lo = d ? Math.min(0, d[0]) : 0;
    const emax = (e ? Math.max(Math.abs(e[0]), Math.abs(e[1])) : 0) || 1;
    return {
      coloraxis: { cmin: lo, cmax: d && d[1] > lo ? d[1] : lo + 1 },
      ...(withError ? { coloraxis2: { cmin: -emax, cmax: emax } } : {}),
    };
  };
  const lastRanges = ranges(last);

  const layout: Record<string, unknown> = {};
  const data: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  panels.forEach((p, k) => {
    const plane = planes[p.plane];
    const ax = k === 0 ? "" : String(k + 1);
    const x0 = p.col * (w + gapX);
    const y1 = 1 - p.row * (h + gapY);
    const [a, b] = plane.axes;
    const where = plane.fixed ? ` at ${AXES[plane.fixed.axis]} = ${num4(plane.fixed.x)}` : "";
    // Equal scales on both axes; the plot shrinks inside its domain towards the colour bar.
    layout[`xaxis${ax}`] = axis(AXES[a], {
      domain: [x0, x0 + w - 0.02],
      anchor: `y${ax}`,
      constrain: "domain",
      constraintoward: "right",
    });
    layout[`yaxis${ax}`] = axis(AXES[b], {
      domain: [y1 - h, y1],
      anchor: `x${ax}`,
      scaleanchor: `x${ax}`,
      scaleratio: 1,
      constrain: "domain",
      constraintoward: "top",
    });
    if (dim === 3 && p.row === 0 && plane.fixed) {
      annotations.push({
        text: `${AXES[a]}${AXES[b]} plane, ${AXES[plane.fixed.axis]} = ${num4(plane.fixed.x)}`,
        xref: "paper",
        yref: "paper",
        x: x0 + (w - 0.02) / 2,
        y: 1,
        xanchor: "center",
        yanchor: "bottom",
        showarrow: false,
        font: { size: 12 },
      });
    }
    data.push({
      type: "heatmap",
      x: plane.xa,
      y: plane.xb,
      z: zMatrix(plane, p.which),
      coloraxis: p.which === "density" ? "coloraxis" : "coloraxis2",
      zsmooth: "best",
      xaxis: `x${ax}`,
      yaxis: `y${ax}`,
      name: p.which === "density" ? `ρ${where}` : `ρ − exact${where}`,
      hovertemplate: `${AXES[a]} = %{x:.4~g}, ${AXES[b]} = %{y:.4~g}<br>${p.which === "density" ? "ρ" : "ρ − exact"} = %{z:.4~g}<extra>${plane.fixed ? `${AXES[plane.fixed.axis]} = ${num4(plane.fixed.x)}` : ""}</extra>`,
    });
  });
  // One colour bar per row (3D) or per panel (2D), right of its panels.
  const bar = (row: number, col: number): Record<string, unknown> => ({
    thickness: 12,
    len: nRows === 1 ? 0.9 : h * 0.9,
    y: 1 - row * (h + gapY) - h / 2,
    yanchor: "middle",
    x: col * (w + gapX) + w - 0.015,
    xanchor: "left",
    exponentformat: "power",
  });
  layout.coloraxis = {
    colorscale: "Viridis",
    ...lastRanges.coloraxis,
    colorbar: { ...bar(0, dim === 2 ? 0 : nCols - 1), title: { text: "ρ", side: "right" } },
  };
  if (withError) {
    layout.coloraxis2 = {
      colorscale: "RdBu",
      reversescale: true,
      ...lastRanges.coloraxis2,
      colorbar: {
        ...(dim === 2 ? bar(0, 1) : bar(1, nCols - 1)),
        title: { text: "ρ − exact", side: "right" },
      },
    };
  }
  const what =
    dim === 2
      ? `Density ρ${withError ? " (left) and error ρ − exact (right)" : ""}`
      : `Density ρ on the central planes${withError ? " (top) and the error ρ − exact (bottom)" : ""}`;
  const title = animate ? `${what}, time slider` : `${what} at ${tLabel(last.t)}`;
  const planeHeight = dim === 2 ? 400 : 300;
  const spec: PlotSpec = {
    id: "field",
    // One panel (no exact solution) fills a grid cell; several span the row.
    wide: panels.length > 1,
    data,
    layout: {
      ...plotLayout(title, "", ""),
      ...layout,
      annotations,
      height: planeHeight * nRows + (animate ? 150 : 70) + (annotations.length ? 20 : 0),
      margin: { l: 56, r: 70, t: annotations.length ? 64 : 44, b: animate ? 120 : 40 },
      showlegend: false,
    },
  };
  if (animate) {
    addFrames(
      spec,
      snapshots,
      (s) =>
        panels.map((p) => ({ z: s.planes[p.plane] ? zMatrix(s.planes[p.plane], p.which) : [] })),
      panels.map((_, k) => k),
      ranges,
    );
  }
  return spec;
}

/** Plotly's z is [row][column] with rows along the plane's second axis. */
export function zMatrix(p: PlaneView, which: "density" | "error"): number[][] {
  const values = which === "density" ? p.density : (p.error ?? []);
  const na = p.xa.length;
  const nb = p.xb.length;
  const z: number[][] = [];
  for (let j = 0; j < nb; j++) {
    const row = new Array<number>(na);
    for (let i = 0; i < na; i++) row[i] = values[i * nb + j];
    z.push(row);
  }
  return z;
}

/** Lines along axis `a` at every snapshot (sequential colours), with the exact solution. */
function lineOverlay(
  snapshots: SnapshotFile[],
  a: number,
  dim: number,
  name: string,
): PlotSpec | null {
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
  if (data.length === 0) return null;
  const line0 = snapshots[0].lines[a];
  const withExact = snapshots.some((s) => s.lines[a]?.exact);
  const title =
    dim === 1
      ? `Density at all ${snapshots.length} snapshots${withExact ? " (solid) and the exact solution (dashed)" : ""}`
      : `Slice along ${AXES[a]} through the centre cell (${fixedLabel(line0?.fixed ?? [])}), all snapshots`;
  return { id: `line-${a}`, data, layout: plotLayout(title, name, "ρ") };
}

// ---------------------------------------------------------------------------------------
// Per-step series
// ---------------------------------------------------------------------------------------

/** Most points of a per-step series in a plot (a plot is ~550 px wide). */
export const MAX_SERIES_POINTS = 400;

/** Indices that thin a series of n points to at most `max`, keeping the first and last. */
export function thinned(n: number, max = MAX_SERIES_POINTS): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const k = Math.ceil((n - 1) / (max - 1));
  const idx: number[] = [];
  for (let i = 0; i < n - 1; i += k) idx.push(i);
  idx.push(n - 1);
  return idx;
}

/**
 * The time steps' relative spread (max − min)/max over the recorded steps (dt > 0), and
 * whether they vary: a constant step with rounding noise (e.g. τ snapped to output
 * times, 0.01 vs 0.010000000000000158) does not count.
 */
export function stepVariation(dt: readonly number[]): { varies: boolean; ratio: number } {
  let lo = Infinity;
  let hi = 0;
  for (const v of dt) {
    if (!(v > 0)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(hi > 0)) return { varies: false, ratio: 1 };
  return { varies: (hi - lo) / hi > 1e-6, ratio: hi / lo };
}

/** Energy, errors, mass, minimum density and step plots; `massFree`: FR/WFR flows. */
function tracePlots(trace: RunTrace, massFree: boolean): PlotSpec[] {
  const plots: PlotSpec[] = [];
  const { series, outputs } = trace;
  const idx = thinned(series.t.length);
  const pick = <T>(a: readonly T[]): T[] => idx.map((i) => a[i]);
  const t = pick(series.t);
  const thin = idx.length < series.t.length ? ` (${idx.length} of ${series.t.length} points)` : "";
  plots.push({
    id: "energy",
    data: [
      {
        type: "scatter",
        mode: "lines",
        x: t,
        y: pick(series.energy),
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
    layout: plotLayout("Energy F(ρ(t))", "t", "F", {
      legend: TOP_LEGEND,
    }),
  });

  const withErr = outputs.filter((o) => o.l1 !== undefined);
  if (withErr.length > 0) {
    const positive = (v: number | undefined): number | null =>
      v !== undefined && v > 0 ? v : null;
    const ts = withErr.map((o) => o.t);
    const err = (name: string, get: (o: (typeof withErr)[number]) => number | undefined) => ({
      type: "scatter",
      mode: "lines+markers",
      x: ts,
      y: withErr.map((o) => positive(get(o))),
      name,
    });
    plots.push({
      id: "errors",
      data: [err("L1", (o) => o.l1), err("L∞", (o) => o.linf), err("relative L2", (o) => o.relL2)],
      layout: plotLayout("Error against the exact cell averages", "t", "error", {
        yaxis: logAxisOf(withErr.map((o) => [o.l1, o.linf, o.relL2])),
        legend: TOP_LEGEND,
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
        x: t,
        y: pick(series.mass).map((m) => (m - m0) / m0),
        name: "(m − m₀)/m₀",
      },
    ],
    layout: plotLayout(
      massFree
        ? "Relative mass change (m − m₀)/m₀ (this flow creates and destroys mass)"
        : `Relative mass drift (m − m₀)/m₀${thin}`,
      "t",
      "(m − m₀)/m₀",
      { showlegend: false },
    ),
  });

  const minRho = pick(series.minDensity);
  const mr = extent([minRho]);
  if (mr && (mr[0] !== 0 || mr[1] !== 0)) {
    const log = mr[0] > 0;
    plots.push({
      id: "min-density",
      data: [{ type: "scatter", mode: "lines", x: t, y: minRho, name: "min ρ" }],
      layout: plotLayout(
        `Minimum density min ρ over the cells${log ? " (log scale)" : ""}${thin}`,
        "t",
        "min ρ",
        {
          showlegend: false,
          yaxis: log
            ? logAxisOf([minRho])
            : { range: paddedRange(mr[0], mr[1], true), zeroline: true, zerolinecolor: "#bbb" },
        },
      ),
    });
  }

  const dtAll = pick(series.dt);
  const dtv = stepVariation(series.dt);
  if (dtv.varies) {
    const dt = dtAll.map((v) => (v > 0 ? v : null));
    const every = series.stride === 1 ? "every step" : `every ${series.stride}th step`;
    plots.push({
      id: "dt",
      data: [{ type: "scatter", mode: "markers", x: t, y: dt, marker: { size: 3 }, name: "dt" }],
      layout: plotLayout(`Time step dt (recorded ${every})${thin}`, "t", "dt", {
        yaxis: dtv.ratio > 10 ? logAxisOf([dt]) : {},
        showlegend: false,
      }),
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

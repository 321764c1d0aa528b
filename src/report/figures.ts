import { escapeHtml, jsonForScript } from "./html.js";
import { packFigures, UNPACK_JS } from "./packPlots.js";
import type { PlotSpec } from "./runPlots.js";

/**
 * Figures on an HTML page: each PlotSpec becomes a <figure> whose caption is the figure's
 * title (lifted out of the plotly layout, so a long title wraps and never runs under the
 * mode bar), and one script draws them all from compactly embedded data (packPlots.ts).
 * Used by the run reports and the convergence page.
 */

/** The title text of a figure's layout ("" if none). */
export function figureTitle(p: PlotSpec): string {
  const t = p.layout.title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string") {
    return (t as { text: string }).text;
  }
  return "";
}

/** The layout drawn under an HTML caption: no title, a top margin just for the mode bar. */
function withoutTitle(layout: Record<string, unknown>): Record<string, unknown> {
  const { title: _title, ...rest } = layout;
  void _title;
  const margin = (rest.margin ?? {}) as Record<string, unknown>;
  return { ...rest, margin: { ...margin, t: 30 } };
}

/** The figure elements (a grid; wide figures span the row). */
export function figuresHtml(plots: PlotSpec[]): string {
  if (plots.length === 0) return "";
  const figs = plots.map((p) => {
    const title = figureTitle(p);
    const play = p.frames?.length
      ? ` <span class="anim"><button type="button" data-act="play" data-for="${escapeHtml(p.id)}">▶ play</button><button type="button" data-act="pause" data-for="${escapeHtml(p.id)}">❚❚ pause</button></span>`
      : "";
    return `<figure class="fig${p.wide ? " wide" : ""}">${title || play ? `<figcaption>${escapeHtml(title)}${play}</figcaption>` : ""}<div class="plot" id="${escapeHtml(p.id)}"></div></figure>`;
  });
  return `<div class="grid">\n${figs.join("\n")}\n</div>`;
}

/** Mode bar: save-as-image, zoom, pan, reset; no selection tools, no plotly logo. */
export const PLOT_CONFIG = {
  responsive: true,
  displaylogo: false,
  modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
  toImageButtonOptions: { scale: 2 },
};

/**
 * Browser code drawing `plots` into the elements of figuresHtml; says so in the page when
 * the plotly bundle (loaded before it from `plotlyHref`) is missing. Each figure element
 * gets data-drawn="1" once plotted (what the browser test waits for). Play runs the frames
 * from the slider's position (from the first when at the last), 0.6 s each; pause stops.
 */
export function drawScript(plots: PlotSpec[], plotlyHref: string): string {
  const missing = `<div class="error">plotly.js could not be loaded from ${escapeHtml(plotlyHref)}; re-run the scenario or the gallery to copy it there.</div>`;
  const packed = packFigures(plots.map((p) => ({ ...p, layout: withoutTitle(p.layout) })));
  return `${UNPACK_JS}
const FIGURES = ${jsonForScript(packed.figures)};
const ARRAYS = ${jsonForScript(packed.arrays)};
const CONFIG = ${jsonForScript(PLOT_CONFIG)};
if (typeof Plotly === "undefined") {
  document.body.insertAdjacentHTML("afterbegin", ${jsonForScript(missing)});
} else {
  const FRAMES = {};
  for (const f of FIGURES) {
    const p = mfUnpack(f, ARRAYS);
    if (p.frames) FRAMES[p.id] = p.frames.map((fr) => fr.name);
    const el = document.getElementById(p.id);
    Plotly.newPlot(el, { data: p.data, layout: p.layout, frames: p.frames || [], config: CONFIG })
      .then(() => { el.dataset.drawn = "1"; });
  }
  const quiet = () => {}; // an interrupted animation rejects its promise: not an error
  document.addEventListener("click", (ev) => {
    const b = ev.target instanceof Element ? ev.target.closest("button[data-act]") : null;
    const el = b && document.getElementById(b.dataset.for);
    const names = el && FRAMES[el.id];
    if (!names || !el.layout) return;
    if (b.dataset.act === "pause") {
      Plotly.animate(el, [null], { mode: "immediate", frame: { duration: 0, redraw: false } }).catch(quiet);
      return;
    }
    const slider = el.layout.sliders && el.layout.sliders[0];
    const at = slider && typeof slider.active === "number" ? slider.active : names.length - 1;
    const from = at >= names.length - 1 ? 0 : at + 1;
    Plotly.animate(el, names.slice(from), {
      mode: "immediate", frame: { duration: 600, redraw: true }, transition: { duration: 0 },
    }).catch(quiet);
  });
}`;
}

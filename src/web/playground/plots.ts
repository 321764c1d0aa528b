import type { RunSummary, RunTrace, SnapshotFile } from "../../io/runFormats.js";
import { buildRunPlots } from "../../report/runPlots.js";

/** The parts of plotly.js the page uses (loaded by a classic script tag: plotly.min.js). */
interface PlotlyApi {
  react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
  purge(el: HTMLElement): void;
}
declare const Plotly: PlotlyApi;

const CONFIG = { responsive: true, displaylogo: false };

/**
 * The plots of a run, drawn with the same figure specifications as the HTML reports
 * (buildRunPlots in src/report/runPlots.ts) from the same records: the density against the
 * exact solution at the output times reached so far plus the live state, the energy, the
 * errors, the mass and the step size. Each plot keeps its element between updates
 * (Plotly.react), and counts its updates in data-updates (what the browser test watches).
 */
export class RunPlots {
  private readonly elements = new Map<string, HTMLElement>();

  constructor(private readonly container: HTMLElement) {}

  /** Draws the records so far; `live` is the current state when it is past the last snapshot. */
  draw(
    summary: RunSummary,
    trace: RunTrace | null,
    snapshots: SnapshotFile[],
    live: SnapshotFile | null,
  ): void {
    const last = snapshots[snapshots.length - 1];
    const shown = live && (!last || live.t > last.t) ? [...snapshots, live] : snapshots;
    const specs = buildRunPlots(summary, trace, shown);
    const keep = new Set(specs.map((s) => s.id));
    for (const [id, el] of this.elements) {
      if (keep.has(id)) continue;
      Plotly.purge(el);
      el.remove();
      this.elements.delete(id);
    }
    let previous: HTMLElement | null = null;
    for (const spec of specs) {
      let el = this.elements.get(spec.id);
      if (!el) {
        el = document.createElement("div");
        el.className = "plot";
        el.id = `plot-${spec.id}`;
        el.dataset.updates = "0";
        this.elements.set(spec.id, el);
      }
      // Keep the display order of buildRunPlots.
      const after: ChildNode | null = previous ? previous.nextSibling : this.container.firstChild;
      if (after !== el) this.container.insertBefore(el, after);
      if (spec.wide) el.classList.add("wide");
      void Plotly.react(el, spec.data, spec.layout, CONFIG);
      el.dataset.updates = String(Number(el.dataset.updates) + 1);
      previous = el;
    }
  }

  clear(): void {
    for (const el of this.elements.values()) {
      Plotly.purge(el);
      el.remove();
    }
    this.elements.clear();
  }
}

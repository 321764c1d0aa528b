import { existsSync, mkdtempSync, readFileSync, statSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checksSummary } from "../../src/report/checks.js";
import { renderGallery, readGalleryRows, type GalleryRow } from "../../src/report/gallery.js";
import { jsonForScript } from "../../src/report/html.js";
import { ensurePlotlyAsset, plotlyBundlePath } from "../../src/report/plotlyAsset.js";
import { buildRunPlots, stepVariation } from "../../src/report/runPlots.js";
import { readRunFiles, writeRunReport } from "../../src/report/runReport.js";
import { writeJsonAtomic } from "../../src/io/atomicWrite.js";
import { resolveOptions } from "../../src/run/options.js";
import { simulate } from "../../src/run/simulate.js";
import { evaluateChecks } from "../../src/run/checks.js";
import {
  failedSummary,
  type CheckResult,
  type RunMetrics,
  type RunSummary,
  type RunTrace,
  type SnapshotFile,
} from "../../src/run/summary.js";
import { cosineProblem } from "../run/fixtures/scenarios/_cosine.js";

const made: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), "mf-rep-"));
  made.push(d);
  return d;
};
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const opts = (n: number) =>
  resolveOptions({ name: "t", defaults: { n, tEnd: 0.02, snapshots: 3 }, schemes: ["fv1"] });

function runInto(dim: number, name: string, root = tmp()): string {
  const dir = join(root, name);
  simulate(cosineProblem(opts(12), { dim }), {
    outDir: dir,
    meta: { name, title: `Title </script><b>${name}</b>`, description: "a < b & c" },
  });
  return dir;
}

describe("run report", () => {
  it("1D: animated profile with the error below, all-snapshot overlay, then the series", () => {
    const files = readRunFiles(runInto(1, "one"));
    const plots = buildRunPlots(files.summary, files.trace, files.snapshots, { animate: true });
    // The fixture's steps (≤ 0.0137, cut at the output times 0.01 and 0.02) are all 0.01: no
    // dt panel. Its min ρ is positive (1 − a·decay > 0): a panel of its own (log axis).
    expect(plots.map((p) => p.id)).toEqual([
      "profile",
      "line-0",
      "energy",
      "errors",
      "mass",
      "min-density",
      "obs-max",
    ]);
    const profile = plots[0];
    // ρ, exact, ρ − exact, and ρ0 for reference; one frame per snapshot (3) updating the
    // first three; the figure opens at the last snapshot.
    expect(profile.data).toHaveLength(4);
    expect(profile.frames!.map((f) => f.traces)).toEqual([
      [0, 1, 2],
      [0, 1, 2],
      [0, 1, 2],
    ]);
    expect(profile.frames![0].data[0].y).toEqual(files.snapshots[0].lines[0].density);
    expect(profile.data[0].y).toEqual(files.snapshots[2].lines[0].density);
    const sliders = profile.layout.sliders as { active: number; steps: unknown[] }[];
    expect(sliders[0].active).toBe(2);
    expect(sliders[0].steps).toHaveLength(3);
    const line = plots[1];
    // One numeric and one dashed exact trace per snapshot (3 snapshots).
    expect(line.data).toHaveLength(6);
    expect(line.data[0].y).toEqual(files.snapshots[0].lines[0].density);
    // Without animation (a live view): the same figures, no frames, no slider.
    const still = buildRunPlots(files.summary, files.trace, files.snapshots);
    expect(still[0].frames).toBeUndefined();
    expect(still[0].layout.sliders).toBeUndefined();
  });

  it("2D and 3D: one heatmap figure (density and error panels) with frames, centre slices", () => {
    const f2 = readRunFiles(runInto(2, "two"));
    const p2 = buildRunPlots(f2.summary, f2.trace, f2.snapshots, { animate: true });
    expect(p2.map((p) => p.id).slice(0, 3)).toEqual(["field", "line-0", "line-1"]);
    expect(p2[0].data.map((d) => d.type)).toEqual(["heatmap", "heatmap"]);
    expect(p2[0].frames).toHaveLength(3);
    const f3 = readRunFiles(runInto(3, "three"));
    const p3 = buildRunPlots(f3.summary, f3.trace, f3.snapshots, { animate: true });
    expect(p3.map((p) => p.id).slice(0, 4)).toEqual(["field", "line-0", "line-1", "line-2"]);
    // Three central planes, density row and error row.
    expect(p3[0].data).toHaveLength(6);
    expect(p3[0].frames![0].traces).toEqual([0, 1, 2, 3, 4, 5]);
    // Each frame carries its own colour ranges.
    expect(p3[0].frames![0].layout).toHaveProperty("coloraxis.cmax");
  });

  it("the dt panel appears only when the step varies beyond rounding; min ρ ≡ 0 has no panel", () => {
    expect(stepVariation([0, 0.01, 0.010000000000000158, 0.01]).varies).toBe(false);
    expect(stepVariation([0, 0.01, 0.005]).varies).toBe(true);
    expect(stepVariation([0, 0.01, 0.005]).ratio).toBe(2);
    const series = (dt: number[], minDensity: number[]) =>
      ({
        name: "s",
        series: {
          cap: 10, stride: 1, step: dt.map((_, i) => i), t: dt.map((_, i) => i / 10), dt,
          energy: dt.map(() => 1), mass: dt.map(() => 1), minDensity,
        },
        outputs: [],
      }) as unknown as RunTrace; // prettier-ignore
    const summary = { grid: { dim: 1 }, metrics: { massDrift: 0 } } as unknown as RunSummary;
    const ids = (tr: RunTrace) => buildRunPlots(summary, tr, []).map((p) => p.id);
    expect(ids(series([0, 0.1, 0.1 + 1e-17, 0.1], [0, 0, 0, 0]))).toEqual(["energy", "mass"]);
    expect(ids(series([0, 0.1, 0.05, 0.1], [1, 0.5, 0, 0]))).toEqual([
      "energy",
      "mass",
      "min-density",
      "dt",
    ]);
    // A positive min ρ is drawn on a log axis spanning at least one decade.
    const [minP] = buildRunPlots(summary, series([0, 0.1], [1e-3, 2e-3]), []).filter(
      (p) => p.id === "min-density",
    );
    const y = minP.layout.yaxis as { type: string; range: number[] };
    expect(y.type).toBe("log");
    expect(y.range[1] - y.range[0]).toBeGreaterThanOrEqual(1);
  });

  it("heatmaps put the second axis on rows (plotly z[y][x])", () => {
    const snap: SnapshotFile = {
      index: 0,
      t: 0,
      step: 0,
      dim: 2,
      grid: { n: [2, 3], lo: [0, 0], hi: [1, 1] },
      lines: [],
      planes: [
        {
          axes: [0, 1],
          fixed: null,
          xa: [0.25, 0.75],
          xb: [1, 2, 3],
          density: [0, 1, 2, 10, 11, 12], // value 10 i + j at (x_i, y_j), first axis slowest
          error: null,
          bin: [1, 1],
        },
      ],
    };
    const summary = { grid: { dim: 2 } } as unknown as RunSummary;
    const heat = buildRunPlots(summary, null, [snap]).find((p) => p.id === "field")!;
    expect(heat.data[0].z).toEqual([
      [0, 10],
      [1, 11],
      [2, 12],
    ]);
    expect(heat.data[0].x).toEqual([0.25, 0.75]);
    expect(heat.data[0].y).toEqual([1, 2, 3]);
  });

  it("writes a self-contained page: escaped text, one data script, shared plotly asset", () => {
    const root = tmp();
    const dir = runInto(1, "esc", root);
    const path = writeRunReport(dir);
    const html = readFileSync(path, "utf8");
    expect(html).toContain('<script src="../assets/plotly.js"></script>');
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    // Titles are captions above the figures, not inside plotly (clear of its mode bar).
    expect(html).toContain("<figcaption>Energy F(ρ(t))</figcaption>");
    expect(html).toContain("Title &lt;/script&gt;&lt;b&gt;esc&lt;/b&gt;");
    expect(html).toContain("a &lt; b &amp; c");
    expect(existsSync(join(root, "assets", "plotly.js"))).toBe(true);
    expect(jsonForScript({ s: "</script>" })).toBe('{"s":"\\u003c/script>"}');
  });

  it("renders a run that failed before it started (no trace, no snapshots)", () => {
    const root = tmp();
    const dir = join(root, "early");
    writeJsonAtomic(
      join(dir, "summary.json"),
      failedSummary({ name: "early" }, new Error("boom"), "build"),
    );
    const html = readFileSync(writeRunReport(dir), "utf8");
    expect(html).toContain("early: build failed: boom");
    expect(html).toContain("No data was recorded before the run stopped.");
  });

  it("writes the plotly asset once per output folder", () => {
    const root = tmp();
    const p = ensurePlotlyAsset(root);
    // The minified bundle, DEFLATE-compressed and base64-encoded (test/report/plotlyAsset.test.ts
    // checks that it unpacks to the bundle): well under the 4.8 MB bundle.
    expect(statSync(p).size).toBeLessThan(0.5 * statSync(plotlyBundlePath()).size);
    const m1 = statSync(p).mtimeMs;
    ensurePlotlyAsset(root);
    expect(statSync(p).mtimeMs).toBe(m1);
  });
});

describe("spec checks", () => {
  const metrics = (l1: number | null, drift: number | null, monotone: boolean) =>
    ({ l1, massDrift: drift, energy: { monotone } }) as unknown as RunMetrics;

  it("each threshold passes at equality and fails above it; an absent figure fails", () => {
    const checks = { l1: 1e-3, massDrift: 1e-12, energyMonotone: true };
    expect(evaluateChecks(checks, metrics(1e-3, 1e-12, true)).map((c) => c.pass)).toEqual([
      true,
      true,
      true,
    ]);
    const bad = evaluateChecks(checks, metrics(1.1e-3, null, false));
    expect(bad.map((c) => [c.name, c.pass])).toEqual([
      ["l1", false],
      ["massDrift", false],
      ["energyMonotone", false],
    ]);
    expect(evaluateChecks(undefined, metrics(1, 1, false))).toEqual([]);
    expect(checksSummary(bad)).toMatch(/^3 of 3 failed: l1 0\.0011 ≤ 0\.001 ✗/);
  });

  it("the gallery shows a failed check in bold and a passing set as n/n", () => {
    const pass = evaluateChecks({ l1: 1 }, metrics(0.5, 0, true));
    const fail = evaluateChecks({ l1: 0.1 }, metrics(0.5, 0, true));
    const row = (name: string, checks: CheckResult[]): GalleryRow =>
      ({ folder: name, name, title: name, status: "ok", error: null,
        grid: "8", scheme: "fv2", l1: 0.5, relL2: null, massDrift: 0, monotone: true,
        maxIncrease: null, checks, observables: [], steps: 1, seconds: 0, createdAt: "", report: null }); // prettier-ignore
    const html = renderGallery([row("a", pass), row("b", fail)]);
    expect(html).toContain("1/1 ✓");
    expect(html).toMatch(/<b title="[^"]*">1 of 1 failed: l1 0\.5 ≤ 0\.1 ✗<\/b>/);
  });
});

describe("gallery", () => {
  it("lists every run folder with status, metrics and report links", () => {
    const root = tmp();
    runInto(1, "alpha", root);
    writeRunReport(join(root, "alpha"));
    writeJsonAtomic(
      join(root, "beta", "summary.json"),
      failedSummary({ name: "beta" }, new Error("<bad> thing"), "load"),
    );
    // A run in progress (staging folder) and a failed rerun kept aside are not gallery rows.
    for (const aside of [".alpha.staging-123", "alpha.failed"]) {
      writeJsonAtomic(
        join(root, aside, "summary.json"),
        failedSummary({ name: "alpha" }, new Error("aside"), "run"),
      );
    }
    const rows = readGalleryRows(root);
    expect(rows.map((r) => [r.folder, r.status, r.report])).toEqual([
      ["alpha", "ok", "alpha/report.html"],
      ["beta", "failed", null],
    ]);
    expect(rows[0].l1!).toBeLessThan(1e-14);
    expect(rows[0].monotone).toBe(true);
    // The fixture's observable `max` (final peak of the decaying cosine) is listed.
    expect(rows[0].observables.map(([k]) => k)).toEqual(["max"]);
    const html = renderGallery(rows);
    expect(html).toContain("observables<small>final</small>");
    expect(html).toContain("min ρ<small>min over run</small>");
    expect(html).toContain('<a class="name" href="alpha/report.html">alpha</a>');
    // A thumbnail of the final profile (1D: inline SVG).
    expect(rows[0].thumbnail).toMatch(/^<svg class="thumb"/);
    expect(html).toContain("beta: load failed: &lt;bad&gt; thing");
    expect(html).toContain("1 of 2 runs ok");
  });
});

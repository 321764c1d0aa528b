import { existsSync, mkdtempSync, readFileSync, statSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checksSummary } from "../../src/report/checks.js";
import { renderGallery, readGalleryRows, type GalleryRow } from "../../src/report/gallery.js";
import { jsonForScript } from "../../src/report/html.js";
import { ensurePlotlyAsset, plotlyBundlePath } from "../../src/report/plotlyAsset.js";
import { buildRunPlots } from "../../src/report/runPlots.js";
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
  it("1D: profiles with exact, error profile, energy, errors, mass, dt and observables", () => {
    const files = readRunFiles(runInto(1, "one"));
    const ids = buildRunPlots(files.summary, files.trace, files.snapshots).map((p) => p.id);
    expect(ids).toEqual(["line-0", "error-profile", "energy", "errors", "mass", "dt", "obs-max"]);
    const line = buildRunPlots(files.summary, files.trace, files.snapshots)[0];
    // One numeric and one dashed exact trace per snapshot (3 snapshots).
    expect(line.data).toHaveLength(6);
    expect(line.data[0].y).toEqual(files.snapshots[0].lines[0].density);
  });

  it("2D and 3D: centre slices and heatmaps", () => {
    const f2 = readRunFiles(runInto(2, "two"));
    expect(
      buildRunPlots(f2.summary, f2.trace, f2.snapshots)
        .map((p) => p.id)
        .slice(0, 5),
    ).toEqual(["line-0", "line-1", "heat-first", "heat-last-0", "heat-error"]);
    const f3 = readRunFiles(runInto(3, "three"));
    const ids3 = buildRunPlots(f3.summary, f3.trace, f3.snapshots).map((p) => p.id);
    expect(ids3.slice(0, 7)).toEqual([
      "line-0",
      "line-1",
      "line-2",
      "heat-last-0",
      "heat-last-1",
      "heat-last-2",
      "heat-error",
    ]);
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
    const heat = buildRunPlots(summary, null, [snap]).find((p) => p.id === "heat-last-0")!;
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

  it("copies the plotly bundle once per output folder", () => {
    const root = tmp();
    const p = ensurePlotlyAsset(root);
    expect(statSync(p).size).toBe(statSync(plotlyBundlePath()).size);
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
    expect(html).toContain("observables (final)");
    expect(html).toContain('<a href="alpha/report.html">alpha</a>');
    expect(html).toContain("beta: load failed: &lt;bad&gt; thing");
    expect(html).toContain("1 of 2 runs ok");
  });
});

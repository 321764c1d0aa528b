import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comparisonSection } from "../../src/report/comparison.js";
import { writeGallery } from "../../src/report/gallery.js";
import { buildRunPlots } from "../../src/report/runPlots.js";
import { readRunFiles } from "../../src/report/runReport.js";
import type { CliIO } from "../../src/run/commands/io.js";
import { writeConvergencePage } from "../../src/run/commands/convergence.js";
import { STUDIES } from "../../src/run/convergenceGallery.js";
import { chromiumPath, launchChromium } from "../browser/chromium.js";
import { runCli, tempDir } from "../cliHarness.js";

/**
 * The HTML reports as a reader opens them: from disk (file://) in headless Chromium, with
 * the shared, compressed plotly asset. Coarse runs of a 1D, a 2D and a 3D scenario (one with
 * a compared run, whose report sits one folder deeper), then: every figure is drawn with the
 * traces its specification has, each holding data; moving the time slider changes the frame
 * (and play advances it); the gallery fits 1280 px with a thumbnail per row; the console stays
 * clean. Screenshots go to output/browser-test/ (MEASUREFLOW_SCREENSHOTS overrides), as
 * issue 11 asks, for a human to look at.
 */

const ROOT = new URL("../../", import.meta.url);
const SHOTS =
  process.env.MEASUREFLOW_SCREENSHOTS ?? join(fileURLToPath(ROOT), "output", "browser-test");

const out = tempDir("mf-browser-");

/** heat-1d with a compared run (fv1 instead of fv2): a report in <out>/<name>.compare/fv1/. */
function specWithCompare(): string {
  const spec = JSON.parse(readFileSync(new URL("scenarios/heat-1d.json", ROOT), "utf8")) as Record<
    string,
    unknown
  >;
  delete spec.$schema;
  spec.name = "heat-1d-compare";
  spec.compare = [{ label: "fv1", title: "first-order fluxes", set: { "scheme.flux": "fv1" } }];
  const path = join(out, "heat-1d-compare.json");
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

/** Trace counts the reports' figures must show, from the run files (independent of the page). */
function expectedTraces(runDir: string, compared: string[] = []): Map<string, number> {
  const files = readRunFiles(runDir);
  const plots = buildRunPlots(files.summary, files.trace, files.snapshots, { animate: true });
  const cmp = compared.length
    ? comparisonSection(
        files,
        compared.map((c) => ({
          label: c,
          title: c,
          href: "",
          files: readRunFiles(join(`${runDir}.compare`, c)),
        })),
      ).plots
    : [];
  return new Map([...plots, ...cmp].map((p) => [p.id, p.data.length]));
}

interface FigureState {
  id: string;
  drawn: boolean;
  traces: number;
  /** Traces with at least one finite number in x, y or z. */
  withData: number;
  /** The caption's bottom edge is above the plot (titles are outside the figure). */
  captionAbove: boolean;
}

async function figures(page: Page): Promise<FigureState[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>(".plot")].map((el) => {
      const data = (el as unknown as { data?: Record<string, unknown>[] }).data ?? [];
      const finite = (v: unknown): boolean =>
        Array.isArray(v) && v.flat(2).some((x) => typeof x === "number" && Number.isFinite(x));
      const cap = el.parentElement?.querySelector("figcaption");
      return {
        id: el.id,
        drawn: el.dataset.drawn === "1",
        traces: data.length,
        withData: data.filter((t) => finite(t.x) || finite(t.y) || finite(t.z)).length,
        captionAbove:
          !cap || cap.getBoundingClientRect().bottom <= el.getBoundingClientRect().top + 1,
      };
    }),
  );
}

/** A fingerprint of the first trace's values (y, or z for heatmaps) in the browser. */
function fingerprint(page: Page, id: string): Promise<string> {
  return page.evaluate((id) => {
    const el = document.getElementById(id) as unknown as { data: Record<string, unknown>[] };
    const t = el.data[0];
    return JSON.stringify(t.z ?? t.y).slice(0, 2000);
  }, id);
}

function sliderActive(page: Page, id: string): Promise<number> {
  return page.evaluate((id) => {
    const el = document.getElementById(id) as unknown as {
      _fullLayout: { sliders: { active: number }[] };
    };
    return el._fullLayout.sliders[0].active;
  }, id);
}

const skip = chromiumPath === null;
if (skip) console.warn("\n*** report browser tests SKIPPED: no Chromium found ***\n");

describe.skipIf(skip)("reports in headless Chromium", () => {
  let browser: Browser;
  const errors: string[] = [];
  const timings: string[] = [];
  const t0 = performance.now();

  const PAGES = [
    "index.html",
    "fokker-planck-2d/report.html",
    "barenblatt-3d/report.html",
    "heat-1d-compare/report.html",
    "heat-1d-compare.compare/fv1/report.html",
  ];
  const loaded = new Map<string, Page>();

  async function open(rel: string, width = 1280): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const t = performance.now();
    page.once("load", () =>
      timings.push(`${rel} loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`),
    );
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${rel}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`${rel}: ${e.message}`));
    // Generous: plotly takes ~0.5 s to load on an idle machine, 20 s were seen on a busy one.
    await page.goto(pathToFileURL(join(out, rel)).href, { timeout: 120_000 });
    return page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  /** Waits for every figure, then checks each against the expected trace counts. */
  async function checkFigures(page: Page, expected: Map<string, number>): Promise<void> {
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLElement>(".plot")].every((e) => e.dataset.drawn === "1"),
      null,
      { timeout: 60_000 },
    );
    const figs = await figures(page);
    expect(figs.map((f) => f.id)).toEqual([...expected.keys()]);
    for (const f of figs) {
      expect({ id: f.id, traces: f.traces }).toEqual({ id: f.id, traces: expected.get(f.id) });
      // Every trace holds data, except an exact-solution trace of a run without one (none here).
      expect({ id: f.id, withData: f.withData }).toEqual({ id: f.id, withData: f.traces });
      expect({ id: f.id, captionAbove: f.captionAbove }).toEqual({ id: f.id, captionAbove: true });
    }
  }

  /** The figure's fingerprint once it differs from `from` (polled for up to 10 s). */
  async function changedFingerprint(page: Page, id: string, from: string): Promise<string> {
    let fp = await fingerprint(page, id);
    for (let k = 0; k < 100 && fp === from; k++) {
      await page.waitForTimeout(100);
      fp = await fingerprint(page, id);
    }
    return fp;
  }

  /** Clicks the left end of a figure's slider rail: frame 0 shows, then play moves on. */
  async function checkSlider(page: Page, id: string, frames: number): Promise<void> {
    expect(await sliderActive(page, id)).toBe(frames - 1);
    const before = await fingerprint(page, id);
    const railEl = page.locator(`#${id} .slider-rail-rect`);
    await railEl.scrollIntoViewIfNeeded();
    const rail = await railEl.boundingBox();
    expect(rail).not.toBeNull();
    await page.mouse.click(rail!.x + 2, rail!.y + rail!.height / 2);
    await page.waitForFunction(
      (id) =>
        (
          document.getElementById(id) as unknown as {
            _fullLayout: { sliders: { active: number }[] };
          }
        )._fullLayout.sliders[0].active === 0,
      id,
      { timeout: 15_000 },
    );
    // The slider moves first; the frame's data follows when plotly's animation has run.
    const first = await changedFingerprint(page, id, before);
    expect(first).not.toBe(before);
    await page.locator(`button[data-act="play"][data-for="${id}"]`).click();
    await page.waitForFunction(
      (id) =>
        (
          document.getElementById(id) as unknown as {
            _fullLayout: { sliders: { active: number }[] };
          }
        )._fullLayout.sliders[0].active > 0,
      id,
      { timeout: 15_000 },
    );
    await page.locator(`button[data-act="pause"][data-for="${id}"]`).click();
    expect(await changedFingerprint(page, id, first)).not.toBe(first);
  }

  beforeAll(async () => {
    for (const argv of [
      ["run", "fokker-planck-2d", "--n", "48"],
      ["run", "barenblatt-3d", "--n", "16"],
      ["run", specWithCompare(), "--n", "48"],
    ]) {
      const r = await runCli([...argv, "--out", out]);
      expect({ argv, code: r.code }).toEqual({ argv, code: 0 });
    }
    writeGallery(out);
    browser = await launchChromium();
    // All pages load at once (each in its own renderer process); the tests then inspect them.
    await Promise.all(PAGES.map(async (rel) => loaded.set(rel, await open(rel))));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    console.info(
      `report browser tests: ${((performance.now() - t0) / 1000).toFixed(1)} s (${timings.join("; ")})`,
    );
  });

  it("the gallery fits 1280 px, one thumbnail per run, names on one line", async () => {
    const page = loaded.get("index.html")!;
    const g = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      rows: document.querySelectorAll("table.gallery tbody tr").length,
      thumbs: document.querySelectorAll("table.gallery tbody .thumb").length,
      wrapped: [...document.querySelectorAll("a.name")].filter((a) => a.getClientRects().length > 1)
        .length,
      moreHidden: [...document.querySelectorAll<HTMLElement>("td.more")].every(
        (td) => getComputedStyle(td).display === "none",
      ),
    }));
    expect(g).toEqual({ scroll: 1280, rows: 3, thumbs: 3, wrapped: 0, moreHidden: true });
    await shot(page, "gallery");
    // "More columns" shows the secondary columns; the page still does not scroll sideways.
    await page.locator("label.toggle").click();
    const shown = await page.evaluate(() => ({
      shown: [...document.querySelectorAll<HTMLElement>("td.more")].every(
        (td) => getComputedStyle(td).display !== "none",
      ),
      scroll: document.documentElement.scrollWidth,
    }));
    expect(shown).toEqual({ shown: true, scroll: 1280 });
    await shot(page, "gallery-more-columns");
    await page.close();
  });

  it("2D report: density and error heatmaps with the slider", async () => {
    const page = loaded.get("fokker-planck-2d/report.html")!;
    // The scenario shows an fv2 run beside its default (sg) run.
    await checkFigures(page, expectedTraces(join(out, "fokker-planck-2d"), ["fv2"]));
    const frames = readRunFiles(join(out, "fokker-planck-2d")).snapshots.length;
    await checkSlider(page, "field", frames);
    await shot(page, "report-2d");
    await page.close();
  });

  it("3D report: three orthogonal slices (and their errors) with the slider", async () => {
    const page = loaded.get("barenblatt-3d/report.html")!;
    const expected = expectedTraces(join(out, "barenblatt-3d"));
    expect(expected.get("field")).toBe(6);
    await checkFigures(page, expected);
    const frames = readRunFiles(join(out, "barenblatt-3d")).snapshots.length;
    await checkSlider(page, "field", frames);
    await shot(page, "report-3d");
    await page.close();
  });

  it("1D report with a comparison section: every figure drawn; slider and play move the profile", async () => {
    const dir = join(out, "heat-1d-compare");
    const page = loaded.get("heat-1d-compare/report.html")!;
    await checkFigures(page, expectedTraces(dir, ["fv1"]));
    await checkSlider(page, "profile", readRunFiles(dir).snapshots.length);
    await shot(page, "report-1d-compare");
    await page.close();
    // The compared run's report, one folder deeper: plotly from ../../assets/plotly.js.
    const deep = loaded.get("heat-1d-compare.compare/fv1/report.html")!;
    await checkFigures(deep, expectedTraces(join(out, "heat-1d-compare.compare", "fv1")));
    await deep.close();
  });

  it("the convergence page (one heat-1d study, fv1 and fv2 at n = 32, 64)", async () => {
    const heat = STUDIES.find((s) => s.scenario === "heat-1d")!;
    const quiet = { stdout: { write: () => undefined }, stderr: { write: () => undefined } };
    const path = await writeConvergencePage(out, false, quiet as unknown as CliIO, [
      { ...heat, runs: heat.runs.filter((r) => r.label !== "sg"), fast: [32, 64] },
    ]);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`convergence: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`convergence: ${e.message}`));
    await page.goto(pathToFileURL(path).href, { timeout: 120_000 });
    // Every .plot element is drawn with the traces its embedded specification lists (FIGURES
    // for pages drawn by src/report/figures.ts, PLOTS otherwise), each holding data.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLElement>(".plot")].every(
          (e) => (e as unknown as { _fullLayout?: unknown })._fullLayout !== undefined,
        ),
      null,
      { timeout: 60_000 },
    );
    const specCounts = await page.evaluate(() => {
      // Top-level const of a classic script: a global binding, not a window property.
      const specs = (0, eval)('typeof FIGURES !== "undefined" ? FIGURES : PLOTS') as {
        id: string;
        data: unknown[];
      }[];
      return specs.map((p) => [p.id, p.data.length] as [string, number]);
    });
    expect(specCounts.length).toBeGreaterThan(0);
    const figs = await figures(page);
    expect(figs.map((f) => [f.id, f.traces])).toEqual(specCounts);
    for (const f of figs)
      expect({ id: f.id, withData: f.withData }).toEqual({ id: f.id, withData: f.traces });
    await shot(page, "convergence");
    await page.close();
  });

  it("no console errors or warnings on any page", () => {
    expect(errors).toEqual([]);
  });
});

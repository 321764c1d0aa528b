import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fmtNum } from "../../src/report/html.js";
import { installPlayground } from "../../src/run/commands/serve.js";
import { runCli } from "../cliHarness.js";
import { DIST, ROOT, ensureBuilt } from "../package/ensureBuilt.js";
import { chromiumPath, launchChromium } from "./chromium.js";

/**
 * The playground as a user opens it: from disk (file://, where Chromium refuses module
 * workers and worker files, so the solver's worker starts from a Blob URL), with no network.
 * It runs heat-1d, then heat-1d refined to n = 512 through the n field: the plots update, the
 * L1 error is under the scenario's threshold (refining lowers it), and the L1 the page shows
 * is the CLI's for the same problem (`measureflow run heat-1d --set grid.n=[512]`), to the
 * last bit. Also: an invalid spec is reported with its JSON path, the Stop button ends a run
 * as "interrupted", the URL hash reloads the edited problem, and the console stays clean.
 */

interface PlotInfo {
  id: string;
  updates: number;
  traces: number;
  /** Traces with at least one finite value in x, y or z. */
  drawn: number;
  /** Points of the first trace (x). */
  points: number;
}

/** Every plot on the page: its update count and whether its traces hold data. */
function plots(page: Page): Promise<PlotInfo[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("#plots .plot")].map((el) => {
      const data = ((el as unknown as { data?: Record<string, unknown>[] }).data ?? []) as Record<
        string,
        unknown
      >[];
      const finite = (v: unknown): boolean =>
        Array.isArray(v) && v.flat(2).some((x) => typeof x === "number" && Number.isFinite(x));
      return {
        id: el.id,
        updates: Number(el.dataset.updates),
        traces: data.length,
        drawn: data.filter((t) => finite(t.x) || finite(t.y) || finite(t.z)).length,
        points: Array.isArray(data[0]?.x) ? (data[0].x as unknown[]).length : 0,
      };
    }),
  );
}

/** Waits until the run shown ends (status ok, failed, interrupted or invalid). */
async function runEnds(page: Page): Promise<string> {
  await page.waitForFunction(
    () => {
      const s = document.getElementById("status")?.dataset.state;
      return s !== undefined && s !== "running";
    },
    null,
    { timeout: 60_000 },
  );
  return (await page.getAttribute("#status", "data-state"))!;
}

describe.skipIf(chromiumPath === null)("the playground, opened from disk", () => {
  const out = mkdtempSync(join(tmpdir(), "mf-playground-"));
  let browser: Browser;
  let page: Page;
  let index = "";
  const errors: string[] = [];
  const network: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    // As `measureflow serve` and `npm run playground` install it: <out>/playground/.
    index = pathToFileURL(installPlayground(out, join(DIST, "playground"))).href;
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("request", (r) => {
      if (!/^(file|blob|data):/.test(r.url())) network.push(r.url());
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it("runs heat-1d, then n = 512 from the field: plots update, L1 under the threshold, equal to the CLI's", async () => {
    await page.goto(`${index}#scenario=heat-1d`);
    // The worker compiled the WebAssembly kernels (the page says which engine it has).
    await page.waitForFunction(() =>
      document.getElementById("engine")?.textContent?.includes("WebAssembly SIMD"),
    );
    expect(await page.inputValue("#field-n")).toBe("256");

    await page.click("#run");
    expect(await runEnds(page)).toBe("ok");
    const first = await plots(page);
    const line0 = first.find((p) => p.id === "plot-line-0");
    expect(line0?.points).toBe(256);

    await page.fill("#field-n", "512");
    await page.press("#field-n", "Tab"); // a change event
    expect(JSON.parse(await page.inputValue("#spec")).grid.n).toEqual([512]);
    await page.click("#run");
    expect(await runEnds(page)).toBe("ok");

    const after = await plots(page);
    expect(after.map((p) => p.id)).toEqual(first.map((p) => p.id));
    for (const p of after) {
      expect(p.traces, p.id).toBeGreaterThan(0);
      expect(p.drawn, `${p.id}: a figure without data`).toBe(p.traces);
      expect(p.updates, `${p.id} was not redrawn`).toBeGreaterThan(0);
    }
    expect(after.find((p) => p.id === "plot-line-0")?.points).toBe(512);

    const l1 = Number(await page.getAttribute("#l1", "data-value"));
    const threshold = JSON.parse(readFileSync(join(ROOT, "scenarios", "heat-1d.json"), "utf8"))
      .checks.l1 as number;
    expect(l1).toBeLessThan(threshold);
    expect(await page.getAttribute("#l1-check", "data-pass")).toBe("true");

    const cliOut = mkdtempSync(join(tmpdir(), "mf-playground-cli-"));
    try {
      const cli = await runCli(["run", "heat-1d", "--set", "grid.n=[512]", "--out", cliOut]);
      expect(cli.code, cli.stderr).toBe(0);
      const summary = JSON.parse(readFileSync(join(cliOut, "heat-1d", "summary.json"), "utf8"));
      // The same validateSpec, buildProblem and run loop: bitwise equal.
      expect(l1).toBe(summary.metrics.l1);
      // And printed alike: the page's "L1 …" is the CLI's.
      expect(await page.textContent("#l1")).toBe(`L1 ${fmtNum(summary.metrics.l1)}`);
      expect(cli.stdout).toContain(`L1 ${fmtNum(summary.metrics.l1)} `);
    } finally {
      rmSync(cliOut, { recursive: true, force: true });
    }

    // The link holds the edited problem: opened afresh, it shows n = 512 again.
    const hash = new URL(page.url()).hash;
    expect(hash).toMatch(/^#scenario=heat-1d&spec=/);
    const again = await browser.newPage();
    await again.goto(`${index}${hash}`);
    await again.waitForFunction(() => document.getElementById("field-n") !== null);
    expect(await again.inputValue("#field-n")).toBe("512");
    await again.close();
  });

  it("reports an invalid spec with its JSON path, and the Stop button interrupts a run", async () => {
    const spec = JSON.parse(await page.inputValue("#spec"));
    spec.grid.n = [1];
    await page.fill("#spec", JSON.stringify(spec, null, 2));
    await page.waitForSelector("#spec-error:not([hidden])");
    expect(await page.textContent("#spec-error")).toMatch(/^grid\.n\[0\]: must be >= 2/);
    expect(await page.isDisabled("#run")).toBe(true);

    // A 2D run made long (fokker-planck-2d, 128², to t = 50: minutes): stopped once it
    // reports progress.
    await page.selectOption("#scenario", "fokker-planck-2d");
    await page.waitForSelector("#spec-error", { state: "hidden" });
    await page.fill("#field-tEnd", "50");
    await page.press("#field-tEnd", "Tab");
    await page.click("#run");
    await page.waitForFunction(() =>
      document.getElementById("status")?.textContent?.startsWith("running: t ="),
    );
    await page.click("#stop");
    expect(await runEnds(page)).toBe("interrupted");
    expect(await page.textContent("#status")).toContain("interrupted by the Stop button");
    // What was drawn before the stop stays.
    expect((await plots(page)).every((p) => p.drawn === p.traces && p.traces > 0)).toBe(true);
  });

  it("made no network request and logged no error or warning", () => {
    expect(network).toEqual([]);
    expect(errors).toEqual([]);
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProblem, validateSpec } from "../../src/problem/index.js";
import { runProblem } from "../../src/run/runLoop.js";
import { wasmKernels } from "../../src/web/wasmSupport.js";
import { DIST, ROOT, ensureBuilt } from "../package/ensureBuilt.js";
import { chromiumPath, launchChromium } from "./chromium.js";
import { staticServer } from "./server.js";

/**
 * The browser bundle (dist/browser/measureflow.js, `measureflow/browser`) in headless
 * Chromium: it loads as an ES module, its WebAssembly kernels compile on the page and in a
 * Web Worker, and the problems it runs give the numbers Node gives. Expected agreement:
 * bitwise. Both run the same JavaScript (the bundle is the sources, bundled) on the same
 * engine family (V8, whose Math functions are its own portable implementations), and the
 * WebAssembly kernels use plain f64 SIMD arithmetic (no fused or relaxed operations), so no
 * tolerance is needed; a difference means the bundle computes something else.
 */

/** heat-1d at n = 128 (L1 ≈ 1.7e-3 against the heat kernel's cell averages). */
function heatSpec(): Record<string, unknown> {
  const s = JSON.parse(readFileSync(join(ROOT, "scenarios", "heat-1d.json"), "utf8"));
  s.grid.n = [128];
  return s;
}

/** jko-heat-1d on 64 cells for 4 steps: entropic JKO, through the WebAssembly kernels. */
function jkoSpec(): Record<string, unknown> {
  return {
    name: "jko-small",
    grid: { n: [64], lo: [-4], hi: [5] },
    initial: { kind: "gaussian", mean: [0.5], cov: 0.2 },
    energy: [{ kind: "entropy" }],
    geometry: { kind: "wasserstein" },
    scheme: { kind: "jko", tau: 0.025, blurCorrection: true },
    output: { tEnd: 0.1, snapshots: 2 },
    exact: { kind: "heat" },
  };
}

/** The Node result: the sources, in this process. */
function nodeL1(spec: Record<string, unknown>): number {
  const r = runProblem(buildProblem(validateSpec(spec)));
  return r.metrics.l1!;
}

const TEST_PAGE = `<!DOCTYPE html><meta charset="utf-8"><title>bundle</title>
<script type="module">
import * as mf from "/measureflow.js";
window.mf = mf;
window.bundleLoaded = true;
</script>`;

const WORKER = `import { wasmKernels } from "/measureflow.js"; postMessage(wasmKernels());`;

describe.skipIf(chromiumPath === null)("browser bundle in headless Chromium", () => {
  let browser: Browser;
  let page: Page;
  let server: Awaited<ReturnType<typeof staticServer>>;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    server = await staticServer(join(DIST, "browser"), {
      "/test.html": TEST_PAGE,
    });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.route("**/worker.js", (route) =>
      route.fulfill({ contentType: "text/javascript", body: WORKER }),
    );
    await page.goto(`${server.url}/test.html`);
    await page.waitForFunction(
      () => (window as unknown as { bundleLoaded?: boolean }).bundleLoaded,
    );
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("runs a 1D heat flow whose L1 against the heat kernel equals Node's, bit for bit", async () => {
    const spec = heatSpec();
    const browserL1 = await page.evaluate((s) => {
      const mf = (window as unknown as { mf: typeof import("../../src/web/browser.js") }).mf;
      return mf.simulate(mf.buildProblem(mf.validateSpec(s))).metrics.l1;
    }, spec);
    const l1 = nodeL1(spec);
    // Sanity of the problem itself: fv2 on 128 cells, measured 1.691e-3 (README table: O(h²)).
    expect(l1).toBeGreaterThan(1e-3);
    expect(l1).toBeLessThan(3e-3);
    expect(browserL1).toBe(l1);
    expect(errors).toEqual([]);
  });

  it("compiles the WebAssembly kernels on the page and in a Web Worker; JKO steps agree with Node", async () => {
    const onPage = await page.evaluate(() =>
      (window as unknown as { mf: typeof import("../../src/web/browser.js") }).mf.wasmKernels(),
    );
    const inWorker = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const w = new Worker("/worker.js", { type: "module" });
          w.onmessage = (e) => resolve(e.data);
          w.onerror = (e) => reject(new Error(e.message));
        }),
    );
    expect(wasmKernels()).toEqual({ band: true, bandedRows: true }); // Node 20 has SIMD
    expect(onPage).toEqual({ band: true, bandedRows: true });
    expect(inWorker).toEqual({ band: true, bandedRows: true });
    const spec = jkoSpec();
    const browserL1 = await page.evaluate((s) => {
      const mf = (window as unknown as { mf: typeof import("../../src/web/browser.js") }).mf;
      return mf.simulate(mf.buildProblem(mf.validateSpec(s))).metrics.l1;
    }, spec);
    expect(browserL1).toBe(nodeL1(spec));
    expect(errors).toEqual([]);
  });
});

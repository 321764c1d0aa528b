/**
 * Playground step rate (docs/playground.md): the same problems stepped by the playground's
 * Web Worker in headless Chromium and by Node, with the same run loop (src/run/runLoop.ts),
 * compared by steps per second of stepping time (summary timings: the time inside
 * scheme.step only, so neither side counts its plotting or messaging). Problems: a 1D problem
 * at n = 512 and a 2D problem at 128², each with the explicit finite-volume scheme (fv2,
 * SSP-RK3) and with the entropic JKO step (WebAssembly kernels):
 *   heat-1d (n 512, t-end 2), jko-heat-1d (n 512, 20 steps), fokker-planck-2d (128², t-end
 *   0.3), jko-fokker-planck-2d (128², 12 steps).
 * Each is run `repeats` times on both sides, interleaved, and the best rate of each side is
 * kept (the machine may be shared). The acceptance bound is browser ≥ Node / 1.5.
 *
 * Needs Chromium (MEASUREFLOW_CHROMIUM, else /usr/bin/chromium) and a built dist/ (`npm run
 * build`). Run alone: `npm run bench:browser [-- --repeats 3]`, or `npm run bench -- browserStepRate`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Page } from "playwright-core";
import { buildProblem, validateSpec } from "../src/problem/index.js";
import { installPlayground } from "../src/run/commands/serve.js";
import { runProblem } from "../src/run/runLoop.js";

const root = fileURLToPath(new URL("../", import.meta.url));

type Spec = Record<string, unknown> & {
  grid: { n: number[] };
  output: { tEnd: number; snapshots: number };
  scheme: Record<string, unknown>;
};

function scenario(name: string): Spec {
  const s = JSON.parse(readFileSync(join(root, "scenarios", `${name}.json`), "utf8")) as Spec;
  delete s.$schema;
  delete s.compare; // the base run only
  return s;
}

/** The bench problems: scenario specs at n = 512 (1D) and 128² (2D), shortened. */
function problems(): { label: string; spec: Spec }[] {
  const heat = scenario("heat-1d");
  heat.grid.n = [512];
  heat.output = { ...heat.output, tEnd: 2 };
  const jkoHeat = scenario("jko-heat-1d");
  jkoHeat.grid.n = [512];
  jkoHeat.output = { ...jkoHeat.output, tEnd: 20 * (jkoHeat.scheme.tau as number) };
  const fp = scenario("fokker-planck-2d");
  fp.grid.n = [128, 128];
  fp.output = { ...fp.output, tEnd: 0.3 };
  const jkoFp = scenario("jko-fokker-planck-2d");
  jkoFp.grid.n = [128, 128];
  jkoFp.output = { ...jkoFp.output, tEnd: 12 * (jkoFp.scheme.tau as number) };
  return [
    { label: "1D n = 512, fv2 (heat-1d)", spec: heat },
    { label: "1D n = 512, jko (jko-heat-1d)", spec: jkoHeat },
    { label: "2D 128², fv2 (fokker-planck-2d)", spec: fp },
    { label: "2D 128², jko (jko-fokker-planck-2d)", spec: jkoFp },
  ];
}

interface Rate {
  steps: number;
  seconds: number;
}

function nodeRate(spec: Spec): Rate {
  const r = runProblem(buildProblem(validateSpec(spec)));
  return { steps: r.steps, seconds: r.timings.steppingSeconds };
}

/** Runs `spec` in the playground page (its editor and Run button) and reads the timings. */
async function browserRate(page: Page, spec: Spec): Promise<Rate> {
  await page.fill("#spec", JSON.stringify(spec));
  await page.waitForFunction(() => !(document.getElementById("run") as HTMLButtonElement).disabled);
  await page.click("#run");
  await page.waitForFunction(
    () => {
      const s = document.getElementById("status")?.dataset.state;
      return s !== undefined && s !== "running";
    },
    null,
    { timeout: 600_000 },
  );
  const status = await page.$eval("#status", (el) => ({ ...(el as HTMLElement).dataset }));
  if (status.state !== "ok") throw new Error(`the browser run ended ${status.state}`);
  return { steps: Number(status.steps), seconds: Number(status.steppingSeconds) };
}

export default async function stepRate(): Promise<void> {
  const i = process.argv.indexOf("--repeats");
  const repeats = i > 0 ? Number(process.argv[i + 1]) : 3;
  const executable = [process.env.MEASUREFLOW_CHROMIUM, "/usr/bin/chromium"].find(
    (p): p is string => typeof p === "string" && existsSync(p),
  );
  if (!executable) {
    console.log("skipped: no Chromium (set MEASUREFLOW_CHROMIUM)");
    return;
  }
  const out = mkdtempSync(join(tmpdir(), "mf-bench-"));
  const browser = await chromium.launch({
    executablePath: executable,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(installPlayground(out, join(root, "dist", "playground"))).href);
    await page.waitForFunction(() =>
      document.getElementById("engine")?.textContent?.includes("Worker"),
    );
    console.log(`Chromium: ${browser.version()}, Node: ${process.version}, best of ${repeats}`);
    console.log(
      "problem".padEnd(38) +
        "steps".padStart(7) +
        "Node steps/s".padStart(14) +
        "browser steps/s".padStart(17) +
        "Node/browser".padStart(14),
    );
    let worst = 0;
    for (const { label, spec } of problems()) {
      let bestNode = 0;
      let bestBrowser = 0;
      let steps = 0;
      for (let k = 0; k < repeats; k++) {
        const n = nodeRate(spec);
        const b = await browserRate(page, spec);
        if (n.steps !== b.steps) throw new Error(`${label}: ${n.steps} vs ${b.steps} steps`);
        steps = n.steps;
        bestNode = Math.max(bestNode, n.steps / n.seconds);
        bestBrowser = Math.max(bestBrowser, b.steps / b.seconds);
      }
      const ratio = bestNode / bestBrowser;
      worst = Math.max(worst, ratio);
      console.log(
        label.padEnd(38) +
          String(steps).padStart(7) +
          bestNode.toFixed(1).padStart(14) +
          bestBrowser.toFixed(1).padStart(17) +
          ratio.toFixed(2).padStart(14),
      );
    }
    console.log(`slowest browser/Node ratio: ${worst.toFixed(2)}× (acceptance: ≤ 1.5×)`);
  } finally {
    await browser.close();
    rmSync(out, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await stepRate();

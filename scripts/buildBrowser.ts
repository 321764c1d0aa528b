/**
 * The browser builds (part of `npm run build`, after tsc; docs/playground.md):
 *
 * - dist/browser/measureflow.js — ESM bundle of src/web/browser.ts (the solver core, the
 *   problem specs, the run loop without files and the report plot specs), for pages and
 *   bundlers: `import { … } from "measureflow/browser"`;
 * - dist/playground/ — the playground, a static page that works opened from disk (file://,
 *   no network) and served (`measureflow serve`): index.html (the built-in scenarios
 *   embedded as JSON), playground.js (the page, a classic script with the solver's Web
 *   Worker inlined as text and started from a Blob URL: Chromium refuses module workers and
 *   worker files on file://) and plotly.js (the reports' packed plotly asset,
 *   src/report/plotlyAsset.ts; `measureflow serve` points the copy it puts in <out>/ at the
 *   reports' shared <out>/assets/plotly.js instead).
 *
 * `--out DIR` also copies the playground into DIR/playground (what `npm run playground` does
 * for output/). esbuild fails on any import of a Node built-in (platform "browser"), and the
 * scenarios are validated before they are embedded.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions } from "esbuild";
import { validateSpec } from "../src/problem/index.js";
import { escapeHtml, jsonForScript, page } from "../src/report/html.js";
import { plotlyAssetText } from "../src/report/plotlyAsset.js";
import { installPlayground, PLAYGROUND_PLOTLY } from "../src/run/commands/serve.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const dist = join(root, "dist");
const version = String(
  (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version,
);

const common: BuildOptions = {
  bundle: true,
  platform: "browser",
  target: "es2022",
  minify: true,
  legalComments: "eof",
  logLevel: "warning",
  define: { __MEASUREFLOW_VERSION__: JSON.stringify(version) },
};

/** The built-in scenarios (scenarios/*.json, not "_" helpers), validated, by name. */
function scenarios(): Record<string, unknown> {
  const dir = join(root, "scenarios");
  const out: Record<string, unknown> = {};
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith(".json") || f.startsWith("_")) continue;
    const spec = JSON.parse(readFileSync(join(dir, f), "utf8")) as unknown;
    try {
      validateSpec(spec);
    } catch (err) {
      throw new Error(`scenarios/${f}: ${(err as Error).message}`, { cause: err });
    }
    out[f.replace(/\.json$/, "")] = spec;
  }
  return out;
}

const PLAYGROUND_CSS = `
body { max-width: none; padding: 14px 20px 30px; }
.layout { display: grid; grid-template-columns: minmax(340px, 430px) 1fr; gap: 18px; align-items: start; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } }
.panel { position: sticky; top: 10px; }
.panel select, .panel textarea { width: 100%; }
.field { display: grid; grid-template-columns: 52px 120px 1fr; gap: 6px; align-items: center; margin: 4px 0; }
.field label { font-weight: 600; }
.field .hint { color: var(--muted); font-size: 11.5px; line-height: 1.25; }
.buttons { display: flex; gap: 8px; align-items: center; margin: 10px 0; }
button { font: inherit; padding: 4px 14px; border-radius: 5px; border: 1px solid var(--line); background: var(--soft); cursor: pointer; }
button:disabled { opacity: 0.5; cursor: default; }
#run:not(:disabled) { background: #1f5fbf; color: #fff; border-color: #1f5fbf; }
#status { margin: 6px 0; min-height: 1.4em; }
#result { display: flex; flex-wrap: wrap; gap: 6px 12px; margin: 6px 0 10px; font-variant-numeric: tabular-nums; }
#spec { font: 12px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; min-height: 320px; }
#spec.invalid { outline: 2px solid #d33; }
#spec-error { margin-top: 6px; }
#plots { grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); }
#plots .plot { min-height: 340px; }
`;

function indexHtml(embedded: Record<string, unknown>): string {
  const body = `<h1>measureflow playground</h1>
<p class="meta" id="engine">measureflow ${escapeHtml(version)} · loading the solver…</p>
<noscript><p class="error">The playground needs JavaScript.</p></noscript>
<div class="layout">
<div class="panel">
  <label for="scenario"><b>Problem</b></label>
  <select id="scenario"></select>
  <p class="desc" id="description"></p>
  <div id="fields"></div>
  <div class="buttons">
    <button id="run" type="button">Run</button>
    <button id="stop" type="button" disabled>Stop</button>
    <a id="share" href="#" title="this link holds the problem (spec) shown">link to this problem</a>
  </div>
  <div id="status" class="meta">idle</div>
  <div id="result"></div>
  <details open>
    <summary><b>Spec</b> (JSON; docs/problems.md — checked as you type)</summary>
    <textarea id="spec" spellcheck="false" rows="26"></textarea>
    <div id="spec-error" class="error" hidden></div>
  </details>
</div>
<div id="plots" class="grid"></div>
</div>
<script id="scenarios" type="application/json">${jsonForScript(embedded)}</script>
<script src="playground.js"></script>`;
  return page(
    "measureflow playground",
    body,
    `<style>${PLAYGROUND_CSS}</style>\n<script src="${PLAYGROUND_PLOTLY}"></script>`,
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  await build({
    ...common,
    entryPoints: [join(root, "src/web/browser.ts")],
    format: "esm",
    outfile: join(dist, "browser", "measureflow.js"),
  });
  const worker = await build({
    ...common,
    entryPoints: [join(root, "src/web/worker.ts")],
    format: "iife",
    write: false,
  });
  const workerSource = worker.outputFiles[0].text;
  const playground = join(dist, "playground");
  mkdirSync(playground, { recursive: true });
  await build({
    ...common,
    entryPoints: [join(root, "src/web/playground/main.ts")],
    format: "iife",
    outfile: join(playground, "playground.js"),
    define: { ...common.define, __WORKER_SOURCE__: JSON.stringify(workerSource) },
  });
  writeFileSync(join(playground, "index.html"), indexHtml(scenarios()));
  writeFileSync(join(playground, PLAYGROUND_PLOTLY), plotlyAssetText());
  const outIndex = process.argv.indexOf("--out");
  const copied = outIndex > 0 ? installPlayground(process.argv[outIndex + 1], playground) : null;
  const kb = (f: string): string => `${Math.round(statSync(f).size / 1024)} kB`;
  console.log(
    `browser builds in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `dist/browser/measureflow.js ${kb(join(dist, "browser", "measureflow.js"))}, ` +
      `dist/playground/ (playground.js ${kb(join(playground, "playground.js"))})` +
      (copied ? `; playground: ${copied}` : ""),
  );
}

await main();

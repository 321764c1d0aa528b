import type { RunSummary, RunTrace, SnapshotFile } from "../../io/runFormats.js";
import { fmtNum, fmtSeconds } from "../../report/html.js";
import { fieldsOf, setField, type Field, type FieldKey } from "../fields.js";
import { decodeHash, encodeHash } from "../hashState.js";
import type { FromWorker, SpecProblem, ToWorker } from "../protocol.js";
import { RunPlots } from "./plots.js";

/**
 * The playground page (scripts/buildBrowser.ts writes index.html around it): pick a built-in
 * scenario, edit its spec as JSON or through the parameter fields, run it in the Web Worker
 * and watch the density, the exact solution, the energy and the errors as the run proceeds.
 * The state (scenario and edited spec) lives in the URL hash. This module only handles the
 * page; everything numeric happens in the worker (src/web/worker.ts).
 */

/** The worker's bundled source (set by scripts/buildBrowser.ts): started from a Blob URL. */
declare const __WORKER_SOURCE__: string;
declare const __MEASUREFLOW_VERSION__: string;

type Json = Record<string, unknown>;

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
};

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The built-in scenarios, embedded in the page as JSON (name → spec). */
const scenarios = JSON.parse($("scenarios").textContent ?? "{}") as Record<string, Json>;
const names = Object.keys(scenarios).sort();

const worker = new Worker(
  URL.createObjectURL(new Blob([__WORKER_SOURCE__], { type: "text/javascript" })),
  { name: "measureflow-solver" },
);
const send = (m: ToWorker): void => worker.postMessage(m);

const ui = {
  scenario: $<HTMLSelectElement>("scenario"),
  description: $("description"),
  fields: $("fields"),
  run: $<HTMLButtonElement>("run"),
  stop: $<HTMLButtonElement>("stop"),
  share: $<HTMLAnchorElement>("share"),
  status: $("status"),
  result: $("result"),
  spec: $<HTMLTextAreaElement>("spec"),
  specError: $("spec-error"),
  engine: $("engine"),
};
const plots = new RunPlots($("plots"));

/** What the page holds: the scenario picked, and the spec as last parsed from the editor. */
const state: { scenario: string | null; spec: Json | null } = { scenario: null, spec: null };

/** The run being shown: its id and records. */
let run: {
  id: number;
  snapshots: SnapshotFile[];
  live: SnapshotFile | null;
  trace: RunTrace | null;
  summary: RunSummary | null;
  running: boolean;
} | null = null;
let nextId = 1;
let validateId = 0;
/** The editor's debounce timer (pending while the text has changed but is not parsed yet). */
let typing: ReturnType<typeof setTimeout> | undefined;

/**
 * Drawing is coalesced: at most one redraw per animation frame, and the main thread spends
 * at most about a third of its time in plotly (an interval of 3× the last redraw's cost,
 * 250 ms at least), so the page stays responsive whatever rate the worker reports at.
 */
const MIN_DRAW_INTERVAL_MS = 250;
let drawTimer: ReturnType<typeof setTimeout> | null = null;
let lastDraw = { at: 0, cost: 0 };

function scheduleDraw(): void {
  if (drawTimer !== null) return;
  const wait = Math.max(
    0,
    lastDraw.at + Math.max(MIN_DRAW_INTERVAL_MS, 3 * lastDraw.cost) - performance.now(),
  );
  drawTimer = setTimeout(() => requestAnimationFrame(drawNow), wait);
}

function drawNow(): void {
  drawTimer = null;
  if (!run?.summary) return;
  const t0 = performance.now();
  plots.draw(run.summary, run.trace, run.snapshots, run.running ? run.live : null);
  lastDraw = { at: performance.now(), cost: performance.now() - t0 };
}

/** Draws the final state at once (a pending coalesced draw is dropped). */
function drawFinal(): void {
  if (drawTimer !== null) clearTimeout(drawTimer);
  drawNow();
}

// ---------------------------------------------------------------- scenario and editor

for (const name of names) ui.scenario.append(el("option", { value: name }, name));
ui.scenario.append(el("option", { value: "" }, "(edited spec)"));

/** The scenario's spec as the editor shows it (without the editor hint "$schema"). */
function scenarioSpec(name: string): Json {
  const spec = structuredClone(scenarios[name]);
  delete spec.$schema;
  return spec;
}

function setEditor(spec: Json): void {
  ui.spec.value = JSON.stringify(spec, null, 2);
  onSpecText();
}

function pickScenario(name: string): void {
  state.scenario = name;
  ui.scenario.value = name;
  setEditor(scenarioSpec(name));
}

/** The editor's text changed: parse it, refresh the fields, validate it in the worker. */
function onSpecText(): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(ui.spec.value);
  } catch (err) {
    state.spec = null;
    showSpecProblem({ path: "(JSON text)", message: (err as Error).message });
    renderFields();
    return;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    state.spec = null;
    showSpecProblem({ path: "(spec)", message: "must be a JSON object" });
    renderFields();
    return;
  }
  state.spec = parsed as Json;
  renderFields();
  validateId = nextId++;
  send({ type: "validate", id: validateId, spec: state.spec });
  updateHash();
}

function showSpecProblem(problem: SpecProblem | null, cells?: number | null): void {
  if (problem === null) {
    ui.specError.hidden = true;
    ui.specError.textContent = "";
    ui.spec.classList.remove("invalid");
    ui.run.disabled = run?.running ?? false;
    ui.status.dataset.cells = cells ? String(cells) : "";
    return;
  }
  ui.specError.hidden = false;
  ui.specError.replaceChildren(
    el("code", {}, problem.path),
    document.createTextNode(`: ${problem.message}`),
  );
  ui.spec.classList.add("invalid");
  ui.run.disabled = true;
}

function updateHash(): void {
  const name = state.scenario;
  const edited =
    state.spec !== null &&
    (name === null || JSON.stringify(state.spec) !== JSON.stringify(scenarioSpec(name)));
  const hash = encodeHash({ scenario: name, spec: edited ? state.spec : null });
  ui.scenario.value = name ?? "";
  if (hash !== location.hash) history.replaceState(null, "", hash || location.pathname);
  ui.share.href = hash || "#";
}

// ---------------------------------------------------------------- parameter fields

function renderFields(): void {
  const fields = state.spec ? fieldsOf(state.spec) : [];
  ui.fields.replaceChildren(...fields.map(fieldRow));
  const title = state.spec?.title;
  ui.description.textContent =
    typeof state.spec?.description === "string"
      ? state.spec.description
      : typeof title === "string"
        ? title
        : "";
}

function fieldRow(f: Field): HTMLElement {
  const input = el("input", {
    id: `field-${f.key}`,
    name: f.key,
    type: f.kind === "formula" ? "text" : "number",
    step: f.kind === "integer" ? "1" : "any",
    value: f.value === null ? "" : String(f.value),
    placeholder: f.value === null ? "default" : "",
    title: `sets ${f.paths.join(", ")}`,
  });
  input.addEventListener("change", () => onField(f.key, input.value, f.kind));
  const label = el("label", { for: input.id }, f.label);
  const hint = el("span", { class: "hint" }, `${f.hint} — ${f.paths.join(", ")}`);
  const row = el("div", { class: "field" });
  row.append(label, input, hint);
  return row;
}

function onField(key: FieldKey, text: string, kind: Field["kind"]): void {
  if (!state.spec) return;
  const trimmed = text.trim();
  const value = kind === "formula" || trimmed === "" ? trimmed : Number(trimmed);
  try {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error("not a number");
    setEditor(setField(state.spec, key, value));
  } catch (err) {
    showSpecProblem({ path: key, message: (err as Error).message });
  }
}

// ---------------------------------------------------------------- running

function startRun(): void {
  // Text typed within the debounce interval counts: parse it now.
  if (typing !== undefined) {
    clearTimeout(typing);
    typing = undefined;
    onSpecText();
  }
  if (!state.spec || !ui.specError.hidden) return;
  if (run?.running) send({ type: "stop", id: run.id });
  const id = nextId++;
  run = { id, snapshots: [], live: null, trace: null, summary: null, running: true };
  plots.clear();
  ui.result.replaceChildren();
  ui.status.textContent = "starting…";
  ui.status.dataset.state = "running";
  ui.run.disabled = true;
  ui.stop.disabled = false;
  send({ type: "run", id, spec: state.spec });
}

function onMessage(m: FromWorker): void {
  if (m.type === "ready") {
    const wasm = m.wasm.band && m.wasm.bandedRows ? "WebAssembly SIMD" : "JavaScript (no SIMD)";
    ui.engine.textContent = `measureflow ${__MEASUREFLOW_VERSION__} · solver in a Web Worker · OT kernels: ${wasm}`;
    return;
  }
  if (m.type === "validated") {
    if (m.id === validateId) showSpecProblem(m.problem, m.cells);
    return;
  }
  if (!run || m.id !== run.id) return;
  switch (m.type) {
    case "invalid":
      run.running = false;
      showSpecProblem(m.problem);
      finish("invalid", `cannot run: ${m.problem.path}: ${m.problem.message}`);
      break;
    case "started":
      ui.status.textContent = `running: ${m.cells} cells, ${m.outputTimes.length} output times`;
      break;
    case "snapshot":
      run.snapshots.push(m.view);
      scheduleDraw();
      break;
    case "progress": {
      run.live = m.live;
      run.trace = m.trace;
      run.summary = m.summary;
      scheduleDraw();
      const rate = stepRate(m.summary);
      ui.status.textContent =
        `running: t = ${fmtNum(m.summary.t)} of ${fmtNum(m.summary.tEnd)}, ` +
        `${m.summary.steps} steps${rate}`;
      break;
    }
    case "done":
      run.running = false;
      run.summary = m.summary;
      run.trace = m.trace;
      drawFinal();
      showResult(m.summary);
      // For scripts (bench/browserStepRate.ts): the steps and the seconds spent stepping.
      ui.status.dataset.steps = String(m.summary.steps);
      ui.status.dataset.steppingSeconds = String(m.summary.timings?.steppingSeconds ?? "");
      finish(m.summary.status, statusLine(m.summary));
      break;
  }
}

function finish(stateName: string, text: string): void {
  ui.status.textContent = text;
  ui.status.dataset.state = stateName;
  ui.stop.disabled = true;
  ui.run.disabled = state.spec === null || !ui.specError.hidden;
}

function stepRate(s: RunSummary): string {
  const tm = s.timings;
  if (!tm || !(tm.steppingSeconds > 0) || s.steps === 0) return "";
  return `, ${fmtNum(s.steps / tm.steppingSeconds)} steps/s`;
}

function statusLine(s: RunSummary): string {
  const time = s.timings ? fmtSeconds(s.timings.simulateSeconds) : "—";
  const head = `${s.status}: ${s.scheme ?? ""}, ${s.grid?.cells ?? "?"} cells, t = ${fmtNum(s.t)}, ${s.steps} steps, ${time}${stepRate(s)}`;
  return s.error ? `${head} — ${s.error}` : head;
}

/** The headline numbers, formatted as `measureflow run` prints them (fmtNum). */
function showResult(s: RunSummary): void {
  const m = s.metrics;
  const items: HTMLElement[] = [];
  if (m?.l1 !== null && m?.l1 !== undefined) {
    const l1 = el("span", { id: "l1", "data-value": String(m.l1) }, `L1 ${fmtNum(m.l1)}`);
    items.push(l1);
    const threshold = state.scenario ? scenarios[state.scenario]?.checks : undefined;
    const bar = (threshold as Json | undefined)?.l1;
    if (typeof bar === "number") {
      const pass = m.l1 <= bar;
      items.push(
        el(
          "span",
          { id: "l1-check", class: pass ? "badge ok" : "badge failed", "data-pass": String(pass) },
          `${pass ? "≤" : ">"} ${fmtNum(bar)}, the threshold of ${state.scenario} as written`,
        ),
      );
    }
    items.push(el("span", {}, `L∞ ${fmtNum(m.linf)}  rel L2 ${fmtNum(m.relL2)}`));
  }
  if (m) {
    const drift = m.massDrift === null ? "not conserved" : fmtNum(m.massDrift);
    items.push(el("span", {}, `mass drift ${drift}`));
    items.push(el("span", {}, `energy monotone ${m.energy.monotone ? "yes" : "no"}`));
  }
  for (const c of s.checks ?? []) {
    items.push(
      el(
        "span",
        { class: c.pass ? "badge ok" : "badge failed" },
        `check ${c.name} ${c.pass ? "✓" : "✗"}`,
      ),
    );
  }
  ui.result.replaceChildren(...items);
}

// ---------------------------------------------------------------- wiring

worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
worker.onerror = (e) => finish("failed", `the solver's worker failed: ${e.message}`);
ui.scenario.addEventListener("change", () => {
  if (ui.scenario.value) pickScenario(ui.scenario.value);
  else {
    state.scenario = null;
    updateHash();
  }
});
ui.spec.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(() => {
    typing = undefined;
    onSpecText();
  }, 250);
});
ui.run.addEventListener("click", startRun);
ui.stop.addEventListener("click", () => {
  if (run?.running) send({ type: "stop", id: run.id });
});

/** Loads the state of the URL hash (a scenario, an edited spec), else the first scenario. */
function loadHash(): void {
  let h;
  try {
    h = decodeHash(location.hash);
  } catch (err) {
    showSpecProblem({ path: "(link)", message: (err as Error).message });
    h = { scenario: null, spec: null };
  }
  const name = h.scenario && scenarios[h.scenario] ? h.scenario : null;
  if (h.spec !== null && typeof h.spec === "object") {
    state.scenario = name;
    setEditor(h.spec as Json);
  } else pickScenario(name ?? (names.includes("heat-1d") ? "heat-1d" : names[0]));
}
window.addEventListener("hashchange", () => {
  if (location.hash !== ui.share.getAttribute("href")) loadHash();
});
loadHash();

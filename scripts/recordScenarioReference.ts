/**
 * `npx tsx scripts/recordScenarioReference.ts [--out FILE] [--only a,b]`: runs every gallery
 * scenario of scenarios/ (and the variants a TypeScript scenario declares) through the
 * runner — `loadScenario` + `runScenario` with `report: false`, into a temporary folder —
 * and records its headline figures at
 *  (a) its defaults, exactly as `measureflow gallery` runs it, and
 *  (b) a coarse setting (n = 64 in 1D, 32 in 2D, 24 in 3D; each run well under 2 s), plus a
 *      few coarse runs with other CLI options (other schemes, --m, --method, --dt, …) that
 *      exercise how the options map onto a scenario.
 * For each run: the options, L1 / L1 max / L∞ / rel L2 errors, mass (initial, final, drift),
 * the energy (initial, final), the observables at the final output time, the step count,
 * the grid and the output times; plus the git commit of the code that produced them.
 *
 * test/fixtures/scenarioReference.json was recorded with this script from the TypeScript
 * scenarios, before they were rewritten as spec files: test/problem/specScenarios.test.ts
 * replays the coarse runs from the specs and compares to 1e-10 relative. Re-running the
 * script now records the spec runs (same names, same options), e.g. to compare by hand.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { listScenarios, loadScenario } from "../src/run/registry.js";
import { runScenario } from "../src/run/runScenario.js";
import type { Scenario, ScenarioOptions } from "../src/run/scenario.js";

/** Coarse cells per axis by dimension. */
const COARSE_N: Record<number, number> = { 1: 64, 2: 32, 3: 24 };

/**
 * Extra coarse runs per scenario (over the coarse n): other schemes and options. JKO runs on
 * scenarios whose output times are linear use τ = tEnd/(2(snapshots − 1)), so every output
 * time is a multiple of τ (the JKO output-time rule of the spec runs).
 */
const EXTRAS: Record<string, { label: string; overrides: Partial<ScenarioOptions> }[]> = {
  "heat-1d": [
    { label: "sg", overrides: { scheme: "sg" } },
    { label: "fv1", overrides: { scheme: "fv1" } },
    { label: "heun-cfl", overrides: { method: "heun", cfl: 0.5 } },
    { label: "jko", overrides: { scheme: "jko", tau: 0.05 } },
    { label: "snapshots", overrides: { snapshots: 3 } },
  ],
  "fokker-planck-2d": [
    { label: "sg", overrides: { scheme: "sg" } },
    { label: "jko", overrides: { scheme: "jko", tau: 0.1 } },
  ],
  "porous-medium-1d": [
    { label: "fv1", overrides: { scheme: "fv1" } },
    { label: "jko", overrides: { scheme: "jko", tau: 0.1 } },
  ],
  "porous-medium-2d": [
    { label: "m3", overrides: { m: 3 } },
    { label: "jko", overrides: { scheme: "jko", tau: 0.04 } },
  ],
  "aggregation-1d": [{ label: "fv1", overrides: { scheme: "fv1" } }],
  "aggregation-2d": [{ label: "t-end", overrides: { tEnd: 6 } }],
  "aggregation-diffusion-2d": [{ label: "sg", overrides: { scheme: "sg" } }],
  "fisher-rao-kl-1d": [
    { label: "explicit", overrides: { scheme: "explicit" } },
    { label: "t-end", overrides: { tEnd: 1.5 } },
  ],
  "ift-mmd-1d": [
    { label: "fv1", overrides: { scheme: "fv1" } },
    { label: "dt", overrides: { dt: 0.05 } },
  ],
  "mmd-flow-2d": [{ label: "fv1", overrides: { scheme: "fv1" } }],
  "wfr-kl-2d": [
    { label: "sg", overrides: { scheme: "sg" } },
    { label: "euler", overrides: { method: "euler", cfl: 0.5 } },
  ],
  "jko-heat-1d": [
    { label: "blur", overrides: { blurCorrection: true } },
    { label: "eps-snapshots", overrides: { eps: 0.01, snapshots: 4 } },
  ],
  "jko-fokker-planck-2d": [{ label: "blur", overrides: { blurCorrection: true } }],
  "jko-porous-medium-2d": [{ label: "tau", overrides: { tau: 0.02 } }],
};

/** What the fixture records of one run. */
export interface ReferenceRun {
  /** Scenario name (a variant's name is `<scenario>-<suffix>`). */
  name: string;
  /** "default", "coarse" or "coarse:<label>". */
  setting: string;
  /** The options given over the scenario's defaults. */
  overrides: Partial<ScenarioOptions>;
  /** The resolved options. */
  options: ScenarioOptions;
  status: string;
  steps: number;
  grid: { n: number[]; lo: number[]; hi: number[] } | null;
  outputTimes: number[];
  l1: number | null;
  l1Max: number | null;
  linf: number | null;
  relL2: number | null;
  massInitial: number | null;
  massFinal: number | null;
  massDrift: number | null;
  energyInitial: number | null;
  energyFinal: number | null;
  observables: Record<string, number | null>;
  seconds: number | null;
}

export interface ReferenceFile {
  format: "measureflow-scenario-reference/1";
  gitCommit: string;
  gitDirty: boolean;
  createdAt: string;
  note: string;
  runs: ReferenceRun[];
}

function git(args: string[]): string {
  return execFileSync("git", args, {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    encoding: "utf8",
  }).trim();
}

/** The scenario and its declared variants, as the gallery runs them. */
async function jobsOf(name: string): Promise<Scenario[]> {
  const base = await loadScenario(name);
  const out = [base];
  for (const v of base.variants ?? []) {
    out.push({
      ...base,
      name: `${name}-${v.suffix}`,
      defaults: { ...base.defaults, ...v.options },
      variants: [],
    });
  }
  return out;
}

async function record(
  scenario: Scenario,
  setting: string,
  overrides: Partial<ScenarioOptions>,
  out: string,
): Promise<ReferenceRun> {
  const o = await runScenario(scenario, { overrides, out, report: false });
  const s = o.summary;
  const m = s.metrics;
  return {
    name: scenario.name,
    setting,
    overrides,
    options: o.options,
    status: o.status,
    steps: s.steps,
    grid: s.grid ? { n: s.grid.n, lo: s.grid.lo, hi: s.grid.hi } : null,
    outputTimes: s.outputTimes,
    l1: m?.l1 ?? null,
    l1Max: m?.l1Max ?? null,
    linf: m?.linf ?? null,
    relL2: m?.relL2 ?? null,
    massInitial: m?.massInitial ?? null,
    massFinal: m?.massFinal ?? null,
    massDrift: m?.massDrift ?? null,
    energyInitial: m?.energy.initial ?? null,
    energyFinal: m?.energy.final ?? null,
    observables: m?.observables ?? {},
    seconds: s.timings ? (s.timings.buildSeconds ?? 0) + s.timings.simulateSeconds : null,
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const outFile =
    flag("--out") ??
    fileURLToPath(new URL("../test/fixtures/scenarioReference.json", import.meta.url));
  const only = flag("--only")?.split(",");
  const tmp = mkdtempSync(join(tmpdir(), "measureflow-reference-"));
  const runs: ReferenceRun[] = [];
  try {
    for (const name of listScenarios()) {
      if (only && !only.includes(name)) continue;
      for (const scenario of await jobsOf(name)) {
        const def = await record(scenario, "default", {}, tmp);
        const dim = def.grid?.n.length ?? 1;
        const coarse = { n: COARSE_N[dim] };
        const runsOf = [def, await record(scenario, "coarse", coarse, tmp)];
        for (const x of EXTRAS[scenario.name] ?? []) {
          runsOf.push(
            await record(scenario, `coarse:${x.label}`, { ...coarse, ...x.overrides }, tmp),
          );
        }
        for (const r of runsOf) {
          process.stderr.write(
            `${r.name} ${r.setting}: ${r.status} L1 ${r.l1} (${r.seconds?.toFixed(2)} s)\n`,
          );
        }
        runs.push(...runsOf);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const file: ReferenceFile = {
    format: "measureflow-scenario-reference/1",
    gitCommit: git(["rev-parse", "HEAD"]),
    gitDirty: git(["status", "--porcelain"]) !== "",
    createdAt: new Date().toISOString(),
    note:
      "Headline figures of every gallery scenario at its defaults and at coarse settings, " +
      "recorded by scripts/recordScenarioReference.ts through loadScenario + runScenario.",
    runs,
  };
  // Formatted as the repository formats JSON, so the fixture passes `prettier --check`.
  const config = (await prettier.resolveConfig(outFile)) ?? {};
  const text = await prettier.format(JSON.stringify(file), { ...config, filepath: outFile });
  writeFileSync(outFile, text);
  process.stderr.write(`${runs.length} runs written to ${outFile}\n`);
}

await main();

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildProblem, validateSpec } from "../../src/problem/index.js";
import { runProblem } from "../../src/run/runLoop.js";
import { fieldsOf, parsePath, setField, type FieldKey } from "../../src/web/fields.js";
import { decodeHash, encodeHash } from "../../src/web/hashState.js";
import type { FromWorker } from "../../src/web/protocol.js";
import { runSpec, type RunHost } from "../../src/web/workerRun.js";
import { runCli } from "../cliHarness.js";
import { ROOT } from "../package/ensureBuilt.js";

/**
 * The playground's logic outside the browser (it runs in Node as well): the parameter fields
 * set what the CLI's options set, the URL hash round-trips a spec, and the worker's run posts
 * the messages the page draws from, with the run loop's numbers.
 */

type Json = Record<string, unknown>;

function scenario(name: string): Json {
  return JSON.parse(readFileSync(join(ROOT, "scenarios", `${name}.json`), "utf8")) as Json;
}

/** `measureflow spec <name> <options>`, validated, without the checks (the CLI drops l1). */
async function cliSpec(name: string, options: string[]): Promise<Json> {
  const r = await runCli(["spec", name, ...options]);
  expect(r.code, r.stderr).toBe(0);
  const s = JSON.parse(r.stdout) as Json;
  delete s.checks;
  return s;
}

function pageSpec(raw: Json, sets: [FieldKey, number][]): Json {
  let s = raw;
  for (const [k, v] of sets) s = setField(s, k, v);
  const out = validateSpec(s) as unknown as Json;
  delete out.checks;
  return out;
}

describe("playground fields", () => {
  it("n, t-end, m, τ and ε set what --n, --t-end, --m, --tau and --eps set", async () => {
    const cases: [string, [FieldKey, number][], string[]][] = [
      ["porous-medium-1d", [["m", 3]], ["--m", "3"]],
      ["fokker-planck-2d", [["n", 64]], ["--n", "64"]],
      ["heat-1d", [["tEnd", 0.25]], ["--t-end", "0.25"]],
      [
        "jko-heat-1d",
        [
          ["tau", 0.02],
          ["eps", 0.001],
        ],
        ["--tau", "0.02", "--eps", "0.001"],
      ],
    ];
    for (const [name, sets, options] of cases) {
      const raw = scenario(name);
      delete raw.compare; // the CLI prints the base run's spec with its compare list; keep both alike
      const cli = await cliSpec(name, options);
      delete cli.compare;
      expect(pageSpec(raw, sets), name).toEqual(cli);
    }
  });

  it("every built-in scenario has fields whose paths exist, and α/β/V where the spec has them", () => {
    const names = readdirSync(join(ROOT, "scenarios"))
      .filter((f) => f.endsWith(".json") && !f.startsWith("_"))
      .map((f) => f.replace(/\.json$/, ""));
    for (const name of names) {
      const raw = scenario(name);
      const fields = fieldsOf(raw);
      expect(fields.map((f) => f.key).slice(0, 2), name).toEqual(["n", "tEnd"]);
      for (const f of fields) {
        for (const p of f.paths) {
          const parent = parsePath(p).slice(0, -1);
          let node: unknown = raw;
          for (const part of parent) node = (node as Record<string | number, unknown>)[part];
          expect(typeof node, `${name}: ${p}`).toBe("object");
        }
      }
    }
    expect(fieldsOf(scenario("wfr-kl-2d")).map((f) => f.key)).toEqual([
      "n",
      "tEnd",
      "alpha",
      "beta",
    ]);
    const fp = setField(scenario("fokker-planck-2d"), "V", "(x^2 - 1)^2 + y^2");
    // A new potential drops what was stated for the old one, and the spec still validates.
    expect(fp.exact).toBeUndefined();
    expect(fp.observables).toBeUndefined();
    expect((fp.checks as Json | undefined)?.l1).toBeUndefined();
    expect(() => validateSpec(fp)).not.toThrow();
    expect(fieldsOf(fp).find((f) => f.key === "V")?.value).toBe("(x^2 - 1)^2 + y^2");
  });
});

describe("playground URL hash", () => {
  it("round-trips a spec with non-ASCII text, and says when a link does not decode", () => {
    const spec = scenario("heat-1d"); // its description has ∂, ρ, √
    const hash = encodeHash({ scenario: "heat-1d", spec });
    expect(hash).toMatch(/^#scenario=heat-1d&spec=[A-Za-z0-9_-]+$/);
    expect(decodeHash(hash)).toEqual({ scenario: "heat-1d", spec });
    expect(decodeHash("#scenario=heat-1d")).toEqual({ scenario: "heat-1d", spec: null });
    expect(() => decodeHash("#spec=%%%")).toThrow(/does not decode/);
  });
});

describe("playground worker run (in Node)", () => {
  const HEAT = {
    name: "w-heat",
    grid: { n: [64], lo: [-5], hi: [6] },
    initial: { kind: "gaussian", mean: [0.5], cov: 0.2 },
    energy: [{ kind: "entropy" }],
    geometry: { kind: "wasserstein" },
    scheme: { kind: "fv", flux: "fv2" },
    output: { tEnd: 0.2, snapshots: 3 },
    exact: { kind: "heat" },
  };
  const host = (messages: FromWorker[], onPause?: () => void): RunHost => ({
    post: (m) => messages.push(structuredClone(m)),
    pause: async () => onPause?.(),
    provenance: { version: "test", gitCommit: null, gitDirty: null, node: "test" },
    now: () => performance.now(),
  });

  it("posts started, a snapshot per output time and done, with the run loop's L1", async () => {
    const messages: FromWorker[] = [];
    await runSpec(1, HEAT, host(messages), new AbortController().signal);
    const types = messages.map((m) => m.type).filter((t) => t !== "progress");
    expect(types).toEqual(["started", "snapshot", "snapshot", "snapshot", "done"]);
    const done = messages.at(-1) as Extract<FromWorker, { type: "done" }>;
    expect(done.summary.status).toBe("ok");
    expect(done.summary.metrics?.l1).toBe(runProblem(buildProblem(validateSpec(HEAT))).metrics.l1);
  });

  it("stops at a step boundary as interrupted; an invalid spec is reported with its path", async () => {
    const messages: FromWorker[] = [];
    const controller = new AbortController();
    const long = { ...HEAT, grid: { ...HEAT.grid, n: [512] }, output: { tEnd: 5, snapshots: 3 } };
    await runSpec(
      2,
      long,
      host(messages, () => controller.abort("the Stop button")),
      controller.signal,
    );
    const done = messages.at(-1) as Extract<FromWorker, { type: "done" }>;
    expect(done.summary.status).toBe("interrupted");
    expect(done.summary.error).toMatch(/interrupted by the Stop button/);

    const bad: FromWorker[] = [];
    await runSpec(3, { ...HEAT, grid: { ...HEAT.grid, n: [1] } }, host(bad), controller.signal);
    expect(bad).toEqual([
      {
        type: "invalid",
        id: 3,
        problem: { path: "grid.n[0]", message: expect.stringMatching(/must be >= 2/) },
      },
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { renderSweepPage, type SweepPointRecord } from "../../src/report/sweepPage.js";
import { planPoints } from "../../src/run/sweep/plan.js";
import { workerModule } from "../../src/run/sweep/pool.js";
import { canonicalJson } from "../../src/run/sweep/state.js";
import { summaryText, sweepOrders } from "../../src/run/sweep/summary.js";
import { parseVariations, parseVary, splitTopLevel } from "../../src/run/sweep/variations.js";
import { expectInputError } from "../expectInputError.js";

/**
 * The pure parts of `measureflow sweep` (issue 12, item 4): `--vary` parsing, the product of
 * the variations and its folder names, the observed orders, the worker module's location.
 */

describe("--vary", () => {
  it("splits values at the commas outside lists, objects and strings, parsed like --set", () => {
    expect(splitTopLevel('1,[2,3],{"a":[4,5]},"x,y"')).toEqual([
      "1",
      "[2,3]",
      '{"a":[4,5]}',
      '"x,y"',
    ]);
    const v = parseVary('scheme={"kind":"fv","flux":"sg"},{"kind":"jko","tau":0.01}');
    expect(v.path).toEqual(["scheme"]);
    expect(v.values).toEqual([
      { kind: "fv", flux: "sg" },
      { kind: "jko", tau: 0.01 },
    ]);
    const w = parseVary("energy[0].m=1.5,2,fv2");
    expect(w.path).toEqual(["energy", 0, "m"]);
    expect(w.values).toEqual([1.5, 2, "fv2"]);
    expect(w.texts).toEqual(["1.5", "2", "fv2"]);
  });

  it("refuses a missing '=', a bad path, an empty list or value, a repeated value or path", () => {
    expectInputError(() => parseVary("grid.n"), "--vary grid.n", /path=v1,v2/);
    expectInputError(() => parseVary("grid..n=1,2"), "--vary grid..n=1,2", /field name/);
    expectInputError(() => parseVary("grid.n="), "--vary grid.n=", /no values/);
    expectInputError(() => parseVary("grid.n=64,,128"), "--vary grid.n=64,,128", /value 2 of 3/);
    expectInputError(() => parseVary("grid.n=64,"), "--vary grid.n=64,", /value 2 of 2 is empty/);
    expectInputError(() => parseVary("grid.n=64,64.0"), "--vary grid.n=64,64.0", /given twice/);
    expectInputError(
      () => parseVariations(["grid.n=64", "grid.n=128"]),
      "--vary grid.n=128",
      /already varies/,
    );
  });
});

describe("the points of a sweep", () => {
  it("are the product, first variation slowest, with a number for grid.n on every axis", () => {
    const vs = parseVariations(["grid.n=64,128", "scheme.flux=fv2,sg"]);
    const pts = planPoints(vs, 2);
    expect(pts.map((p) => p.label)).toEqual([
      "n-64_flux-fv2",
      "n-64_flux-sg",
      "n-128_flux-fv2",
      "n-128_flux-sg",
    ]);
    expect(pts[2].sets).toEqual(["grid.n=[128,128]", "scheme.flux=fv2"]);
    expect(pts[2].values).toEqual([[128, 128], "fv2"]);
    // A list sets the axes one by one.
    expect(planPoints(parseVariations(["grid.n=[64,32]"]), 2)[0]).toMatchObject({
      label: "n-64x32",
      sets: ["grid.n=[64,32]"],
    });
  });

  it("name a variation by its whole path when two end in the same field, and stay distinct", () => {
    const vs = parseVariations(["energy[0].m=2,3", "initial.m=2"]);
    expect(planPoints(vs, 1).map((p) => p.label)).toEqual([
      "energy_0_.m-2_initial.m-2",
      "energy_0_.m-3_initial.m-2",
    ]);
    // Values that clean to the same text get -2.
    const odd = planPoints(parseVariations(['scheme.flux="a b",a_b']), 1);
    expect(odd.map((p) => p.label)).toEqual(["flux-a_b", "flux-a_b-2"]);
    // A string value that would parse as JSON keeps its quotes in the --set argument.
    expect(planPoints(parseVariations(['name="1"']), 1)[0].sets).toEqual(['name="1"']);
  });
});

/** A finished point with L1 = C·h^q (h = 1/n). */
function point(label: string, texts: string[], n: number, l1: number): SweepPointRecord {
  return {
    label,
    texts,
    sets: [],
    dir: `points/${label}/p`,
    status: "ok",
    reused: false,
    error: null,
    seconds: 0.1,
    steps: 10,
    l1,
    massDrift: 1e-15,
    cells: [n],
    h: 1 / n,
    command: "",
  };
}

describe("observed orders", () => {
  it("fit log L1 against log h along grid.n, one fit per value of the other variations", () => {
    const vs = parseVariations(["grid.n=32,64,128", "scheme.flux=fv2,fv1"]);
    const pts = planPoints(vs, 1).map((p) => {
      const n = (p.values[0] as number[])[0];
      const q = p.values[1] === "fv2" ? 2 : 1;
      return point(p.label, p.texts, n, 3 * (1 / n) ** q);
    });
    // One point failed: it is left out of its fit (two points remain).
    pts[5] = { ...pts[5], status: "failed", l1: null };
    const orders = sweepOrders(vs, pts);
    expect(orders.map((o) => o.fixed)).toEqual([
      { "scheme.flux": "fv2" },
      { "scheme.flux": "fv1" },
    ]);
    // Exact power laws: the fitted slopes are 2 and 1 up to the rounding of a few logs.
    expect(orders[0].leastSquares).toBeCloseTo(2, 12);
    expect(orders[0].pairwise).toHaveLength(2);
    expect(orders[1].leastSquares).toBeCloseTo(1, 12);
    expect(orders[1].labels).toEqual(["n-32_flux-fv1", "n-64_flux-fv1"]);
    expect(summaryText({ ...record(pts), orders })).toMatch(
      /grid\.n \(against h\), scheme\.flux = fv2: 2\.00 {2}\[32→64 2\.00, 64→128 2\.00\]/,
    );
  });

  it("fit against the step itself for dt or tau; other variations have none", () => {
    const vs = parseVariations(["scheme.dt=0.01,0.005", "energy[0].m=2,3"]);
    const pts = planPoints(vs, 1).map((p) =>
      point(p.label, p.texts, 64, 5 * (p.values[0] as number) ** 1),
    );
    const orders = sweepOrders(vs, pts);
    expect(orders.map((o) => [o.variation, o.against])).toEqual([
      ["scheme.dt", "step"],
      ["scheme.dt", "step"],
    ]);
    expect(orders[0].leastSquares).toBeCloseTo(1, 12);
  });

  it("render in a page with a figure per variation and a row per point", () => {
    const vs = parseVariations(["grid.n=32,64"]);
    const pts = planPoints(vs, 1).map((p, i) => point(p.label, p.texts, 32 * 2 ** i, 4 ** -i));
    const html = renderSweepPage({ ...record(pts), orders: sweepOrders(vs, pts) }, "a/p.js");
    expect(html).toContain('id="sweep-l1-0"');
    expect(html).toContain('href="points/n-64/p/report.html"');
    expect(html.match(/<tr>/g)?.length).toBe(1 + 2 + 1 + 1); // points table + orders table
  });
});

function record(points: SweepPointRecord[]) {
  return {
    format: "measureflow-sweep/1",
    name: "t",
    title: "t",
    target: "t.json",
    command: "measureflow sweep t.json",
    status: "complete" as const,
    startedAt: "",
    updatedAt: "",
    jobs: 2,
    seconds: 1,
    set: [],
    vary: [],
    points,
    orders: [],
  };
}

describe("the worker module", () => {
  it("is worker.js beside the built pool.js, and a tsx bootstrap importing worker.ts from sources", () => {
    expect(workerModule("file:///p/dist/run/sweep/pool.js")).toBe(
      "file:///p/dist/run/sweep/worker.js",
    );
    const boot = decodeURIComponent(workerModule(new URL(import.meta.url).href));
    expect(boot.startsWith("data:text/javascript,")).toBe(true);
    expect(boot).toContain("/test/run/worker.ts");
    expect(boot).toMatch(/tsx\/dist\/esm\/api\/index\.mjs/);
  });

  it("canonical JSON ignores key order and the JSON round trip of summary.json", () => {
    expect(canonicalJson({ b: [1, { d: 2, c: NaN }], a: undefined })).toBe(
      canonicalJson(JSON.parse('{"b":[1,{"c":null,"d":2}]}')),
    );
  });
});

import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import {
  commandFor,
  parseArgs,
  resolveOptions,
  RUN_OPTION_DEFS,
  runFlagsFrom,
} from "../../src/run/options.js";
import type { ScenarioOptions } from "../../src/run/scenario.js";

const parse = (argv: string[]) => parseArgs(argv, RUN_OPTION_DEFS, "measureflow run");

/** Each option with bad values, and the exact message expected (field: range, got 'value'). */
const BAD: [string, string, string][] = [
  ["--n", "abc", "--n: must be an integer in [4, 1048576], got 'abc'"],
  ["--n", "3", "--n: must be an integer in [4, 1048576], got '3'"],
  ["--n", "4.5", "--n: must be an integer in [4, 1048576], got '4.5'"],
  ["--n", "-8", "--n: must be an integer in [4, 1048576], got '-8'"],
  ["--n", "0x10", "--n: must be an integer in [4, 1048576], got '0x10'"],
  ["--t-end", "0", "--t-end: must be a number > 0, got '0'"],
  ["--t-end", "-1", "--t-end: must be a number > 0, got '-1'"],
  ["--t-end", "1e999", "--t-end: must be a number > 0, got '1e999'"],
  ["--scheme", "foo", "--scheme: must be one of fv1, fv2, sg, jko, explicit, exact, got 'foo'"],
  ["--method", "rk4", "--method: must be one of euler, heun, ssprk3, got 'rk4'"],
  ["--cfl", "0", "--cfl: must be a number in (0, 1], got '0'"],
  ["--cfl", "1.5", "--cfl: must be a number in (0, 1], got '1.5'"],
  ["--dt", "0", "--dt: must be a number > 0, got '0'"],
  ["--dt", "NaN", "--dt: must be a number > 0, got 'NaN'"],
  ["--tau", "-0.1", "--tau: must be a number > 0, got '-0.1'"],
  ["--eps", "", "--eps: must be a number > 0, got ''"],
  ["--snapshots", "1", "--snapshots: must be an integer in [2, 1000], got '1'"],
  ["--snapshots", "2.5", "--snapshots: must be an integer in [2, 1000], got '2.5'"],
  ["--out", "", "--out: must be a non-empty string, got ''"],
  ["--m", "1", "--m: must be a number > 1, got '1'"],
  ["--m", "0.5", "--m: must be a number > 1, got '0.5'"],
];

describe("run options", () => {
  it.each(BAD)("%s %j is rejected with a clear message", (flag, value, message) => {
    for (const argv of [[flag, value], [`${flag}=${value}`]]) {
      let err: unknown;
      try {
        parse(argv);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).field).toBe(flag);
      expect((err as Error).message).toBe(message);
    }
  });

  it("rejects unknown options, missing values, repeated options and flag values", () => {
    expect(() => parse(["--nn", "4"])).toThrow(
      /^--nn: unknown option for 'measureflow run' \(options: --set, --n, --t-end/,
    );
    expect(() => parse(["--n"])).toThrow("--n: needs a value: an integer in [4, 1048576]");
    expect(() => parse(["--n", "--t-end", "1"])).toThrow("--n: needs a value");
    expect(() => parse(["--n", "8", "--n=16"])).toThrow("--n: given more than once");
    expect(() => parse(["--save-density=yes"])).toThrow(
      "--save-density: must be a flag without a value, got 'yes'",
    );
  });

  it("parses valid values in both forms", () => {
    const a = parse([
      "heat-1d",
      "--n=256",
      "--t-end",
      "0.5",
      "--scheme",
      "sg",
      "--cfl",
      "1",
      "--dt",
      "1e-3",
      "--save-density",
      "--out",
      "o",
    ]);
    expect(a.positionals).toEqual(["heat-1d"]);
    const f = runFlagsFrom(a.values);
    expect(f).toEqual({
      overrides: { n: 256, tEnd: 0.5, scheme: "sg", cfl: 1, dt: 1e-3 },
      sets: [],
      out: "o",
      saveDensity: true,
    });
    expect(parse(["-h"]).help).toBe(true);
  });

  it("merges global defaults, scenario defaults and overrides", () => {
    const sc = {
      name: "demo",
      defaults: { n: 64, tEnd: 2 },
      schemes: ["fv2", "sg"] as ("fv2" | "sg")[],
    };
    expect(resolveOptions(sc)).toEqual({
      n: 64,
      tEnd: 2,
      method: "ssprk3",
      cfl: 0.9,
      snapshots: 6,
      scheme: "fv2",
    });
    const o = resolveOptions(sc, { n: 16, scheme: "sg", dt: 0.1 });
    expect(o).toMatchObject({ n: 16, tEnd: 2, scheme: "sg", dt: 0.1 });
    expect(commandFor("demo", o)).toBe(
      "measureflow run demo --n 16 --t-end 2 --scheme sg --method ssprk3 --cfl 0.9 --dt 0.1 --snapshots 6",
    );
  });

  // Issue 10: options the scheme does not read were accepted and recorded.
  it("refuses options the chosen scheme does not read, and drops such defaults", () => {
    const sc = {
      name: "demo",
      defaults: { tau: 0.01, eps: 1e-3, blurCorrection: true },
      schemes: ["jko", "fv2"] as ("jko" | "fv2")[],
    };
    const cases: [Partial<ScenarioOptions>, string][] = [
      [
        { scheme: "fv2", tau: 0.1 },
        "--tau: applies to the jko scheme only; this run's scheme is 'fv2'",
      ],
      [
        { scheme: "fv2", eps: 0.1 },
        "--eps: applies to the jko scheme only; this run's scheme is 'fv2'",
      ],
      [
        { dt: 0.001 },
        "--dt: applies to the explicit finite-volume schemes (fv1, fv2, sg, explicit) only; this run's scheme is 'jko'",
      ],
      [
        { cfl: 0.5 },
        "--cfl: applies to the explicit finite-volume schemes (fv1, fv2, sg, explicit) only; this run's scheme is 'jko'",
      ],
      // Even a value equal to the default: the option does nothing with jko.
      [
        { method: "ssprk3" },
        "--method: applies to the explicit finite-volume schemes (fv1, fv2, sg, explicit) only; this run's scheme is 'jko'",
      ],
    ];
    for (const [o, message] of cases) expect(() => resolveOptions(sc, o)).toThrow(message);
    // The jko defaults are dropped for an fv2 run (and from its command); method/cfl from jko's.
    const fv = resolveOptions(sc, { scheme: "fv2" });
    expect(fv.tau).toBeUndefined();
    expect(fv.eps).toBeUndefined();
    expect(fv.blurCorrection).toBeUndefined();
    expect(commandFor("demo", fv)).not.toMatch(/--tau|--eps|--blur/);
    expect(commandFor("demo", resolveOptions(sc))).toBe(
      "measureflow run demo --n 128 --t-end 1 --scheme jko --tau 0.01 --eps 0.001 --blur-correction --snapshots 6",
    );
  });

  // Issue 10: --tau larger than --t-end ran to t = τ while the headline said t-end.
  it("refuses a JKO step τ larger than t-end, naming both values", () => {
    const sc = { name: "j", defaults: { tau: 0.01, tEnd: 0.5 }, schemes: ["jko" as const] };
    expect(() => resolveOptions(sc, { tau: 1 })).toThrow(
      "--tau: the JKO step τ = 1 is larger than the final time t-end = 0.5",
    );
    expect(() => resolveOptions(sc, { tEnd: 0.001 })).toThrow(
      "--t-end: the JKO step τ = 0.01 is larger than the final time t-end = 0.001",
    );
    expect(resolveOptions(sc, { tau: 0.5 }).tau).toBe(0.5);
  });

  it("names the schemes a scenario supports when another one is asked for", () => {
    const sc = { name: "heat-1d", defaults: {}, schemes: ["fv1", "fv2"] as ("fv1" | "fv2")[] };
    expect(() => resolveOptions(sc, { scheme: "jko" })).toThrow(
      "--scheme: scenario heat-1d supports fv1, fv2; got 'jko'",
    );
  });

  it("checks a scenario's own defaults", () => {
    const sc = { name: "bad", defaults: { cfl: 2 }, schemes: ["fv1"] as "fv1"[] };
    expect(() => resolveOptions(sc)).toThrow("--cfl: must be a number in (0, 1], got '2'");
  });
});

describe("porous-medium exponent option", () => {
  const pme = { name: "pme", defaults: { m: 2 }, schemes: ["fv2" as const] };
  const heat = { name: "heat", defaults: {}, schemes: ["fv2" as const] };
  it("overrides the exponent of a scenario that defines one", () => {
    expect(resolveOptions(pme, { m: 3 }).m).toBe(3);
    expect(commandFor("pme", resolveOptions(pme, { m: 3 }))).toContain("--m 3");
  });
  it("is refused by a scenario without an exponent", () => {
    expect(() => resolveOptions(heat, { m: 3 })).toThrow(
      "--m: scenario heat has no exponent m to set",
    );
  });
});

describe("blur-correction option (jko)", () => {
  const jko = { name: "j", defaults: { tau: 0.01 }, schemes: ["jko" as const, "fv2" as const] };
  it("is parsed as a flag, repeated by commandFor, and reaches the JKO scheme", async () => {
    const flags = runFlagsFrom(parse(["--blur-correction"]).values);
    expect(flags.overrides.blurCorrection).toBe(true);
    const o = resolveOptions(jko, flags.overrides);
    expect(commandFor("j", o)).toContain("--blur-correction");
    const { Grid } = await import("../../src/grid/grid.js");
    const { Entropy } = await import("../../src/energy/entropy.js");
    const { makeScheme } = await import("../../src/schemes/factory.js");
    const grid = new Grid({ n: [16], lo: [-1], hi: [1] });
    const scheme = makeScheme(new Entropy(grid), o);
    expect(scheme.name).toMatch(/blur/);
    expect(makeScheme(new Entropy(grid), { ...o, blurCorrection: false }).name).not.toMatch(/blur/);
  });
  it("is refused with an explicit scheme", () => {
    expect(() => resolveOptions(jko, { scheme: "fv2", blurCorrection: true })).toThrow(
      "--blur-correction: applies to the jko scheme only; this run's scheme is 'fv2'",
    );
  });
});

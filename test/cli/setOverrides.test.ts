import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { lineColumn, parseJsonText } from "../../src/run/jsonFile.js";
import { parseArgs, RUN_OPTION_DEFS, runFlagsFrom } from "../../src/run/options.js";
import { applySets, parseSet, parseSetValue } from "../../src/run/setOverrides.js";
import { expectInputError } from "../expectInputError.js";

describe("--set path=value", () => {
  it("parses paths of keys and indices and values as JSON, else as strings", () => {
    expect(parseSet("energy[0].m=1.5")).toEqual({
      path: ["energy", 0, "m"],
      value: 1.5,
      arg: "energy[0].m=1.5",
    });
    expect(parseSet("grid.n=[256]").value).toEqual([256]);
    expect(parseSet("scheme.flux=fv1").value).toBe("fv1");
    expect(parseSet("exact=none").value).toBe("none");
    expect(parseSet('initial={"kind":"file","path":"a.json"}').value).toEqual({
      kind: "file",
      path: "a.json",
    });
    expect(parseSet("checks.energyMonotone=true").value).toBe(true);
    expect(parseSet("energy[1].V.expr=(x^2 - 1)^2").value).toBe("(x^2 - 1)^2");
    // Only the first '=' separates: a formula may hold '=' signs of its own.
    expect(parseSet("a.b=x==1").value).toBe("x==1");
    expect(parseSetValue("null")).toBeNull();
    expect(parseSetValue("[1, 2")).toBe("[1, 2");
  });

  it("refuses malformed paths, naming the argument", () => {
    expectInputError(() => parseSet("grid.n"), "--set grid.n", /must be path=value/);
    expectInputError(() => parseSet("=3"), "--set =3", /must be path=value/);
    expectInputError(
      () => parseSet("energy[x].m=1"),
      "--set energy[x].m=1",
      /bad index at character 7/,
    );
    expectInputError(() => parseSet("[0].m=1"), "--set [0].m=1", /must start with a field name/);
    expectInputError(
      () => parseSet("grid..n=1"),
      "--set grid..n=1",
      /expected a field name at character 6/,
    );
    expectInputError(
      () => parseSet("grid n=1"),
      "--set grid n=1",
      /expected '\.' or '\[' at character 5/,
    );
  });

  it("applies overrides in order to a copy, creating missing object fields", () => {
    const raw = { grid: { n: [64], lo: [0], hi: [1] }, energy: [{ kind: "entropy" }] };
    const out = applySets(raw, [
      parseSet("grid.n=[128]"),
      parseSet("grid.n[0]=256"),
      parseSet("energy[0].weight=0.5"),
      parseSet("checks.l1=1e-3"),
    ]);
    expect(out).toEqual({
      grid: { n: [256], lo: [0], hi: [1] },
      energy: [{ kind: "entropy", weight: 0.5 }],
      checks: { l1: 1e-3 },
    });
    expect(raw.grid.n).toEqual([64]); // not modified
  });

  it("refuses a path through a non-object and an index out of range", () => {
    const raw = { grid: { n: [64] }, scheme: { kind: "fv" }, energy: [{ kind: "entropy" }] };
    expectInputError(
      () => applySets(raw, [parseSet("grid.n.cells=2")]),
      "--set grid.n.cells=2",
      /grid\.n is a list of 1, not an object: it has no field 'cells'/,
    );
    expectInputError(
      () => applySets(raw, [parseSet("scheme.kind.x=2")]),
      "--set scheme.kind.x=2",
      /scheme\.kind is the string "fv", not an object/,
    );
    expectInputError(
      () => applySets(raw, [parseSet("energy[1].m=2")]),
      "--set energy[1].m=2",
      /index \[1\] is out of range: energy has 1 entry \(indices 0–0\)/,
    );
    expectInputError(
      () => applySets(raw, [parseSet("scheme[0]=2")]),
      "--set scheme[0]=2",
      /scheme is an object, not a list: cannot index \[0\]/,
    );
  });
});

describe("JSON files", () => {
  it("reports a syntax error with the line and column", () => {
    expectInputError(
      () => parseJsonText('{\n  "a": 1,\n}', "spec.json"),
      "spec.json:3:1",
      /invalid JSON: Expected double-quoted property name/,
    );
    expectInputError(
      () => parseJsonText('{"a": [1, 2', "x.json"),
      "x.json:1:12",
      /invalid JSON: Expected ',' or '\]' after array element/,
    );
    expectInputError(
      () => parseJsonText('{"a":\n', "y.json"),
      "y.json:2:1",
      /invalid JSON: unexpected end of the file/,
    );
    expect(lineColumn("ab\ncd\nef", 7)).toEqual({ line: 3, column: 2 });
  });

  it("is an InputError, never a SyntaxError", () => {
    try {
      parseJsonText("{", "f.json");
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return;
    }
    throw new Error("expected an error");
  });
});

describe("--set on the command line", () => {
  it("is repeatable and keeps the order given", () => {
    const a = parseArgs(
      ["x.json", "--set", "grid.n=[64]", "--set=scheme.flux=sg", "--set", "grid.n=[32]"],
      RUN_OPTION_DEFS,
      "measureflow run",
    );
    expect(a.values["set"]).toEqual(["grid.n=[64]", "scheme.flux=sg", "grid.n=[32]"]);
    const f = runFlagsFrom(a.values);
    expect(f.sets.map((s) => s.path)).toEqual([
      ["grid", "n"],
      ["scheme", "flux"],
      ["grid", "n"],
    ]);
    expect(applySets({ grid: { n: [8] } }, f.sets)).toEqual({
      grid: { n: [32] },
      scheme: { flux: "sg" },
    });
  });
});

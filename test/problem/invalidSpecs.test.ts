import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../cliHarness.js";

/**
 * Invalid problem specs through the CLI entry, in process: `measureflow run <spec.json>`
 * must exit with code 2 and print exactly one line on stderr that names the JSON path (or
 * the option, or the file position) at fault and what is allowed — no stack trace, nothing
 * on stdout, no run.
 */

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const dir = mkdtempSync(join(tmpdir(), "mf-invalid-"));
made.push(dir);

const cli = (argv: string[]) => runCli(argv);

/** A valid 1D heat problem on 32 cells; every case below breaks one thing in it. */
const base = () => ({
  name: "invalid-case",
  grid: { n: [32], lo: [-4], hi: [4] },
  initial: { kind: "gaussian", mean: [0], cov: [[0.5]] },
  energy: [{ kind: "entropy" }] as Record<string, unknown>[],
  geometry: { kind: "wasserstein" } as Record<string, unknown>,
  scheme: { kind: "fv", flux: "fv2" } as Record<string, unknown>,
  output: { tEnd: 0.01, snapshots: 2 },
  exact: { kind: "heat" } as Record<string, unknown> | undefined,
});
type Spec = ReturnType<typeof base> & Record<string, unknown>;
const edit = (f: (s: Spec) => void): Spec => {
  const s = base() as Spec;
  f(s);
  return s;
};

/** Density files for the "file" initial data (the spec's grid is 32 cells on [-4, 4]). */
const densityFile = (name: string, n: number, value: (i: number) => number | null): string => {
  const file = join(dir, name);
  const density = Array.from({ length: n }, (_, i) => value(i));
  writeFileSync(
    file,
    JSON.stringify({
      format: "measureflow-density/1",
      grid: { n: [n], lo: [-4], hi: [4] },
      density,
    }),
  );
  return file;
};
const bump = (i: number): number => 1 + Math.cos((Math.PI * (i + 0.5)) / 16);
const coarse = densityFile("coarse.json", 16, bump);
const negative = densityFile("negative.json", 32, (i) => (i === 5 ? -1 : bump(i)));
const zero = densityFile("zero.json", 32, () => 0);
const nanCsv = join(dir, "nan.csv");
writeFileSync(
  nanCsv,
  `x,rho\n${Array.from({ length: 32 }, (_, i) => `${-4 + (i + 0.5) * 0.25},${i === 7 ? "NaN" : bump(i)}`).join("\n")}\n`,
);

interface Case {
  name: string;
  /** The spec (object, or raw text for syntax errors). */
  spec: Spec | string;
  args?: string[];
  /** The JSON path / option / file position the message must name. */
  at: string;
  /** What the message must say is allowed (or what is wrong). */
  says: RegExp;
}

const CASES: Case[] = [
  {
    name: "unknown energy kind",
    spec: edit((s) => (s.energy = [{ kind: "entropi" }])),
    at: "energy[0].kind",
    says: /unknown energy term 'entropi' \(did you mean 'entropy'\?\); allowed: entropy, potential, kl, generalized-entropy/,
  },
  {
    name: "unknown geometry",
    spec: edit((s) => (s.geometry = { kind: "wasserstien" })),
    at: "geometry.kind",
    says: /unknown geometry 'wasserstien' \(did you mean 'wasserstein'\?\); allowed: wasserstein, fisher-rao, wfr, ift/,
  },
  {
    name: "unknown scheme",
    spec: edit((s) => (s.scheme = { kind: "rk4" })),
    at: "scheme.kind",
    says: /unknown scheme 'rk4' \(did you mean 'jko'\?\); allowed: fv, jko, exact-fisher-rao, split/,
  },
  {
    name: "missing grid",
    spec: edit((s) => delete (s as Record<string, unknown>).grid),
    at: "grid",
    says: /is required/,
  },
  {
    name: "missing field in an entry (quadratic without A)",
    spec: edit((s) => s.energy.push({ kind: "potential", V: { kind: "quadratic" } })),
    at: "energy[1].V.A",
    says: /is required \(an array\)/,
  },
  {
    name: "extra field",
    spec: edit((s) => (s.scheme = { kind: "fv", flx: "fv1" })),
    at: "scheme",
    says: /unknown field 'flx'; allowed: flux, limiter, method, cfl, dt/,
  },
  {
    name: "wrong type (n as a string)",
    spec: edit((s) => ((s.grid as Record<string, unknown>).n = "32")),
    at: "grid.n",
    says: /must be an array, got "32"/,
  },
  {
    name: "out of range: m = 1",
    spec: edit((s) => (s.energy = [{ kind: "generalized-entropy", m: 1 }])),
    at: "energy[0].m",
    says: /must be > 1, got 1/,
  },
  {
    name: "out of range: cfl = 2",
    spec: edit((s) => (s.scheme = { kind: "fv", cfl: 2 })),
    at: "scheme.cfl",
    says: /must be <= 1, got 2/,
  },
  {
    name: "out of range: n = [1]",
    spec: edit((s) => (s.grid.n = [1])),
    at: "grid.n[0]",
    says: /must be >= 2, got 1/,
  },
  {
    name: "lo/hi length mismatch",
    spec: edit((s) => (s.grid.lo = [-4, -4])),
    at: "grid.lo",
    says: /must have 1 entries \(one per axis of grid\.n\), got 2/,
  },
  {
    name: "hi <= lo",
    spec: edit((s) => (s.grid.hi = [-5])),
    at: "grid.hi[0]",
    says: /must be > grid\.lo\[0\] = -4, got -5/,
  },
  {
    name: "expression with an unknown variable",
    spec: edit((s) =>
      s.energy.push({ kind: "potential", V: { kind: "expression", expr: "(x^2 - a)^2" } }),
    ),
    at: "energy[1].V.expr",
    says: /unknown variable 'a' at character 8 in '\(x\^2 - a\)\^2'; allowed: x, pi, e/,
  },
  {
    name: "expression with a syntax error",
    spec: edit((s) =>
      s.energy.push({ kind: "potential", V: { kind: "expression", expr: "(x^2 - 1" } }),
    ),
    at: "energy[1].V.expr",
    says: /syntax error at character \d+ in '\(x\^2 - 1'/,
  },
  {
    name: "file on another grid",
    spec: edit((s) => {
      s.initial = { kind: "file", path: coarse } as never;
      s.exact = undefined;
    }),
    at: "initial.path",
    says: /n = \[16\], lo = \[-4\], hi = \[4\].*n = \[32\], lo = \[-4\], hi = \[4\]/,
  },
  {
    name: "NaN in a file",
    spec: edit((s) => {
      s.initial = { kind: "file", path: nanCsv } as never;
      s.exact = undefined;
    }),
    at: "initial.path",
    says: /cell 7 is NaN; a density must be finite and >= 0 in every cell/,
  },
  {
    name: "negative value in a file",
    spec: edit((s) => {
      s.initial = { kind: "file", path: negative } as never;
      s.exact = undefined;
    }),
    at: "initial.path",
    says: /cell 5 is -1; a density must be finite and >= 0 in every cell/,
  },
  {
    name: "zero-mass file",
    spec: edit((s) => {
      s.initial = { kind: "file", path: zero } as never;
      s.exact = undefined;
    }),
    at: "initial.path",
    says: /zero mass .*a density needs a positive mass/,
  },
  {
    name: "jko with a spherical wfr geometry",
    spec: edit((s) => {
      s.geometry = { kind: "wfr", alpha: 1, beta: 1, spherical: true };
      s.scheme = { kind: "jko", tau: 0.01 };
      s.exact = undefined;
    }),
    at: "geometry.spherical",
    says: /spherical WFR is not available; use the fv scheme, or the fisher-rao geometry/,
  },
  {
    name: "jko on a periodic axis",
    spec: edit((s) => {
      (s.grid as Record<string, unknown>).boundary = ["periodic"];
      s.scheme = { kind: "jko", tau: 0.01 };
      s.exact = undefined;
    }),
    at: "grid.boundary",
    says: /entropic JKO needs a no-flux box .*use "no-flux" on every axis or the fv scheme/,
  },
  {
    name: "exact-fisher-rao with a non-KL energy",
    spec: edit((s) => {
      s.geometry = { kind: "fisher-rao" };
      s.scheme = { kind: "exact-fisher-rao" };
      s.exact = undefined;
    }),
    at: "energy",
    says: /the energy must be a single kl term; use the fv scheme for other energies; got \[entropy\]/,
  },
  {
    name: "unknown observable",
    spec: edit((s) => (s.observables = [{ kind: "mean-eror" }])),
    at: "observables[0].kind",
    says: /unknown observable 'mean-eror' \(did you mean 'mean-error'\?\); allowed: mean-error, /,
  },
  {
    name: "exact solution that needs a gaussian initial, got another",
    spec: edit((s) => (s.initial = { kind: "uniform", lo: [-1], hi: [1] } as never)),
    at: "exact.initial",
    says: /is required: the spec's initial data is 'uniform', not a gaussian/,
  },
  {
    name: "--set through a non-object",
    spec: base(),
    args: ["--set", "grid.n.cells=64"],
    at: "--set grid.n.cells=64",
    says: /grid\.n is a list of 1, not an object: it has no field 'cells'/,
  },
  {
    name: "--set with an index out of range",
    spec: base(),
    args: ["--set", "energy[2].weight=2"],
    at: "--set energy[2].weight=2",
    says: /index \[2\] is out of range: energy has 1 entry \(indices 0–0\)/,
  },
  {
    name: "malformed JSON",
    spec: '{\n  "grid": { "n": [32], "lo": [-4], "hi": [4] },\n  "initial": { "kind": "gaussian" "mean": [0] }\n}\n',
    at: ":3:35",
    says: /invalid JSON: Expected ',' or '}' after property value/,
  },
];

describe("invalid specs through `measureflow run` (exit 2, one line naming the path)", () => {
  it(`covers at least 22 kinds of invalid spec (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(22);
  });

  it.each(CASES)("$name", async (c) => {
    const file = join(dir, `${c.name.replace(/[^a-z0-9]+/gi, "-")}.json`);
    writeFileSync(file, typeof c.spec === "string" ? c.spec : JSON.stringify(c.spec, null, 2));
    const r = await cli(["run", file, "--out", join(dir, "out"), ...(c.args ?? [])]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error: [^\n]*\n$/); // one line
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack frame
    // The path at fault starts the message, or follows the spec file's name.
    const at = r.stderr.indexOf(c.at === ":3:35" ? `${file}:3:35: ` : `${c.at}: `);
    expect(at, r.stderr).toBeGreaterThanOrEqual("error: ".length);
    expect(r.stderr).toMatch(c.says);
    expect(r.code).toBe(2);
  });

  it("a missing spec file exits 2 naming the file", async () => {
    const file = join(dir, "no-such-spec.json");
    const r = await cli(["run", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${file}: cannot read the problem spec: no such file\n`);
  });
});

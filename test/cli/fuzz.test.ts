import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../cliHarness.js";

/**
 * Bounded fuzzing of `measureflow run` (issue 10, "tests that bite": random option strings
 * and values, fixed seed, a few hundred cases). Each case is `run <target> <options…> --out
 * <tmp>` in process on a tiny spec; whatever the options, the CLI must answer with exit code
 * 0 (ran), 1 (the run failed, e.g. a --dt above the stability limit) or 2 (bad input), and
 * never with an internal error or a stack trace ("    at …" lines).
 *
 * Option names are the run options (6 in 7) or misspellings and malformed dashes; values are
 * drawn from per-option pools of valid values (half), values that are invalid for every
 * option (NaN, 0, −1, 1e999, '', hex, words), other options' values (`--n fv2`) and random
 * strings; options come as `--x v`, `--x=v` or `--x` without a value; `--set` takes spec
 * paths (existing, missing, through lists, bad indices) with JSON and non-JSON values; the
 * target is the spec, or now and then an unknown name or a random string. Valid values are
 * chosen so that any combination stays a small run (≤ 16 cells, τ ≥ 0.005, t-end ≤ 16 even
 * when another option's value lands on --t-end): 500 cases take about 3 s.
 *
 * Before issue 10 this seed found `run '\I!'`: a target with a backslash reached Node's
 * import and came back as an internal error with a stack trace (now: no scenario file).
 */

const SEED = 20251010;
const RUNS = 500;

const dir = tempDir("mf-fuzz-");
const spec = join(dir, "tiny.json");
writeFileSync(
  spec,
  JSON.stringify({
    name: "tiny",
    grid: { n: [16], lo: [-4], hi: [4] },
    initial: { kind: "gaussian", mean: [0], cov: 0.5 },
    energy: [{ kind: "entropy" }],
    geometry: { kind: "wasserstein" },
    scheme: { kind: "fv", flux: "fv2" },
    output: { tEnd: 0.002, snapshots: 2 },
    exact: { kind: "heat" },
  }),
);
const out = join(dir, "out");

/** Valid values per option, all cheap to run in any combination. */
const VALID: Record<string, string[]> = {
  n: ["4", "8", "16"],
  "t-end": ["0.002", "0.01", "0.05"],
  scheme: ["fv1", "fv2", "sg", "jko", "explicit", "exact"],
  method: ["euler", "heun", "ssprk3"],
  cfl: ["0.5", "1"],
  dt: ["0.01", "0.5"],
  tau: ["0.005", "0.01", "1"],
  eps: ["0.05", "0.5"],
  snapshots: ["2", "3"],
  m: ["1.5", "2"],
  "max-memory": ["1e-6", "4"],
};
/** Invalid for every numeric option (and odd for the others). */
const INVALID = ["NaN", "0", "-1", "-0", "1e999", "-1e999", "", " ", "abc", "0x10", "1e", "1,5"];
const VALID_NAMES = [
  ...Object.keys(VALID).map((k) => `--${k}`),
  "--set",
  "--blur-correction",
  "--save-density",
  "--force",
  "--help",
  "--out",
];
const BAD_NAMES = ["--nn", "-n", "--N", "---n", "--t_end", "--", "-", "--=", "--bogus"];
const SET_PATHS = [
  "grid.n",
  "grid.lo",
  "initial.cov",
  "initial.mean",
  "initial.kind",
  "output.tEnd",
  "output.snapshots",
  "scheme",
  "scheme.flux",
  "scheme.kind",
  "energy[0].kind",
  "energy[1].m",
  "energy[x]",
  "exact",
  "colour",
  "grid.n.cells",
  "[0]",
  "",
];
const SET_VALUES = [
  "[8]",
  "[4]",
  "[0]",
  "[2,2]",
  "0.5",
  "-1",
  "1e-6",
  "fv1",
  "jko",
  "none",
  "abc",
  "{}",
  "[]",
  "null",
  "true",
  "1e999",
  '{"kind":"jko","tau":0.01}',
  "",
];

/** A value for option `key`: mostly its own valid values, else invalid or foreign ones. */
const valueFor = (key: string) =>
  fc.oneof(
    { weight: VALID[key] ? 5 : 0, arbitrary: fc.constantFrom(...(VALID[key] ?? ["x"])) },
    { weight: 3, arbitrary: fc.constantFrom(...INVALID) },
    { weight: 1, arbitrary: fc.constantFrom(...Object.values(VALID).flat()) },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  );
const setArg = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .tuple(fc.constantFrom(...SET_PATHS), fc.constantFrom(...SET_VALUES))
      .map(([p, v]) => `${p}=${v}`),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
/** One option occurrence as argv tokens: `--x v` (most), `--x=v`, or `--x` alone. */
const option = fc
  .tuple(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...VALID_NAMES) },
      { weight: 1, arbitrary: fc.constantFrom(...BAD_NAMES) },
    ),
    fc.oneof(
      { weight: 6, arbitrary: fc.constant("space") },
      { weight: 3, arbitrary: fc.constant("equals") },
      { weight: 1, arbitrary: fc.constant("bare") },
    ),
  )
  .chain(([name, form]) => {
    const key = name.replace(/^-+/, "");
    const value = name === "--set" ? setArg : valueFor(key);
    return value.map((v) =>
      form === "bare" ? [name] : form === "equals" ? [`${name}=${v}`] : [name, v],
    );
  });
const target = fc.oneof(
  { weight: 8, arbitrary: fc.constant(spec) },
  { weight: 1, arbitrary: fc.constantFrom("heat1d", "no/such.json", "x.ts", "") },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const argvOf = fc
  .tuple(target, fc.array(option, { maxLength: 4 }), fc.boolean())
  .map(([t, opts, targetFirst]) => {
    const flat = opts.flat();
    return ["run", ...(targetFirst ? [t, ...flat] : [...flat, t]), "--out", out];
  });

describe("measureflow run: bounded fuzzing", () => {
  it(`${RUNS} random command lines end with exit code 0, 1 or 2 and no stack trace`, async () => {
    const codes = [0, 0, 0];
    await fc.assert(
      fc.asyncProperty(argvOf, async (argv) => {
        const r = await runCli(argv);
        expect([0, 1, 2], `${argv.join(" ")}\n${r.stderr}`).toContain(r.code);
        expect(r.stderr, argv.join(" ")).not.toMatch(/^\s+at /m);
        expect(r.stderr, argv.join(" ")).not.toMatch(/internal error/);
        codes[r.code]++;
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // The cases reach both sides: runs that ran and inputs refused (counts for this seed).
    expect(codes[0]).toBeGreaterThan(10);
    expect(codes[2]).toBeGreaterThan(RUNS / 2);
  });
});

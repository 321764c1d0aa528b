import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../cliHarness.js";
import { ensureBuilt } from "../package/ensureBuilt.js";
import { readJson, type RunSummary } from "../../src/run/summary.js";

const scenariosDir = fileURLToPath(new URL("../run/fixtures/scenarios/", import.meta.url));
const repo = fileURLToPath(new URL("../../", import.meta.url));

const cli = (argv: string[]) => runCli(argv, scenariosDir);

const made: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), "mf-cli-"));
  made.push(d);
  return d;
};
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Every run option with a bad value: exit 2 and one line naming the option and its range. */
const BAD: [string[], string][] = [
  [["--n", "abc"], "error: --n: must be an integer in [4, 1048576], got 'abc'\n"],
  [["--t-end", "-1"], "error: --t-end: must be a number > 0, got '-1'\n"],
  [
    ["--scheme", "rk"],
    "error: --scheme: must be one of fv1, fv2, sg, jko, explicit, exact, got 'rk'\n",
  ],
  [["--scheme", "jko"], "error: --scheme: scenario fake-heat supports fv1, fv2; got 'jko'\n"],
  [["--method", "rk4"], "error: --method: must be one of euler, heun, ssprk3, got 'rk4'\n"],
  [["--cfl", "2"], "error: --cfl: must be a number in (0, 1], got '2'\n"],
  [["--dt", "-1e-3"], "error: --dt: must be a number > 0, got '-1e-3'\n"],
  [["--tau", "x"], "error: --tau: must be a number > 0, got 'x'\n"],
  [["--eps", "0"], "error: --eps: must be a number > 0, got '0'\n"],
  [["--snapshots", "1"], "error: --snapshots: must be an integer in [2, 1000], got '1'\n"],
  [["--out="], "error: --out: must be a non-empty string, got ''\n"],
  [["--save-density=1"], "error: --save-density: must be a flag without a value, got '1'\n"],
  [
    ["--bogus", "1"],
    "error: --bogus: unknown option for 'measureflow run' (options: --set, --n, --t-end, --scheme, --method, --cfl, --dt, --tau, --eps, --blur-correction, --snapshots, --m, --out, --save-density, --force, --max-memory, --help)\n",
  ],
  [["--n"], "error: --n: needs a value: an integer in [4, 1048576]\n"],
  [["extra"], "error: run: unexpected argument 'extra'\n"],
];

describe("measureflow CLI", () => {
  it.each(BAD)("run fake-heat %j → exit 2 with a one-line error", async (args, message) => {
    const r = await cli(["run", "fake-heat", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message);
    expect(r.stdout).toBe("");
  });

  it("explains unknown commands and scenarios", async () => {
    const a = await cli(["frobnicate"]);
    expect(a.code).toBe(2);
    expect(a.stderr).toBe(
      "error: measureflow: unknown command 'frobnicate' (commands: run, resume, sweep, spec, describe, ot, list, gallery, convergence, report, serve, help; see measureflow --help)\n",
    );
    const b = await cli(["run", "fake-hat"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe(
      "error: scenario: unknown scenario 'fake-hat'. Did you mean 'fake-heat'? Available: fake-blowup, fake-heat, fake-heat-2d, misnamed\n",
    );
    const c = await cli(["run"]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(
      /^error: run: missing spec file or scenario name \(scenarios: fake-blowup, fake-heat/,
    );
  });

  it("prints help globally, per command and per scenario", async () => {
    const g = await cli(["--help"]);
    expect(g.code).toBe(0);
    expect(g.stdout).toContain(
      "Usage:\n  measureflow run <spec.json | scenario> [--set path=value]… [options]",
    );
    expect((await cli([])).code).toBe(2);
    const r = await cli(["run", "--help"]);
    expect(r.stdout).toMatch(/--n N +cells per axis \(an integer in \[4, 1048576\]\)/);
    const s = await cli(["run", "fake-heat", "--help"]);
    expect(s.stdout).toMatch(/Scenario fake-heat: Fake heat flow \(1D, exact decay\)/);
    expect(s.stdout).toMatch(
      /Schemes: fv1, fv2 \(default fv1\)\nDefaults: n = 32, tEnd = 0.1, snapshots = 5/,
    );
    for (const cmd of ["gallery", "report", "list", "spec", "describe", "ot"]) {
      const h = await cli([cmd, "--help"]);
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`^Usage: measureflow ${cmd}`));
      expect((await cli(["help", cmd])).stdout).toBe(h.stdout);
    }
  });

  it("runs a scenario and writes summary, trace, snapshots, density and report", async () => {
    const out = tmp();
    const r = await cli([
      "run",
      "fake-heat",
      "--n",
      "16",
      "--scheme",
      "fv2",
      "--out",
      out,
      "--save-density",
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^fake-heat: ok {2}\(fv2\/ssprk3, n = 16, t-end = 0.1, 8 steps, /);
    expect(r.stdout).toMatch(/L1 \d\.\d+e-1\d/);
    const dir = join(out, "fake-heat");
    const s = readJson<RunSummary>(join(dir, "summary.json"));
    expect(s.status).toBe("ok");
    expect(s.options).toMatchObject({ n: 16, scheme: "fv2", tEnd: 0.1, snapshots: 5 });
    expect(s.command).toBe(
      "measureflow run fake-heat --n 16 --t-end 0.1 --scheme fv2 --method ssprk3 --cfl 0.9 --snapshots 5",
    );
    for (const f of ["trace.json", "density.json", "report.html", "snapshots/snap-004.json"]) {
      expect(existsSync(join(dir, f))).toBe(true);
    }
    expect(existsSync(join(out, "assets", "plotly.js"))).toBe(true);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain('<script src="../assets/plotly.js"></script>');
  });

  it("a blow-up exits 1 with the error, keeps the partial run and still writes the report", async () => {
    const out = tmp();
    const r = await cli(["run", "fake-blowup", "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: fake-blowup: density became non-finite: cell 0 = NaN .*\(at t = 0\.07\d* after \d+ steps\)\n$/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const s = readJson<RunSummary>(join(out, "fake-blowup", "summary.json"));
    expect(s.status).toBe("failed");
    // Output times k·0.1/10 for k = 0…6 were reached before the NaN (first step past 0.065).
    expect(s.snapshots.map((x) => x.t)).toEqual([0, 1, 2, 3, 4, 5, 6].map((k) => (0.1 * k) / 10));
    expect(readFileSync(join(out, "fake-blowup", "report.html"), "utf8")).toContain("non-finite");
  });

  it("gallery runs everything, reports failures without stopping, and writes index.html", async () => {
    const out = tmp();
    const r = await cli(["gallery", "--out", out]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^scenario +status +L1 error +mass drift +spec checks +time$/);
    expect(r.stdout).toMatch(/\nfake-blowup +failed /);
    expect(r.stdout).toMatch(/\nfake-heat +ok +\d\.\d+e-1\d /);
    expect(r.stdout).toMatch(/\nfake-heat-2d +ok /);
    expect(r.stdout).toMatch(/\nmisnamed +failed /);
    expect(r.stdout).toMatch(/2 of 4 ok; gallery: .*index\.html\n$/);
    expect(r.stderr).toMatch(
      /\[4\/4\] misnamed: failed — scenarios\/misnamed\.ts: the scenario's name/,
    );
    const index = readFileSync(join(out, "index.html"), "utf8");
    for (const n of ["fake-blowup", "fake-heat", "fake-heat-2d", "misnamed"]) {
      expect(index).toContain(`>${n}<`);
    }
    expect(index).toContain('href="fake-heat-2d/report.html"');
    expect(existsSync(join(out, "fake-heat-2d", "report.html"))).toBe(true);
    expect((await cli(["report", "--out", out])).code).toBe(0);
  });

  it("gallery --only runs the listed scenarios and rejects unknown ones", async () => {
    const out = tmp();
    const r = await cli(["gallery", "--only", "fake-heat", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 of 1 ok/);
    const bad = await cli(["gallery", "--only", "fake-heat,nope"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      "error: --only: unknown scenario(s) 'nope'; available: fake-blowup, fake-heat, fake-heat-2d, misnamed\n",
    );
  });

  it("lists scenarios, showing ones that cannot load", async () => {
    const r = await cli(["list"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nfake-heat +fv1,fv2 +Fake heat flow \(1D, exact decay\)\n/);
    expect(r.stdout).toMatch(/\nmisnamed +— +\(cannot load: /);
  });

  it("as real processes: bad input exits 2 without a stack trace", async () => {
    await ensureBuilt(); // bin/measureflow.js runs dist/
    const bin = spawnSync(
      process.execPath,
      [join(repo, "bin", "measureflow.js"), "run", "no-such-scenario"],
      {
        encoding: "utf8",
      },
    );
    expect(bin.status).toBe(2);
    expect(bin.stderr).toMatch(/^error: scenario: unknown scenario 'no-such-scenario'\./);
    expect(bin.stderr.trim().split("\n")).toHaveLength(1);
    const direct = spawnSync(
      process.execPath,
      [
        join(repo, "node_modules", "tsx", "dist", "cli.mjs"),
        join(scenariosDir, "fake-heat.ts"),
        "--n",
        "abc",
      ],
      { encoding: "utf8" },
    );
    expect(direct.stderr).toBe("error: --n: must be an integer in [4, 1048576], got 'abc'\n");
    expect(direct.status).toBe(2);
  });
});

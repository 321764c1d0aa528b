import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProblem, validateSpec } from "../../src/problem/index.js";
import { runProblem } from "../../src/run/runLoop.js";
import { ROOT, ensureBuilt } from "./ensureBuilt.js";

/**
 * The package as a user gets it (issue 9): `npm pack`, installed into an empty project, then
 * used from there with nothing of the clone — plain Node imports "measureflow" (dist/, ESM)
 * and "measureflow/browser" (the browser bundle) and runs a heat flow with each; the
 * installed `measureflow` command runs a scenario and serves the playground. Dependencies come
 * from the npm cache (--prefer-offline), so the install takes ~15 s once the cache is warm.
 */

/** A 1D heat flow on 96 cells to t = 0.1 (fv2): ~40 steps. */
const HEAT = {
  name: "pkg-heat",
  grid: { n: [96], lo: [-5], hi: [6] },
  initial: { kind: "gaussian", mean: [0.5], cov: 0.2 },
  energy: [{ kind: "entropy" }],
  geometry: { kind: "wasserstein" },
  scheme: { kind: "fv", flux: "fv2" },
  output: { tEnd: 0.1, snapshots: 3 },
  exact: { kind: "heat" },
};

/** Runs HEAT through an installed entry and prints its L1 (what the consumer's code does). */
const CONSUMER = (entry: string): string => `
const mf = await import(${JSON.stringify(entry)});
const problem = mf.buildProblem(mf.validateSpec(${JSON.stringify(HEAT)}));
const run = mf.simulate(problem);
console.log(JSON.stringify({ status: run.status, l1: run.metrics.l1 }));
`;

function run(cmd: string, args: string[], cwd: string, timeout = 120_000) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout });
  if (r.error) throw r.error;
  return r;
}

describe("the packed tarball, installed in an empty project", () => {
  const dir = mkdtempSync(join(tmpdir(), "mf-pkg-"));
  const project = join(dir, "project");
  let tarball = "";
  let files: string[] = [];
  let size = 0;

  beforeAll(async () => {
    await ensureBuilt();
    // dist/ is built: pack without running `prepare` again.
    const pack = run(
      "npm",
      ["pack", "--ignore-scripts", "--json", "--pack-destination", dir],
      ROOT,
    );
    expect(pack.status, pack.stderr).toBe(0);
    const info = (
      JSON.parse(pack.stdout) as { filename: string; size: number; files: { path: string }[] }[]
    )[0];
    tarball = join(dir, info.filename);
    files = info.files.map((f) => f.path);
    size = info.size;
    mkdirSync(project);
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module" }),
    );
    const install = run(
      "npm",
      ["install", tarball, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
      project,
    );
    expect(install.status, install.stderr).toBe(0);
  }, 300_000);

  // node_modules of the project: ~60 MB to remove.
  afterAll(() => rmSync(dir, { recursive: true, force: true }), 60_000);

  it("holds the built package and nothing of the development tree", () => {
    for (const f of [
      "bin/measureflow.js",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/cli.js",
      "dist/web/browser.d.ts",
      "dist/browser/measureflow.js",
      "dist/playground/index.html",
      "dist/playground/playground.js",
      "dist/playground/plotly.js",
      "scenarios/heat-1d.json",
      "schema/problem.schema.json",
      "README.md",
    ]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|bench|scripts|output)\//.test(f))).toEqual([]);
    // Measured 2.9 MB (the playground's packed plotly is 2.0 MB of it): a bound that catches
    // an unpacked plotly (+4.8 MB) or a stray output folder.
    expect(size).toBeLessThan(5e6);
    // No TypeScript loader at run time: tsx is a development dependency only.
    expect(existsSync(join(project, "node_modules", "tsx"))).toBe(false);
  });

  it("imports from plain Node (measureflow and measureflow/browser) and gives the sources' numbers", () => {
    const expected = runProblem(buildProblem(validateSpec(HEAT))).metrics.l1;
    for (const entry of ["measureflow", "measureflow/browser"]) {
      const r = run(process.execPath, ["--input-type=module", "-e", CONSUMER(entry)], project);
      expect(r.status, `${entry}: ${r.stderr}`).toBe(0);
      const out = JSON.parse(r.stdout.trim()) as { status: string; l1: number };
      expect(out.status).toBe("ok");
      // The same code on the same engine: bitwise equal (fv2 on 96 cells: L1 ≈ 1.6e-3).
      expect(out.l1, entry).toBe(expected);
    }
  });

  it("runs the README's example (Use it from another project) as printed", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Use it from another project"));
    const block = /```js\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const printed = /console\.log\(.*\/\/ (.*)$/m.exec(block)?.[1];
    expect(printed, "the example's console.log line states its output").toBeDefined();
    writeFileSync(join(project, "readme.mjs"), block);
    const r = run(process.execPath, ["readme.mjs"], project);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(printed);
  });

  it("runs its CLI from the project: list, run (report included), --version", () => {
    const bin = join(project, "node_modules", ".bin", "measureflow");
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
    const v = run(bin, ["--version"], project);
    expect(v.stdout.trim()).toBe(version);
    const list = run(bin, ["list"], project);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/^heat-1d\s/m);
    const r = run(bin, ["run", "heat-1d", "--out", "out", "--set", "grid.n=[64]"], project);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/older than src/);
    const summary = JSON.parse(
      readFileSync(join(project, "out", "heat-1d", "summary.json"), "utf8"),
    );
    expect(summary.status).toBe("ok");
    expect(summary.version).toBe(version);
    expect(summary.gitCommit).toBeNull(); // not the consumer's (or any enclosing) repository
    expect(existsSync(join(project, "out", "heat-1d", "report.html"))).toBe(true);
  });

  it("serves the playground on 127.0.0.1 and stops on SIGTERM", async () => {
    const bin = join(project, "node_modules", ".bin", "measureflow");
    const child = spawn(bin, ["serve", "--out", "served", "--port", "0"], { cwd: project });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    let url = "";
    for (let i = 0; i < 200 && !url; i++) {
      url = /playground: (http:\/\/127\.0\.0\.1:\d+\/playground\/)/.exec(stdout)?.[1] ?? "";
      if (!url) await new Promise((r) => setTimeout(r, 50));
    }
    expect(url, stdout).not.toBe("");
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("measureflow playground");
    // Installed next to the reports, the page loads their shared plotly asset.
    expect(html).toContain('<script src="../assets/plotly.js">');
    for (const asset of ["playground.js", "../assets/plotly.js"]) {
      expect((await fetch(new URL(asset, url))).status, asset).toBe(200);
    }
    child.kill("SIGTERM");
    expect(await exited).toBe(143);
  });
});

import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import type { SweepRecord } from "../../src/report/sweepPage.js";
import type { CliIO } from "../../src/run/commands/io.js";
import { runSweep, type SweepRequest } from "../../src/run/sweep/runSweep.js";
import { runCli, tempDir } from "../cliHarness.js";

/**
 * `measureflow sweep` (issue 12, item 4) end to end on heat-1d at tiny sizes (32–48 cells,
 * t_end = 0.02: a few steps per point): the pool gives the results of `measureflow run --set`
 * bit for bit (density.json, snapshots, the output records of trace.json); an interrupted sweep resumes running only its unfinished points and leaves
 * the finished ones' files untouched; points run elsewhere (the cluster recipe of
 * docs/scaling.md) are summarised; bad input is one line and exit code 2.
 */

const FAST = ["--set", "output.tEnd=0.02", "--set", "output.snapshots=3"];

/** Every file under `dir` (relative path → bytes and mtime). */
function files(dir: string): Map<string, { bytes: Buffer; mtimeMs: number }> {
  const out = new Map<string, { bytes: Buffer; mtimeMs: number }>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), { bytes: readFileSync(p), mtimeMs: statSync(p).mtimeMs });
    }
  };
  walk(dir);
  return out;
}

const sweepJson = (dir: string): SweepRecord =>
  JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8")) as SweepRecord;

/** density.json without the fields that record when, how fast and from which commit it ran. */
function densityData(path: string): string {
  const d = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  for (const k of ["wallSeconds", "createdAt", "gitCommit", "gitDirty"]) delete d[k];
  return JSON.stringify(d);
}

/**
 * trace.json's records at the output times. (Its per-step series is thinned by how long the
 * recording takes against the steps, src/run/runLoop.ts, so it depends on the machine's load.)
 */
const outputRecords = (runDir: string): string =>
  JSON.stringify(
    (JSON.parse(readFileSync(join(runDir, "trace.json"), "utf8")) as { outputs: unknown }).outputs,
  );

/** The words of a printed command line (plain words and '…'-quoted ones). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

describe("measureflow sweep", () => {
  it("runs points on worker threads bit for bit as `measureflow run --set` does", async () => {
    const out = tempDir("mf-sweep-pool-");
    const sweep = await runCli([
      "sweep",
      "heat-1d",
      "--vary",
      "grid.n=32,48",
      "--vary",
      "scheme.flux=fv2,sg",
      ...FAST,
      "--jobs",
      "2",
      "--save-density",
      "--out",
      join(out, "pool"),
    ]);
    expect(sweep.code, sweep.stderr).toBe(0);
    expect(sweep.stderr).toMatch(/4 to run on 2 threads \(this one and 1 worker\)/);
    expect(sweep.stderr).toMatch(/\[4\/4\]/);
    const dir = join(out, "pool", "heat-1d.sweep");
    const rec = sweepJson(dir);
    expect(rec.status).toBe("complete");
    expect(rec.points.map((p) => p.status)).toEqual(["ok", "ok", "ok", "ok"]);
    // Heat has an exact solution: one order per flux along grid.n.
    expect(rec.orders.map((o) => o.fixed["scheme.flux"])).toEqual(["fv2", "sg"]);
    expect(readFileSync(join(dir, "report.html"), "utf8")).toContain("sweep-l1-0");
    // The same points one after another, each by `measureflow run` with its --set arguments.
    for (const p of rec.points) {
      const seq = join(out, "seq", p.label);
      const r = await runCli([
        "run",
        "heat-1d",
        ...FAST,
        ...p.sets.flatMap((s) => ["--set", s]),
        "--save-density",
        "--out",
        seq,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const a = files(join(seq, "heat-1d"));
      const b = files(join(dir, p.dir));
      let compared = 0;
      for (const [f, { bytes }] of a) {
        if (f.startsWith("snapshots/")) {
          expect(b.get(f)?.bytes.equals(bytes), `${p.label}/${f}`).toBe(true);
          compared++;
        }
      }
      expect(compared).toBe(3);
      expect(densityData(join(dir, p.dir, "density.json"))).toBe(
        densityData(join(seq, "heat-1d", "density.json")),
      );
      expect(outputRecords(join(dir, p.dir))).toBe(outputRecords(join(seq, "heat-1d")));
    }
  });

  it("resumes: only unfinished points run again, finished points' files stay untouched", async () => {
    const out = tempDir("mf-sweep-resume-");
    const argv = ["sweep", "heat-1d", "--vary", "grid.n=32,40,48", ...FAST, "--jobs", "1"];
    const first = await runCli([...argv, "--out", out]);
    expect(first.code, first.stderr).toBe(0);
    const dir = join(out, "heat-1d.sweep");
    const before = files(join(dir, "points"));
    // Point n-40's process was killed mid-run (SIGKILL leaves the staging folder, its summary
    // "running"); point n-48 was interrupted (what SIGINT leaves).
    const setStatus = (file: string, status: string): void => {
      const summary = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      writeFileSync(file, JSON.stringify({ ...summary, status }));
    };
    const killed = join(dir, "points", "n-40", ".heat-1d.staging-999999");
    renameSync(join(dir, "points", "n-40", "heat-1d"), killed);
    setStatus(join(killed, "summary.json"), "running");
    setStatus(join(dir, "points", "n-48", "heat-1d", "summary.json"), "interrupted");
    // What the folders say, run nothing: exit code 1 while points are unfinished.
    const look = await runCli([...argv, "--out", out, "--summary-only"]);
    expect(look.code).toBe(1);
    expect(sweepJson(dir).status).toBe("incomplete");
    expect(sweepJson(dir).points.map((p) => p.status)).toEqual(["ok", "running", "interrupted"]);
    const second = await runCli([...argv, "--out", out]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/3 points \(1 finished earlier, kept\), 2 to run/);
    expect(second.stderr).toMatch(/\[2\/2\] n-48: ok/);
    const rec = sweepJson(dir);
    expect(rec.points.map((p) => [p.label, p.status, p.reused])).toEqual([
      ["n-32", "ok", true],
      ["n-40", "ok", false],
      ["n-48", "ok", false],
    ]);
    const after = files(join(dir, "points"));
    for (const [f, v] of before) {
      if (!f.startsWith("n-32/")) continue;
      expect(after.get(f)?.mtimeMs, f).toBe(v.mtimeMs);
      expect(after.get(f)?.bytes.equals(v.bytes), f).toBe(true);
    }
    // A third run finds everything finished: it runs nothing and writes the summary.
    const third = await runCli([...argv, "--out", out]);
    expect(third.stderr).toMatch(/0 to run/);
    expect(third.stdout).toMatch(/sweep heat-1d: complete, 3 points/);
  });

  it("stops at a signal: finished points kept, the rest pending, then resumes", async () => {
    const out = tempDir("mf-sweep-stop-");
    const controller = new AbortController();
    const quiet = { write: (): boolean => true };
    const io: CliIO = { stdout: quiet, stderr: quiet };
    const req: SweepRequest = {
      target: "heat-1d",
      sets: ["output.tEnd=0.02", "output.snapshots=3"],
      vary: ["grid.n=32,40,48"],
      jobs: 1,
      out,
      saveDensity: false,
      mode: "run",
      command: "test",
      signal: controller.signal,
      onPoint: () => controller.abort("SIGINT"),
    };
    expect(await runSweep(req, io)).toBe(1);
    const dir = join(out, "heat-1d.sweep");
    const rec = sweepJson(dir);
    expect(rec.status).toBe("interrupted");
    expect(rec.points.map((p) => p.status)).toEqual(["ok", "pending", "pending"]);
    const ran: string[] = [];
    const again = { ...req, signal: undefined, onPoint: (label: string) => ran.push(label) };
    expect(await runSweep(again, io)).toBe(0);
    expect(ran).toEqual(["n-40", "n-48"]);
    expect(sweepJson(dir).status).toBe("complete");
  });

  it("summarises points run elsewhere, one `measureflow run` per point (--commands)", async () => {
    const out = tempDir("mf-sweep-cluster-");
    const argv = ["sweep", "heat-1d", "--vary", "scheme.flux=fv2,sg", ...FAST, "--out", out];
    const listed = await runCli([...argv, "--commands"]);
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    // Before any task ran: every point pending, exit code 1.
    const none = await runCli([...argv, "--summary-only"]);
    expect(none.code).toBe(1);
    expect(sweepJson(join(out, "heat-1d.sweep")).status).toBe("incomplete");
    for (const line of lines) {
      const [cmd, ...rest] = words(line);
      expect(cmd).toBe("measureflow");
      const r = await runCli(rest);
      expect(r.code, r.stderr).toBe(0);
    }
    const summary = await runCli([...argv, "--summary-only"]);
    expect(summary.code, summary.stderr).toBe(0);
    const rec = sweepJson(join(out, "heat-1d.sweep"));
    expect(rec.status).toBe("complete");
    expect(rec.points.every((p) => p.status === "ok" && p.reused && p.l1 !== null)).toBe(true);
  });

  it("refuses bad input with one line naming the option and exit code 2", async () => {
    const out = tempDir("mf-sweep-bad-");
    const bad = async (extra: string[], field: RegExp, why: RegExp): Promise<void> => {
      const r = await runCli(["sweep", "heat-1d", ...extra, "--out", out]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(field);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    };
    await bad([], /--vary/, /at least one --vary/);
    await bad(["--vary", "grid.n"], /--vary grid\.n:/, /path=v1,v2/);
    await bad(["--vary", "grid.n="], /--vary grid\.n=:/, /no values/);
    await bad(["--vary", "grid.n=32", "--jobs", "0"], /--jobs/, /integer in \[1, 1024\]/);
    await bad(["--vary", "scheme.flux=fv2,fv9"], /sweep point flux-fv9/, /fv1.*fv2.*sg/);
    await bad(["--vary", "grid.n=1,32"], /sweep point n-1/, /grid\.n/);
    await bad(
      ["--vary", "grid.n=32", "--set", "grid.n=[64]"],
      /--vary grid\.n=32/,
      /--set grid\.n=\[64\] fixes/,
    );
    await bad(["--vary", "grid.n=32", "--t-end", "1"], /--t-end/, /unknown option.*--vary/);
    // Nothing was written.
    expect(readdirSync(out)).toEqual([]);
  });
});

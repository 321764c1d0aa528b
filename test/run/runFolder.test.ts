import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../cliHarness.js";
import { ensureBuilt } from "../package/ensureBuilt.js";
import { readJson, type RunSummary } from "../../src/run/summary.js";
import { runScenario, resumeRun } from "../../src/run/runScenario.js";
import { specScenario } from "../../src/run/specScenario.js";

/**
 * Run folders as transactions (issue 10, items 1 and 2): a rerun never loses the previous
 * good result, a second run into a locked folder is refused, leftovers of killed runs are
 * recovered, and bad output paths are one-line errors with exit code 2.
 */

const repo = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Heat flow on a coarse 1D grid: a few steps, a few ms. With h = 0.1 the stable explicit
 * step is ~h²/2 = 0.005, so `--dt 1` (taken as dtMax = 0.01, the output interval) is refused.
 */
const SPEC = {
  name: "tx",
  grid: { n: [130], lo: [-6], hi: [7] },
  initial: { kind: "gaussian", mean: [0.5], cov: 0.2 },
  energy: [{ kind: "entropy" }],
  geometry: { kind: "wasserstein" },
  scheme: { kind: "fv", flux: "fv2" },
  output: { tEnd: 0.02, snapshots: 3 },
  exact: { kind: "heat" },
};

function setup(prefix: string): { dir: string; spec: string; out: string } {
  const dir = tempDir(prefix);
  const spec = join(dir, "tx.json");
  writeFileSync(spec, JSON.stringify(SPEC));
  return { dir, spec, out: join(dir, "out") };
}

/** Every file under `dir` with its content (a folder's exact state). */
function contents(dir: string): Record<string, string> {
  const r: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) {
      const p = join(e.parentPath, e.name);
      r[p.slice(dir.length)] = readFileSync(p, "utf8");
    }
  }
  return r;
}

const status = (dir: string): string => readJson<RunSummary>(join(dir, "summary.json")).status;

/** A pid that is certainly not running (a process that has exited). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(r.stdout);
}

describe("run folders are transactions", () => {
  it("a failed rerun (--dt above the stability limit) keeps the ok result and goes beside it", async () => {
    const { spec, out } = setup("mf-tx-");
    expect((await runCli(["run", spec, "--out", out])).code).toBe(0);
    const good = contents(join(out, "tx"));
    expect(Object.keys(good)).toContain("/snapshots/snap-002.json");

    const r = await runCli(["run", spec, "--out", out, "--dt", "1"]);
    // The ok folder is untouched, file for file; the failed run is in tx.failed/.
    expect(contents(join(out, "tx"))).toEqual(good);
    expect(status(join(out, "tx.failed"))).toBe("failed");
    expect(r.code).toBe(2); // the fixed step is refused by the scheme: bad input
    expect(r.stderr).toMatch(/dt: 1 must be <= 0\.00405/);
    expect(r.stderr).toContain(`warning: the ok result in ${join(out, "tx")} was kept`);
    expect(r.stdout).toContain(join(out, "tx.failed", "summary.json"));
    // Nothing else is left: no lock, no staging folder.
    expect(readdirSync(out).sort()).toEqual(["assets", "tx", "tx.failed"]);
  });

  it("force lets a failed run replace the ok result; a later ok run removes tx.failed", async () => {
    const { spec, out } = setup("mf-tx-force-");
    const scenario = specScenario(JSON.parse(readFileSync(spec, "utf8")), spec);
    const quiet = { out, report: false, onWarning: () => undefined };
    expect((await runScenario(scenario, quiet)).status).toBe("ok");
    const failing = { ...quiet, overrides: { dt: 1 } };
    expect((await runScenario(scenario, failing)).outDir).toBe(join(out, "tx.failed"));
    const forced = await runScenario(scenario, { ...failing, force: true });
    expect(forced.outDir).toBe(join(out, "tx"));
    expect(status(join(out, "tx"))).toBe("failed");
    // A failed run replaces a failed result (nothing ok to keep), and an ok run replaces
    // it and removes the stale tx.failed/ of the earlier attempt.
    expect((await runScenario(scenario, failing)).outDir).toBe(join(out, "tx"));
    expect((await runScenario(scenario, quiet)).status).toBe("ok");
    expect(readdirSync(out).sort()).toEqual(["tx"]);
  });

  it("refuses a second run into a folder locked by a live process (exit 2), takes over a stale lock", async () => {
    const { spec, out } = setup("mf-tx-lock-");
    mkdirSync(out);
    const lock = join(out, "tx.lock");
    // A live process: the test runner's parent.
    const live = { pid: process.ppid, host: hostname(), startedAt: "x" };
    writeFileSync(lock, JSON.stringify({ ...live, command: "measureflow run tx" }));
    const r = await runCli(["run", spec, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: --out: '${join(out, "tx")}' is in use by another run (pid ${process.ppid}, started x: measureflow run tx); wait for it to finish or choose another --out. If that run is gone, delete ${lock}\n`,
    );
    expect(existsSync(join(out, "tx"))).toBe(false);
    expect(readFileSync(lock, "utf8")).toContain(`"pid":${process.ppid}`); // not removed

    const dead = deadPid();
    writeFileSync(lock, JSON.stringify({ ...live, pid: dead }));
    const warnings: string[] = [];
    const scenario = specScenario(JSON.parse(readFileSync(spec, "utf8")), spec);
    const o = await runScenario(scenario, {
      out,
      report: false,
      onWarning: (m) => warnings.push(m),
    });
    expect(o.status).toBe("ok");
    expect(warnings).toEqual([
      `took over the lock ${lock} of process ${dead} (started x), which is no longer running`,
    ]);
    expect(existsSync(lock)).toBe(false); // released at the end
  });

  it("recovers what a killed run left: its staging folder is kept as interrupted and resumable", async () => {
    const { spec, out } = setup("mf-tx-killed-");
    const scenario = specScenario(JSON.parse(readFileSync(spec, "utf8")), spec);
    const quiet = { out, report: false, onWarning: () => undefined };
    expect((await runScenario(scenario, quiet)).status).toBe("ok");
    // A run stopped after its first output time, then made to look SIGKILLed: its process
    // (a dead pid) left the staging folder with status "running" and its lock.
    const stopped = await runScenario(scenario, { ...quiet, signal: abortAfter(3) });
    expect(stopped.status).toBe("interrupted");
    const dead = deadPid();
    const staging = join(out, `.tx.staging-${dead}`);
    renameSync(stopped.outDir, staging);
    const s = readJson<RunSummary>(join(staging, "summary.json"));
    writeFileSync(join(staging, "summary.json"), JSON.stringify({ ...s, status: "running" }));
    writeFileSync(
      join(out, "tx.lock"),
      JSON.stringify({ pid: dead, host: hostname(), startedAt: "y" }),
    );
    // A swap cut between its renames by the same death: tx/ renamed away, not back.
    renameSync(join(out, "tx"), join(out, `.tx.old-${dead}`));

    const warnings: string[] = [];
    const failing = { ...quiet, overrides: { dt: 1 }, onWarning: (m: string) => warnings.push(m) };
    const o = await runScenario(scenario, failing);
    expect(warnings.slice(0, 3)).toEqual([
      `took over the lock ${join(out, "tx.lock")} of process ${dead} (started y), which is no longer running`,
      `restored ${join(out, "tx")} (a replacement was cut short)`,
      `a run of tx whose process was killed is kept in ${join(out, "tx.interrupted")}; \`measureflow resume ${join(out, "tx.interrupted")}\` continues it`,
    ]);
    expect(o.outDir).toBe(join(out, "tx.failed"));
    expect(status(join(out, "tx"))).toBe("ok");
    expect(status(join(out, "tx.interrupted"))).toBe("interrupted");
    const resumed = await resumeRun(join(out, "tx.interrupted"), quiet);
    expect(resumed.status).toBe("ok");
    expect(readdirSync(out).sort()).toEqual(["tx"]);
  });
});

/** An abort signal that turns aborted at its n-th check (one check per step boundary). */
function abortAfter(n: number): AbortSignal {
  let reads = 0;
  return {
    get aborted() {
      return ++reads > n;
    },
    reason: "test",
  } as unknown as AbortSignal;
}

describe("output paths that cannot be used are exit-2 errors without a stack", () => {
  beforeAll(ensureBuilt, 300_000); // one case runs bin/measureflow.js, which runs dist/
  it("--out is a file, or lies under a file; <out>/<name> is a file", async () => {
    const { dir, spec } = setup("mf-tx-paths-");
    const file = join(dir, "a-file");
    writeFileSync(file, "x");
    const a = await runCli(["run", spec, "--out", file]);
    expect([a.code, a.stderr]).toEqual([2, `error: --out: '${file}' is a file, not a folder\n`]);
    const under = join(file, "sub");
    const b = await runCli(["run", spec, "--out", under]);
    expect([b.code, b.stderr]).toEqual([
      2,
      `error: --out: cannot create '${under}': '${file}' is a file, not a folder\n`,
    ]);
    const out = join(dir, "out");
    mkdirSync(out);
    writeFileSync(join(out, "tx"), "x");
    const c = await runCli(["run", spec, "--out", out]);
    expect([c.code, c.stderr]).toEqual([
      2,
      `error: --out: '${join(out, "tx")}' is a file, not a run folder; move it away\n`,
    ]);
  });

  it("--out is a folder the user cannot write to", async () => {
    const { dir, spec } = setup("mf-tx-ro-");
    const ro = join(dir, "read-only");
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    const message = `error: --out: cannot create the lock file in '${ro}': permission denied (choose a folder you can write to)\n`;
    if (process.getuid?.() !== 0) {
      const r = await runCli(["run", spec, "--out", ro]);
      expect([r.code, r.stderr]).toEqual([2, message]);
      return;
    }
    // Root can write anywhere: check the case as the unprivileged user "nobody" (uid 65534)
    // in a child process, which must be able to read the spec and the repository.
    chmodSync(dir, 0o755);
    chmodSync(spec, 0o644);
    const r = spawnSync(
      process.execPath,
      [join(repo, "bin", "measureflow.js"), "run", spec, "--out", ro],
      { encoding: "utf8", uid: 65534, gid: 65534, cwd: dir },
    );
    if (r.error) {
      console.warn(
        `runFolder.test: running as root, and a child process as uid 65534 could not start (${r.error.message}): the unwritable --out case is skipped`,
      );
      return;
    }
    expect([r.status, r.stderr]).toEqual([2, message]);
  }, 20_000);
});

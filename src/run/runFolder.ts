import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { InputError } from "../errors.js";
import { writeJsonAtomic } from "../io/atomicWrite.js";
import type { RunStatus, RunSummary } from "../io/runFiles.js";

/**
 * Run folders as transactions (docs/outputs.md, "Run folders").
 *
 * A run of `<name>` into the output root `<out>` never writes into `<out>/<name>/` directly:
 *
 * 1. it takes the lock `<out>/<name>.lock` (created with O_EXCL, holding pid, host, start
 *    time and command): a second run into the same folder is refused while the first one's
 *    process is alive; a lock whose process is gone is taken over with a warning;
 * 2. it writes into the staging folder `<out>/.<name>.staging-<pid>/` (same file system);
 * 3. when it ends, the staging folder is put in place by renames — the folder it replaces
 *    is renamed away first (`.<target>.old-<pid>`), the staging folder renamed in, and the
 *    old one removed — so a reader sees the previous complete folder or the new complete
 *    one, never a mixture (between the two renames the target is briefly absent);
 *    where it goes:
 *    - ok → `<out>/<name>/` (and a `<name>.failed/` or `<name>.interrupted/` left by an
 *      earlier attempt is removed: it no longer describes the latest attempt);
 *    - failed / interrupted → `<out>/<name>/` too, unless that holds an ok result: then the
 *      ok result stays and the new one goes to `<out>/<name>.failed/` or
 *      `<out>/<name>.interrupted/` (replacing an earlier one); `force` replaces the ok result;
 * 4. it releases the lock.
 *
 * Whoever takes the lock first cleans up after a process that died mid-way (SIGKILL, power
 * loss): a swap cut between its two renames is completed backwards (the old folder is
 * renamed back), a staging folder whose summary still says "running" is marked
 * "interrupted" and placed like an interrupted run (`measureflow resume` continues it from
 * its last checkpoint), other leftovers are removed.
 *
 * Bad output paths are InputErrors naming `flag` (exit code 2): a root that is a file or lies
 * under a file, a root or run folder that cannot be created or written.
 */

/** What a lock file holds. */
export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  command: string | null;
}

/** Where a finished run was put. */
export interface Placement {
  /** The folder now holding the run's files. */
  dir: string;
  /** The ok result that was kept in place instead of being replaced (null if none). */
  keptOk: string | null;
}

export interface OpenOptions {
  /** The option naming the output root, for error messages (default "--out"). */
  flag?: string;
  /** The command that will run (recorded in the lock, shown to a refused second run). */
  command?: string | null;
  /** Receives warnings (stale lock taken over, a killed run recovered). */
  onWarning?: (message: string) => void;
}

/** A lock file younger than this without readable content is being written: in use. */
const FRESH_LOCK_MS = 10_000;

/** The suffixes of kept non-ok results, by status. */
const KEPT_SUFFIX: Record<Exclude<RunStatus, "ok" | "running">, string> = {
  failed: "failed",
  interrupted: "interrupted",
};

/** The run folder `<root>/<name>/` of one run, held locked while the run lasts. */
export class RunFolder {
  /** `<root>/<name>`: the published result. */
  readonly dir: string;
  readonly lockPath: string;
  private readonly warn: (message: string) => void;
  private readonly lock: LockInfo;
  private released = false;

  private constructor(
    readonly root: string,
    readonly name: string,
    private readonly flag: string,
    options: OpenOptions,
  ) {
    this.dir = join(root, name);
    this.lockPath = join(root, `${name}.lock`);
    this.warn = options.onWarning ?? (() => undefined);
    this.lock = {
      pid: process.pid,
      host: hostname(),
      startedAt: new Date().toISOString(),
      command: options.command ?? null,
    };
  }

  /**
   * Checks the output root (creating it if needed), takes the lock of `<root>/<name>` and
   * recovers what a dead process left behind. Throws InputError for a bad root or when
   * another live process holds the lock.
   */
  static open(root: string, name: string, options: OpenOptions = {}): RunFolder {
    const flag = options.flag ?? "--out";
    ensureFolder(root, flag);
    const folder = new RunFolder(root, name, flag, options);
    if (existsSync(folder.dir) && !statSync(folder.dir).isDirectory()) {
      throw new InputError(flag, `'${folder.dir}' is a file, not a run folder; move it away`);
    }
    folder.acquire();
    try {
      folder.recover();
    } catch (err) {
      folder.release();
      throw err;
    }
    return folder;
  }

  /** The path of a kept non-ok result: `<root>/<name>.failed` or `.interrupted`. */
  keptPath(status: "failed" | "interrupted"): string {
    return `${this.dir}.${KEPT_SUFFIX[status]}`;
  }

  /** Creates an empty staging folder `<root>/.<name>.staging-<pid>/` and returns its path. */
  createStaging(): string {
    const staging = join(this.root, `.${this.name}.staging-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    try {
      mkdirSync(staging);
    } catch (err) {
      throw pathError(err, this.flag, staging, "create the staging folder");
    }
    return staging;
  }

  /**
   * Puts a finished run's staging folder in place (see the module comment): `status` is the
   * run's final status; `force` lets a non-ok run replace an ok result.
   */
  place(staging: string, status: RunStatus, force = false): Placement {
    let target = this.dir;
    let keptOk: string | null = null;
    if (status !== "ok" && !force && isOkRun(this.dir)) {
      target = this.keptPath(status === "interrupted" ? "interrupted" : "failed");
      keptOk = this.dir;
    }
    swapIn(this.root, staging, target);
    if (status === "ok") {
      for (const s of ["failed", "interrupted"] as const) {
        rmSync(this.keptPath(s), { recursive: true, force: true });
      }
    }
    syncFolder(this.root);
    return { dir: target, keptOk };
  }

  /** Removes the lock if it is still this run's. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const held = readLock(this.lockPath);
    if (held && held.pid === this.lock.pid && held.startedAt === this.lock.startedAt) {
      rmSync(this.lockPath, { force: true });
    }
  }

  private acquire(): void {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(this.lockPath, "wx");
        try {
          writeSync(fd, `${JSON.stringify(this.lock)}\n`);
        } finally {
          closeSync(fd);
        }
        return;
      } catch (err) {
        if (errCode(err) !== "EEXIST") {
          throw pathError(err, this.flag, this.root, "create the lock file in");
        }
      }
      const raw = readLockRaw(this.lockPath);
      if (raw === null) continue; // removed meanwhile: try again
      const held = parseLock(raw.text);
      if (held === null && Date.now() - raw.mtimeMs < FRESH_LOCK_MS) this.refuse(null);
      if (held !== null && isAlive(held)) this.refuse(held);
      // Stale: take it over, unless it changed since it was read.
      const again = readLockRaw(this.lockPath);
      if (again !== null && again.text !== raw.text) continue;
      try {
        unlinkSync(this.lockPath);
      } catch {
        /* removed by another process: try again */
      }
      this.warn(
        held
          ? `took over the lock ${this.lockPath} of process ${held.pid} (started ${held.startedAt}), which is no longer running`
          : `took over the unreadable lock ${this.lockPath}`,
      );
    }
    throw new InputError(
      this.flag,
      `could not take the lock ${this.lockPath}: other runs keep taking it; try again`,
    );
  }

  private refuse(held: LockInfo | null): never {
    const who = held
      ? `another run (pid ${held.pid}${held.host !== hostname() ? ` on ${held.host}` : ""}, started ${held.startedAt}${held.command ? `: ${held.command}` : ""})`
      : "another run (its lock is being written)";
    throw new InputError(
      this.flag,
      `'${this.dir}' is in use by ${who}; wait for it to finish or choose another --out. If that run is gone, delete ${this.lockPath}`,
    );
  }

  /** Cleans up after a process that died while holding the lock (see the module comment). */
  private recover(): void {
    const mine = `.${this.name}.`;
    const entries = readdirSync(this.root).filter((f) => f.startsWith(mine));
    // 1. A swap cut between its renames: the target is missing, its old copy is not.
    for (const f of entries) {
      const m = /^\.(.+)\.old-\d+$/.exec(f);
      if (!m) continue;
      const target = m[1];
      const ours = [this.name, `${this.name}.failed`, `${this.name}.interrupted`];
      if (!ours.includes(target)) continue;
      const path = join(this.root, f);
      if (!existsSync(join(this.root, target))) {
        renameSync(path, join(this.root, target));
        this.warn(`restored ${join(this.root, target)} (a replacement was cut short)`);
      } else rmSync(path, { recursive: true, force: true });
    }
    // 2. Staging folders of dead runs.
    const escaped = this.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const staging = new RegExp(`^\\.${escaped}\\.staging-\\d+$`);
    for (const f of entries) {
      if (!staging.test(f)) continue;
      const path = join(this.root, f);
      const summary = readSummary(path);
      if (summary === null) {
        rmSync(path, { recursive: true, force: true });
        continue;
      }
      let status = summary.status;
      if (status === "running") {
        status = "interrupted";
        summary.status = status;
        summary.errorKind = "RunInterruptedError";
        summary.error = `${summary.name}: the process ended before the run finished (killed; last output at t = ${summary.t} after ${summary.steps} steps)`;
        writeJsonAtomic(join(path, "summary.json"), summary, 2);
      }
      const placed = this.place(path, status);
      this.warn(
        status === "interrupted"
          ? `a run of ${this.name} whose process was killed is kept in ${placed.dir}; \`measureflow resume ${placed.dir}\` continues it`
          : `a finished run of ${this.name} left in staging was put in ${placed.dir}`,
      );
    }
  }
}

/** True if `<dir>/summary.json` says status "ok". */
export function isOkRun(dir: string): boolean {
  return readSummary(dir)?.status === "ok";
}

/** `<dir>/summary.json`, or null if it is missing or not JSON. */
export function readSummary(dir: string): RunSummary | null {
  try {
    return JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as RunSummary;
  } catch {
    return null;
  }
}

/** Replaces `target` by `src`: target renamed away, src renamed in, the old one removed. */
function swapIn(root: string, src: string, target: string): void {
  const old = join(root, `.${target.slice(dirname(target).length + 1)}.old-${process.pid}`);
  rmSync(old, { recursive: true, force: true });
  let moved = false;
  if (existsSync(target)) {
    renameSync(target, old);
    moved = true;
  }
  try {
    renameSync(src, target);
  } catch (err) {
    if (moved) renameSync(old, target);
    throw err;
  }
  if (moved) rmSync(old, { recursive: true, force: true });
}

/** Flushes a folder's entries (the renames) to disk where the platform allows it. */
function syncFolder(path: string): void {
  let fd = -1;
  try {
    fd = openSync(path, "r");
    fsyncSync(fd);
  } catch {
    /* not supported (e.g. Windows): the renames are still atomic */
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

function readLockRaw(path: string): { text: string; mtimeMs: number } | null {
  try {
    return { text: readFileSync(path, "utf8"), mtimeMs: statSync(path).mtimeMs };
  } catch {
    return null;
  }
}

function parseLock(text: string): LockInfo | null {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid !== "number" || !Number.isInteger(v.pid) || v.pid <= 0) return null;
    return {
      pid: v.pid,
      host: typeof v.host === "string" ? v.host : hostname(),
      startedAt: typeof v.startedAt === "string" ? v.startedAt : "?",
      command: typeof v.command === "string" ? v.command : null,
    };
  } catch {
    return null;
  }
}

/** The lock at `path`, or null if there is none or it cannot be read. */
export function readLock(path: string): LockInfo | null {
  const raw = readLockRaw(path);
  return raw === null ? null : parseLock(raw.text);
}

/**
 * Whether the lock's process may still be running: true for another host (cannot tell) and
 * for this process (another run in it), else whether the pid exists (EPERM: it does).
 */
export function isAlive(lock: LockInfo): boolean {
  if (lock.host !== hostname()) return true;
  if (lock.pid === process.pid) return true;
  try {
    process.kill(lock.pid, 0);
    return true;
  } catch (err) {
    return errCode(err) === "EPERM";
  }
}

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/**
 * Makes sure `root` is a folder, creating it (and its parents) if needed; a path that is a
 * file, lies under a file or cannot be created is an InputError naming `flag`.
 */
export function ensureFolder(root: string, flag: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(root).isDirectory();
  } catch (err) {
    const code = errCode(err);
    if (code !== "ENOENT") throw pathError(err, flag, root, code === "ENOTDIR" ? "create" : "use");
    try {
      mkdirSync(root, { recursive: true });
    } catch (e) {
      throw pathError(e, flag, root, "create");
    }
    return;
  }
  if (!isDir) throw new InputError(flag, `'${root}' is a file, not a folder`);
}

/** An InputError for a failed file-system call on an output path. */
function pathError(err: unknown, flag: string, path: string, action: string): unknown {
  const code = errCode(err);
  switch (code) {
    case "ENOTDIR":
    case "EEXIST": {
      const file = fileAncestor(path);
      return new InputError(
        flag,
        file
          ? `cannot ${action} '${path}': '${file}' is a file, not a folder`
          : `cannot ${action} '${path}': a part of the path is not a folder`,
      );
    }
    case "EACCES":
    case "EPERM":
      return new InputError(
        flag,
        `cannot ${action} '${path}': permission denied (choose a folder you can write to)`,
      );
    case "EROFS":
      return new InputError(flag, `cannot ${action} '${path}': the file system is read-only`);
    case "ENAMETOOLONG":
      return new InputError(flag, `cannot ${action} '${path}': the path is too long`);
    case "ENOSPC":
      return new InputError(flag, `cannot ${action} '${path}': no space left on the device`);
    default:
      return err;
  }
}

/** The first existing ancestor of `path` (or itself) that is not a folder, if any. */
function fileAncestor(path: string): string | null {
  const parts: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    parts.push(p);
    if (dirname(p) === p) break;
  }
  for (const p of parts.reverse()) {
    try {
      if (!statSync(p).isDirectory()) return p;
    } catch {
      return null;
    }
  }
  return null;
}

import { execFileSync } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { RunSummary } from "./runFormats.js";

/**
 * The run files on disk: their formats (runFormats.ts, re-exported here), reading them, and
 * the provenance a run records. This module needs Node; the formats alone do not.
 */
export * from "./runFormats.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

let cachedProvenance: Pick<RunSummary, "version" | "gitCommit" | "gitDirty" | "node"> | null = null;

/**
 * Package version, git commit and dirty flag of the working tree (null when git is unavailable,
 * or when this package is not a git checkout of its own: installed under node_modules/ of a
 * project that is one, git would report that project's commit).
 */
export function provenance(): Pick<RunSummary, "version" | "gitCommit" | "gitDirty" | "node"> {
  if (cachedProvenance) return cachedProvenance;
  let version = "unknown";
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    version = String(pkg.version);
  } catch {
    /* keep "unknown" */
  }
  const git = (args: string[]): string | null => {
    try {
      return execFileSync("git", args, {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "ignore"],
        encoding: "utf8",
        timeout: 5000,
      }).trim();
    } catch {
      return null;
    }
  };
  const top = git(["rev-parse", "--show-toplevel"]);
  const own = top !== null && samePath(top, repoRoot);
  const gitCommit = own ? git(["rev-parse", "HEAD"]) : null;
  const porcelain =
    gitCommit === null ? null : git(["status", "--porcelain", "--untracked-files=no"]);
  cachedProvenance = {
    version,
    gitCommit,
    gitDirty: porcelain === null ? null : porcelain.length > 0,
    node: process.version,
  };
  return cachedProvenance;
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** Reads and parses a JSON file written by a run. */
export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

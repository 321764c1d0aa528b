import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Newest modification time (ms) under `path`, a file or a folder (0 if missing): how the
 * package tests and the sweep bench decide whether dist/ is older than what it is built from.
 */
export function newestMtime(path: string): number {
  let s;
  try {
    s = statSync(path);
  } catch {
    return 0;
  }
  if (!s.isDirectory()) return s.mtimeMs;
  let t = 0;
  for (const f of readdirSync(path)) t = Math.max(t, newestMtime(join(path, f)));
  return t;
}

import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { jsonReplacer } from "../../io/atomicWrite.js";
import type { RunSummary } from "../../io/runFiles.js";
import { readSummary } from "../runFolder.js";

/**
 * What a sweep point's folder says about it — how a sweep resumes. The point folders, not
 * sweep.json, are the record: a point is finished when <sweep>/points/<label>/<name>/
 * summary.json says status "ok" for the very spec the point runs now (the validated spec,
 * compared key by key). Anything else runs again. So a sweep killed at any moment (even with
 * SIGKILL, which leaves sweep.json as it last wrote it) resumes correctly, and so does a
 * sweep whose points were run elsewhere (`measureflow run … --out <sweep>/points/<label>`,
 * one per cluster task, see docs/scaling.md).
 *
 * The states:
 * - ok: finished, this spec (kept as is on a re-run);
 * - stale: a finished run of another spec (the base spec or a fixed --set changed): runs again;
 * - failed, interrupted: as its summary.json says, whatever its spec (runs again);
 * - running: no result yet but a staging folder (.<name>.staging-<pid>/): a run in progress,
 *   or one killed before it ended (its next run recovers and replaces it);
 * - pending: nothing there yet.
 */
export type PointStatus = "ok" | "stale" | "failed" | "interrupted" | "running" | "pending";

/** A point's folder, inspected. */
export interface PointState {
  status: PointStatus;
  /** The run's summary.json (null when there is none). */
  summary: RunSummary | null;
}

/** JSON with object keys sorted, after the JSON round trip a summary.json went through. */
export function canonicalJson(value: unknown): string {
  const plain = JSON.parse(JSON.stringify(value, jsonReplacer) ?? "null") as unknown;
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .sort()
          .map((k) => [k, sort(o[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(plain));
}

/**
 * The state of the point whose runs go to `root` (<sweep>/points/<label>) under `name`,
 * given the canonical JSON of the spec it runs (canonicalJson of the validated spec).
 */
export function inspectPoint(root: string, name: string, spec: string): PointState {
  const summary = readSummary(join(root, name));
  if (summary !== null) {
    if (summary.status !== "ok") return { status: summary.status, summary };
    return { status: canonicalJson(summary.spec) === spec ? "ok" : "stale", summary };
  }
  const staging = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.staging-\\d+$`);
  const inProgress = existsSync(root) && readdirSync(root).some((f) => staging.test(f));
  return { status: inProgress ? "running" : "pending", summary: null };
}

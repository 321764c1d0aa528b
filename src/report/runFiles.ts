import { existsSync } from "node:fs";
import { join } from "node:path";
import { readJson, type RunSummary, type RunTrace, type SnapshotFile } from "../io/runFiles.js";

/** The run's files as read from its folder (trace and snapshots may be missing). */
export interface RunFiles {
  summary: RunSummary;
  trace: RunTrace | null;
  snapshots: SnapshotFile[];
}

/** Reads summary.json, trace.json and the snapshot views listed in the summary. */
export function readRunFiles(runDir: string): RunFiles {
  const summary = readJson<RunSummary>(join(runDir, "summary.json"));
  // Only the files this summary lists: a run that failed early must not show stale data.
  const traceName = summary.files?.trace;
  const tracePath = traceName ? join(runDir, traceName) : null;
  const trace = tracePath && existsSync(tracePath) ? readJson<RunTrace>(tracePath) : null;
  const snapshots: SnapshotFile[] = [];
  for (const ref of summary.snapshots ?? []) {
    const p = join(runDir, ref.file);
    if (ref.file && existsSync(p)) snapshots.push(readJson<SnapshotFile>(p));
  }
  return { summary, trace, snapshots };
}

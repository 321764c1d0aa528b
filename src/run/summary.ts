import type { ScenarioOptions } from "./scenario.js";
import { provenance, SUMMARY_FORMAT, type RunSummary } from "../io/runFiles.js";

/**
 * Summaries of runs: the headline metrics from a run's records (runMetrics.ts), and the
 * summary of a run that failed early. The file formats themselves are in src/io/runFiles.ts
 * (re-exported here for the run layer's callers).
 */
export * from "../io/runFiles.js";

export { computeMetrics, ENERGY_MONOTONE_RTOL } from "./runMetrics.js";

/** Descriptive fields of a run, as far as they are known when it fails early. */
export interface FailedRunMeta {
  name: string;
  title?: string;
  description?: string;
  options?: ScenarioOptions | null;
  command?: string | null;
}

/**
 * The summary of a run that failed before simulate() could write one (the scenario did
 * not load or build, or its initial density was invalid): status "failed", no metrics.
 */
export function failedSummary(meta: FailedRunMeta, error: unknown, stage: string): RunSummary {
  const msg = error instanceof Error ? error.message : String(error);
  return {
    format: SUMMARY_FORMAT,
    name: meta.name,
    title: meta.title ?? meta.name,
    description: meta.description ?? "",
    status: "failed",
    error: `${meta.name}: ${stage} failed: ${msg}`,
    errorKind: error instanceof Error ? error.name : "Error",
    options: meta.options ?? null,
    spec: {},
    grid: null,
    energy: null,
    scheme: null,
    outputTimes: [],
    tEnd: meta.options?.tEnd ?? null,
    t: 0,
    steps: 0,
    snapshots: [],
    metrics: null,
    timings: null,
    command: meta.command ?? null,
    ...provenance(),
    createdAt: new Date().toISOString(),
    files: {},
  };
}

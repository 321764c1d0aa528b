import type { CheckResult, RunMetrics } from "../io/runFiles.js";

/**
 * The checks of a problem spec (`checks`: thresholds on the L1 error, the mass drift and the
 * energy decay) evaluated on a finished run's metrics. The report and the gallery show them;
 * the CLI exits with code 1 when one fails (the run itself is still "ok": its files are
 * complete, only the result misses the spec's bar).
 */
export interface ChecksInput {
  l1?: number;
  massDrift?: number;
  energyMonotone?: boolean;
}

/** Evaluates the given thresholds on a run's metrics, in a fixed order. */
export function evaluateChecks(checks: ChecksInput | undefined, m: RunMetrics): CheckResult[] {
  if (!checks) return [];
  const out: CheckResult[] = [];
  if (checks.l1 !== undefined) {
    out.push({
      name: "l1",
      value: m.l1,
      threshold: checks.l1,
      pass: m.l1 !== null && m.l1 <= checks.l1,
    });
  }
  if (checks.massDrift !== undefined) {
    out.push({
      name: "massDrift",
      value: m.massDrift,
      threshold: checks.massDrift,
      pass: m.massDrift !== null && m.massDrift <= checks.massDrift,
    });
  }
  if (checks.energyMonotone === true) {
    out.push({
      name: "energyMonotone",
      value: m.energy.monotone,
      threshold: true,
      pass: m.energy.monotone,
    });
  }
  return out;
}

import type { CheckResult } from "../io/runFiles.js";
import { fmtNum } from "./html.js";

/**
 * How the spec's checks read in the CLI, the report and the gallery:
 * "l1 3.1e-4 ≤ 3.5e-4 ✓", "energy monotone ✗".
 */
export function checkText(c: CheckResult): string {
  const mark = c.pass ? "✓" : "✗";
  if (c.name === "energyMonotone") return `energy monotone ${mark}`;
  const value = typeof c.value === "number" ? fmtNum(c.value) : "—";
  return `${c.name} ${value} ≤ ${fmtNum(c.threshold as number)} ${mark}`;
}

/** "3/3 passed" or "1 of 3 failed: …". */
export function checksSummary(checks: readonly CheckResult[]): string {
  const failed = checks.filter((c) => !c.pass);
  if (failed.length === 0) return `${checks.length}/${checks.length} passed`;
  return `${failed.length} of ${checks.length} failed: ${failed.map(checkText).join(", ")}`;
}

import type { RunSummary } from "../../io/runFiles.js";
import { checksSummary } from "../../report/checks.js";
import { fmtNum, fmtSeconds } from "../../report/html.js";
import {
  fixedText,
  type SweepOrderRecord,
  type SweepPointRecord,
  type SweepRecord,
} from "../../report/sweepPage.js";
import { textTable } from "../../report/textTable.js";
import { observedOrders } from "../convergence.js";
import type { PointState } from "./state.js";
import type { Variation } from "./variations.js";

/**
 * A sweep's summary: one record per point (from its run's summary.json) and the observed
 * orders of the L1 error.
 *
 * **Orders.** A variation has an order when it refines something the error should scale with:
 * `grid.n` (the error against the largest cell width h of each point's grid) and a time step,
 * a path ending in `dt` or `tau` (the error against the step itself). For each such variation
 * and each combination of the values of the other variations, the finished points with a
 * positive L1 error (the problem has an exact solution) are sorted coarse to fine and give
 * the pairwise orders log(e_i/e_{i+1}) / log(x_i/x_{i+1}) and the least-squares slope of
 * log e against log x (src/run/convergence.ts observedOrders), when there are two or more.
 */

/** Whether a variation has an order, and against what. */
export function orderKind(v: Variation): "h" | "step" | null {
  const p = v.path;
  if (p.length === 2 && p[0] === "grid" && p[1] === "n") return "h";
  const last = p[p.length - 1];
  return last === "dt" || last === "tau" ? "step" : null;
}

/** A run's error, or for an ok run the spec's checks it missed (null: none). */
function summaryError(s: RunSummary, status: PointState["status"]): string | null {
  if (status !== "ok") return s.error ?? null;
  const checks = s.checks ?? [];
  return checks.some((c) => !c.pass) ? `checks: ${checksSummary(checks)}` : null;
}

/** The record of a point from its state (its run's summary.json). */
export function pointRecord(
  base: Pick<SweepPointRecord, "label" | "texts" | "sets" | "dir" | "command">,
  state: PointState,
  extra: { reused: boolean; error: string | null },
): SweepPointRecord {
  const s = state.summary;
  const fresh = state.status !== "stale" && s !== null;
  const m = fresh ? s.metrics : null;
  const grid = fresh ? s.grid : null;
  const t = fresh ? s.timings : null;
  return {
    ...base,
    status: state.status,
    reused: extra.reused,
    error: extra.error ?? (fresh ? summaryError(s, state.status) : null),
    seconds: t ? (t.buildSeconds ?? 0) + t.simulateSeconds : null,
    steps: fresh ? s.steps : null,
    // The error at the final time: none for a run that did not get there.
    l1: state.status === "ok" ? (m?.l1 ?? null) : null,
    massDrift: m?.massDrift ?? null,
    cells: grid ? [...grid.n] : null,
    h: grid ? Math.max(...grid.n.map((n, a) => (grid.hi[a] - grid.lo[a]) / n)) : null,
  };
}

/**
 * The orders along every variation that has one (see the module comment). `points` are in
 * plan order: the product of the variations, the first changing slowest.
 */
export function sweepOrders(
  variations: readonly Variation[],
  points: readonly SweepPointRecord[],
): SweepOrderRecord[] {
  const out: SweepOrderRecord[] = [];
  variations.forEach((v, k) => {
    const against = orderKind(v);
    if (against === null) return;
    // Group the points by the values of the other variations.
    const groups = new Map<string, SweepPointRecord[]>();
    for (const p of points) {
      const key = JSON.stringify(p.texts.filter((_, j) => j !== k));
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    for (const group of groups.values()) {
      const rows = group
        .map((p) => ({ p, x: against === "h" ? p.h : Number(p.texts[k]) }))
        .filter(
          (r): r is { p: SweepPointRecord; x: number } =>
            r.p.status === "ok" &&
            r.p.l1 !== null &&
            r.p.l1 > 0 &&
            Number.isFinite(r.p.l1) &&
            r.x !== null &&
            Number.isFinite(r.x) &&
            r.x > 0,
        )
        .sort((a, b) => b.x - a.x);
      if (rows.length < 2) continue;
      const orders = observedOrders(
        rows.map((r) => ({ n: r.p.cells?.[0] ?? 0, h: r.x, metrics: { l1: r.p.l1! } })),
      ).l1;
      const fixed: Record<string, string> = {};
      variations.forEach((w, j) => {
        if (j !== k) fixed[w.pathText] = group[0].texts[j];
      });
      const finite = (q: number): number | null => (Number.isFinite(q) ? q : null);
      out.push({
        variation: v.pathText,
        against,
        fixed,
        labels: rows.map((r) => r.p.label),
        values: rows.map((r) => r.p.texts[k]),
        x: rows.map((r) => r.x),
        n: against === "h" ? rows.map((r) => r.p.cells?.[0] ?? 0) : null,
        l1: rows.map((r) => r.p.l1!),
        pairwise: orders.pairwise.map(finite),
        leastSquares: finite(orders.leastSquares),
      });
    }
  });
  return out;
}

/** The summary as text (what the sweep prints and writes to summary.txt). */
export function summaryText(s: SweepRecord): string {
  const rows = [
    ["point", ...s.vary.map((v) => v.path), "status", "time", "steps", "L1", "mass drift"],
    ...s.points.map((p) => [
      p.label,
      ...p.texts,
      p.reused ? `${p.status} (kept)` : p.status,
      fmtSeconds(p.seconds),
      p.steps === null ? "—" : String(p.steps),
      fmtNum(p.l1),
      fmtNum(p.massDrift),
    ]),
  ];
  const lines = [`sweep ${s.name}: ${s.status}, ${s.points.length} points`, textTable(rows)];
  const failed = s.points.filter((p) => p.error !== null);
  if (failed.length > 0) {
    lines.push("", ...failed.map((p) => `${p.label}: ${p.error}`));
  }
  if (s.orders.length > 0) {
    lines.push("", "Observed order of the L1 error (least squares; pairwise, coarse to fine):");
    for (const o of s.orders) {
      const q = (x: number | null): string => (x === null ? "–" : x.toFixed(2));
      const steps = o.pairwise
        .map((p, i) => `${o.values[i]}→${o.values[i + 1]} ${q(p)}`)
        .join(", ");
      lines.push(
        `  ${o.variation} (against ${o.against === "h" ? "h" : "the step"}), ${fixedText(o.fixed)}: ${q(o.leastSquares)}  [${steps}]`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

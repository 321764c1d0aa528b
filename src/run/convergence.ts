import { InputError } from "../errors.js";

/**
 * Observed orders of convergence. A problem family is run at several resolutions n (cells per
 * axis); each run reports a set of error metrics. For a metric e(h) ≈ C h^q:
 * - pairwise order between successive runs: q_i = log(e_i/e_{i+1}) / log(h_i/h_{i+1});
 * - least-squares order: the slope of the straight-line fit of log e against log h.
 * h defaults to 1/n (only ratios matter); pass `h` for the actual cell width.
 */
export interface ConvergenceRow {
  n: number;
  h: number;
  metrics: Record<string, number>;
}

export interface MetricOrders {
  /** Order between rows i and i+1 (length rows − 1; NaN where an error is 0 or not finite). */
  pairwise: number[];
  /** Least-squares slope over all rows with a positive finite error (NaN if fewer than 2). */
  leastSquares: number;
}

export interface ConvergenceStudy {
  rows: ConvergenceRow[];
  orders: Record<string, MetricOrders>;
}

export interface ConvergenceOptions {
  /** Cell width of resolution n (default 1/n); called after `runAt(n)`, so it may read what the run recorded. */
  h?: (n: number) => number;
}

function checkResolutions(resolutions: number[]): void {
  if (!Array.isArray(resolutions) || resolutions.length < 2) {
    throw new InputError("resolutions", "needs at least two resolutions");
  }
  resolutions.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 2) {
      throw new InputError(`resolutions[${i}]`, `must be an integer >= 2, got ${n}`);
    }
  });
}

/** Runs `runAt(n)` for each resolution (in the given order) and computes the orders. */
export function convergenceStudy(
  resolutions: number[],
  runAt: (n: number) => Record<string, number>,
  options: ConvergenceOptions = {},
): ConvergenceStudy {
  checkResolutions(resolutions);
  const hOf = options.h ?? ((n: number) => 1 / n);
  const rows: ConvergenceRow[] = [];
  for (const n of resolutions) {
    const metrics = runAt(n);
    rows.push({ n, h: hOf(n), metrics });
  }
  return { rows, orders: observedOrders(rows) };
}

/** Same as `convergenceStudy` for asynchronous runs (executed one after another). */
export async function convergenceStudyAsync(
  resolutions: number[],
  runAt: (n: number) => Promise<Record<string, number>>,
  options: ConvergenceOptions = {},
): Promise<ConvergenceStudy> {
  checkResolutions(resolutions);
  const hOf = options.h ?? ((n: number) => 1 / n);
  const rows: ConvergenceRow[] = [];
  for (const n of resolutions) {
    const metrics = await runAt(n);
    rows.push({ n, h: hOf(n), metrics });
  }
  return { rows, orders: observedOrders(rows) };
}

/** Pairwise and least-squares orders of every metric present in the first row. */
export function observedOrders(rows: ConvergenceRow[]): Record<string, MetricOrders> {
  const out: Record<string, MetricOrders> = {};
  if (rows.length === 0) return out;
  for (const name of Object.keys(rows[0].metrics)) {
    const pairwise: number[] = [];
    for (let i = 0; i + 1 < rows.length; i++) {
      const e0 = rows[i].metrics[name];
      const e1 = rows[i + 1].metrics[name];
      const ok = e0 > 0 && e1 > 0 && Number.isFinite(e0) && Number.isFinite(e1);
      pairwise.push(ok ? Math.log(e0 / e1) / Math.log(rows[i].h / rows[i + 1].h) : NaN);
    }
    const pts = rows
      .map((r) => [Math.log(r.h), Math.log(r.metrics[name])] as const)
      .filter(([, y]) => Number.isFinite(y));
    out[name] = { pairwise, leastSquares: leastSquaresSlope(pts) };
  }
  return out;
}

function leastSquaresSlope(pts: readonly (readonly [number, number])[]): number {
  if (pts.length < 2) return NaN;
  const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of pts) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : NaN;
}

/**
 * Markdown table: one row per resolution with each metric and its order against the previous
 * row, and a last row with the least-squares orders.
 */
export function formatConvergenceTable(
  study: ConvergenceStudy,
  options: { metrics?: string[]; digits?: number } = {},
): string {
  const names = options.metrics ?? Object.keys(study.orders);
  const digits = options.digits ?? 3;
  const fmtOrder = (q: number): string => (Number.isFinite(q) ? q.toFixed(2) : "–");
  const header = ["n", "h", ...names.flatMap((m) => [m, "order"])];
  const lines = [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`];
  study.rows.forEach((row, i) => {
    const cells = [String(row.n), row.h.toPrecision(3)];
    for (const m of names) {
      const v = row.metrics[m];
      cells.push(v === undefined ? "" : v.toExponential(digits - 1));
      cells.push(i === 0 ? "" : fmtOrder(study.orders[m]?.pairwise[i - 1] ?? NaN));
    }
    lines.push(`| ${cells.join(" | ")} |`);
  });
  const ls = [
    "least squares",
    "",
    ...names.flatMap((m) => ["", fmtOrder(study.orders[m]?.leastSquares ?? NaN)]),
  ];
  lines.push(`| ${ls.join(" | ")} |`);
  return lines.join("\n");
}

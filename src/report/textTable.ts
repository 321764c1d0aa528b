/**
 * A plain-text table for the terminal: columns padded to their widest cell, the first row
 * as header followed by a rule. Cells that look numeric are right-aligned.
 */
export function textTable(rows: string[][]): string {
  const ncol = Math.max(...rows.map((r) => r.length));
  const width = Array.from({ length: ncol }, (_, c) =>
    Math.max(...rows.map((r) => (r[c] ?? "").length)),
  );
  const numeric = /^[-+]?(\d|\.\d)[\d.,]*(e[-+]?\d+)?( ?(ms|s|min.*))?$/i;
  const fmt = (r: string[]): string =>
    width
      .map((w, c) => {
        const cell = r[c] ?? "";
        return numeric.test(cell) ? cell.padStart(w) : cell.padEnd(w);
      })
      .join("  ")
      .trimEnd();
  const [head, ...body] = rows;
  return [fmt(head), width.map((w) => "-".repeat(w)).join("  "), ...body.map(fmt)].join("\n");
}

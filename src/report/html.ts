/** Small HTML helpers shared by the run report and the gallery (no dependencies). */

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * JSON for embedding inside a <script> element: `<` is escaped so that no `</script>` or
 * `<!--` sequence can end the element early; U+2028/9 are escaped for old parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** A number for tables: 4 significant digits, exponent notation when small or large. */
export function fmtNum(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return "—";
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}

/** Seconds for tables: "12 ms", "3.4 s", "2 min 5 s". */
export function fmtSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return "—";
  if (s < 1) return `${(s * 1000).toPrecision(3)} ms`;
  if (s < 60) return `${s.toPrecision(3)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - 60 * m)} s`;
}

/** Status badge: ok (green), failed (red), running/incomplete (amber). */
export function statusBadge(status: string): string {
  const cls = status === "ok" ? "ok" : status === "failed" ? "failed" : "running";
  const label = status === "running" ? "incomplete" : status;
  return `<span class="badge ${cls}">${escapeHtml(label)}</span>`;
}

export const BASE_CSS = `
:root { color-scheme: light; --fg:#1d2330; --muted:#5b6475; --line:#d9dee7; --bg:#fff; --soft:#f5f7fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
  background: var(--bg); margin: 0 auto; padding: 20px 28px 40px; max-width: 1400px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
p.desc { color: var(--muted); max-width: 1000px; margin: 6px 0 10px; }
code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--soft); padding: 10px; overflow: auto; border-radius: 6px; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.badge.ok { background: #d8f3dc; color: #1b5e20; }
.badge.failed { background: #fde2e1; color: #9b1c1c; }
.badge.running { background: #fff1c2; color: #7a5500; }
.error { background: #fde2e1; color: #7f1d1d; padding: 8px 12px; border-radius: 6px; white-space: pre-wrap; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(520px, 100%), 1fr)); gap: 14px; }
figure.fig { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px 6px 2px; min-width: 0; }
figure.fig.wide { grid-column: 1 / -1; }
figcaption { font-weight: 600; font-size: 13.5px; margin: 0 6px 2px; overflow-wrap: anywhere; }
figcaption .anim { white-space: nowrap; margin-left: 8px; }
figcaption .anim button { font: 12px system-ui, sans-serif; padding: 1px 8px; margin-right: 4px; border: 1px solid var(--line);
  border-radius: 4px; background: var(--soft); cursor: pointer; }
figcaption .anim button:hover { background: #e8edf5; }
.plot { min-height: 380px; }
.meta { color: var(--muted); font-size: 12.5px; }
a { color: #1f5fbf; }
`;

/** A complete HTML page. `head` may add script/style tags. */
export function page(title: string, body: string, head = ""): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${BASE_CSS}</style>
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

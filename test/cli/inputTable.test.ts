import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../cliHarness.js";

/**
 * docs/cli.md's table "Every kind of bad input", run row by row (issue 10: every bad input a
 * clear error, one test per row so that the table cannot go stale). Each row's example runs
 * through the CLI in process; the exit code must be the row's, stderr must be exactly the
 * row's message (one line; `…` matches any text) — no stack trace — and an error prints
 * nothing on stdout. The files the examples name are written here, as the docs describe them.
 */

const docs = readFileSync(fileURLToPath(new URL("../../docs/cli.md", import.meta.url)), "utf8");

interface Row {
  input: string;
  argv: string[];
  exit: number;
  message: string;
}

/** The table's cells (split on `|` not escaped as `\|`). */
function cells(line: string): string[] {
  const parts = line
    .trim()
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, "|"));
  return parts;
}

/** A code cell's text (`…` → …). */
const code = (c: string): string => (/^`.*`$/.test(c) ? c.slice(1, -1) : c);

function tableRows(): Row[] {
  const start = docs.indexOf("### Every kind of bad input");
  expect(start).toBeGreaterThan(0);
  const lines = docs.slice(start).split("\n");
  const head = lines.findIndex((l) => l.startsWith("| input |"));
  const rows: Row[] = [];
  for (const line of lines.slice(head + 2)) {
    if (!line.startsWith("|")) break;
    const [input, codeExample, exit, codeMessage] = cells(line);
    const example = code(codeExample);
    const message = code(codeMessage);
    expect(example.startsWith("measureflow ")).toBe(true);
    rows.push({
      input,
      argv: example.slice("measureflow ".length).split(/\s+/),
      exit: Number(exit),
      message,
    });
  }
  return rows;
}

const ROWS = tableRows();

/** The files the examples name (as described above the table). */
const dir = tempDir("mf-input-table-");
const tiny = {
  name: "tiny",
  grid: { n: [32], lo: [-4], hi: [4] },
  initial: { kind: "gaussian", mean: [0], cov: 0.5 },
  energy: [{ kind: "entropy" }],
  geometry: { kind: "wasserstein" },
  scheme: { kind: "fv", flux: "fv2" },
  output: { tEnd: 0.01, snapshots: 2 },
  exact: { kind: "heat" },
};
const density = (n: number) => {
  const h = 4 / n;
  const v = Array.from({ length: n }, (_, i) => Math.exp(-((-2 + (i + 0.5) * h) ** 2)));
  const mass = v.reduce((a, b) => a + b, 0) * h;
  return {
    format: "measureflow-density/1",
    grid: { n: [n], lo: [-2], hi: [2] },
    density: v.map((x) => x / mass),
  };
};
const cosine = fileURLToPath(new URL("../run/fixtures/scenarios/_cosine.ts", import.meta.url));
const FILES: Record<string, string> = {
  "tiny.json": JSON.stringify(tiny),
  "broken.json": '{\n  "name": "broken",\n  "grid": { "n": [32] "lo": [-4] }\n}\n',
  "list.json": "[1, 2]\n",
  "tau-too-long.json": JSON.stringify({
    ...tiny,
    name: "tau-too-long",
    scheme: { kind: "jko", tau: 1 },
    output: { tEnd: 0.5 },
  }),
  "huge-grid.json": JSON.stringify({
    ...tiny,
    name: "huge-grid",
    grid: { n: [1000, 1000, 1000], lo: [-4, -4, -4], hi: [4, 4, 4] },
  }),
  "broken.ts":
    'export default {\n  name: "broken",\n  title: "A scenario with a syntax error",\n  build() { return 1 +; },\n};\n',
  "not-a-scenario.ts": "export default 42;\n",
  "my-scenario.ts":
    `import { cosineProblem } from ${JSON.stringify(cosine)};\n` +
    'export default { name: "my-scenario", title: "cosine", description: "", defaults: { n: 16 },' +
    ' schemes: ["fv2"], build: (o: never) => cosineProblem(o) };\n',
  "a.json": JSON.stringify(density(16)),
  "coarse.json": JSON.stringify(density(8)),
};
for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
const NAMED = new Set([...Object.keys(FILES), "missing.json", "missing.ts"]);

/** A message with `…` as a wildcard, as an anchored pattern of one stderr line. */
const pattern = (message: string): RegExp =>
  new RegExp(
    `^${message
      .split("…")
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}\\n$`,
  );

describe("docs/cli.md: every kind of bad input", () => {
  it("has at least 30 rows, each a different example", () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ROWS.map((r) => r.argv.join(" "))).size).toBe(ROWS.length);
  });

  it.each(ROWS.map((r) => [r.input, r] as const))("%s", async (_input, row) => {
    const argv = row.argv.map((a) => (NAMED.has(a) ? join(dir, a) : a));
    if (argv[0] === "run" && !argv.some((a) => a.startsWith("--out"))) {
      argv.push("--out", join(dir, "out"));
    }
    const r = await runCli(argv);
    const stderr = r.stderr.split(`${dir}/`).join("");
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(r.code, stderr).toBe(row.exit);
    expect(stderr).toMatch(pattern(row.message));
    if (row.exit === 2) expect(r.stdout).toBe("");
  });
});

/**
 * `npm run generate`: writes what is generated from the registry declarations.
 * - schema/problem.schema.json — the JSON Schema of a problem spec (src/problem/jsonSchema.ts),
 *   formatted by prettier with the project config so that it passes `prettier --check`;
 * - the generated parts of docs/problems.md, each between `<!-- generated:<part>:start -->` and
 *   `<!-- generated:<part>:end -->`: `spec`, the table of a spec's fields, and `registries`,
 *   the registry tables (both from src/problem/describe.ts); `errors`, the message that
 *   validateSpec + buildProblem give for each of {@link ERROR_CASES} applied to the page's
 *   first spec (so the page shows real messages).
 * test/problem/generated.test.ts checks that the committed files equal what this produces, so
 * an entry added without running `npm run generate` fails the tests.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as prettier from "prettier";
import { InputError } from "../src/errors.js";
import { buildProblem } from "../src/problem/build.js";
import { markdownSpecTable, markdownTables } from "../src/problem/describe.js";
import { problemJsonSchema, SCHEMA_FILE } from "../src/problem/jsonSchema.js";
import { validateSpec } from "../src/problem/spec.js";
import { applySets, parseSet } from "../src/run/setOverrides.js";

export const repoRoot = fileURLToPath(new URL("../", import.meta.url));
export const schemaPath = join(repoRoot, SCHEMA_FILE);
export const problemsDocPath = join(repoRoot, "docs", "problems.md");

/** The text of schema/problem.schema.json, as prettier formats it. */
export async function schemaFileText(): Promise<string> {
  const text = JSON.stringify(problemJsonSchema(), null, 2) + "\n";
  const config = (await prettier.resolveConfig(schemaPath)) ?? {};
  return prettier.format(text, { ...config, filepath: schemaPath });
}

/** Replaces the text between `<!-- generated:<name>:start -->` and its end marker. */
export function replaceGenerated(markdown: string, name: string, content: string): string {
  const start = `<!-- generated:${name}:start -->`;
  const end = `<!-- generated:${name}:end -->`;
  const i = markdown.indexOf(start);
  const j = markdown.indexOf(end);
  if (i < 0 || j < i) throw new Error(`docs/problems.md: markers ${start} … ${end} not found`);
  return `${markdown.slice(0, i + start.length)}\n\n${content.trim()}\n\n${markdown.slice(j)}`;
}

/**
 * Broken variants of the page's first spec, as `--set path=value` overrides (applied
 * together), one kind of mistake each: the errors table shows what each one gives.
 */
export const ERROR_CASES: readonly (readonly string[])[] = [
  ["energy[0].kind=entropi"],
  ['energy[0].weight="2"'],
  ["energy=[]"],
  ["scheme.flux=fv3"],
  ["scheme.cfl=1.5"],
  ["scheme.tau=0.01"],
  ['output={"snapshots": 6}'],
  ["grid.n=[256, 256]"],
  ["grid.hi=[-9]"],
  ["initial.cov=-1"],
  ["initial.mean=[0, 1]"],
  ['energy[0]={"kind": "potential", "V": {"kind": "expression", "expr": "(x^2 - 1)^2 + q"}}'],
  ['energy[0]={"kind": "potential", "V": {"kind": "expression", "expr": "(x^2 - 1"}}'],
  ['energy[0]={"kind": "potential", "V": {"kind": "expression", "expr": "foo(x)"}}'],
  [
    'geometry={"kind": "wfr", "alpha": 1, "beta": 1, "spherical": true}',
    'scheme={"kind": "jko", "tau": 0.01}',
  ],
  ['scheme={"kind": "jko", "tau": 0.01}', "grid.boundary=periodic"],
];

/** The first ```json block of a markdown page, parsed. */
export function firstJsonBlock(markdown: string): unknown {
  const m = /```json[^\n]*\n([\s\S]*?)```/.exec(markdown);
  if (!m) throw new Error("docs/problems.md: no ```json block (the base spec of the errors table)");
  return JSON.parse(m[1]) as unknown;
}

/** The InputError message that validating and building `raw` gives (an Error if none). */
export function specErrorMessage(raw: unknown): string {
  try {
    buildProblem(validateSpec(raw));
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error(`expected an InputError for ${JSON.stringify(raw)}`);
}

/** The errors table: each case's overrides and the message it gives. */
export function errorTable(base: unknown): string {
  const code = (t: string) => `\`${t.replace(/\|/g, "\\|")}\``;
  const rows = ERROR_CASES.map((sets) => {
    const message = specErrorMessage(applySets(base, sets.map(parseSet)));
    return `| ${sets.map((a) => code(`--set '${a}'`)).join(" ")} | ${code(message)} |`;
  });
  return ["| change | message |", "| --- | --- |", ...rows, ""].join("\n");
}

/** docs/problems.md with its generated parts rewritten. */
export function problemsDocText(current: string): string {
  let text = replaceGenerated(current, "spec", markdownSpecTable());
  text = replaceGenerated(text, "errors", errorTable(firstJsonBlock(current)));
  return replaceGenerated(text, "registries", markdownTables());
}

/** Writes every artifact; returns the paths written. */
export async function generateAll(): Promise<string[]> {
  mkdirSync(dirname(schemaPath), { recursive: true });
  writeFileSync(schemaPath, await schemaFileText());
  writeFileSync(problemsDocPath, problemsDocText(readFileSync(problemsDocPath, "utf8")));
  return [schemaPath, problemsDocPath];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const p of await generateAll()) process.stdout.write(`wrote ${p}\n`);
}

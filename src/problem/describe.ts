import { allRegistries, withArticle } from "./registry.js";
import {
  geometriesOf,
  kindDocs,
  paramRows,
  registryOrError,
  specFieldRows,
  type ParamRow,
} from "./paramRows.js";

/**
 * Human-readable descriptions of the registries, for `measureflow describe` (plain text) and
 * the generated tables of docs/problems.md (markdown). The rows come from paramRows.ts, i.e.
 * from the entries' zod declarations through their JSON Schema: a parameter's type, range,
 * default and doc exist only in its declaration, so the CLI, the docs, the JSON Schema and
 * the validation messages agree.
 */

export { kindDocs, paramRows, specFieldRows, type ParamRow } from "./paramRows.js";

/** Pads the columns of a table of strings (last column unpadded). */
function alignColumns(rows: string[][], indent: string): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  return rows
    .map(
      (r) =>
        indent +
        r
          .map((cell, c) =>
            c === r.length - 1 ? cell : cell + " ".repeat(widths[c] - [...cell].length),
          )
          .join("  ")
          .trimEnd(),
    )
    .join("\n");
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Every registry with its kinds and their one-line docs (`measureflow describe`). */
export function describeRegistries(): string {
  const blocks = allRegistries().map((r) => {
    const kinds = kindDocs(r.name);
    const list =
      kinds.length > 0
        ? alignColumns(
            kinds.map((k) => [k.kind, k.doc]),
            "  ",
          )
        : "  (none registered)";
    return `${r.name} — ${r.doc}\n${list}`;
  });
  return (
    blocks.join("\n\n") +
    "\n\n`measureflow describe <registry> <kind>` lists the parameters of one kind.\n"
  );
}

/** The kinds of one registry with their docs (`measureflow describe energy`). */
export function describeRegistry(name: string): string {
  const r = registryOrError(name);
  const kinds = kindDocs(name);
  const list =
    kinds.length > 0
      ? alignColumns(
          kinds.map((k) => [k.kind, k.doc]),
          "  ",
        )
      : "  (none registered)";
  return (
    `${r.name} — ${r.doc}\n` +
    `${capitalise(withArticle(r.what))} is written { "kind": "<kind>", ...parameters }. Kinds:\n${list}\n\n` +
    `\`measureflow describe ${r.name} <kind>\` lists the parameters of one kind.\n`
  );
}

/**
 * The parameter table of one entry (`measureflow describe energy kl`): name, type, range,
 * default and doc of each parameter; fields holding another spec node are shown as
 * "<potential spec>" (see `measureflow describe potential`).
 */
export function describeEntry(registry: string, kind: string): string {
  const r = registryOrError(registry);
  const e = r.entry(kind, "");
  const rows = paramRows(registry, kind);
  const geometries = geometriesOf(registry, kind);
  const head =
    `${r.name} '${e.kind}' — ${e.doc}\n` +
    (geometries !== undefined ? `steps the geometries: ${geometries}\n` : "");
  if (rows.length === 0) return `${head}no parameters: { "kind": "${e.kind}" }\n`;
  const table = alignColumns(
    [
      ["parameter", "type", "range", "default", "doc"],
      ...rows.map((p) => [p.name, p.type, p.range || "—", p.default || "—", p.doc]),
    ],
    "  ",
  );
  return `${head}\n${table}\n`;
}

/** Escapes text for a markdown table cell; text inside backticks is kept as is. */
function mdCell(text: string): string {
  return text
    .split("`")
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/[\\*<]/g, "\\$&").replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, "\\_"),
    )
    .join("`")
    .replace(/\|/g, "\\|");
}

/** Code-formatted markdown cell ("" and "required" stay plain). */
function mdCode(text: string): string {
  if (text === "" || text === "required") return text;
  return `\`${text.replace(/\|/g, "\\|")}\``;
}

/** A markdown parameter table. */
function markdownRows(rows: ParamRow[], first: string): string[] {
  return [
    `| ${first} | type | range | default | doc |`,
    "| --- | --- | --- | --- | --- |",
    ...rows.map(
      (p) =>
        `| \`${p.name}\` | ${mdCode(p.type)} | ${mdCell(p.range)} | ${mdCode(p.default)} | ${mdCell(p.doc)} |`,
    ),
  ];
}

/**
 * The table of a spec's top-level fields for docs/problems.md (between the markers
 * `<!-- generated:spec:start -->` and `<!-- generated:spec:end -->`).
 */
export function markdownSpecTable(): string {
  return [...markdownRows(specFieldRows(), "field"), ""].join("\n");
}

/**
 * The registry tables of docs/problems.md: for each registry its kinds, then for each kind
 * its parameter table. scripts/generateSpecArtifacts.ts writes them between the markers
 * `<!-- generated:registries:start -->` and `<!-- generated:registries:end -->`.
 */
export function markdownTables(): string {
  const out: string[] = [];
  for (const r of allRegistries()) {
    out.push(`### ${r.name}`, "", mdCell(r.doc), "");
    const kinds = kindDocs(r.name);
    if (kinds.length === 0) {
      out.push("(none registered)", "");
      continue;
    }
    out.push("| kind | what it is |", "| --- | --- |");
    for (const k of kinds) out.push(`| \`${k.kind}\` | ${mdCell(k.doc)} |`);
    out.push("");
    for (const k of kinds) {
      out.push(`#### ${r.name} \`${k.kind}\``, "", mdCell(k.doc), "");
      const geometries = geometriesOf(r.name, k.kind);
      if (geometries !== undefined) out.push(`Steps the geometries: ${geometries}.`, "");
      const rows = paramRows(r.name, k.kind);
      if (rows.length === 0) {
        out.push(`No parameters: \`{ "kind": "${k.kind}" }\`.`, "");
        continue;
      }
      out.push(...markdownRows(rows, "parameter"), "");
    }
  }
  return out.join("\n");
}

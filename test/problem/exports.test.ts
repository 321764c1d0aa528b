import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as api from "../../src/index.js";
import { allRegistries } from "../../src/problem/registry.js";

/**
 * Everything the docs tell users to import from "measureflow" is exported by the package
 * entry (src/index.ts): the names of every `import … from "measureflow"` in a code block of
 * README.md and docs/*.md, plus the names issue 8 requires (runScenarioMain, the time-grid
 * helpers, the spec types, validateSpec, buildProblem, specScenario, the registries).
 * Types are checked with the TypeScript checker (they do not exist at run time), values
 * both there and on the imported module.
 */

const ROOT = resolve(import.meta.dirname, "..", "..");
const ENTRY = join(ROOT, "src", "index.ts");

/** Markdown files whose code blocks are parsed. */
function docFiles(): string[] {
  const docs = readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => join(ROOT, "docs", f));
  return [join(ROOT, "README.md"), ...docs];
}

/** One imported name: the exported name, whether the import is type-only, and where. */
interface Imported {
  name: string;
  typeOnly: boolean;
  file: string;
}

/**
 * The names imported from "measureflow" in the fenced code blocks of a markdown text:
 * `import { a, type B, c as d } from "measureflow"` and `import type { … } from …`,
 * over several lines. A default or namespace import is reported as the name "default" / "*".
 */
export function importsFromPackage(markdown: string, file: string): Imported[] {
  const out: Imported[] = [];
  for (const block of markdown.matchAll(/```[^\n]*\n([\s\S]*?)```/g)) {
    const code = block[1];
    const re = /import\s+(type\s+)?([^;]*?)\s+from\s+["']measureflow["']/g;
    for (const m of code.matchAll(re)) {
      const wholeType = m[1] !== undefined;
      const clause = m[2].trim();
      const braces = /\{([\s\S]*)\}/.exec(clause);
      if (/^\*\s+as\s+/.test(clause)) out.push({ name: "*", typeOnly: wholeType, file });
      else if (/^[A-Za-z_$][\w$]*\s*(,|$)/.test(clause)) {
        out.push({ name: "default", typeOnly: wholeType, file });
      }
      if (braces) {
        for (const part of braces[1].split(",")) {
          const p = part.trim();
          if (p === "") continue;
          const t = /^type\s+/.test(p);
          const name = p
            .replace(/^type\s+/, "")
            .split(/\s+as\s+/)[0]
            .trim();
          out.push({ name, typeOnly: wholeType || t, file });
        }
      }
    }
  }
  return out;
}

/**
 * The names exported by src/index.ts, split into values and types, from the TS checker.
 * Only the package's own modules matter for the names, so files under node_modules (the
 * libraries' typings, the standard lib) are read as empty modules: binding src/ alone takes
 * a fraction of a second, where parsing mathjs's and zod's typings takes seconds.
 */
function entryExports(): { values: Set<string>; types: Set<string> } {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noLib: true,
    noEmit: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    /[\\/]node_modules[\\/]/.test(fileName)
      ? ts.createSourceFile(fileName, "export {};", languageVersion)
      : read(fileName, languageVersion, ...rest);
  const program = ts.createProgram([ENTRY], options, host);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(ENTRY)!;
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  const values = new Set<string>();
  const types = new Set<string>();
  for (const sym of checker.getExportsOfModule(moduleSymbol)) {
    const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    if (target.flags & ts.SymbolFlags.Value) values.add(sym.name);
    if (target.flags & ts.SymbolFlags.Type) types.add(sym.name);
  }
  return { values, types };
}

const exported = entryExports();

/** Names issue 8 requires from the package entry, beyond those the docs use. */
const REQUIRED_VALUES = [
  "runScenarioMain",
  "linearTimes",
  "geometricTimes",
  "validateSpec",
  "buildProblem",
  "specScenario",
  "problemJsonSchema",
  "describeEntry",
  "describeRegistry",
  "describeRegistries",
  "Registry",
  "allRegistries",
  "registryNamed",
];
const REQUIRED_TYPES = [
  "ProblemSpec",
  "ProblemSpecInput",
  "GridSpecData",
  "OutputSpec",
  "ChecksSpec",
  "SpecNode",
  "Entry",
  "BuildOptions",
  "BuildContext",
  "EnergyEntry",
  "GeometryEntry",
  "SchemeEntry",
  "InitialEntry",
  "ExactEntry",
  "PotentialEntry",
  "KernelEntry",
  "ObservableEntry",
  "Scenario",
  "Problem",
];

describe("package entry exports", () => {
  it("the import parser reads braces, type modifiers, aliases and multi-line imports", () => {
    const md =
      '```ts\nimport { a, type B, c as d } from "measureflow";\n' +
      'import type {\n  E,\n  F,\n} from "measureflow";\nimport { x } from "other";\n```\n';
    expect(importsFromPackage(md, "t.md")).toEqual([
      { name: "a", typeOnly: false, file: "t.md" },
      { name: "B", typeOnly: true, file: "t.md" },
      { name: "c", typeOnly: false, file: "t.md" },
      { name: "E", typeOnly: true, file: "t.md" },
      { name: "F", typeOnly: true, file: "t.md" },
    ]);
  });

  it('every name README.md and docs/*.md import from "measureflow" is exported', () => {
    const imported = docFiles().flatMap((f) => importsFromPackage(readFileSync(f, "utf8"), f));
    // The README's quick start imports at least Grid, simulate and multiscaleSinkhorn.
    expect(imported.length).toBeGreaterThan(8);
    const missing = imported.filter(({ name, typeOnly }) =>
      name === "default" || name === "*"
        ? true
        : typeOnly
          ? !exported.types.has(name) && !exported.values.has(name)
          : !exported.values.has(name) || !(name in api),
    );
    expect(missing.map((m) => `${m.name} (${m.file})`)).toEqual([]);
  });

  it("the names issue 8 requires are exported (values at run time, types to the checker)", () => {
    for (const name of REQUIRED_VALUES) {
      expect(exported.values.has(name), name).toBe(true);
      expect(typeof (api as Record<string, unknown>)[name], name).toBe("function");
    }
    for (const name of REQUIRED_TYPES) expect(exported.types.has(name), name).toBe(true);
  });

  it("every registry instance is exported under its name", () => {
    const byName: Record<string, string> = {
      energy: "energies",
      geometry: "geometries",
      scheme: "schemes",
      initial: "initials",
      exact: "exacts",
      potential: "potentials",
      kernel: "kernels",
      observable: "observables",
    };
    for (const r of allRegistries()) {
      const exportName = byName[r.name];
      expect(exportName, `registry '${r.name}' has an export name here`).toBeDefined();
      expect((api as Record<string, unknown>)[exportName]).toBe(r);
    }
  });
});

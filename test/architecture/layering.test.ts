import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * One-way layering of src/ (docs/architecture.md): a folder imports only folders of a lower
 * rank. errors ← grid ← wasm (the WebAssembly compile helper) ← exact/fft ← energy/metrics ← geometry/ot ←
 * schemes ← particles ← problem ← io ←
 * report ← run ← web ← cli / index. Schemes never import run; report reads run results through the
 * file formats in io/; web (the browser entry and the playground) uses the run loop and the
 * report's plot specs.
 */
const RANK: Record<string, number> = {
  errors: 0,
  grid: 1,
  wasm: 1.5,
  exact: 2,
  fft: 2,
  energy: 3,
  metrics: 3,
  geometry: 4,
  ot: 4,
  schemes: 5,
  particles: 5.5,
  problem: 6,
  io: 7,
  report: 8,
  run: 9,
  web: 9.5,
  cli: 10,
  index: 10,
};

const SRC = join(import.meta.dirname, "..", "..", "src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Top-level unit of a file under src/: its folder, or the file's base name at the top. */
function unitOf(file: string): string {
  const rel = relative(SRC, file).split(/[\\/]/);
  return rel.length > 1 ? rel[0] : rel[0].replace(/\.(ts|js)$/, "");
}

describe("layering", () => {
  it("every module under src/ imports only lower layers", () => {
    const violations: string[] = [];
    for (const file of files(SRC)) {
      const unit = unitOf(file);
      const rank = RANK[unit];
      expect(rank, `unit '${unit}' of ${file} has no rank`).toBeDefined();
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)) {
        const target = unitOf(join(file, "..", m[1]));
        if (target === unit) continue;
        const tr = RANK[target];
        if (tr === undefined || tr >= rank) {
          violations.push(`${relative(SRC, file)} imports ${m[1]} (${unit} → ${target})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});

/**
 * The solver core runs in browsers (issue 9): it imports no Node built-in, directly or
 * through the modules it uses, and uses no Node-only global. Two rules:
 * 1. no module of the core folders (below) imports a Node built-in;
 * 2. every module reachable from the browser entry points (src/web/: the ESM bundle, the
 *    playground page and its worker), following relative imports but not `import type`
 *    (erased by the compiler), imports none and uses no Node global (Buffer, setImmediate,
 *    __dirname, require, `process` without a `typeof process` guard). The bundler would
 *    refuse an import too (platform "browser"), but only at build time; this names the file.
 */
const CORE = [
  "errors",
  "grid",
  "wasm",
  "exact",
  "fft",
  "energy",
  "metrics",
  "geometry",
  "ot",
  "schemes",
  "particles",
  "problem",
];
const BROWSER_ENTRIES = ["web/browser.ts", "web/worker.ts", "web/playground/main.ts"];
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Imports of a module's text: [specifier, typeOnly]. */
function importsOf(text: string): [string, boolean][] {
  const out: [string, boolean][] = [];
  const re =
    /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^"';]*?\sfrom\s*)?"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g;
  for (const m of text.matchAll(re)) {
    if (m[4] !== undefined) out.push([m[4], false]);
    else out.push([m[3], m[2] !== undefined]);
  }
  return out;
}

/** Node globals used in a module's code (comments removed first). */
function nodeGlobals(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  const found: string[] = [];
  for (const g of ["Buffer", "setImmediate", "__dirname", "__filename", "require"]) {
    if (new RegExp(`\\b${g}\\b\\s*[.(]`).test(code)) found.push(g);
  }
  for (const line of code.split("\n")) {
    if (/\bprocess\./.test(line) && !/typeof process/.test(line)) {
      found.push(`process (${line.trim()})`);
    }
  }
  return found;
}

describe("the core needs no Node", () => {
  it("no module of the core folders imports a Node built-in", () => {
    const found: string[] = [];
    for (const unit of CORE) {
      let list: string[];
      try {
        list = files(join(SRC, unit));
      } catch {
        continue; // a folder not created yet
      }
      for (const file of list) {
        for (const [spec] of importsOf(readFileSync(file, "utf8"))) {
          if (NODE_BUILTINS.has(spec)) found.push(`${relative(SRC, file)} imports ${spec}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it("nothing reachable from the browser entry points imports a Node built-in or uses a Node global", () => {
    const seen = new Set<string>();
    const found: string[] = [];
    const visit = (file: string, from: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch {
        found.push(`${from} imports ${relative(SRC, file)}, which does not exist`);
        return;
      }
      const rel = relative(SRC, file);
      for (const g of nodeGlobals(text)) found.push(`${rel} uses the Node global ${g}`);
      for (const [spec, typeOnly] of importsOf(text)) {
        if (typeOnly) continue;
        if (NODE_BUILTINS.has(spec)) found.push(`${rel} imports ${spec}`);
        else if (spec.startsWith(".")) visit(join(file, "..", spec.replace(/\.js$/, ".ts")), rel);
      }
    };
    for (const entry of BROWSER_ENTRIES) visit(join(SRC, entry), "(entry)");
    expect(found).toEqual([]);
    // The walk reached the solver, not just the entry files.
    expect(seen.size).toBeGreaterThan(100);
  });
});

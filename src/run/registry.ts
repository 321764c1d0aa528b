import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { basename, extname, isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { InputError } from "../errors.js";
import { closestName } from "../problem/closestName.js";
import { parseJsonText } from "./jsonFile.js";
import { scriptLoadError } from "./scriptErrors.js";
import type { Scenario } from "./scenario.js";
import { specScenario } from "./specScenario.js";

/**
 * Scenario discovery. A scenario is `scenarios/<name>.json`, a problem spec (src/problem/spec.ts,
 * run through specScenario), or `scenarios/<name>.ts`, a script whose default export is a
 * Scenario (it may build a spec object and call specScenario). The name is the file name (a
 * spec's "name" and a script's `name` must equal it); files starting with "_" are helpers and
 * are skipped.
 */

/** The repository's scenarios/ folder. */
export function scenariosDir(): string {
  return fileURLToPath(new URL("../../scenarios/", import.meta.url));
}

const SCENARIO_FILE = /^[^_.][^/\\]*\.(json|ts|mts|js|mjs)$/;

/** Names of the scenarios in `dir` (default scenarios/), sorted. */
export function listScenarios(dir = scenariosDir()): string[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  const names = files
    .filter((f) => SCENARIO_FILE.test(f) && !f.endsWith(".d.ts"))
    .map((f) => basename(f, extname(f)));
  return [...new Set(names)].sort();
}

/** True if the argument names a file rather than a registered scenario. */
function looksLikePath(s: string): boolean {
  return s.includes("/") || s.includes("\\") || /\.(json|ts|mts|js|mjs)$/.test(s);
}

/**
 * Loads a scenario by name (from `dir`, default scenarios/) or by file path (anything
 * with a slash or a .json/.ts/.js extension, resolved from the current directory). An unknown
 * name is an InputError listing the available names (and the closest match); an invalid
 * spec is an InputError naming the file and the JSON path.
 */
export async function loadScenario(nameOrPath: string, dir = scenariosDir()): Promise<Scenario> {
  let file: string;
  let expectedName: string | null = null;
  if (looksLikePath(nameOrPath)) {
    file = isAbsolute(nameOrPath) ? nameOrPath : resolve(process.cwd(), nameOrPath);
  } else {
    const names = listScenarios(dir);
    if (!names.includes(nameOrPath)) {
      const close = closestName(nameOrPath, names);
      const hint = close ? ` Did you mean '${close}'?` : "";
      throw new InputError(
        "scenario",
        `unknown scenario '${nameOrPath}'.${hint} Available: ${names.join(", ") || "(none)"}`,
      );
    }
    expectedName = nameOrPath;
    const entries = readdirSync(dir)
      .filter((f) => SCENARIO_FILE.test(f) && basename(f, extname(f)) === nameOrPath)
      .sort();
    if (entries.length > 1) {
      throw new InputError(
        "scenario",
        `'${nameOrPath}' is ambiguous: ${entries.map((f) => `scenarios/${f}`).join(" and ")} both exist; keep one`,
      );
    }
    file = resolve(dir, entries[0]);
  }
  if (extname(file) === ".json") return loadSpecFile(file, nameOrPath, expectedName);
  if (!existsSync(file)) throw new InputError("scenario", `no scenario file at ${file}`);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (err) {
    const code = (err as { code?: string }).code;
    const msg = String((err as Error).message);
    if (code === "ERR_MODULE_NOT_FOUND" && msg.includes(file)) {
      throw new InputError("scenario", `no scenario file at ${file}`);
    }
    // A path Node cannot import (a folder, a name with "\", an unknown extension).
    if (
      code === "ERR_INVALID_MODULE_SPECIFIER" ||
      code === "ERR_UNSUPPORTED_DIR_IMPORT" ||
      code === "ERR_UNKNOWN_FILE_EXTENSION"
    ) {
      throw new InputError(
        nameOrPath,
        `cannot be loaded as a scenario script: ${msg.split("\n")[0]}`,
      );
    }
    if (/top-level await .*"cjs"/i.test(msg)) {
      throw new InputError(
        nameOrPath,
        'is loaded as CommonJS, where top-level await fails: name it .mts, or put it under a package.json with "type": "module"',
      );
    }
    // A syntax error (file:line:column) or an invalid spec built by the script: one line.
    const where = looksLikePath(nameOrPath) ? nameOrPath : `scenarios/${basename(file)}`;
    throw scriptLoadError(err, file, where) ?? err;
  }
  const s = mod.default;
  const where = looksLikePath(nameOrPath) ? nameOrPath : `scenarios/${basename(file)}`;
  const problem = scenarioShapeProblem(s);
  if (problem) {
    throw new InputError(where, `the default export must be a Scenario: ${problem}`);
  }
  const scenario = s as Scenario;
  if (expectedName !== null && scenario.name !== expectedName) {
    throw new InputError(
      where,
      `the scenario's name '${scenario.name}' must equal its file name '${expectedName}'`,
    );
  }
  return scenario;
}

/** A spec file as a Scenario; errors name the file (as given) and the JSON path. */
function loadSpecFile(file: string, given: string, expectedName: string | null): Scenario {
  const where = expectedName === null ? given : `scenarios/${basename(file)}`;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") {
      throw new InputError("scenario", `no spec file at ${file}`);
    }
    throw err;
  }
  const raw = parseJsonText(text, where);
  let scenario: Scenario;
  try {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      throw new InputError("(spec)", "must be a JSON object");
    }
    scenario = specScenario(raw as Record<string, unknown>, file);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(where, err.message);
    throw err;
  }
  if (expectedName !== null && scenario.name !== expectedName) {
    throw new InputError(
      where,
      `the spec's name '${scenario.name}' must equal its file name '${expectedName}'`,
    );
  }
  return scenario;
}

function scenarioShapeProblem(s: unknown): string | null {
  if (typeof s !== "object" || s === null) return `got ${s === null ? "null" : typeof s}`;
  const o = s as Record<string, unknown>;
  if (typeof o.name !== "string" || !/^[a-z0-9][a-z0-9-]*$/.test(o.name)) {
    return "name must be a kebab-case string";
  }
  if (typeof o.build !== "function") return "build(options) is missing";
  if (!Array.isArray(o.schemes) || o.schemes.length === 0)
    return "schemes must be a non-empty list";
  if (typeof o.defaults !== "object" || o.defaults === null) return "defaults must be an object";
  if (typeof o.title !== "string") return "title must be a string";
  return null;
}

/** True when the module with this import.meta.url is the script Node was started with. */
export function isMainModule(importMetaUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(fileURLToPath(importMetaUrl)) === realpathSync(resolve(script));
  } catch {
    return false;
  }
}

/**
 * Ends every scenario file: `await runScenarioMain(scenario, import.meta.url)`. When the
 * file is executed directly (`npx tsx scenarios/heat-1d.ts --n 256`), runs it exactly like
 * `measureflow run heat-1d --n 256` and sets the exit code; when imported, does nothing.
 */
export async function runScenarioMain(scenario: Scenario, importMetaUrl: string): Promise<void> {
  if (!isMainModule(importMetaUrl)) return;
  const { runCommand, processIO } = await import("./commands.js");
  const { withInterrupts } = await import("./signals.js");
  // Same signal handling as the CLI: SIGINT/SIGTERM end the run as "interrupted".
  process.exitCode = await withInterrupts(() =>
    runCommand(process.argv.slice(2), processIO(), scenario),
  );
}

import { InputError } from "../../errors.js";
import { readJsonFile } from "../jsonFile.js";
import { loadScenario } from "../registry.js";
import type { Scenario } from "../scenario.js";
import { applySets, type SetOverride } from "../setOverrides.js";
import { isSpecScenario, specScenario, withoutChecks, type SpecScenario } from "../specScenario.js";
import type { CliIO } from "./io.js";

/**
 * What `run` and `spec` act on: a spec file (`*.json`, read here so that a syntax error
 * names the line and column), a scenario name or a scenario script (through loadScenario),
 * with the `--set` overrides applied to the raw spec before it is validated.
 */
export async function loadTarget(
  arg: string,
  io: CliIO,
  sets: readonly SetOverride[],
): Promise<Scenario> {
  if (arg.endsWith(".json")) {
    const raw = readJsonFile(arg, "problem spec");
    return specFromRaw(sets.length > 0 ? checkedSets(raw, arg, sets) : raw, arg, arg);
  }
  const scenario = await loadScenario(arg, io.scenariosDir);
  return sets.length > 0 ? withSets(scenario, sets) : scenario;
}

/** A spec scenario rebuilt from its spec with `--set` overrides applied. */
export function withSets(scenario: Scenario, sets: readonly SetOverride[]): SpecScenario {
  if (!isSpecScenario(scenario)) {
    throw new InputError(
      `--set ${sets[0].arg}`,
      `scenario ${scenario.name} is a TypeScript scenario without a problem spec; --set applies to spec files and spec scenarios (see measureflow list)`,
    );
  }
  const raw = withoutStaleL1Check(applySets(scenario.spec, sets), sets);
  return specFromRaw(raw, scenario.source, scenario.name);
}

function checkedSets(raw: unknown, file: string, sets: readonly SetOverride[]): unknown {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return raw;
  return withoutStaleL1Check(applySets(raw, sets), sets);
}

/** Spec fields whose change leaves the computed solution as it is. */
const PRESENTATION = new Set(["name", "title", "description", "$schema", "checks", "observables"]);

/**
 * `checks.l1` is a threshold for the spec as written (its grid, problem and scheme): a `--set`
 * that changes the computed solution drops it, unless the same command sets `checks` itself
 * (as the legacy options do in specScenario; the mass and energy checks stay).
 */
export function withoutStaleL1Check(
  raw: Record<string, unknown>,
  sets: readonly SetOverride[],
): Record<string, unknown> {
  const changes = sets.some((s) => {
    const [head, next] = s.path;
    if (typeof head !== "string" || PRESENTATION.has(head)) return false;
    return !(head === "output" && next === "snapshots");
  });
  const setsChecks = sets.some((s) => s.path[0] === "checks");
  return changes && !setsChecks ? withoutChecks(raw, ["l1"]) : raw;
}

/** specScenario with errors prefixed by where the spec came from (`file: json.path: …`). */
function specFromRaw(raw: unknown, source: string, label: string): SpecScenario {
  try {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      throw new InputError("(spec)", "must be a JSON object (a problem spec)");
    }
    return specScenario(raw as Record<string, unknown>, source);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(label, err.message);
    throw err;
  }
}

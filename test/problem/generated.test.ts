import { Ajv2020 } from "ajv/dist/2020.js";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InputError } from "../../src/errors.js";
import {
  describeEntry,
  describeRegistries,
  describeRegistry,
  paramRows,
} from "../../src/problem/describe.js";
import { problemJsonSchema } from "../../src/problem/jsonSchema.js";
import { allRegistries, entrySchema } from "../../src/problem/registry.js";
import { validateSpec } from "../../src/problem/spec.js";
import { applySets, parseSet } from "../../src/run/setOverrides.js";
import {
  ERROR_CASES,
  firstJsonBlock,
  problemsDocPath,
  problemsDocText,
  repoRoot,
  schemaFileText,
  schemaPath,
} from "../../scripts/generateSpecArtifacts.js";

/**
 * What is generated from the registry declarations (scripts/generateSpecArtifacts.ts) is
 * committed up to date, the JSON Schema accepts every spec validateSpec accepts and refuses
 * malformed ones, and `describe` shows each parameter's range and default.
 */

const schemaText = readFileSync(schemaPath, "utf8");
const schema = JSON.parse(schemaText) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true });
const schemaValidate = ajv.compile(schema);
const docText = readFileSync(problemsDocPath, "utf8");
const baseSpec = firstJsonBlock(docText) as Record<string, unknown>;

function schemaErrors(spec: unknown): string {
  return schemaValidate(spec) ? "" : ajv.errorsText(schemaValidate.errors);
}

/** Every scenarios/*.json spec, by file name. */
function scenarioSpecs(): [string, unknown][] {
  const dir = join(repoRoot, "scenarios");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(join(dir, f), "utf8")) as unknown]);
}

describe("generated artifacts are up to date (run `npm run generate` after adding an entry)", () => {
  it("schema/problem.schema.json equals the generator's output", async () => {
    expect(schemaText).toBe(await schemaFileText());
  });

  it("docs/problems.md's generated tables equal the generator's output", () => {
    expect(docText).toBe(problemsDocText(docText));
  });

  it("the docs list every registry and every kind", () => {
    for (const r of allRegistries()) {
      expect(docText).toContain(`### ${r.name}\n`);
      for (const k of r.kinds()) expect(docText).toContain(`#### ${r.name} \`${k}\``);
    }
  });
});

describe("JSON Schema of a problem spec", () => {
  it("is draft 2020-12 with one $defs entry per registry, each kind titled and documented", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const defs = schema.$defs as Record<string, Record<string, unknown>>;
    for (const r of allRegistries()) {
      const def = defs[r.name];
      expect(def, r.name).toBeDefined();
      const kinds = ((def.oneOf as Record<string, unknown>[] | undefined) ?? []).map(
        (k) => k.title,
      );
      expect(kinds).toEqual(r.kinds());
      for (const k of (def.oneOf as Record<string, unknown>[] | undefined) ?? []) {
        expect(typeof k.description).toBe("string");
      }
    }
  });

  it("has the top-level fields validateSpec accepts, no more, no less", () => {
    // validateSpec names the allowed top-level fields when it meets an unknown one.
    let message = "";
    try {
      validateSpec({ ...baseSpec, notAField: 1 });
    } catch (err) {
      message = (err as Error).message;
    }
    const allowed = /allowed: (.*)$/.exec(message)?.[1].split(", ") ?? [];
    expect(allowed.length).toBeGreaterThan(5);
    expect(Object.keys(schema.properties as object).sort()).toEqual(allowed.sort());
  });

  it("accepts every scenarios/*.json spec, as written and as validated (defaults filled)", () => {
    const specs = scenarioSpecs();
    // The gallery is made of spec files (issue 8): an empty folder means the glob is wrong.
    expect(specs.length).toBeGreaterThanOrEqual(10);
    for (const [file, raw] of specs) {
      expect(schemaErrors(raw), file).toBe("");
      expect(schemaErrors(validateSpec(raw)), `${file} validated`).toBe("");
    }
  });

  it("accepts the docs' first spec and the name pattern validateSpec accepts", () => {
    expect(schemaErrors(baseSpec)).toBe("");
    expect(schemaErrors(validateSpec(baseSpec))).toBe("");
    expect(schemaErrors({ ...baseSpec, exact: "none" })).toBe("");
    expect(() => validateSpec({ ...baseSpec, name: "Heat 1D" })).toThrow(InputError);
    expect(schemaErrors({ ...baseSpec, name: "Heat 1D" })).toMatch(/name must match pattern/);
  });

  it("refuses malformed specs, naming the path at fault", () => {
    const broken: [string[], RegExp][] = [
      [["energy[0].kind=entropi"], /energy\/0/],
      [['energy[0].weight="2"'], /energy\/0\/weight must be number/],
      [["energy=[]"], /energy must NOT have fewer than 1 items/],
      [["scheme.flux=fv3"], /scheme\/flux must be equal to one of the allowed values/],
      [["scheme.cfl=1.5"], /scheme\/cfl must be <= 1/],
      [["scheme.tau=0.01"], /scheme must NOT have additional properties/],
      [['output={"snapshots": 6}'], /output must have required property 'tEnd'/],
      [["initial.cov=-1"], /initial\/cov must be > 0/],
      [["grid.n=[1]"], /grid\/n\/0 must be >= 2/],
      [["grid.boundary=reflecting"], /grid\/boundary/],
      [["extra=1"], /must NOT have additional properties/],
      [['energy[0]={"kind": "potential"}'], /energy\/0 must have required property 'V'/],
      [['exact="heat"'], /exact/],
    ];
    for (const [sets, pattern] of broken) {
      const raw = applySets(baseSpec, sets.map(parseSet));
      expect(() => validateSpec(raw), sets.join(" ")).toThrow(InputError);
      expect(schemaErrors(raw), sets.join(" ")).toMatch(pattern);
    }
    expect(schemaErrors({ ...baseSpec, grid: undefined })).toMatch(/required property 'grid'/);
  });

  it("every errors-table case is refused by validateSpec or buildProblem (the table says so)", () => {
    // The cases the schema cannot see (dimension mismatches, formulas, scheme × geometry)
    // are still refused: the generator throws if a case gives no InputError.
    expect(ERROR_CASES.length).toBeGreaterThanOrEqual(15);
    for (const sets of ERROR_CASES) {
      expect(docText).toContain(`\`--set '${sets[0]}'\``);
    }
  });

  it("a registry without kinds matches nothing (no empty oneOf)", () => {
    const defs = problemJsonSchema().$defs as Record<string, Record<string, unknown>>;
    for (const r of allRegistries()) {
      if (r.kinds().length === 0) expect(defs[r.name].not).toEqual({});
      else expect((defs[r.name].oneOf as unknown[]).length).toBe(r.kinds().length);
    }
  });
});

describe("describe", () => {
  it("one entry: each parameter with its type, range and default (scheme fv)", () => {
    const text = describeEntry("scheme", "fv");
    const line = (name: string) =>
      text
        .split("\n")
        .find((l) => l.trim().startsWith(`${name} `))
        ?.trim()
        .split(/\s{2,}/);
    // parameter, type, range, default, doc — from fvParams in src/problem/schemes/fv.ts
    expect(line("flux")?.slice(0, 4)).toEqual(["flux", "auto | fv1 | fv2 | sg", "—", "auto"]);
    expect(line("limiter")?.slice(0, 4)).toEqual(["limiter", "minmod | mc", "—", "mc"]);
    expect(line("method")?.slice(0, 4)).toEqual([
      "method",
      "auto | euler | heun | ssprk3",
      "—",
      "auto",
    ]);
    expect(line("cfl")?.slice(0, 4)).toEqual(["cfl", "number", "(0, 1]", "0.9"]);
    expect(line("dt")?.slice(0, 4)).toEqual(["dt", "number", "> 0", "—"]);
    expect(text).toContain("steps the geometries: any");
  });

  it("refs show the registry they hold; nested objects their fields", () => {
    const kl = paramRows("energy", "potential");
    expect(kl.find((r) => r.name === "V")).toMatchObject({
      type: "<potential spec>",
      default: "required",
    });
    const ou = paramRows("exact", "ornstein-uhlenbeck");
    expect(ou.find((r) => r.name === "A")).toMatchObject({ range: "1–3 × 1–3" });
    expect(ou.find((r) => r.name === "initial.mass")).toMatchObject({
      type: "number",
      range: "> 0",
      default: "1",
    });
  });

  it("every parameter of every entry's declaration has a row", () => {
    for (const r of allRegistries()) {
      for (const kind of r.kinds()) {
        const e = r.entry(kind);
        const declared = Object.keys(
          (
            z.toJSONSchema(e.params, { io: "input", unrepresentable: "any" }) as {
              properties?: object;
            }
          ).properties ?? {},
        );
        const names = paramRows(r.name, kind).map((p) => p.name);
        for (const p of [...declared, ...Object.keys(e.refs ?? {})]) {
          expect(names, `${r.name} ${kind}`).toContain(p);
        }
        const text = describeEntry(r.name, kind);
        expect(text).toContain(e.doc);
        for (const p of names) expect(text).toMatch(new RegExp(`\\n  ${p.replace(/\./g, "\\.")} `));
        // The rows come from the same JSON Schema as the schema file.
        expect(Object.keys(entrySchema(e).properties as object)).toEqual(
          ["kind", ...declared, ...Object.keys(e.refs ?? {})].filter(
            (v, i, a) => a.indexOf(v) === i,
          ),
        );
      }
    }
  });

  it("lists registries and kinds; unknown names are InputErrors with the allowed ones", () => {
    const all = describeRegistries();
    for (const r of allRegistries()) {
      expect(all).toContain(`${r.name} — ${r.doc}`);
      const one = describeRegistry(r.name);
      for (const k of r.kinds()) expect(one).toMatch(new RegExp(`\\n  ${k}\\s`));
    }
    expect(() => describeRegistry("energi")).toThrow(/did you mean 'energy'\?.*allowed: energy/);
    expect(() => describeEntry("energy", "entropi")).toThrow(/did you mean 'entropy'/);
  });
});

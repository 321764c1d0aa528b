import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { listScenarios, loadScenario } from "../../src/run/registry.js";
import { isSpecScenario } from "../../src/run/specScenario.js";

const dir = fileURLToPath(new URL("./fixtures/scenarios/", import.meta.url));

describe("scenario registry", () => {
  it("lists scenario files, skipping helpers that start with '_'", () => {
    expect(listScenarios(dir)).toEqual(["fake-blowup", "fake-heat", "fake-heat-2d", "misnamed"]);
    expect(listScenarios("/nonexistent/folder")).toEqual([]);
    expect(Array.isArray(listScenarios())).toBe(true); // the repository's scenarios/
  });

  it("loads a scenario by name and by path", async () => {
    const s = await loadScenario("fake-heat", dir);
    expect(s.name).toBe("fake-heat");
    expect(s.schemes).toEqual(["fv1", "fv2"]);
    const p = await loadScenario(`${dir}fake-heat-2d.ts`);
    expect(p.name).toBe("fake-heat-2d");
  });

  it("explains an unknown name with the closest match and the available names", async () => {
    const err = await loadScenario("fake-haet", dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      "scenario: unknown scenario 'fake-haet'. Did you mean 'fake-heat'? Available: fake-blowup, fake-heat, fake-heat-2d, misnamed",
    );
    await expect(loadScenario("zzzzzzzzzz", dir)).rejects.toThrow(
      "scenario: unknown scenario 'zzzzzzzzzz'. Available: fake-blowup",
    );
    await expect(loadScenario("./no/such/file.ts")).rejects.toThrow(
      /scenario: no scenario file at/,
    );
  });

  it("rejects a scenario whose name differs from its file name", async () => {
    await expect(loadScenario("misnamed", dir)).rejects.toThrow(
      "scenarios/misnamed.ts: the scenario's name 'not-the-file-name' must equal its file name 'misnamed'",
    );
  });
});

describe("spec files as scenarios", () => {
  const spec = (name?: string) => ({
    ...(name ? { name } : {}),
    title: "Tiny heat",
    grid: { n: [16], lo: [-4], hi: [4] },
    initial: { kind: "gaussian", mean: [0], cov: 0.3 },
    energy: [{ kind: "entropy" }],
    geometry: { kind: "wasserstein" },
    scheme: { kind: "fv", flux: "fv2" },
    output: { tEnd: 0.1 },
    exact: { kind: "heat" },
  });
  const specs = mkdtempSync(join(tmpdir(), "mf-specs-"));
  afterAll(() => rmSync(specs, { recursive: true, force: true }));
  const put = (file: string, content: unknown) =>
    writeFileSync(
      join(specs, file),
      typeof content === "string" ? content : JSON.stringify(content, null, 2),
    );
  put("tiny-heat.json", spec("tiny-heat"));
  put("unnamed.json", spec());
  put("misnamed-spec.json", spec("another-name"));
  put("broken.json", '{ "grid": ');
  put("invalid.json", { ...spec(), grid: { n: [16], lo: [4], hi: [-4] } });
  put("_helper.json", spec());
  put("twice.json", spec("twice"));
  put("twice.ts", "export default {};\n");

  it("lists .json specs next to scripts, skipping '_' files", () => {
    expect(listScenarios(specs)).toEqual([
      "broken",
      "invalid",
      "misnamed-spec",
      "tiny-heat",
      "twice",
      "unnamed",
    ]);
  });

  it("loads a spec by name (name = file name) and by path from anywhere", async () => {
    const s = await loadScenario("tiny-heat", specs);
    expect(isSpecScenario(s)).toBe(true);
    expect(s.name).toBe("tiny-heat");
    expect(s.title).toBe("Tiny heat");
    expect(s.schemes[0]).toBe("fv2");
    expect((await loadScenario("unnamed", specs)).name).toBe("unnamed");
    const byPath = await loadScenario(relative(process.cwd(), join(specs, "tiny-heat.json")));
    expect(byPath.name).toBe("tiny-heat");
    await expect(loadScenario(join(specs, "nothing-here.json"))).rejects.toThrow(
      /^scenario: no spec file at /,
    );
  });

  it("names the file in every error: name mismatch, bad JSON, invalid spec, two files", async () => {
    await expect(loadScenario("misnamed-spec", specs)).rejects.toThrow(
      "scenarios/misnamed-spec.json: the spec's name 'another-name' must equal its file name 'misnamed-spec'",
    );
    await expect(loadScenario("broken", specs)).rejects.toThrow(
      /^scenarios\/broken\.json:1:\d+: invalid JSON: /,
    );
    const err = await loadScenario("invalid", specs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      "scenarios/invalid.json: grid.hi[0]: must be > grid.lo[0] = 4, got -4",
    );
    await expect(loadScenario("twice", specs)).rejects.toThrow(
      "scenario: 'twice' is ambiguous: scenarios/twice.json and scenarios/twice.ts both exist; keep one",
    );
  });
});

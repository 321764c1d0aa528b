import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { listScenarios, loadScenario } from "../../src/run/registry.js";

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

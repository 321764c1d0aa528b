import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyFileAtomic, writeFileAtomic, writeJsonAtomic } from "../../src/io/atomicWrite.js";

const made: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), "mf-aw-"));
  made.push(d);
  return d;
};
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("atomic writes", () => {
  it("writes the whole content, creates folders and leaves no temporary file", () => {
    const dir = tmp();
    const path = join(dir, "a", "b", "file.json");
    writeJsonAtomic(path, { x: new Float64Array([1, 2.5]), bad: NaN });
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ x: [1, 2.5], bad: null });
    const big = "x".repeat(3_000_000);
    writeFileAtomic(path, big);
    expect(readFileSync(path, "utf8")).toBe(big);
    expect(readdirSync(join(dir, "a", "b"))).toEqual(["file.json"]);
  });

  it("leaves the previous file intact and removes the temporary file when the rename fails", () => {
    const dir = tmp();
    const target = join(dir, "target");
    mkdirSync(target); // renaming a file over a directory fails (EISDIR)
    writeFileSync(join(target, "inside"), "old");
    expect(() => writeFileAtomic(target, "new")).toThrow();
    expect(readdirSync(dir)).toEqual(["target"]);
    expect(readFileSync(join(target, "inside"), "utf8")).toBe("old");
  });

  it("copies atomically", () => {
    const dir = tmp();
    writeFileSync(join(dir, "src"), "payload");
    copyFileAtomic(join(dir, "src"), join(dir, "out", "dest"));
    expect(readFileSync(join(dir, "out", "dest"), "utf8")).toBe("payload");
    expect(readdirSync(join(dir, "out"))).toEqual(["dest"]);
  });
});

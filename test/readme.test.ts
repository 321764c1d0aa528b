import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The README's quick start must run as printed: extract its code block, point the
 * `"measureflow"` imports at src/index.ts and run it with tsx.
 */
describe("README quick start", () => {
  it("runs and prints a second-order-accurate Fokker–Planck result", () => {
    const readme = readFileSync(resolve("README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Quick start"));
    const match = /```ts\n([\s\S]*?)```/.exec(section);
    expect(match).not.toBeNull();
    const entry = resolve("src/index.ts").replace(/\\/g, "/");
    const code = match![1].replace(/from "measureflow"/g, `from "${entry}"`);
    const dir = mkdtempSync(join(tmpdir(), "mf-readme-"));
    try {
      const file = join(dir, "quick-start.ts");
      writeFileSync(file, code);
      const tsx = createRequire(import.meta.url).resolve("tsx/cli");
      const r = spawnSync(process.execPath, [tsx, file], { encoding: "utf8" });
      expect(r.stderr.replace(/npm warn.*\n?/g, "")).toBe("");
      expect(r.status).toBe(0);
      const [l1, drift, monotone] = r.stdout.trim().split(/\s+/);
      // fv2 at h = 10/128 on this problem: L1 ≈ 9.8e-4 (second order: 4× smaller at 256²).
      expect(Number(l1)).toBeLessThan(1.2e-3);
      expect(Number(drift)).toBeLessThan(1e-12);
      expect(monotone).toBe("true");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

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
/** Runs the k-th ```ts block of the README's quick start with tsx; returns its stdout words. */
function runBlock(k: number): string[] {
  const readme = readFileSync(resolve("README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("## What is"));
  const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks.length).toBeGreaterThan(k);
  const entry = resolve("src/index.ts").replace(/\\/g, "/");
  const code = blocks[k].replace(/from "measureflow"/g, `from "${entry}"`);
  const dir = mkdtempSync(join(tmpdir(), "mf-readme-"));
  try {
    const file = join(dir, "quick-start.ts");
    writeFileSync(file, code);
    const tsx = createRequire(import.meta.url).resolve("tsx/cli");
    const r = spawnSync(process.execPath, [tsx, file], { encoding: "utf8" });
    expect(r.stderr.replace(/npm warn.*\n?/g, "")).toBe("");
    expect(r.status).toBe(0);
    return r.stdout.trim().split(/\s+/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("README quick start", () => {
  it("runs and prints a second-order-accurate Fokker–Planck result", () => {
    {
      const [l1, drift, monotone] = runBlock(0);
      // fv2 at h = 10/128 on this problem: L1 ≈ 9.8e-4 (second order: 4× smaller at 256²).
      expect(Number(l1)).toBeLessThan(1.2e-3);
      expect(Number(drift)).toBeLessThan(1e-12);
      expect(monotone).toBe("true");
    }
  });

  it("entropic OT block: ⟨C,P⟩ matches the Gaussian entropic formula", () => {
    const [cost, kernel] = runBlock(1);
    // |Δm|² + 4(s² − c), c = √(s⁴ + ε²/16) − ε/4, s² = 0.004 + h²/12: the discrete densities
    // are Gaussians up to O(h²)-small effects (measured difference 8e-9; bound 1e-7).
    const h = 1 / 128;
    const s2 = 0.004 + (h * h) / 12;
    const eps = 2 * h * h;
    const c = Math.sqrt(s2 * s2 + (eps * eps) / 16) - eps / 4;
    expect(Math.abs(Number(cost) - (0.09 + 4 * (s2 - c)))).toBeLessThan(1e-7);
    expect(kernel).toBe("stabilized");
  });
});

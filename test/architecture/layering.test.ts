import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * One-way layering of src/ (docs/architecture.md): a folder imports only folders of a lower
 * rank. errors ← grid ← exact/fft ← energy/metrics ← geometry/ot ← schemes ← particles ← problem ← io ←
 * report ← run ← cli / index. Schemes never import run; report reads run results through the
 * file formats in io/.
 */
const RANK: Record<string, number> = {
  errors: 0,
  grid: 1,
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

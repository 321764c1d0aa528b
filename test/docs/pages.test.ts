import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateSpec } from "../../src/problem/spec.js";
import { runCli, type CliResult } from "../cliHarness.js";
import { blocks, isIllustrative, shellWords, type Block } from "./markdown.js";

/**
 * The docs cannot go stale: every fenced block of README.md and docs/*.md is run here, or by
 * the page's own test, or is marked illustrative in the sentence before it.
 * - ```json <file> blocks are written to a temporary folder (one per page) and validated;
 * - blocks whose lines are `npx measureflow …` commands are run in page order through the
 *   in-process CLI, from that folder, and must exit 0 (`> file` redirects stdout);
 * - an output block whose preceding sentence says "(measured" is compared with what the
 *   page's commands printed before it: every number in scientific notation it shows (L1
 *   8.807e-5, …) must be printed by one of them to within 1 % (numbers below 1e-11, rounding
 *   noise such as a mass drift, are not compared), and so must every "N steps"/"N iterations";
 * - everything else must be marked illustrative.
 * docs/problems.md has its own test (test/problem/docsExamples.test.ts), and the README's
 * TypeScript blocks theirs (test/readme.test.ts); the README's set-up block is what CI runs.
 */

const ROOT = resolve(import.meta.dirname, "..", "..");
const PAGES = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
/** Pages (or blocks) whose blocks another test runs. */
const OWN_TEST: Record<string, (b: Block) => boolean> = {
  "docs/problems.md": () => true,
  "README.md": (b) => b.lang === "ts" || /npm (install|test|run gallery)/.test(b.code),
};

function commandLines(b: Block): string[] | null {
  const lines = b.code
    .replace(/\s*\\\n\s*/g, " ")
    .split("\n")
    // Comments after # or after a run of spaces (a synopsis column) are not arguments.
    .map((l) =>
      l
        .replace(/\s+#.*$/, "")
        .replace(/\s{2,}\S.*$/, "")
        .trim(),
    )
    .filter((l) => l !== "");
  if (lines.length === 0 || !lines.every((l) => l.startsWith("npx measureflow "))) return null;
  // A usage synopsis has placeholders: it is not a command.
  if (lines.some((l) => /<[a-z]|…|\[--/.test(l))) return null;
  return lines;
}

/** Scientific-notation numbers and step/iteration counts shown in an output block. */
function figures(text: string): { value: number; count: boolean }[] {
  const out: { value: number; count: boolean }[] = [];
  for (const m of text.matchAll(/(-?\d+\.\d+e[-+]?\d+)/g))
    out.push({ value: Number(m[1]), count: false });
  for (const m of text.matchAll(/(\d+) (?:steps|iterations)/g))
    out.push({ value: Number(m[1]), count: true });
  return out;
}

function printedNumbers(stdout: string): number[] {
  return [...stdout.matchAll(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g)].map((m) => Number(m[0]));
}

for (const page of PAGES) {
  const all = blocks(readFileSync(join(ROOT, page), "utf8"));
  if (all.length === 0 || all.every((b) => OWN_TEST[page]?.(b))) continue;
  describe(page, () => {
    let dir = "";
    const printed: CliResult[] = [];
    const cwd = process.cwd();
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "mf-page-"));
      process.chdir(dir);
    });
    afterAll(() => {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    });
    all.forEach((b, i) => {
      const name = `block ${i + 1} (${b.lang || "plain"}${b.file ? ` ${b.file}` : ""})`;
      const own = OWN_TEST[page]?.(b) ?? false;
      const lines = commandLines(b);
      if (own) return;
      if (b.lang === "json" && b.file) {
        it(`${name} is a valid spec`, () => {
          writeFileSync(join(dir, b.file!), b.code);
          expect(() => validateSpec(JSON.parse(b.code))).not.toThrow();
        });
      } else if (lines) {
        it(`${name} runs`, async () => {
          for (const line of lines) {
            const redirect = /^(.*?)\s+>\s+(\S+)$/.exec(line);
            const words = shellWords(redirect ? redirect[1] : line);
            const r = await runCli(words.slice(2));
            expect(r.code, `${line}\n${r.stderr}`).toBe(0);
            if (redirect) writeFileSync(join(dir, redirect[2]), r.stdout);
            printed.push(r);
          }
        });
      } else if (/\(measured/.test(b.before.slice(-300)) && figures(b.code).length > 0) {
        it(`${name} shows what the page's commands print`, () => {
          expect(printed.length, "a command block runs before the output block").toBeGreaterThan(0);
          const numbers = printed.flatMap((r) => printedNumbers(r.stdout));
          for (const f of figures(b.code)) {
            if (!f.count && Math.abs(f.value) < 1e-11) continue;
            const tol = f.count ? 0 : 0.01 * Math.abs(f.value);
            expect(
              numbers.some((p) => Math.abs(p - f.value) <= tol),
              `${f.value} in the output of the page's commands:\n${printed.map((r) => r.stdout).join("\n")}`,
            ).toBe(true);
          }
        });
      } else {
        it(`${name} is marked illustrative`, () => {
          expect(isIllustrative(b), `${b.code.slice(0, 120)}`).toBe(true);
        });
      }
    });
    // Prose: a paragraph that says its figures were measured quotes what the page's commands
    // print (the same rule as for output blocks).
    const prose = readFileSync(join(ROOT, page), "utf8").replace(/^ *```[\s\S]*?^ *```/gm, "");
    const measured = prose
      .split(/\n\s*\n/)
      // Tables state figures measured by the tests they name, not by the page's commands.
      .map((p) =>
        p
          .split("\n")
          .filter((l) => !l.trimStart().startsWith("|"))
          .join("\n"),
      )
      .filter((p) => /measured/.test(p) && figures(p).length > 0);
    if (measured.length > 0 && all.some((b) => commandLines(b) && !OWN_TEST[page]?.(b))) {
      it("figures quoted as measured in the text are what the page's commands print", () => {
        const numbers = printed.flatMap((r) => printedNumbers(r.stdout));
        for (const p of measured) {
          for (const f of figures(p)) {
            if (!f.count && Math.abs(f.value) < 1e-11) continue;
            const tol = f.count ? 0 : 0.01 * Math.abs(f.value);
            expect(
              numbers.some((n) => Math.abs(n - f.value) <= tol),
              `${f.value} of "${p.slice(0, 160)}…" is not printed by the page's commands`,
            ).toBe(true);
          }
        }
      });
    }
  });
}

describe("links between the pages", () => {
  it("every relative link of README.md and docs/ points at a file that exists", () => {
    const broken: string[] = [];
    for (const page of PAGES) {
      const text = readFileSync(join(ROOT, page), "utf8");
      for (const m of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = m[1];
        if (/^[a-z]+:/.test(target)) continue;
        if (!existsSync(resolve(ROOT, dirname(page), target))) broken.push(`${page} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("nothing points outside the repository", () => {
    for (const page of PAGES) {
      const text = readFileSync(join(ROOT, page), "utf8");
      expect(text, page).not.toMatch(/\.\.\/shared|BENCHMARKS\.md|EXACT\.md/);
    }
  });
});

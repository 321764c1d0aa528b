import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as full from "mathjs/number";
import { describe, expect, it } from "vitest";
import { EXPRESSION_FUNCTIONS } from "../../src/problem/expression.js";
import { formulaMath } from "../../src/problem/formulaMath.js";
import { ROOT, ensureBuilt } from "../package/ensureBuilt.js";

/**
 * src/problem/formulaMath.ts makes a mathjs instance from the factories that formulas need
 * (the parser, the allowed functions, the operators of the number build) so that the built
 * package can load it as one small bundle. The claim to hold: it parses every formula to the
 * same tree and evaluates it to the same number (or the same error) as the whole
 * `mathjs/number`. Compared exactly (Object.is), at points chosen to reach each branch
 * (negative, zero, fractional, large).
 */

/** Each allowed function, called with arguments in and out of its domain. */
const CALLS = EXPRESSION_FUNCTIONS.map((f) =>
  ["atan2", "pow", "min", "max", "hypot"].includes(f) ? `${f}(x, y)` : `${f}(x)`,
);

/** Every operator of mathjs's expression syntax (parse.js), including those the number build lacks. */
const OPERATORS = [
  "x + y", "x - y", "x * y", "x / y", "x ^ y", "x % y", "x mod y", "-x", "+x", "x!",
  "x == y", "x != y", "x < y", "x > y", "x <= y", "x >= y",
  "x and y", "x or y", "x xor y", "not x", "x & y", "x | y", "x ^| y", "~x",
  "x << y", "x >> y", "x >>> y", "x > 0 ? x : -x", "2x y", "x .* y", "x ./ y", "x .^ y",
  "x'", "x ?? y", "(x^2 - 1)^2 + 3 exp(-(x^2 + y^2)) / (1 + y^2)", "x to y",
]; // prettier-ignore

const POINTS: [number, number][] = [
  [0, 0],
  [-1.5, 2],
  [0.3, -0.7],
  [3, 4],
  [1e3, -2.5],
  [7, 2],
];

type Outcome = { value: unknown } | { error: string };

function evaluateWith(
  parse: (text: string) => full.MathNode,
  text: string,
  x: number,
  y: number,
): Outcome {
  try {
    return { value: parse(text).compile().evaluate({ x, y }) as unknown };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe("formulaMath: the mathjs subset behind spec formulas", () => {
  it("parses every function call and operator to the same tree as mathjs/number", () => {
    for (const text of [...CALLS, ...OPERATORS, "2x", "1e-3*x", ")", "x ==", "1e", "f(x)=x"]) {
      const tree = (p: (t: string) => full.MathNode): string => {
        try {
          const node = p(text);
          return `${node.toString()} ${JSON.stringify(node)}`;
        } catch (err) {
          return `error ${(err as Error).message}`;
        }
      };
      expect(tree(formulaMath.parse), text).toBe(tree(full.parse));
    }
  });

  it("evaluates them to the same numbers (or the same error) at every test point", () => {
    let numbers = 0;
    for (const text of [...CALLS, ...OPERATORS]) {
      for (const [x, y] of POINTS) {
        const mine = evaluateWith(formulaMath.parse, text, x, y);
        const theirs = evaluateWith(full.parse, text, x, y);
        expect(mine, `${text} at (${x}, ${y})`).toEqual(theirs);
        if ("value" in mine && typeof mine.value === "number") {
          expect(Object.is(mine.value, (theirs as { value: number }).value)).toBe(true);
          numbers++;
        }
      }
    }
    // Most pairs are real numbers: the comparison is not one of errors only.
    expect(numbers).toBeGreaterThan(0.6 * (CALLS.length + OPERATORS.length) * POINTS.length);
  });

  it("is one self-contained module in the built package (what makes it load fast)", async () => {
    await ensureBuilt();
    const file = join(ROOT, "dist", "problem", "formulaMath.js");
    const source = readFileSync(file, "utf8");
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\bfrom\s*["']mathjs/);
    const built = (await import(
      pathToFileURL(file).href
    )) as typeof import("../../src/problem/formulaMath.js");
    const text = "exp(-(x^2 + y^2)) * sin(3x)";
    expect(built.parse(text).compile().evaluate({ x: 0.3, y: -1 })).toBe(
      full.parse(text).compile().evaluate({ x: 0.3, y: -1 }),
    );
  }, 300_000);
});

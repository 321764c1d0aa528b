import type { MathNode } from "mathjs/number";
import { parse } from "./formulaMath.js";
import { InputError } from "../errors.js";

/**
 * User formulas in a spec ("(x^2 - 1)^2", "exp(-(x^2 + y^2))"), parsed by mathjs into an
 * expression tree and compiled to a function of the cell coordinates; user text is never
 * evaluated as JavaScript. Only the coordinates, the named parameters and a fixed list of
 * elementary functions and constants may appear: anything else is refused with the JSON
 * path of the formula and the character position.
 */

/** Functions a formula may call (mathjs semantics; ^ is the power). */
export const EXPRESSION_FUNCTIONS = [
  "abs", "sqrt", "cbrt", "exp", "log", "log10", "log2", "log1p", "expm1",
  "sin", "cos", "tan", "asin", "acos", "atan", "atan2",
  "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
  "min", "max", "pow", "sign", "floor", "ceil", "round", "erf", "hypot",
] as const; // prettier-ignore

/** Constants a formula may use. */
export const EXPRESSION_CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };

/** Coordinate names per dimension. */
export const COORDINATES = ["x", "y", "z"] as const;

const FUNCTIONS = new Set<string>(EXPRESSION_FUNCTIONS);

/**
 * Parses and checks `text` (at JSON path `path`) as a formula in the given variables.
 * Throws an InputError naming the path, the position and what is allowed.
 */
export function checkExpression(
  text: string,
  variables: readonly string[],
  path: string,
): MathNode {
  if (typeof text !== "string" || text.trim() === "") {
    throw new InputError(path, `must be a non-empty formula in ${variables.join(", ")}`);
  }
  let node: MathNode;
  try {
    node = parse(text);
  } catch (err) {
    const char = (err as { char?: number }).char;
    const where = typeof char === "number" ? ` at character ${char}` : "";
    const msg = String((err as Error).message).replace(/\s*\(char \d+\)$/, "");
    throw new InputError(path, `syntax error${where} in '${text}': ${msg}`);
  }
  const allowed = new Set([...variables, ...Object.keys(EXPRESSION_CONSTANTS)]);
  node.traverse((child, childPath) => {
    const type = child.type;
    if (type === "SymbolNode") {
      const name = (child as unknown as { name: string }).name;
      if (childPath === "fn") {
        if (!FUNCTIONS.has(name)) {
          throw new InputError(
            path,
            `unknown function '${name}' at character ${positionOf(text, name)} in '${text}'; ` +
              `allowed: ${EXPRESSION_FUNCTIONS.join(", ")}`,
          );
        }
      } else if (!allowed.has(name)) {
        throw new InputError(
          path,
          `unknown variable '${name}' at character ${positionOf(text, name)} in '${text}'; ` +
            `allowed: ${[...allowed].join(", ")}`,
        );
      }
    } else if (
      ![
        "ConstantNode",
        "OperatorNode",
        "ParenthesisNode",
        "FunctionNode",
        "ConditionalNode",
      ].includes(type)
    ) {
      throw new InputError(path, `'${text}' uses a ${type}, which a formula may not contain`);
    }
  });
  return node;
}

/** 1-based character position of the first whole-word occurrence of `name` in `text`. */
function positionOf(text: string, name: string): number {
  const m = new RegExp(`(^|[^A-Za-z0-9_])${name.replace(/[$]/g, "\\$")}(?![A-Za-z0-9_])`).exec(
    text,
  );
  return m ? m.index + m[1].length + 1 : 1;
}

/**
 * Compiles a checked formula into f(x) of a point x (coordinates x, y, z in that order),
 * with extra named parameters fixed. A non-real or non-finite value is an InputError
 * naming the path and the point.
 */
export function compileExpression(
  text: string,
  dim: number,
  path: string,
  parameters: Record<string, number> = {},
): (x: ArrayLike<number>) => number {
  const vars = COORDINATES.slice(0, dim);
  const node = checkExpression(text, [...vars, ...Object.keys(parameters)], path);
  const code = node.compile();
  const scope: Record<string, number> = { ...EXPRESSION_CONSTANTS, ...parameters };
  return (x) => {
    for (let a = 0; a < dim; a++) scope[vars[a]] = x[a];
    const v: unknown = code.evaluate(scope);
    if (typeof v !== "number" || Number.isNaN(v)) {
      const at = vars.map((n, a) => `${n} = ${x[a]}`).join(", ");
      throw new InputError(path, `'${text}' is not a real number at ${at} (got ${String(v)})`);
    }
    return v;
  };
}

import { readFileSync } from "node:fs";
import { InputError } from "../errors.js";

/**
 * Reads a JSON file given by a user (a problem spec, a density file). A missing or
 * unreadable file and a syntax error are InputErrors naming the file; a syntax error also
 * gives the line and column (1-based) where the parser stopped.
 */
export function readJsonFile(path: string, what = "file"): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a directory, not a file"
          : code === "EACCES"
            ? "permission denied"
            : String((err as Error).message);
    throw new InputError(path, `cannot read the ${what}: ${why}`);
  }
  return parseJsonText(text, path);
}

/** Parses JSON text; a syntax error is an InputError `<source>:<line>:<col>: …`. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const msg = String((err as Error).message);
    const m = /at position (\d+)/.exec(msg);
    // "Unexpected end of JSON input" carries no position: the parser stopped at the end.
    const pos = m ? Number(m[1]) : text.length;
    const { line, column } = lineColumn(text, pos);
    const reason = msg
      .replace(/\s*in JSON at position \d+.*$/s, "")
      .replace(/\s*\(line \d+ column \d+\)/, "")
      .replace(/^Unexpected end of JSON input$/, "unexpected end of the file");
    throw new InputError(`${source}:${line}:${column}`, `invalid JSON: ${reason}`);
  }
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < Math.min(pos, text.length); i++) {
    if (text[i] === "\n") {
      line++;
      start = i + 1;
    }
  }
  return { line, column: pos - start + 1 };
}

import { spawnSync } from "node:child_process";
import { basename, extname } from "node:path";
import { InputError } from "../errors.js";

/**
 * A scenario script (scenarios/<name>.ts, or a .ts/.mts/.js/.mjs file given by path) that
 * fails to load, as one InputError line instead of an internal error with a stack trace:
 *
 * - a syntax error names the file, the line and the column (1-based) and what the parser
 *   said: `broken.ts:4:23: syntax error: Unexpected ";"`. The position comes from whichever
 *   transformer loaded the file — esbuild through tsx (the CLI: "file:4:22: ERROR: …", column
 *   0-based), Vite/oxc under vitest ("[PARSE_ERROR] …" and "file:4:23", 1-based), Rolldown
 *   ("At file: file:1:10", 0-based) — or, for a plain JavaScript file that Node itself refused
 *   without a position, from `node --check file`;
 * - an InputError raised while the script runs (an invalid spec passed to specScenario) is
 *   prefixed with the file.
 * Any other error (a bug in the script's own code) is left to the caller (null).
 */
export function scriptLoadError(err: unknown, file: string, where: string): InputError | null {
  if (err instanceof InputError) return new InputError(where, err.message);
  if (!(err instanceof Error)) return null;
  // eslint-disable-next-line no-control-regex
  const text = `${err.message}\n${err.stack ?? ""}`.replace(/\u001b\[[0-9;]*m/g, "");
  const syntax =
    err.name === "SyntaxError" ||
    /Transform failed|Parse failure|\[PARSE_ERROR\]|: ERROR: /.test(text);
  if (!syntax) return null;
  const at = (line: number, column?: number): string =>
    `${where}:${line}${column !== undefined ? `:${column}` : ""}`;
  const firstLine = (s: string): string => s.split("\n")[0].trim();

  // esbuild (tsx): "<file>:4:22: ERROR: Unexpected ";"" — column 0-based.
  const esbuild = /:(\d+):(\d+): ERROR: (.+)/.exec(text);
  if (esbuild) {
    return new InputError(at(+esbuild[1], +esbuild[2] + 1), `syntax error: ${esbuild[3].trim()}`);
  }
  // Rolldown: "Parse failed with 1 error:\n<what>\n…At file: <file>:1:10" — column 0-based.
  const rolldown = /Parse failed with \d+ errors?:\n(.+)[\s\S]*?At file: .*:(\d+):(\d+)/.exec(text);
  if (rolldown) {
    return new InputError(
      at(+rolldown[2], +rolldown[3] + 1),
      `syntax error: ${rolldown[1].trim()}`,
    );
  }
  // Vite/oxc: "[PARSE_ERROR] <what>" and "╭─[ <relative file>:4:23 ]" — 1-based.
  const oxc = /\[PARSE_ERROR\]\s*(.+)/.exec(text);
  const name = basename(file).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pos = new RegExp(`${name}:(\\d+)(?::(\\d+))?`).exec(text);
  if (oxc && pos) {
    const column = pos[2] !== undefined ? +pos[2] : undefined;
    return new InputError(at(+pos[1], column), `syntax error: ${oxc[1].trim()}`);
  }
  if (pos) {
    const column = pos[2] !== undefined ? +pos[2] : undefined;
    return new InputError(at(+pos[1], column), `syntax error: ${firstLine(err.message)}`);
  }
  // Node's own SyntaxError carries no position: ask `node --check` (JavaScript files only).
  if (/^\.(c|m)?js$/.test(extname(file))) {
    const check = spawnSync(process.execPath, ["--check", file], {
      encoding: "utf8",
      timeout: 10_000,
    });
    const line = new RegExp(`${name}:(\\d+)`).exec(check.stderr ?? "");
    if (line) return new InputError(at(+line[1]), `syntax error: ${firstLine(err.message)}`);
  }
  return new InputError(where, `syntax error: ${firstLine(err.message)}`);
}

/**
 * JSON paths in messages: `energy[0].m`, `grid.n`. Every validation message of a problem
 * spec starts with the path of the value at fault, so that a user can find it in the file.
 */
export type PathPart = string | number;

/** Joins path parts: ["energy", 0, "m"] → "energy[0].m"; [] → "(spec)". */
export function formatPath(parts: readonly PathPart[]): string {
  let out = "";
  for (const p of parts) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? p : `.${p}`;
  }
  return out === "" ? "(spec)" : out;
}

/** Appends parts to a formatted path ("energy[0]" + "m" → "energy[0].m"). */
export function joinPath(base: string, ...parts: PathPart[]): string {
  const rest = formatPath(parts);
  if (base === "(spec)" || base === "") return rest;
  if (parts.length === 0) return base;
  return rest.startsWith("[") ? base + rest : `${base}.${rest}`;
}

/** "1 entry", "3 entries". */
export function entries(n: number): string {
  return `${n} entr${n === 1 ? "y" : "ies"}`;
}

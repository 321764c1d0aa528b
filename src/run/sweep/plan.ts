import { parseSetValue } from "../setOverrides.js";
import type { Variation } from "./variations.js";

/**
 * The points of a sweep: the Cartesian product of its variations, in the order given (the
 * first `--vary` changes slowest), each with the `--set` arguments that make it and the name
 * of its folder.
 *
 * **grid.n.** A number given to `grid.n` sets every axis, as `--n` does: `--vary
 * grid.n=64,128` on a 2D spec runs [64, 64] and [128, 128]; a list sets the axes one by one.
 *
 * **Labels** name the point's folder <sweep>/points/<label>/: `<key>-<value>` per variation,
 * joined by `_`, e.g. `n-64_flux-fv2`. The key is the last field name of the path (the whole
 * path when two variations end in the same name); the value is its text with lists joined by
 * `x` (`64x32`) and every character other than letters, digits, `.`, `+` and `-` replaced by
 * `_`, cut at 40 characters. Labels that still coincide get `-2`, `-3`, … in plan order. A
 * label depends only on the variations, so a sweep re-run with the same arguments finds its
 * points again.
 */

/** One point of a sweep. */
export interface SweepPoint {
  /** Position in the plan (0-based). */
  index: number;
  /** Folder name under <sweep>/points/. */
  label: string;
  /** The value of each variation (in the order of the variations), as run. */
  values: unknown[];
  /** Each value's text as typed. */
  texts: string[];
  /** The point's `--set` arguments, one per variation: `grid.n=[64,64]`, `scheme.flux=fv2`. */
  sets: string[];
}

/** The value as a `--set` argument's value: a string that is not JSON as is, else JSON. */
export function setValueText(value: unknown): string {
  if (typeof value === "string" && parseSetValue(value) === value) return value;
  return JSON.stringify(value);
}

/** The value a variation gives the spec: a number for grid.n becomes one per axis. */
function specValue(v: Variation, value: unknown, gridDim: number): unknown {
  const isGridN = v.path.length === 2 && v.path[0] === "grid" && v.path[1] === "n";
  return isGridN && typeof value === "number" ? new Array<number>(gridDim).fill(value) : value;
}

/** The label key of each variation (see the module comment). */
function labelKeys(variations: readonly Variation[]): string[] {
  const last = variations.map((v) => {
    const names = v.path.filter((p): p is string => typeof p === "string");
    return names[names.length - 1];
  });
  return variations.map((v, i) =>
    last.indexOf(last[i]) !== last.lastIndexOf(last[i]) ? clean(v.pathText) : clean(last[i]),
  );
}

function clean(text: string): string {
  return text
    .replace(/[^A-Za-z0-9.+-]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40);
}

/** A value's text in a label. */
function labelValue(value: unknown, text: string): string {
  if (Array.isArray(value) && value.every((x) => typeof x === "number" || typeof x === "string")) {
    return clean(value.join("x"));
  }
  return clean(text);
}

/**
 * The product of the variations. `gridDim` is the number of axes of the spec's grid (for
 * a number given to grid.n).
 */
export function planPoints(variations: readonly Variation[], gridDim: number): SweepPoint[] {
  const keys = labelKeys(variations);
  let combos: number[][] = [[]];
  for (const v of variations) {
    combos = combos.flatMap((c) => v.values.map((_, j) => [...c, j]));
  }
  const taken = new Set<string>();
  return combos.map((c, index) => {
    const values = c.map((j, k) => specValue(variations[k], variations[k].values[j], gridDim));
    const texts = c.map((j, k) => variations[k].texts[j]);
    const base = c
      .map((j, k) => {
        const value = labelValue(variations[k].values[j], texts[k]);
        return `${keys[k]}-${value === "" ? `v${j + 1}` : value}`;
      })
      .join("_");
    let label = base;
    for (let k = 2; taken.has(label); k++) label = `${base}-${k}`;
    taken.add(label);
    return {
      index,
      label,
      values,
      texts,
      sets: values.map((value, k) => `${variations[k].pathText}=${setValueText(value)}`),
    };
  });
}

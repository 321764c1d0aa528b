import type { PlotSpec } from "./runPlots.js";

/**
 * Compact embedding of figure data in an HTML page (reports must work from file://, where a
 * page cannot fetch the run's JSON files, so the data travels inside the page):
 *
 * - the x and y arrays of traces are quantised to two bytes per value over the range they
 *   span — on a log axis the range of log₁₀ v — (value = lo + k·d, or 10^(lo + k·d) on a log
 *   axis; k = 0…65534, 65535 = missing: a resolution of 1.5·10⁻⁵ of the range, finer than a
 *   plot shows), base64-encoded, and stored once in a shared table even when several traces
 *   or animation frames use them (`{"$a": k}` refers to entry k:
 *   `{"$u": base64, "lo": lo, "d": d, "log": 0 | 1}`);
 * - heatmap matrices z are quantised to one byte per cell (`{"$q": base64, lo, d, w}`,
 *   value = lo + k·d, k = 0…254, 255 = missing; 255 levels, finer than a colour scale shows;
 *   when the values change sign, lo = −max|z| and k = 127 is exactly 0), shared the same way
 *   (a figure's initial data repeat its last animation frame).
 *
 * `UNPACK_JS` is the browser side (`mfUnpack(value, table)`), kept as source text so that
 * exactly what the page runs is what test/report/packPlots.test.ts checks.
 */

export interface PackedFigures {
  /** The figures with large arrays replaced by references and quantised matrices. */
  figures: unknown[];
  /** Shared numeric arrays and matrices, quantised (see the module comment). */
  arrays: (
    | { $u: string; lo: number; d: number; log: 0 | 1 }
    | { $q: string; lo: number; d: number; w: number }
  )[];
}

/** Arrays shorter than this are left inline (unchanged). */
const MIN_SHARED = 8;

export function packFigures(plots: PlotSpec[]): PackedFigures {
  const arrays: PackedFigures["arrays"] = [];
  const index = new Map<string, number>();
  const share = (values: readonly (number | null)[], log: boolean): unknown => {
    if (values.length < MIN_SHARED) return values;
    const q = quantise16(values, log);
    const key = `${q.$u}|${q.lo}|${q.d}|${q.log}`;
    let k = index.get(key);
    if (k === undefined) {
      k = arrays.length;
      arrays.push(q);
      index.set(key, k);
    }
    return { $a: k };
  };
  const shareMatrix = (z: (number | null)[][]): unknown => {
    const q = quantise(z);
    if (Array.isArray(q)) return q;
    const key = JSON.stringify(q);
    let k = index.get(key);
    if (k === undefined) {
      k = arrays.length;
      arrays.push(q as PackedFigures["arrays"][number]);
      index.set(key, k);
    }
    return { $a: k };
  };
  const figures = plots.map((p) => {
    const logAxes = new Set<string>();
    for (const [k, v] of Object.entries(p.layout)) {
      const m = /^([xy])axis(\d*)$/.exec(k);
      if (m && (v as { type?: string } | null)?.type === "log") logAxes.add(`${m[1]}${m[2]}`);
    }
    const packTrace = (trace: Record<string, unknown>, base: Record<string, unknown>) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(trace)) {
        if ((k === "x" || k === "y") && isNumeric(v)) {
          const ax = String(base[`${k}axis`] ?? k);
          out[k] = share(v, logAxes.has(ax));
        } else if (k === "z" && isMatrix(v)) {
          out[k] = shareMatrix(v);
        } else {
          out[k] = v;
        }
      }
      return out;
    };
    return {
      ...p,
      data: p.data.map((d) => packTrace(d, d)),
      ...(p.frames
        ? {
            frames: p.frames.map((f) => ({
              ...f,
              data: f.data.map((d, i) => packTrace(d, p.data[f.traces[i]] ?? {})),
            })),
          }
        : {}),
    };
  });
  return { figures, arrays };
}

function isNumeric(v: unknown): v is (number | null)[] {
  return Array.isArray(v) && v.every((x) => x === null || typeof x === "number");
}

function isMatrix(v: unknown): v is (number | null)[][] {
  return Array.isArray(v) && v.length > 0 && v.every(isNumeric);
}

/** Two bytes per value over the values' range, or that of log₁₀ v for a log axis. */
export function quantise16(
  values: readonly (number | null)[],
  log: boolean,
): { $u: string; lo: number; d: number; log: 0 | 1 } {
  const vals = values.map((v) =>
    v === null || !Number.isFinite(v) || (log && v <= 0) ? null : log ? Math.log10(v) : v,
  );
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of vals) {
    if (v === null) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) {
    lo = 0;
    hi = 0;
  }
  const d = (hi - lo) / 65534;
  const bytes = new Uint8Array(2 * vals.length);
  vals.forEach((v, i) => {
    const k = v === null ? 65535 : d > 0 ? Math.min(65534, Math.round((v - lo) / d)) : 0;
    bytes[2 * i] = k & 255;
    bytes[2 * i + 1] = k >> 8;
  });
  return { $u: Buffer.from(bytes).toString("base64"), lo, d, log: log ? 1 : 0 };
}

/** One byte per value (see the module comment). */
export function quantise(z: (number | null)[][]): unknown {
  const w = z[0].length;
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of z)
    for (const v of row) {
      if (v === null || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (!(lo <= hi) || z.some((row) => row.length !== w)) return z;
  let d = (hi - lo) / 254;
  if (lo < 0 && hi > 0) {
    const m = Math.max(-lo, hi);
    lo = -m;
    d = m / 127;
  }
  const bytes = new Uint8Array(w * z.length);
  let k = 0;
  for (const row of z)
    for (const v of row) {
      bytes[k++] =
        v === null || !Number.isFinite(v)
          ? 255
          : d > 0
            ? Math.min(254, Math.round((v - lo) / d))
            : 0;
    }
  return { $q: Buffer.from(bytes).toString("base64"), lo, d, w };
}

/** Browser code: `mfUnpack(value, table)` undoes packFigures (returns fresh arrays). */
export const UNPACK_JS = String.raw`function mfUnpack(v, table) {
  if (Array.isArray(v)) return v.map(function (x) { return mfUnpack(x, table); });
  if (v === null || typeof v !== "object") return v;
  if (typeof v.$a === "number") return mfUnpack(table[v.$a], table);
  if (typeof v.$u === "string") {
    var s = atob(v.$u), out = new Array(s.length >> 1), k, x;
    for (var j = 0; j < out.length; j++) {
      k = s.charCodeAt(2 * j) | (s.charCodeAt(2 * j + 1) << 8);
      x = v.lo + k * v.d;
      out[j] = k === 65535 ? null : v.log ? Math.pow(10, x) : x;
    }
    return out;
  }
  if (typeof v.$q === "string") {
    var bin = atob(v.$q), rows = [], row, k, b;
    for (var i = 0; i < bin.length; i += v.w) {
      row = new Array(v.w);
      for (k = 0; k < v.w; k++) {
        b = bin.charCodeAt(i + k);
        row[k] = b === 255 ? null : v.lo + b * v.d;
      }
      rows.push(row);
    }
    return rows;
  }
  var o = {};
  for (var key in v) o[key] = mfUnpack(v[key], table);
  return o;
}`;

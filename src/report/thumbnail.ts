import { deflateSync } from "node:zlib";
import type { PlaneView, SnapshotFile } from "../io/runFormats.js";
import { escapeHtml } from "./html.js";
import { viridisRgb } from "./runPlots.js";

/**
 * Gallery thumbnails drawn from a run's last snapshot view, inline in the page (no image
 * files, no rendering dependency): 1D — an SVG of the density profile (solid) over the exact
 * solution (dashed grey); 2D/3D — a small PNG heatmap (viridis, first plane: the whole field
 * in 2D, the central xy plane in 3D) as a data: URI, written by the minimal encoder below.
 */

/** Size of the thumbnail box in CSS pixels. */
export const THUMB_W = 96;
export const THUMB_H = 56;

/** The thumbnail's HTML (an <svg> or an <img>), or "" when the snapshot has nothing to draw. */
export function thumbnailHtml(snap: SnapshotFile, alt: string): string {
  if (snap.dim === 1) return profileSvg(snap, alt);
  const plane = snap.planes[0];
  return plane ? planeImg(plane, alt) : "";
}

function profileSvg(snap: SnapshotFile, alt: string): string {
  const line = snap.lines[0];
  if (!line || line.x.length < 2) return "";
  const ys = [...line.density, ...(line.exact ?? [])].filter(Number.isFinite);
  const lo = Math.min(0, ...ys);
  const hi = Math.max(...ys);
  const x0 = line.x[0];
  const x1 = line.x[line.x.length - 1];
  const pad = 3;
  const sx = (x: number): number => pad + ((x - x0) / (x1 - x0 || 1)) * (THUMB_W - 2 * pad);
  const sy = (y: number): number =>
    THUMB_H - pad - ((y - lo) / (hi - lo || 1)) * (THUMB_H - 2 * pad);
  // At most ~2 points per pixel: the path stays small whatever the grid.
  const step = Math.max(1, Math.floor(line.x.length / (2 * THUMB_W)));
  const path = (ys: number[]): string => {
    const pts: string[] = [];
    for (let i = 0; i < ys.length; i += step) {
      if (Number.isFinite(ys[i])) pts.push(`${sx(line.x[i]).toFixed(1)},${sy(ys[i]).toFixed(1)}`);
    }
    return pts.join(" ");
  };
  const exact = line.exact
    ? `<polyline points="${path(line.exact)}" fill="none" stroke="#8a93a3" stroke-width="1.2" stroke-dasharray="3 2"/>`
    : "";
  return `<svg class="thumb" viewBox="0 0 ${THUMB_W} ${THUMB_H}" width="${THUMB_W}" height="${THUMB_H}" role="img" aria-label="${escapeHtml(alt)}"><title>${escapeHtml(alt)}</title>${exact}<polyline points="${path(line.density)}" fill="none" stroke="#1f5fbf" stroke-width="1.6"/></svg>`;
}

/** Most pixels per side of a heatmap thumbnail (block-averaged down from the view). */
const MAX_PIXELS = 40;

function planeImg(p: PlaneView, alt: string): string {
  const na = p.xa.length;
  const nb = p.xb.length;
  const f = Math.max(1, Math.ceil(Math.max(na, nb) / MAX_PIXELS));
  const w = Math.ceil(na / f);
  const h = Math.ceil(nb / f);
  const v = new Float64Array(w * h);
  let max = 0;
  let min = Infinity;
  for (let I = 0; I < w; I++)
    for (let J = 0; J < h; J++) {
      let s = 0;
      let c = 0;
      for (let i = I * f; i < Math.min(na, I * f + f); i++)
        for (let j = J * f; j < Math.min(nb, J * f + f); j++) {
          const x = p.density[i * nb + j];
          if (Number.isFinite(x)) {
            s += x;
            c++;
          }
        }
      const a = c ? s / c : 0;
      // Image rows run downwards: row 0 is the largest second coordinate.
      v[(h - 1 - J) * w + I] = a;
      max = Math.max(max, a);
      min = Math.min(min, a);
    }
  const lo = Math.min(0, min);
  const rgb = new Uint8Array(w * h * 3);
  for (let k = 0; k < w * h; k++) {
    const c = viridisRgb(max > lo ? (v[k] - lo) / (max - lo) : 0);
    rgb.set(c, 3 * k);
  }
  const uri = `data:image/png;base64,${encodePng(w, h, rgb).toString("base64")}`;
  return `<img class="thumb" src="${uri}" width="${THUMB_W}" height="${THUMB_H}" alt="${escapeHtml(alt)}" title="${escapeHtml(alt)}">`;
}

/** CRC-32 (ISO 3309, as PNG chunks use), table-driven. */
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A PNG (8-bit RGB, no interlace) of w × h pixels, rgb row-major top row first
 * (PNG specification: signature, IHDR, one zlib IDAT with filter byte 0 per row, IEND).
 */
export function encodePng(w: number, h: number, rgb: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const raw = Buffer.alloc(h * (1 + 3 * w));
  for (let y = 0; y < h; y++) {
    raw[y * (1 + 3 * w)] = 0;
    raw.set(rgb.subarray(3 * w * y, 3 * w * (y + 1)), y * (1 + 3 * w) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

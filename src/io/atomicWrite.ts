import {
  closeSync,
  copyFileSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Atomic file writes: the data goes to a temporary file in the same directory (same file
 * system), is flushed to disk, and is then renamed over the target. A reader sees either
 * the old file or the complete new one, never a partial write; a crash mid-write leaves at
 * most a stray `.<name>.<pid>.<n>.tmp` file (git-ignored), never a truncated target.
 */

let counter = 0;

function tempPathFor(path: string): string {
  counter += 1;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${counter}.tmp`);
}

/** Writes `data` to `path` atomically, creating the parent directories if needed. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  let fd = -1;
  try {
    fd = openSync(tmp, "w");
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let written = 0;
    while (written < bytes.length) {
      written += writeSync(fd, bytes, written, bytes.length - written);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, path);
  } catch (err) {
    if (fd >= 0) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes `value` as JSON atomically. Non-finite numbers become `null` (JSON has no NaN);
 * typed arrays are written as plain arrays.
 */
export function writeJsonAtomic(path: string, value: unknown, indent?: number): void {
  writeFileAtomic(path, JSON.stringify(value, jsonReplacer, indent) + "\n");
}

/** Copies a file atomically (copy to a temporary file next to the target, then rename). */
export function copyFileAtomic(src: string, dest: string): void {
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = tempPathFor(dest);
  try {
    copyFileSync(src, tmp);
    renameSync(tmp, dest);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** JSON replacer turning typed arrays into arrays (JSON.stringify maps NaN/±Inf to null). */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Float64Array || value instanceof Float32Array) return Array.from(value);
  if (value instanceof Int32Array || value instanceof Uint32Array) return Array.from(value);
  return value;
}

import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { endianness } from "node:os";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { writeFileAtomic, writeJsonAtomic } from "../io/atomicWrite.js";
import { DENSITY_ORDER } from "../io/runFiles.js";

/**
 * The full-precision state a run leaves in its folder so that `measureflow resume` can
 * continue it: checkpoint.json (below) and the density it names, checkpoint-NNNNNNNNN.f64, raw
 * little-endian float64 cell averages in DENSITY_ORDER. Both are written atomically, the
 * density first, so checkpoint.json always names a complete file; older density files are
 * removed after it. Written at every output time and where an interrupted run stopped;
 * removed when the run completes.
 *
 * What the state does not hold: the scheme's internal state. The explicit finite-volume
 * schemes have none (the adaptive step is recomputed from ρ alone), so a resumed run is the
 * uninterrupted run bit for bit; the entropic JKO restarts Sinkhorn from zero potentials
 * (the uninterrupted run warm-starts them), so the first resumed step agrees with the
 * uninterrupted one to the Sinkhorn tolerance only.
 */

export const CHECKPOINT_FORMAT = "measureflow-checkpoint/1";
export const CHECKPOINT_FILE = "checkpoint.json";

/** checkpoint.json */
export interface CheckpointFile {
  format: string;
  /** The run's name. */
  name: string;
  /** Time and step count of the state. */
  t: number;
  step: number;
  /** Output times already recorded (snapshots 0 … outputs − 1): the run continues towards outputTimes[outputs]. */
  outputs: number;
  /** The density file, relative to the run folder. */
  file: string;
  cells: number;
  byteOrder: "little-endian";
  order: string;
  /** The spec file the run came from (relative paths in the spec resolve against its folder). */
  source: string | null;
  /** Whether the run writes density.json when it completes (--save-density). */
  saveDensity: boolean;
  writtenAt: string;
}

export type CheckpointInput = Pick<
  CheckpointFile,
  "name" | "t" | "step" | "outputs" | "source" | "saveDensity"
>;

const DENSITY_RE = /^checkpoint-\d+\.f64$/;
const LITTLE = endianness() === "LE";

/** Writes the state ρ and checkpoint.json into `dir` (atomically, density first). */
export function writeCheckpoint(dir: string, c: CheckpointInput, rho: Float64Array): void {
  const file = `checkpoint-${String(c.step).padStart(9, "0")}.f64`;
  const bytes = Buffer.from(rho.buffer, rho.byteOffset, rho.byteLength);
  writeFileAtomic(join(dir, file), LITTLE ? bytes : Buffer.from(bytes).swap64());
  const meta: CheckpointFile = {
    format: CHECKPOINT_FORMAT,
    ...c,
    file,
    cells: rho.length,
    byteOrder: "little-endian",
    order: DENSITY_ORDER,
    writtenAt: new Date().toISOString(),
  };
  writeJsonAtomic(join(dir, CHECKPOINT_FILE), meta, 2);
  for (const f of readdirSync(dir)) {
    if (DENSITY_RE.test(f) && f !== file) rmSync(join(dir, f), { force: true });
  }
}

/** Removes checkpoint.json and its density files from `dir` (nothing if there are none). */
export function removeCheckpoint(dir: string): void {
  rmSync(join(dir, CHECKPOINT_FILE), { force: true });
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no folder: nothing to remove
  }
  for (const f of names) if (DENSITY_RE.test(f)) rmSync(join(dir, f), { force: true });
}

/**
 * Reads the checkpoint of run folder `dir`. A missing or inconsistent checkpoint is an
 * InputError naming the file (`measureflow resume` answers it with exit code 2).
 */
export function readCheckpoint(dir: string): { meta: CheckpointFile; rho: Float64Array } {
  const path = join(dir, CHECKPOINT_FILE);
  if (!existsSync(path)) {
    throw new InputError(
      path,
      "no checkpoint: the run left no state to continue from (it completed, or it stopped before its first output time)",
    );
  }
  let meta: CheckpointFile;
  try {
    meta = JSON.parse(readFileSync(path, "utf8")) as CheckpointFile;
  } catch (err) {
    throw new InputError(path, `unreadable: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (meta.format !== CHECKPOINT_FORMAT) {
    throw new InputError(path, `format must be ${CHECKPOINT_FORMAT}, got ${String(meta.format)}`);
  }
  const densityPath = join(dir, meta.file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(densityPath);
  } catch {
    throw new InputError(densityPath, "missing (named by checkpoint.json)");
  }
  if (bytes.length !== meta.cells * 8) {
    throw new InputError(
      densityPath,
      `holds ${bytes.length} bytes, expected ${meta.cells} cells × 8 bytes = ${meta.cells * 8}`,
    );
  }
  const rho = new Float64Array(meta.cells); // own, aligned memory
  const view = Buffer.from(rho.buffer);
  view.set(bytes);
  if (!LITTLE) view.swap64();
  return { meta, rho };
}

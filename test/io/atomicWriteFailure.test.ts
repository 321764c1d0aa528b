import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

// Simulate a disk that fills up mid-write: writeSync writes half the bytes, then throws.
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  let failing = false;
  return {
    ...fs,
    setFailing: (v: boolean) => (failing = v),
    writeSync: (fd: number, buf: Uint8Array, off: number, len: number) => {
      if (!failing) return fs.writeSync(fd, buf, off, len);
      fs.writeSync(fd, buf, off, Math.floor(len / 2));
      throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
    },
  };
});

const fsMock = (await import("node:fs")) as unknown as { setFailing(v: boolean): void };
const { writeFileAtomic } = await import("../../src/io/atomicWrite.js");

describe("atomic write interrupted mid-file", () => {
  it("never leaves a partial target file or a temporary file", () => {
    const dir = mkdtempSync(join(tmpdir(), "mf-awf-"));
    const path = join(dir, "summary.json");
    writeFileSync(path, '{"status":"ok"}');
    fsMock.setFailing(true);
    try {
      expect(() => writeFileAtomic(path, '{"status":"running","much":"more data"}')).toThrow(
        /ENOSPC/,
      );
    } finally {
      fsMock.setFailing(false);
    }
    expect(readFileSync(path, "utf8")).toBe('{"status":"ok"}');
    expect(readdirSync(dir)).toEqual(["summary.json"]);
    // And a fresh file that fails is not created at all.
    fsMock.setFailing(true);
    try {
      expect(() => writeFileAtomic(join(dir, "new.json"), "abc")).toThrow(/ENOSPC/);
    } finally {
      fsMock.setFailing(false);
    }
    expect(readdirSync(dir)).toEqual(["summary.json"]);
    rmSync(dir, { recursive: true, force: true });
  });
});

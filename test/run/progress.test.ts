import { describe, expect, it } from "vitest";
import { formatProgress, ProgressDisplay } from "../../src/run/progress.js";
import type { ProgressInfo } from "../../src/run/simulate.js";

const info = (fraction: number, elapsedSeconds: number, done = false): ProgressInfo => ({
  t: fraction * 2,
  tEnd: 2,
  step: Math.round(fraction * 1000),
  dt: 0.002,
  fraction,
  elapsedSeconds,
  done,
});

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 80, write: (s: string) => chunks.push(s) } };
}

describe("progress display", () => {
  it("formats a line with bar, percentage, time, steps and ETA", () => {
    const line = formatProgress("heat-2d", info(0.5, 2), 80);
    expect(line).toMatch(/^heat-2d \[█+░+\] /);
    expect(line.endsWith("]  50%  t=1/2  steps=500  2.0 s  ETA 2.0 s")).toBe(true);
    expect(line.length).toBeLessThan(80);
    expect(formatProgress("x", info(1, 61), 0)).toBe("x: 100%  t=2/2  steps=1000  1 min 1 s");
  });

  it("on a TTY draws nothing for short runs, then a bar, and erases it at the end", () => {
    const { chunks, stream } = sink(true);
    const d = new ProgressDisplay({ label: "run", stream });
    d.update(info(0.3, 0.5));
    expect(chunks).toEqual([]);
    d.update(info(0.6, 1.2));
    expect(chunks[0].startsWith("\r\x1b[2Krun [")).toBe(true);
    d.update(info(1, 2, true));
    expect(chunks[chunks.length - 1]).toBe("\r\x1b[2K");
  });

  it("elsewhere prints a plain line per quarter, only once the run is long", () => {
    const { chunks, stream } = sink(false);
    const d = new ProgressDisplay({ label: "run", stream });
    d.update(info(0.3, 0.5)); // first quarter passed, but the run is still short
    d.update(info(0.55, 1.1));
    d.update(info(0.6, 1.2));
    d.update(info(0.8, 1.6));
    d.update(info(1, 2));
    d.update(info(1, 2, true));
    expect(chunks.map((c) => c.slice(0, 9))).toEqual(["run:  55%", "run:  80%", "run: 100%"]);
    expect(chunks.every((c) => c.endsWith("\n") && !c.includes("\x1b"))).toBe(true);

    const quick = sink(false);
    const q = new ProgressDisplay({ label: "q", stream: quick.stream });
    for (const f of [0.25, 0.5, 0.75, 1]) q.update(info(f, 0.1));
    q.update(info(1, 0.1, true));
    expect(quick.chunks).toEqual([]);
  });
});

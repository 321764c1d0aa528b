import type { ProgressInfo } from "./simulate.js";

/** The part of a writable stream the progress display needs (process.stderr fits). */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressDisplayOptions {
  /** Label shown before the bar, e.g. the scenario name. */
  label: string;
  stream?: ProgressStream;
  /** Show nothing for runs shorter than this (seconds, default 1). */
  minSeconds?: number;
  /** Force TTY mode on or off (default: stream.isTTY). */
  tty?: boolean;
}

/**
 * Progress display for a run on stderr. On a TTY: a one-line bar redrawn in place,
 * `heat-2d [██████░░░░░░]  52%  t=0.26/0.5  steps=1234  2.1 s  ETA 1.9 s`, shown only once
 * the run has lasted `minSeconds`, and erased when the run ends. Elsewhere (a log file, CI):
 * a plain line at each quarter of the run, again only for runs longer than `minSeconds`.
 */
export class ProgressDisplay {
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly minSeconds: number;
  private drawn = false;
  private nextQuarter = 1;

  constructor(private readonly options: ProgressDisplayOptions) {
    this.stream = options.stream ?? process.stderr;
    this.tty = options.tty ?? Boolean(this.stream.isTTY);
    this.minSeconds = options.minSeconds ?? 1;
  }

  /** Pass this as simulate's onProgress. */
  readonly update = (p: ProgressInfo): void => {
    if (this.tty) this.updateTty(p);
    else this.updatePlain(p);
  };

  private updateTty(p: ProgressInfo): void {
    if (p.done) {
      if (this.drawn) this.stream.write("\r\x1b[2K");
      this.drawn = false;
      return;
    }
    if (p.elapsedSeconds < this.minSeconds) return;
    const width = Math.max(40, Math.min(this.stream.columns ?? 80, 120));
    const text = formatProgress(this.options.label, p, width);
    this.stream.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }

  private updatePlain(p: ProgressInfo): void {
    const quarter = Math.floor(Math.min(1, p.fraction) * 4);
    const crossed = quarter >= this.nextQuarter;
    if (crossed) this.nextQuarter = quarter + 1;
    // A quarter line once the run has lasted minSeconds; and where a long run stopped early.
    const show = crossed
      ? p.elapsedSeconds >= this.minSeconds
      : p.done && this.drawn && this.nextQuarter <= 4;
    if (!show) return;
    this.stream.write(`${formatProgress(this.options.label, p, 0)}\n`);
    this.drawn = true;
  }
}

/**
 * One progress line: label, bar (when width > 0), percentage, time, steps, elapsed, ETA.
 * The ETA assumes the remaining simulated time costs as much wall time per unit as the past.
 */
export function formatProgress(label: string, p: ProgressInfo, width: number): string {
  const pct = `${(100 * Math.min(1, p.fraction)).toFixed(0).padStart(3)}%`;
  const eta =
    p.fraction > 0 && p.fraction < 1
      ? `  ETA ${seconds((p.elapsedSeconds * (1 - p.fraction)) / p.fraction)}`
      : "";
  const tail = `${pct}  t=${short(p.t)}/${short(p.tEnd)}  steps=${p.step}  ${seconds(p.elapsedSeconds)}${eta}`;
  if (width <= 0) return `${label}: ${tail}`;
  const barWidth = Math.max(10, width - label.length - tail.length - 6);
  const filled = Math.round(barWidth * Math.min(1, p.fraction));
  const bar = "█".repeat(filled) + "░".repeat(barWidth - filled);
  return `${label} [${bar}] ${tail}`.slice(0, width - 1);
}

function short(v: number): string {
  return Number(v.toPrecision(4)).toString();
}

function seconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - 60 * m)} s`;
}

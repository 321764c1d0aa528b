/** Output-time grids. */

/**
 * `count` output times from 0 to tEnd, geometrically spaced (each gap twice the previous),
 * for flows whose interesting dynamics are early and whose approach to the steady state
 * is slow.
 */
export function geometricTimes(tEnd: number, count: number): number[] {
  const k = Math.max(2, Math.floor(count));
  const denom = 2 ** (k - 1) - 1;
  const times = Array.from({ length: k }, (_, i) => (tEnd * (2 ** i - 1)) / denom);
  times[k - 1] = tEnd;
  return times;
}

/** `count` equally spaced output times from 0 to tEnd. */
export function linearTimes(tEnd: number, count: number): number[] {
  const k = Math.max(2, Math.floor(count));
  return Array.from({ length: k }, (_, i) => (i === k - 1 ? tEnd : (tEnd * i) / (k - 1)));
}

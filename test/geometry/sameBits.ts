import { expect } from "vitest";

/** Every entry equal bit for bit (Object.is: even the sign of zeros); reports the first index. */
export function expectSameBits(actual: Float64Array, expected: Float64Array, label = ""): void {
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      expect(`${label}${i}: ${actual[i]}`).toBe(`${label}${i}: ${expected[i]}`);
    }
  }
}

/**
 * dρ/dt of a compact sweep against a reference: on every cell with `zeroOutside`, else on the
 * active columns [active[2i], active[2i + 1]] of each row only (outside them `out` is
 * unspecified), bit for bit.
 */
export function expectSameOnActive(
  out: Float64Array,
  ref: Float64Array,
  active: Int32Array,
  n1: number,
  zeroOutside: boolean,
): void {
  if (zeroOutside) {
    expectSameBits(out, ref);
    return;
  }
  for (let i = 0; i < active.length / 2; i++) {
    for (let j = active[2 * i]; j <= active[2 * i + 1]; j++) {
      expect(Object.is(out[i * n1 + j], ref[i * n1 + j])).toBe(true);
    }
  }
}

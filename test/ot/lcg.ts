/**
 * A seeded uniform generator on [0, 1) for reproducible test inputs: the linear congruential
 * step s ← (1664525 s + 1013904223) mod 2³² (Numerical Recipes), s/2³² returned.
 */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (1664525 * s + 1013904223) >>> 0) / 2 ** 32;
}

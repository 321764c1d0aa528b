/** max_i |a_i − b_i| / max_i |b_i|: the difference relative to the reference's scale. */
export function relMaxError(a: Float64Array, b: Float64Array): number {
  let e = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    e = Math.max(e, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return e / m;
}

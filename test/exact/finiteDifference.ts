/**
 * Test helpers: fourth-order central differences, so that finite-difference checks of closed
 * forms are limited by rounding (≈ ε·|f|/δ) rather than by an O(δ²) truncation whose constant
 * would have to be estimated for each formula.
 */

/** f'(t) ≈ [8(f(t+δ) − f(t−δ)) − (f(t+2δ) − f(t−2δ))]/(12δ), error δ⁴f⁽⁵⁾/30. */
export function derivative4(f: (t: number) => number, t: number, delta: number): number {
  return (8 * (f(t + delta) - f(t - delta)) - (f(t + 2 * delta) - f(t - 2 * delta))) / (12 * delta);
}

/** f''(x) ≈ [−f(x+2δ) + 16f(x+δ) − 30f(x) + 16f(x−δ) − f(x−2δ)]/(12δ²), error δ⁴f⁽⁶⁾/90. */
export function secondDerivative4(f: (x: number) => number, x: number, delta: number): number {
  return (
    (-f(x + 2 * delta) + 16 * f(x + delta) - 30 * f(x) + 16 * f(x - delta) - f(x - 2 * delta)) /
    (12 * delta * delta)
  );
}

/** Laplacian of f at x by `secondDerivative4` along each axis. */
export function laplacian4(f: (x: number[]) => number, x: number[], delta: number): number {
  let s = 0;
  for (let a = 0; a < x.length; a++) {
    s += secondDerivative4(
      (v) => {
        const y = [...x];
        y[a] = v;
        return f(y);
      },
      x[a],
      delta,
    );
  }
  return s;
}

/** ∂_a f at x by `derivative4`. */
export function partial4(
  f: (x: number[]) => number,
  x: number[],
  a: number,
  delta: number,
): number {
  return derivative4(
    (v) => {
      const y = [...x];
      y[a] = v;
      return f(y);
    },
    x[a],
    delta,
  );
}

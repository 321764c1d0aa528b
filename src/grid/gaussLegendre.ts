/**
 * Gauss–Legendre nodes and weights on [−1, 1], computed by Newton iteration on the
 * Legendre polynomial P_n (three-term recurrence), cached per order.
 * Used for exact-solution cell averages (an order-q rule integrates polynomials of
 * degree 2q − 1 exactly).
 */
export interface QuadratureRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

const cache = new Map<number, QuadratureRule>();

export function gaussLegendre(order: number): QuadratureRule {
  const hit = cache.get(order);
  if (hit) return hit;
  if (!Number.isInteger(order) || order < 1 || order > 64) {
    throw new RangeError(`quadrature order must be an integer in [1, 64], got ${order}`);
  }
  const nodes = new Float64Array(order);
  const weights = new Float64Array(order);
  for (let k = 0; k < order; k++) {
    // Chebyshev-like initial guess for the k-th root, refined by Newton.
    let x = Math.cos((Math.PI * (k + 0.75)) / (order + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let j = 2; j <= order; j++) {
        const p2 = ((2 * j - 1) * x * p1 - (j - 1) * p0) / j;
        p0 = p1;
        p1 = p2;
      }
      const pn = order === 1 ? x : p1;
      const pnm1 = order === 1 ? 1 : p0;
      dp = (order * (x * pn - pnm1)) / (x * x - 1);
      const dx = pn / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    nodes[order - 1 - k] = x;
    weights[order - 1 - k] = 2 / ((1 - x * x) * dp * dp);
  }
  const rule = { nodes, weights };
  cache.set(order, rule);
  return rule;
}

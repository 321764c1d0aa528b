/**
 * Exact quadratic optimal transport between two discrete measures on the same sorted points of
 * the line, and a Kantorovich potential of the first one.
 *
 * The points are p_0 ≤ p_1 ≤ … ≤ p_{n−1} (`positions`), point k carrying the weights a[order[k]]
 * and b[order[k]] (weights are stored in another index order, e.g. the cells of a grid, and read
 * through the permutation `order`). Both measures have (up to rounding) the same mass M.
 *
 * **Value.** W₂²(a, b) = ∫₀^M |Q_a(s) − Q_b(s)|² ds with the quantile functions
 * Q_a(s) = p_k for s ∈ (A_{k−1}, A_k], A_k = a_0 + … + a_k the cumulative sums (in sorted
 * order). One sweep over the merged break points {A_k} ∪ {B_k} (the north-west corner rule,
 * the monotone plan) adds (length of the level interval)·(p_i − p_j)²: O(n), exact up to
 * rounding (Santambrogio, "Optimal Transport for Applied Mathematicians", 2015, §2.2).
 *
 * **Potential (gradient in a).** On fixed points W₂²(·, b) is convex and piecewise linear in
 * the weights a (the segment lengths are differences of cumulative sums). Moving the break
 * point A_k (between points k and k+1) by D changes the value by
 * D·[c(p_k, q) − c(p_{k+1}, q)], c(x, y) = (x − y)², q = Q_b(A_k); a perturbation δ of a with
 * Σδ = 0 moves A_k by D_k = δ_0 + … + δ_k, so dW₂² = Σ_k f_k δ_k with
 *
 *   f_0 = 0,  f_{k+1} − f_k = c(p_{k+1}, q_k) − c(p_k, q_k) = (p_{k+1} − p_k)(p_{k+1} + p_k − 2q_k).
 *
 * These are the complementary-slackness relations f_i + g_j = c(p_i, p_j) along the staircase
 * of the monotone plan, i.e. f is a Kantorovich potential of the dual problem (dual feasible
 * because c is submodular on the line), defined up to an additive constant (fixed by f = 0 at
 * the lowest point). Where W₂² is not differentiable — a break point of a that coincides with
 * one of b, A_k = B_j, e.g. everywhere at a = b — the subdifferential along that cut is the
 * interval between q = p_j (left limit of Q_b) and q = p_{j+1} (right limit); we take its
 * midpoint q = (p_j + p_{j+1})/2, a valid subgradient that vanishes at a = b. Points where a
 * carries no weight still get the one-sided value of the formula (the cost of moving an
 * infinitesimal mass there), which is what a multiplicative update needs.
 *
 * Returns W₂²; when `potential` is given, adds `scale`·f_k to potential[order[k]] for every k.
 */
export function sortedTransport1d(
  positions: Float64Array,
  order: Uint32Array,
  a: Float64Array,
  b: Float64Array,
  potential?: Float64Array,
  scale = 1,
): number {
  const n = positions.length;
  if (n === 0) return 0;
  let i = 0;
  let j = 0;
  let A = a[order[0]];
  let B = b[order[0]];
  let pa = positions[0];
  let pb = positions[0];
  let prev = 0;
  let cost = 0;
  let f = 0;
  for (;;) {
    const d = pa - pb;
    if (A < B) {
      // a's point i is used up first: level interval [prev, A] goes from p_i to p_j.
      cost += (A - prev) * d * d;
      prev = A;
      if (i === n - 1) break;
      if (potential) potential[order[i]] += scale * f;
      i++;
      const p = positions[i];
      f += (p - pa) * (p + pa - 2 * pb);
      pa = p;
      A += a[order[i]];
    } else if (B < A) {
      cost += (B - prev) * d * d;
      prev = B;
      if (j === n - 1) break;
      j++;
      pb = positions[j];
      B += b[order[j]];
    } else {
      // A = B: both points end at the same level (a kink of W₂² in a): midpoint subgradient.
      cost += (A - prev) * d * d;
      prev = A;
      if (i === n - 1 || j === n - 1) break;
      const q = 0.5 * (pb + positions[j + 1]);
      if (potential) potential[order[i]] += scale * f;
      i++;
      const p = positions[i];
      f += (p - pa) * (p + pa - 2 * q);
      pa = p;
      A += a[order[i]];
      j++;
      pb = positions[j];
      B += b[order[j]];
    }
  }
  if (potential) {
    // The current point, then the points after the last level (no mass left, or rounding).
    potential[order[i]] += scale * f;
    while (i < n - 1) {
      i++;
      const p = positions[i];
      f += (p - pa) * (p + pa - 2 * pb);
      pa = p;
      potential[order[i]] += scale * f;
    }
  }
  return cost;
}

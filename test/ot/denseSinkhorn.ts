import type { Grid } from "../../src/grid/grid.js";

/**
 * Independent reference for the tests: log-domain Sinkhorn on the full N×N cost matrix
 * (no separability, no truncation, no stabilisation tricks), counting reference:
 *   f_i = ε log p_i − ε LSE_j (g_j − C_ij)/ε,  g_j = ε log q_j − ε LSE_i (f_i − C_ij)/ε.
 * Returns ⟨C,P⟩, ε Σ P(log P − 1) and the plan's marginals. Small sizes only.
 */
export function denseSinkhorn(
  grid: Grid,
  p: Float64Array,
  q: Float64Array,
  eps: number,
  tol = 1e-14,
  maxIter = 200_000,
): { cost: number; entropyTerm: number; iterations: number; f: Float64Array; g: Float64Array } {
  const N = grid.size;
  const X: number[][] = [];
  const idx = new Int32Array(grid.dim);
  for (let i = 0; i < N; i++) {
    grid.unravel(i, idx);
    X.push(Array.from(idx, (k, a) => grid.center(a, k)));
  }
  const C = new Float64Array(N * N);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let a = 0; a < grid.dim; a++) s += (X[i][a] - X[j][a]) ** 2;
      C[i * N + j] = s;
    }
  const f = new Float64Array(N);
  const g = new Float64Array(N);
  const lse = (i: number, pot: Float64Array, rows: boolean): number => {
    let m = -Infinity;
    for (let j = 0; j < N; j++) {
      const c = rows ? C[i * N + j] : C[j * N + i];
      const v = (pot[j] - c) / eps;
      if (v > m) m = v;
    }
    let s = 0;
    for (let j = 0; j < N; j++) {
      const c = rows ? C[i * N + j] : C[j * N + i];
      s += Math.exp((pot[j] - c) / eps - m);
    }
    return m + Math.log(s);
  };
  let it = 0;
  for (; it < maxIter; it++) {
    for (let i = 0; i < N; i++)
      f[i] = p[i] > 0 ? eps * (Math.log(p[i]) - lse(i, g, true)) : -Infinity;
    for (let j = 0; j < N; j++)
      g[j] = q[j] > 0 ? eps * (Math.log(q[j]) - lse(j, f, false)) : -Infinity;
    let err = 0;
    for (let i = 0; i < N; i++) {
      if (p[i] === 0) continue;
      err += Math.abs(Math.exp(f[i] / eps + lse(i, g, true)) - p[i]);
    }
    if (err < tol) break;
  }
  let cost = 0;
  let ent = 0;
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) {
      if (p[i] === 0 || q[j] === 0) continue;
      const lp = (f[i] + g[j] - C[i * N + j]) / eps;
      const P = Math.exp(lp);
      cost += C[i * N + j] * P;
      ent += P * (lp - 1);
    }
  return { cost, entropyTerm: eps * ent, iterations: it, f, g };
}

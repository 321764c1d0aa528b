import { z } from "zod";
import { InputError } from "../../errors.js";
import { logDetSpd, symmetricEigen } from "../../exact/symmetricMatrix.js";
import { matrix, vector } from "../fields.js";
import { joinPath } from "../jsonPath.js";
import type { PotentialEntry } from "../kinds.js";

/** V(x) = ½(x − c)ᵀA(x − c), A symmetric positive definite; ∫e^{−V} = (2π)^{d/2}/√det A. */
export const quadraticPotential: PotentialEntry<{ A: number[][]; center?: number[] }> = {
  kind: "quadratic",
  doc: "V(x) = ½(x − center)ᵀA(x − center), A symmetric positive definite (Ornstein–Uhlenbeck)",
  params: z.strictObject({
    A: matrix().describe("d×d symmetric positive definite matrix"),
    center: vector().optional().describe("centre c (default 0)"),
  }),
  build: (p, ctx, path) => {
    const A = checkSpd(p.A, ctx.dim, joinPath(path, "A"));
    const c = p.center ?? new Array<number>(ctx.dim).fill(0);
    if (c.length !== ctx.dim) {
      throw new InputError(
        joinPath(path, "center"),
        `must have ${ctx.dim} entries, got ${c.length}`,
      );
    }
    const d = ctx.dim;
    return {
      V: quadraticForm(A, c, d),
      logPartition: 0.5 * d * Math.log(2 * Math.PI) - 0.5 * logDetSpd(A),
      gradient: quadraticGradient(A, c, d),
      quadratic: { A, center: c },
    };
  },
};

/**
 * x ↦ ½(x − c)ᵀA(x − c) for a symmetric A, summed as Σ_a [A_aa u_a² + Σ_{b>a} 2A_ab u_a u_b]
 * (u = x − c), the order the scenario scripts write it in.
 */
export function quadraticForm(
  A: readonly (readonly number[])[],
  c: readonly number[],
  d: number,
): (x: ArrayLike<number>) => number {
  return (x) => {
    let s = 0;
    for (let a = 0; a < d; a++) {
      const ua = x[a] - c[a];
      s += A[a][a] * ua * ua;
      for (let b = a + 1; b < d; b++) s += 2 * A[a][b] * ua * (x[b] - c[b]);
    }
    return 0.5 * s;
  };
}

/** ∇V = A(x − c) of V = ½(x − c)ᵀA(x − c), A symmetric. */
export function quadraticGradient(
  A: readonly (readonly number[])[],
  c: readonly number[],
  d: number,
): (x: ArrayLike<number>, out: Float64Array) => void {
  return (x, out) => {
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let b = 0; b < d; b++) s += A[a][b] * (x[b] - c[b]);
      out[a] = s;
    }
  };
}

/** Checks a d×d symmetric positive definite matrix; messages name the path. */
export function checkSpd(A: number[][], d: number, path: string): number[][] {
  if (A.length !== d || A.some((r) => r.length !== d)) {
    throw new InputError(
      path,
      `must be a ${d}×${d} matrix (the grid's dimension), got ${JSON.stringify(A)}`,
    );
  }
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < a; b++) {
      if (Math.abs(A[a][b] - A[b][a]) > 1e-12 * (Math.abs(A[a][b]) + Math.abs(A[b][a]) + 1e-300)) {
        throw new InputError(
          path,
          `must be symmetric; entries [${a}][${b}] and [${b}][${a}] differ`,
        );
      }
    }
  }
  const min = Math.min(...symmetricEigen(A).values);
  if (!(min > 0)) {
    throw new InputError(path, `must be positive definite; its smallest eigenvalue is ${min}`);
  }
  return A;
}

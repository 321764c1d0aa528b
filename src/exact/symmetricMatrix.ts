import { EigenvalueDecomposition, Matrix, solve } from "ml-matrix";
import { InputError } from "../errors.js";

/**
 * Small dense symmetric-matrix helpers (d ≤ 3 in practice) on plain `number[][]` arrays,
 * built on ml-matrix's symmetric eigendecomposition A = V diag(λ) Vᵀ. Matrix functions
 * (e^{−tA}, A^{1/2}, A^{−1}) are formed as V diag(f(λ)) Vᵀ, which is exact for symmetric A
 * and keeps the result symmetric.
 */
export type Mat = number[][];

/** Eigenvalues (ascending) and orthonormal eigenvectors (columns of `vectors`) of symmetric A. */
export function symmetricEigen(a: Mat): { values: number[]; vectors: Mat } {
  const evd = new EigenvalueDecomposition(new Matrix(a), { assumeSymmetric: true });
  const values = evd.realEigenvalues.slice();
  const v = evd.eigenvectorMatrix.to2DArray();
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
  return {
    values: order.map((i) => values[i]),
    vectors: v.map((row) => order.map((i) => row[i])),
  };
}

/** f(A) = V diag(f(λ)) Vᵀ for symmetric A. */
export function symmetricFunction(a: Mat, f: (lambda: number) => number): Mat {
  const { values, vectors } = symmetricEigen(a);
  const d = a.length;
  const fl = values.map(f);
  const out: Mat = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += vectors[i][k] * fl[k] * vectors[j][k];
      out[i][j] = s;
      out[j][i] = s;
    }
  return out;
}

/** Square root of a symmetric positive semi-definite matrix (tiny negative eigenvalues → 0). */
export function sqrtmPsd(a: Mat): Mat {
  return symmetricFunction(a, (l) => Math.sqrt(Math.max(l, 0)));
}

/** Inverse of a symmetric positive-definite matrix. */
export function inverseSpd(a: Mat): Mat {
  return symmetricFunction(a, (l) => 1 / l);
}

/** Determinant of a symmetric matrix (product of eigenvalues). */
export function determinantSym(a: Mat): number {
  return symmetricEigen(a).values.reduce((p, l) => p * l, 1);
}

/** log det of a symmetric positive-definite matrix. */
export function logDetSpd(a: Mat): number {
  return symmetricEigen(a).values.reduce((s, l) => s + Math.log(l), 0);
}

export function identity(d: number): Mat {
  return Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)),
  );
}

export function matMul(a: Mat, b: Mat): Mat {
  const n = a.length;
  const m = b[0].length;
  const k = b.length;
  const out: Mat = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += a[i][l] * b[l][j];
      out[i][j] = s;
    }
  return out;
}

export function matVec(a: Mat, x: ArrayLike<number>): number[] {
  return a.map((row) => row.reduce((s, v, j) => s + v * x[j], 0));
}

export function transpose(a: Mat): Mat {
  return a[0].map((_, j) => a.map((row) => row[j]));
}

/** X with M X = R (M square and invertible; LU with partial pivoting, ml-matrix). */
export function solveLinear(M: Mat, R: Mat): Mat {
  return solve(new Matrix(M), new Matrix(R)).to2DArray();
}

export function matAdd(a: Mat, b: Mat, scaleB = 1): Mat {
  return a.map((row, i) => row.map((v, j) => v + scaleB * b[i][j]));
}

export function trace(a: Mat): number {
  return a.reduce((s, row, i) => s + row[i], 0);
}

/** (A + Aᵀ)/2: removes rounding asymmetry after products such as E S E. */
export function symmetrize(a: Mat): Mat {
  return a.map((row, i) => row.map((v, j) => 0.5 * (v + a[j][i])));
}

/**
 * Checks that `a` is a d×d symmetric positive-definite matrix of finite numbers and returns a
 * copy; throws an InputError naming `field` otherwise.
 */
export function requireSpd(field: string, a: unknown, d?: number): Mat {
  if (!Array.isArray(a) || a.length < 1 || a.length > 3) {
    throw new InputError(field, "must be a square matrix of size 1 to 3 (array of rows)");
  }
  const n = a.length;
  if (d !== undefined && n !== d) {
    throw new InputError(field, `must be ${d}×${d}, got ${n} rows`);
  }
  const out: Mat = [];
  for (let i = 0; i < n; i++) {
    const row: unknown = a[i];
    if (!Array.isArray(row) || row.length !== n) {
      throw new InputError(field, `must be ${n}×${n}; row ${i} has the wrong length`);
    }
    out.push(
      row.map((v: unknown, j: number) => {
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw new InputError(field, `entry [${i}][${j}] must be a finite number`);
        }
        return v;
      }),
    );
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const tol = 1e-12 * (Math.abs(out[i][j]) + Math.abs(out[j][i]) + 1e-300);
      if (Math.abs(out[i][j] - out[j][i]) > tol) {
        throw new InputError(field, `must be symmetric; [${i}][${j}] ≠ [${j}][${i}]`);
      }
    }
  const { values } = symmetricEigen(out);
  if (!(values[0] > 0)) {
    throw new InputError(
      field,
      `must be positive definite; smallest eigenvalue is ${values[0].toExponential(3)}`,
    );
  }
  return out;
}

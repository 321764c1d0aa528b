import {
  create,
  parseDependencies,
  absDependencies, sqrtDependencies, cbrtDependencies, expDependencies, logDependencies,
  log10Dependencies, log2Dependencies, log1pDependencies, expm1Dependencies,
  sinDependencies, cosDependencies, tanDependencies, asinDependencies, acosDependencies,
  atanDependencies, atan2Dependencies, sinhDependencies, coshDependencies, tanhDependencies,
  asinhDependencies, acoshDependencies, atanhDependencies, minDependencies, maxDependencies,
  powDependencies, signDependencies, floorDependencies, ceilDependencies, roundDependencies,
  erfDependencies, hypotDependencies,
  addDependencies, subtractDependencies, multiplyDependencies, divideDependencies,
  modDependencies, unaryMinusDependencies, unaryPlusDependencies, factorialDependencies,
  equalDependencies, unequalDependencies, smallerDependencies, largerDependencies,
  smallerEqDependencies, largerEqDependencies, andDependencies, orDependencies,
  xorDependencies, notDependencies, bitAndDependencies, bitOrDependencies,
  bitXorDependencies, bitNotDependencies, leftShiftDependencies,
  rightArithShiftDependencies, rightLogShiftDependencies,
} from "mathjs/number"; // prettier-ignore

/**
 * The part of mathjs that a spec's formulas use (expression.ts): the parser, and for
 * evaluation the functions a formula may call (EXPRESSION_FUNCTIONS) and every operator of
 * mathjs's expression syntax that the number-only build provides (+ − * / ^ %, unary ±, !,
 * comparisons, and/or/xor/not, bitwise and shifts). An instance of mathjs made with `create`
 * from these factories parses to the same trees and evaluates to the same numbers as the
 * whole `mathjs/number` (test/problem/formulaMath.test.ts compares the two over every
 * function and operator); the operators the number build lacks (.*, ./, .^, ', to, ??) fail
 * at evaluation in both.
 *
 * Why a subset: importing `mathjs/number` as ES modules loads several hundred files, ~0.5 s
 * of every CLI start and of every sweep worker's start on a 2-core machine. `npm run build`
 * (scripts/build.ts) replaces this module's compiled file in dist/ by one esbuild bundle of it,
 * which loads in ~0.03 s; from the sources (tsx, vitest) it imports mathjs as usual.
 */
export const formulaMath = create({
  parseDependencies,
  absDependencies, sqrtDependencies, cbrtDependencies, expDependencies, logDependencies,
  log10Dependencies, log2Dependencies, log1pDependencies, expm1Dependencies,
  sinDependencies, cosDependencies, tanDependencies, asinDependencies, acosDependencies,
  atanDependencies, atan2Dependencies, sinhDependencies, coshDependencies, tanhDependencies,
  asinhDependencies, acoshDependencies, atanhDependencies, minDependencies, maxDependencies,
  powDependencies, signDependencies, floorDependencies, ceilDependencies, roundDependencies,
  erfDependencies, hypotDependencies,
  addDependencies, subtractDependencies, multiplyDependencies, divideDependencies,
  modDependencies, unaryMinusDependencies, unaryPlusDependencies, factorialDependencies,
  equalDependencies, unequalDependencies, smallerDependencies, largerDependencies,
  smallerEqDependencies, largerEqDependencies, andDependencies, orDependencies,
  xorDependencies, notDependencies, bitAndDependencies, bitOrDependencies,
  bitXorDependencies, bitNotDependencies, leftShiftDependencies,
  rightArithShiftDependencies, rightLogShiftDependencies,
}); // prettier-ignore

/** mathjs's parser on the subset instance. */
export const parse = formulaMath.parse;

import { SWITCH_FACTOR, float32Plan, float32RoundingBound } from "./float32Criterion.js";
import type { OmegaControl } from "./omegaControl.js";
import type { SeparableGibbsKernel } from "./separableGibbsKernel.js";

/**
 * The single-precision start of a scaling-domain Sinkhorn run (scalingSinkhorn.ts): the same
 * iteration — a ← p/(Kb), b ← q/(Ka), over-relaxed by the caller's {@link OmegaControl} — on
 * f32 copies of the scalings and marginals, with the kernel's f32 passes (band32.wat: four
 * cells per SIMD instruction instead of two, 1.4–1.5× the multiply–adds per second of the f64
 * passes on 128² and 256²). Early iterations only have to reduce a marginal error far above
 * f32's rounding level, so doing them in f32 costs no accuracy: the phase hands back to
 * double precision by the criterion of float32Criterion.ts, and only double-precision
 * iterations may meet the caller's tolerance, so the stopping rule and the fixed point are
 * those of the double-precision solver.
 *
 * Memory: eight f32 fields of the kernel (a, b, Kb, Ka, p, q and copies of a and b;
 * {@link FLOAT32_FIELDS}). The phase ends at its last complete iterate (an update that leaves
 * the range is undone from the copy), which the double-precision iteration continues from.
 */

/** f32 fields the phase needs in the kernel (SeparableGibbsKernel's `float32Fields`). */
export const FLOAT32_FIELDS = 8;

/** Byte offsets of the f64 scalings and marginals in the kernel's memory. */
export interface ScalingSlots {
  a: number;
  b: number;
  p: number;
  q: number;
}

export interface Float32Outcome {
  /** Complete iterations done in f32 (0 if the phase was not used). */
  iterations: number;
  /**
   * Why the phase ended: "unfit" (float32Plan found no shift, or no f32 passes), a scaling
   * above 2^H or NaN ("range"), or the switch rules (float32Criterion.ts).
   */
  reason: "unfit" | "range" | "precision" | "tolerance" | "stalled" | "maxIter";
}

/**
 * Runs the phase from the f64 scalings a, b (views `a`, `b` at offsets `at`) of masses p, q;
 * if it completed an iteration, a and b then hold its last complete iterate (promoted, with
 * the shift undone), else they are unchanged. `tolAbs`: the caller's absolute stopping
 * threshold; `maxIter`: at most this many iterations.
 */
export function runFloat32Phase(
  kernel: SeparableGibbsKernel,
  view: { a: Float64Array; b: Float64Array; p: Float64Array; q: Float64Array },
  at: ScalingSlots,
  M: number,
  control: OmegaControl,
  tolAbs: number,
  maxIter: number,
): Float32Outcome {
  const P = kernel.float32;
  const plan = P && float32Plan(view.a, view.p, view.b, view.q, kernel.halfWidths, M);
  if (!P || !plan) return { iterations: 0, reason: "unfit" };
  const N = kernel.grid.size;
  const n4 = 4 * Math.ceil(N / 4);
  const [a, b, Kb, Ka, p, q, aKept, bKept] = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => kernel.field32(k));
  const up = 2 ** plan.shift;
  P.demote(at.a, a, N, up);
  P.demote(at.b, b, N, 1 / up);
  P.demote(at.p, p, N, 1);
  P.demote(at.q, q, N, 1);
  // f32 coefficients of the relaxation at params[16..20], its error at params[24] (f64).
  const coefAt = kernel.paramsAt + 8 * 16;
  const coef = new Float32Array(kernel.params.buffer, coefAt, 9);
  const errAt = kernel.paramsAt + 8 * 24;
  const switchAt = Math.max(tolAbs, SWITCH_FACTOR * float32RoundingBound(kernel.halfWidths) * M);
  const hi = plan.hi;
  const history: number[] = [];
  let colErr = 0;
  let done = 0; // complete iterations: b holds the last one's result
  const end = (reason: Float32Outcome["reason"]): Float32Outcome => {
    if (done > 0) {
      P.promote(a, at.a, N, 1 / up);
      P.promote(b, at.b, N, up);
    }
    return { iterations: done, reason };
  };
  /**
   * s ← w/kx (plain) or its over-relaxed step; false, with s restored from `kept`, if a scaling
   * left the range. Lower bound 0: small scalings may go subnormal (float32Criterion.ts); NaN
   * and values above hi fail.
   */
  const update = (w: number, kx: number, s: number, kept: number, plain: boolean): boolean => {
    P.copy32(s, kept, n4);
    const max = plain
      ? P.divide32(w, kx, s, n4, 0, hi)
      : P.relax32(w, kx, s, n4, 0, hi, coefAt, errAt);
    if (max <= hi) return true;
    P.copy32(kept, s, n4);
    return false;
  };
  for (let it = 0; ; it++) {
    kernel.applyAt32(b, Kb);
    if (it > 0) {
      const err = colErr + P.marginalError32(a, Kb, p, n4);
      if (!Number.isFinite(err)) return end("range");
      const stalled = it > 4 && err > 0.9 * history[history.length - 4];
      if (err <= tolAbs) return end("tolerance");
      if (err <= switchAt) return end("precision");
      if (stalled) return end("stalled");
      if (it >= maxIter) return end("maxIter");
      history.push(err);
      control.observe(err);
    }
    const plain = control.omega === 1 || it === 0;
    if (!plain) coef.set(control.coef);
    if (!update(p, Kb, a, aKept, plain)) return end("range");
    kernel.applyAt32(a, Ka);
    if (!update(q, Ka, b, bKept, plain)) return end("range");
    colErr = plain ? 0 : kernel.params[24];
    done = it + 1;
  }
}

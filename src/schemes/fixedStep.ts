import { InputError } from "../errors.js";

/**
 * The step of a scheme whose steps all have the length τ (entropic, unbalanced and sliced
 * JKO): toward an output time dtMax away, it steps by τ and reports τ taken, or — when dtMax
 * is within 1e-9·τ of τ — reports dtMax taken, so that output times are hit exactly; a
 * shorter dtMax (only when the caller asks for it: output times are snapped to multiples of
 * τ) is one step of that length.
 */
export function fixedStepLength(tau: number, dtMax: number): { dt: number; taken: number } {
  if (!(dtMax > 0)) throw new InputError("dtMax", `must be a number > 0, got ${dtMax}`);
  if (dtMax >= tau * (1 - 1e-9)) {
    return { dt: tau, taken: dtMax <= tau * (1 + 1e-9) ? dtMax : tau };
  }
  return { dt: dtMax, taken: dtMax };
}

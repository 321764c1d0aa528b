/**
 * Errors raised for bad user input. Every message names the offending field and the
 * allowed range, so a CLI user can fix the call without reading the source.
 */
export class InputError extends Error {
  constructor(
    /** The option or field at fault, e.g. `m`, `rho0`, `--n`. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "InputError";
  }
}

/** Raised when a run becomes non-finite or an iteration fails to converge. */
export class SolverError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SolverError";
  }
}

/** Throws an InputError unless `value` is a finite number in [min, max] (bounds optional). */
export function requireNumber(
  field: string,
  value: number,
  range: { min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean } = {},
): number {
  const { min, max, exclusiveMin = false, integer = false } = range;
  const describe = (): string => {
    const lo = min === undefined ? "" : exclusiveMin ? `> ${min}` : `>= ${min}`;
    const hi = max === undefined ? "" : `<= ${max}`;
    const kind = integer ? "an integer" : "a finite number";
    return [kind, lo, hi].filter(Boolean).join(" ");
  };
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InputError(field, `must be ${describe()}, got ${String(value)}`);
  }
  if (integer && !Number.isInteger(value)) {
    throw new InputError(field, `must be ${describe()}, got ${value}`);
  }
  if (min !== undefined && (exclusiveMin ? value <= min : value < min)) {
    throw new InputError(field, `must be ${describe()}, got ${value}`);
  }
  if (max !== undefined && value > max) {
    throw new InputError(field, `must be ${describe()}, got ${value}`);
  }
  return value;
}

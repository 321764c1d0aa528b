import { expect } from "vitest";
import { InputError } from "../src/errors.js";

/** Asserts that `fn` throws an InputError naming `field` (and, if given, matching `text`). */
export function expectInputError(fn: () => unknown, field: string, text?: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).field).toBe(field);
    if (text) expect((e as Error).message).toMatch(text);
    return;
  }
  throw new Error(`expected an InputError for ${field}`);
}

import { z } from "zod";

/** Parameter shapes shared by registry entries (each with its one-line doc). */

/** A point of ℝ^d, d = 1–3. */
export const vector = () => z.array(z.number()).min(1).max(3);

/** A d×d matrix, d = 1–3 (rows). */
export const matrix = () => z.array(z.array(z.number()).min(1).max(3)).min(1).max(3);

/** The weight of an energy term (F = Σ weight·F_k). */
export const weight = () =>
  z.number().gt(0).default(1).describe("weight of the term in F = Σ weight·F_k");

/** A positive mass. */
export const mass = () => z.number().gt(0).default(1).describe("total mass");

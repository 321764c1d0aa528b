import { z } from "zod";
import { InputError } from "../../errors.js";
import type { ModeOption } from "../../fft/displacements.js";
import { joinPath } from "../jsonPath.js";

/**
 * The `convolution` parameter of the energies that convolve with a kernel (interaction,
 * mmd): how K*ρ couples cells along each axis (src/fft/convolver.ts).
 */
export const convolution = () =>
  z
    .union([
      z.enum(["auto", "linear", "periodic"]),
      z
        .array(z.enum(["linear", "periodic"]))
        .min(1)
        .max(3),
    ])
    .default("auto")
    .describe(
      "per-axis coupling of K*ρ: auto (periodic on periodic axes, linear — no wrap-around — on no-flux axes) | linear | periodic | one per axis",
    );

export type ConvolutionParam = z.output<ReturnType<typeof convolution>>;

/** The convolver's mode option, with a per-axis list checked against the dimension. */
export function convolutionMode(p: ConvolutionParam, dim: number, path: string): ModeOption {
  if (Array.isArray(p) && p.length !== dim) {
    throw new InputError(
      joinPath(path, "convolution"),
      `must have ${dim} entries (one per axis), got ${p.length}`,
    );
  }
  return p;
}

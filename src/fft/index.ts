/** FFT convolution on grids and the kernels it applies (see docs/convolution.md). */
export { Convolver, convolverFor, type ConvolverOptions } from "./convolver.js";
export { directConvolution } from "./direct.js";
export {
  KernelDisplacements,
  resolveModes,
  type ConvolutionMode,
  type ModeOption,
} from "./displacements.js";
export type { Kernel } from "./kernel.js";
export {
  GaussianKernel,
  InverseMultiquadricKernel,
  LaplaceKernel,
  PowerLawKernel,
} from "./kernels.js";
export { homogeneousOriginAverage } from "./originAverage.js";

import type { Kernel } from "../fft/kernel.js";
import {
  GaussianKernel,
  InverseMultiquadricKernel,
  LaplaceKernel,
  PowerLawKernel,
} from "../fft/kernels.js";
import { expNeg } from "./fastExp.js";
import { DIFFERENCE_STEP } from "./potential.js";

/**
 * The slope s(r²) = dK/d(r²) of a radial kernel K(x) = k(|x|²), so that
 * ∇_x K(x − y) = 2(x − y)·s(|x − y|²). In closed form for the kernels of src/fft/kernels.ts:
 * - gaussian e^{−r²/(2σ²)}: s = −K/(2σ²);
 * - laplace e^{−r/σ}: s = −K/(2σr) (r > 0; 0 at r = 0, the symmetric subgradient);
 * - inverse multiquadric (c² + r²)^{−β}: s = −β(c² + r²)^{−β−1};
 * - power law r^a/a − r^b/b (an exponent 0: log r): s = ½(r^{a−2} − r^{b−2}) (½r⁻² for log r).
 * Any other kernel: central differences in r², step δ = ε^{1/3}·max(r², ℓ²) (ℓ = `scale`,
 * a length of the problem such as the cell width), forward differences where r² < δ.
 */
export function kernelSlope(kernel: Kernel, scale: number): (r2: number) => number {
  if (kernel instanceof GaussianKernel) {
    const c = 1 / (2 * kernel.sigma * kernel.sigma);
    return (r2) => -c * expNeg(r2 * c);
  }
  if (kernel instanceof LaplaceKernel) {
    const s = kernel.sigma;
    return (r2) => {
      if (!(r2 > 0)) return 0;
      const r = Math.sqrt(r2);
      return -Math.exp(-r / s) / (2 * s * r);
    };
  }
  if (kernel instanceof InverseMultiquadricKernel) {
    const c2 = kernel.c * kernel.c;
    const b = kernel.beta;
    return (r2) => -b * (c2 + r2) ** (-b - 1);
  }
  if (kernel instanceof PowerLawKernel) {
    const term = (r2: number, e: number) => (e === 0 ? 0.5 / r2 : 0.5 * r2 ** (e / 2 - 1));
    return (r2) => term(r2, kernel.a) - term(r2, kernel.b);
  }
  const l2 = scale * scale;
  return (r2) => {
    const d = DIFFERENCE_STEP * Math.max(r2, l2);
    if (r2 < d) return (kernel.value(r2 + d) - kernel.value(r2)) / d;
    return (kernel.value(r2 + d) - kernel.value(r2 - d)) / (2 * d);
  };
}

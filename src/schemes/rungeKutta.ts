import { InputError } from "../errors.js";

/** Runge–Kutta methods of the explicit schemes. */
export type RkMethod = "euler" | "heun" | "ssprk3";

export const RK_METHODS: readonly RkMethod[] = ["euler", "heun", "ssprk3"];

/**
 * Strong-stability-preserving Runge–Kutta methods in Shu–Osher form with one stored state
 * (Shu & Osher, J. Comput. Phys. 77 (1988); Gottlieb, Shu & Tadmor, SIAM Rev. 43 (2001)):
 *
 *   u⁽⁰⁾ = uⁿ,   u⁽ˢ⁾ = a_s uⁿ + (1 − a_s)(u⁽ˢ⁻¹⁾ + dt L(u⁽ˢ⁻¹⁾)),  s = 1…S,   uⁿ⁺¹ = u⁽ˢ⁾,
 *
 * with a_1 = 0. Every stage is a convex combination of uⁿ and a forward-Euler step of
 * size dt, so positivity (and any convex functional bound) of forward Euler under
 * dt ≤ dt_FE carries over when each stage's Euler step respects its own dt_FE: the SSP
 * coefficient of all three methods is 1.
 *
 * - euler: a = [0] (order 1)
 * - heun (SSP-RK2): a = [0, ½] (order 2)
 * - ssprk3 (Shu–Osher): a = [0, ¾, ⅓] (order 3)
 */
export interface SspMethod {
  readonly name: RkMethod;
  readonly order: number;
  /** Weight of uⁿ in each stage (a_1 = 0). */
  readonly a: readonly number[];
}

const TABLE: Record<RkMethod, SspMethod> = {
  euler: { name: "euler", order: 1, a: [0] },
  heun: { name: "heun", order: 2, a: [0, 0.5] },
  ssprk3: { name: "ssprk3", order: 3, a: [0, 0.75, 1 / 3] },
};

export function sspMethod(name: RkMethod): SspMethod {
  const m = (TABLE as Record<string, SspMethod | undefined>)[name];
  if (!m) {
    throw new InputError("method", `must be one of ${RK_METHODS.join(", ")}, got ${String(name)}`);
  }
  return m;
}

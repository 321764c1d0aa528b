import { InputError } from "../errors.js";

/**
 * The convex functions f of the f-divergences D_f(ρ‖π) = ∫ π f(ρ/π) (Csiszár 1967) on
 * non-negative measures (𝓜₊, any masses), normalised so that f(1) = 0 and f'(1) = 0: then
 * D_f ≥ 0 on 𝓜₊ with equality only at ρ = π, and the linear terms make the masses matter
 * exactly as in the project's KL(ρ‖π) = ∫ρ log(ρ/π) − ρ + π (docs/exact-solutions.md §0).
 * For each f the table gives f, f', f'' and the behaviour of f'(r) as r → 0⁺ (vacuum):
 *
 *   kind        f(r)                                   f'(r)                      f'(0⁺)
 *   kl          r log r − r + 1                        log r                      −∞ (log)
 *   reverse-kl  r − 1 − log r          (= KL(π‖ρ))      1 − 1/r                    −∞ (algebraic)
 *   chi2        (r − 1)²                               2(r − 1)                   −2
 *   hellinger   (√r − 1)²                              1 − 1/√r                   −∞ (algebraic)
 *   js          r log r − (1 + r) log((1 + r)/2)       log(2r/(1 + r))            −∞ (log)
 *   alpha, p    (r^p − p(r − 1) − 1)/(p(p − 1))        (r^{p−1} − 1)/(p − 1)      −1/(p−1) if p > 1,
 *                                                                                 −∞ (algebraic) if p < 1
 *
 * The last row is one family: the α-divergence of Amari and of Cichocki & Amari (α = p) and
 * the "p-relative entropy" φ_p of Zhu & Mielke; f'' = r^{p−2}. It contains ½χ² (p = 2) and
 * 2·hellinger (p = ½), and tends to kl as p → 1 and to reverse-kl as p → 0 (the error is
 * O(|p − 1|), O(|p|); see test/energy/fDivergenceFunctions.test.ts). js is the
 * Jensen–Shannon divergence without the factor ½: KL(ρ‖m) + KL(π‖m), m = (ρ + π)/2
 * (the form of Fan, Zhang, Taghvaei & Chen, "Variational Wasserstein gradient flow",
 * ICML 2022); on 𝓜₊ the −ρ + m and −π + m terms of the two KLs cancel.
 *
 * **Split for vacuum.** f'(r) = ν log r + g(r) with g finite at r = 0 whenever possible:
 * ν = 1 for kl (g = 0) and js (g = log 2 − log(1 + r)); ν = 0 otherwise (g = f'). For the
 * algebraic kinds (reverse-kl, hellinger, p < 1) g(0) = −∞: no split makes the first
 * variation finite at vacuum, and their flows need ρ > 0 (fDivergence.ts).
 *
 * **Local diffusivity.** ρ ∂ξ/∂ρ = r f''(r) (ξ = f'(ρ/π)) is the diffusion coefficient of the
 * Wasserstein flow ∂ρ/∂t = div(ρ∇f'(ρ/π)) and the monotonicity term of the Fisher–Rao flow:
 * 1 (kl), 1/(1 + r) ≤ 1 (js), 2r (chi2), 1/(2√r) (hellinger), 1/r (reverse-kl), r^{p−1} (p).
 * `extraDiffusion` is true when r f''(r) can exceed ν (the part the geometries already
 * resolve through the entropy weight).
 */
export const F_KINDS = [
  "kl",
  "reverse-kl",
  "chi2",
  "hellinger",
  "js",
  "alpha",
  "p-relative",
] as const;
export type FKind = (typeof F_KINDS)[number];

/** How f'(r) behaves as r → 0⁺. */
export type VacuumBehaviour = "logarithmic" | "algebraic" | "finite";

export interface FFunction {
  /** The spec kind ("kl", "alpha", …). */
  readonly kind: FKind;
  /** Display name, e.g. "χ²" or "α=0.5". */
  readonly name: string;
  /** The family parameter (α or p) for alpha / p-relative, else undefined. */
  readonly param?: number;
  /** f(r) for r ≥ 0 (+Infinity at r = 0 when f(0⁺) = ∞, i.e. reverse-kl and p ≤ 0). */
  f(r: number): number;
  /** f'(r) for r ≥ 0 (−Infinity at r = 0 unless `vacuum` is "finite"). */
  df(r: number): number;
  /** f''(r) > 0 for r > 0. */
  d2f(r: number): number;
  /** ν in f'(r) = ν log r + g(r). */
  readonly logWeight: number;
  /** g(r) = f'(r) − ν log r (finite at r = 0 unless `vacuum` is "algebraic"). */
  smooth(r: number): number;
  /** Behaviour of f'(r) as r → 0⁺. */
  readonly vacuum: VacuumBehaviour;
  /** True if r f''(r) − ν can be > 0 (a diffusion the entropy weight does not cover). */
  readonly extraDiffusion: boolean;
}

const LN2 = Math.LN2;

const KL: Omit<FFunction, "kind" | "name"> = {
  f: (r) => (r > 0 ? r * Math.log(r) - r + 1 : 1),
  df: (r) => Math.log(r),
  d2f: (r) => 1 / r,
  logWeight: 1,
  smooth: () => 0,
  vacuum: "logarithmic",
  extraDiffusion: false,
};

const REVERSE_KL: Omit<FFunction, "kind" | "name"> = {
  f: (r) => (r > 0 ? r - 1 - Math.log(r) : Infinity),
  df: (r) => 1 - 1 / r,
  d2f: (r) => 1 / (r * r),
  logWeight: 0,
  smooth: (r) => 1 - 1 / r,
  vacuum: "algebraic",
  extraDiffusion: true,
};

const TABLE: Record<Exclude<FKind, "alpha" | "p-relative">, FFunction> = {
  kl: { kind: "kl", name: "KL", ...KL },
  "reverse-kl": { kind: "reverse-kl", name: "reverse KL", ...REVERSE_KL },
  chi2: {
    kind: "chi2",
    name: "χ²",
    f: (r) => (r - 1) * (r - 1),
    df: (r) => 2 * (r - 1),
    d2f: () => 2,
    logWeight: 0,
    smooth: (r) => 2 * (r - 1),
    vacuum: "finite",
    extraDiffusion: true,
  },
  hellinger: {
    kind: "hellinger",
    name: "squared Hellinger",
    f: (r) => {
      const s = Math.sqrt(r) - 1;
      return s * s;
    },
    df: (r) => 1 - 1 / Math.sqrt(r),
    d2f: (r) => 0.5 / (r * Math.sqrt(r)),
    logWeight: 0,
    smooth: (r) => 1 - 1 / Math.sqrt(r),
    vacuum: "algebraic",
    extraDiffusion: true,
  },
  js: {
    kind: "js",
    name: "Jensen–Shannon",
    // r log(2r/(1+r)) + log(2/(1+r)); r log r → 0 at r = 0.
    f: (r) => (r > 0 ? r * (LN2 + Math.log(r) - Math.log1p(r)) : 0) + LN2 - Math.log1p(r),
    // log(2r/(1 + r)) = log 2 − log(1 + 1/r): −∞ at r = 0, log 2 at r = ∞ (no ∞ − ∞).
    df: (r) => LN2 - Math.log1p(1 / r),
    d2f: (r) => 1 / (r * (1 + r)),
    logWeight: 1,
    smooth: (r) => LN2 - Math.log1p(r),
    vacuum: "logarithmic",
    extraDiffusion: false,
  },
};

/**
 * The power family f_p(r) = (r^p − p(r − 1) − 1)/(p(p − 1)), p ∉ {0, 1}, evaluated with
 * expm1 (r^p − 1 = expm1(p log r)) to keep the cancellation near r = 1 small. The relative
 * rounding error grows like 1e-16/|p(p − 1)| as p approaches 0 or 1.
 */
function powerFamily(kind: "alpha" | "p-relative", p: number): FFunction {
  const pm1 = p - 1;
  const c = 1 / (p * pm1);
  const f0 = p > 0 ? 1 / p : Infinity;
  const df0 = p > 1 ? -1 / pm1 : -Infinity;
  const d2f0 = p > 2 ? 0 : p === 2 ? 1 : Infinity;
  const df = (r: number): number => (r > 0 ? Math.expm1(pm1 * Math.log(r)) / pm1 : df0);
  return {
    kind,
    name: `${kind === "alpha" ? "α" : "p"}=${p}`,
    param: p,
    f: (r) => {
      if (!(r > 0)) return f0;
      const L = Math.log(r);
      return (Math.expm1(p * L) - p * Math.expm1(L)) * c;
    },
    df,
    d2f: (r) => (r > 0 ? Math.exp((p - 2) * Math.log(r)) : d2f0),
    logWeight: 0,
    smooth: df,
    vacuum: p > 1 ? "finite" : "algebraic",
    extraDiffusion: true,
  };
}

/**
 * The f of a kind. `param` is α (kind "alpha": finite, ∉ {0, 1}) or p (kind "p-relative":
 * any finite p; p = 1 is kl and p = 0 is reverse-kl, the limits of the family). Errors name
 * `path` (the field holding the parameter).
 */
export function fFunction(kind: FKind, param?: number, path = "f"): FFunction {
  if (kind === "alpha" || kind === "p-relative") {
    const field = kind === "alpha" ? "alpha" : "p";
    if (typeof param !== "number" || !Number.isFinite(param)) {
      throw new InputError(
        path,
        `f = "${kind}" needs a finite ${field}${kind === "alpha" ? " ∉ {0, 1}" : ""}, got ${String(param)}`,
      );
    }
    if (kind === "p-relative" && (param === 0 || param === 1)) {
      const base = param === 1 ? KL : REVERSE_KL;
      return { kind, name: `p=${param} (${param === 1 ? "KL" : "reverse KL"})`, param, ...base };
    }
    if (param === 0 || param === 1) {
      throw new InputError(
        path,
        `α = ${param} is excluded (0/0 in f_α); its limit is ${param === 1 ? '"kl"' : '"reverse-kl"'} ` +
          `(or f = "p-relative" with p = ${param})`,
      );
    }
    return powerFamily(kind, param);
  }
  const f = (TABLE as Record<string, FFunction | undefined>)[kind];
  if (!f) {
    throw new InputError(path, `unknown f "${String(kind)}"; allowed: ${F_KINDS.join(", ")}`);
  }
  return f;
}

import { convergenceStudy, type ConvergenceStudy } from "./convergence.js";
import { runToEnd } from "./finalState.js";
import { loadScenario } from "./registry.js";
import type { ScenarioOptions } from "./scenario.js";

/**
 * The convergence studies the gallery shows (output/convergence.html): for each equation with
 * an exact solution and each scheme family that steps it, the L1 error at the final time
 * against the exact cell averages, at a sequence of resolutions, with the fitted order.
 * `fast` resolutions keep the whole page to seconds (the default `npm run gallery`); `full`
 * (`--full`) goes finer. The same numbers are asserted, with thresholds, by
 * test/convergence/*.test.ts; here they are only measured and shown.
 */
export interface StudySpec {
  scenario: string;
  /** What the study shows, one line. */
  title: string;
  /** Expected order(s) in words, printed beside the fit. */
  expected: string;
  runs: {
    label: string;
    /** Run options at resolution n (the scheme, and τ where it must follow h). */
    options: (n: number) => Partial<ScenarioOptions>;
  }[];
  fast: number[];
  full: number[];
}

const fixed =
  (o: Partial<ScenarioOptions>): StudySpec["runs"][number]["options"] =>
  () =>
    o;

/**
 * τ = 0.4h on jko-heat-1d's box (18.25 wide). With τ ∝ h both the O(τ) error of the step and
 * the entropic blur ε/(4τ) = h/0.8 vanish like h; at smaller ratios (τ = 0.1h, 0.2h) the blur
 * correction's weight 1 − ε/(4τ) is far from 1 on coarse grids and the error is not monotone
 * in h (measured), so the study would show cancellations rather than an order.
 */
function jkoTau(n: number): number {
  return (0.4 * 18.25376673456742) / n;
}

export const STUDIES: StudySpec[] = [
  {
    scenario: "heat-1d",
    title: "Heat equation, 1D (Gaussian): Wasserstein finite volumes",
    expected: "fv1: 1; fv2, sg: 2",
    runs: [
      { label: "fv1", options: fixed({ scheme: "fv1" }) },
      { label: "fv2", options: fixed({ scheme: "fv2" }) },
      { label: "sg", options: fixed({ scheme: "sg" }) },
    ],
    fast: [64, 128, 256],
    full: [64, 128, 256, 512, 1024],
  },
  {
    scenario: "jko-heat-1d",
    title: "Heat equation, 1D: entropic JKO with τ = 0.4h, ε = 2h²",
    expected:
      "1 (the O(τ) error of the implicit step, τ ∝ h); the naive scheme also carries the blur ε/(4τ) ∝ h",
    runs: [
      { label: "jko, blur-corrected", options: (n) => ({ tau: jkoTau(n) }) },
      { label: "jko, naive", options: (n) => ({ tau: jkoTau(n), blurCorrection: false }) },
    ],
    fast: [128, 256, 512],
    full: [128, 256, 512, 1024, 2048],
  },
  {
    scenario: "fokker-planck-2d",
    title: "Fokker–Planck, 2D (Ornstein–Uhlenbeck, non-diagonal A)",
    expected: "fv2, sg: 2",
    runs: [
      { label: "fv2", options: fixed({ scheme: "fv2" }) },
      { label: "sg", options: fixed({ scheme: "sg" }) },
    ],
    fast: [24, 48, 96],
    full: [32, 64, 128, 256],
  },
  {
    scenario: "porous-medium-1d-m2",
    title: "Porous medium m = 2, 1D (Barenblatt)",
    expected: "fv1: 1; fv2: ≈ 2 (the front is Lipschitz)",
    runs: [
      { label: "fv1", options: fixed({ scheme: "fv1" }) },
      { label: "fv2", options: fixed({ scheme: "fv2" }) },
    ],
    fast: [64, 128, 256],
    full: [64, 128, 256, 512, 1024],
  },
  {
    scenario: "porous-medium-1d",
    title: "Porous medium m = 3, 1D (Barenblatt, infinite slope at the front)",
    expected: "fv2: between 1 and 2, limited by the front",
    runs: [
      { label: "fv1", options: fixed({ scheme: "fv1" }) },
      { label: "fv2", options: fixed({ scheme: "fv2" }) },
    ],
    fast: [64, 128, 256],
    full: [64, 128, 256, 512, 1024],
  },
  {
    scenario: "barenblatt-3d",
    title: "Porous medium m = 2, 3D (Barenblatt)",
    expected: "fv2: ≈ 2 in the bulk, less at the front",
    runs: [{ label: "fv2", options: fixed({ scheme: "fv2" }) }],
    fast: [12, 16, 24],
    full: [16, 24, 32, 48, 64],
  },
  {
    scenario: "barenblatt-radial-6d",
    title: "Porous medium m = 2 in ℝ⁶, radial grid (Barenblatt shell averages)",
    expected: "fv2: ≈ 2 (the front is Lipschitz)",
    runs: [{ label: "fv2", options: fixed({}) }],
    fast: [32, 64, 128],
    full: [32, 64, 128, 256, 512],
  },
  {
    scenario: "wfr-kl-2d",
    title: "Wasserstein–Fisher–Rao flow of KL, 2D (Gaussian closed form)",
    expected: "fv2: 2",
    runs: [{ label: "fv2", options: fixed({ scheme: "fv2" }) }],
    fast: [24, 48, 96],
    full: [24, 48, 96, 192],
  },
];

/** One study's result: per run, the study of its L1 error over the resolutions. */
export interface StudyResult {
  spec: StudySpec;
  runs: { label: string; study: ConvergenceStudy; seconds: number }[];
}

/** Runs every study (one after another; `onStudy` after each). */
export async function runConvergenceGallery(
  full: boolean,
  onStudy: (r: StudyResult, done: number, of: number) => void = () => undefined,
  studies: StudySpec[] = STUDIES,
): Promise<StudyResult[]> {
  const out: StudyResult[] = [];
  for (const spec of studies) {
    const scenario = await loadScenario(spec.scenario);
    const ns = full ? spec.full : spec.fast;
    const runs = spec.runs.map((run) => {
      const t0 = performance.now();
      const widths = new Map<number, number>();
      const study = convergenceStudy(
        ns,
        (n) => {
          const r = runToEnd(scenario, { ...run.options(n), n });
          widths.set(n, r.h);
          return { l1: r.l1 };
        },
        { h: (n) => widths.get(n)! },
      );
      return { label: run.label, study, seconds: (performance.now() - t0) / 1000 };
    });
    out.push({ spec, runs });
    onStudy(out[out.length - 1], out.length, studies.length);
  }
  return out;
}

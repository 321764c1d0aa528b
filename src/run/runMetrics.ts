import type { OutputRecord, RunMetrics, TraceSeries } from "../io/runFormats.js";

/**
 * The headline metrics of a run (summary.json "metrics") from its records: shared by the
 * Node runner and the browser playground, so both report the same numbers.
 */

/** Relative tolerance of the energy-monotonicity flag (times max |F| over the run). */
export const ENERGY_MONOTONE_RTOL = 1e-10;

/** Computes the headline metrics from the recorded series and output records. */
export function computeMetrics(
  series: TraceSeries,
  outputs: OutputRecord[],
  conservesMass = true,
): RunMetrics {
  // Merge (step, energy, mass, min) points from both sources, ordered by step.
  const points = new Map<number, { energy: number | null; mass: number; min: number }>();
  for (let i = 0; i < series.step.length; i++) {
    points.set(series.step[i], {
      energy: series.energy[i],
      mass: series.mass[i],
      min: series.minDensity[i],
    });
  }
  for (const o of outputs)
    points.set(o.step, { energy: o.energy, mass: o.mass, min: o.minDensity });
  const steps = [...points.keys()].sort((a, b) => a - b);
  const ordered = steps.map((s) => points.get(s)!);
  const first = ordered[0];
  const last = ordered[ordered.length - 1];
  const m0 = first ? first.mass : NaN;
  let massDrift = 0;
  let minDensity = Infinity;
  let maxAbsEnergy = 0;
  let maxIncrease: number | null = null;
  let prev: number | null = null;
  let energyPoints = 0;
  for (const p of ordered) {
    massDrift = Math.max(massDrift, Math.abs(p.mass - m0) / Math.abs(m0));
    minDensity = Math.min(minDensity, p.min);
    if (p.energy === null || !Number.isFinite(p.energy)) continue;
    energyPoints++;
    maxAbsEnergy = Math.max(maxAbsEnergy, Math.abs(p.energy));
    if (prev !== null) {
      const inc = p.energy - prev;
      maxIncrease = maxIncrease === null ? inc : Math.max(maxIncrease, inc);
    }
    prev = p.energy;
  }
  const tolerance = ENERGY_MONOTONE_RTOL * maxAbsEnergy;
  const lastOut = outputs[outputs.length - 1];
  const l1s = outputs.map((o) => o.l1).filter((v): v is number => v !== undefined);
  const firstEnergy = ordered.find((p) => p.energy !== null)?.energy ?? null;
  return {
    l1: lastOut?.l1 ?? null,
    linf: lastOut?.linf ?? null,
    relL2: lastOut?.relL2 ?? null,
    l1Max: l1s.length ? Math.max(...l1s) : null,
    massInitial: m0,
    massFinal: last ? last.mass : NaN,
    massDrift: conservesMass ? massDrift : null,
    energy: {
      initial: firstEnergy,
      final: last ? last.energy : null,
      monotone: maxIncrease === null || maxIncrease <= tolerance,
      maxIncrease,
      tolerance,
      points: energyPoints,
    },
    minDensity,
    observables: lastOut ? { ...lastOut.observables } : {},
  };
}

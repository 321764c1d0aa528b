import type { Energy } from "../energy/energy.js";
import type { Grid } from "../grid/grid.js";
import type { Scheme } from "../schemes/scheme.js";

/** Everything `simulate` needs: built from a spec (build.ts) or by hand. */
export interface Problem {
  grid: Grid;
  /** Initial density (cell averages). Not modified by `simulate`. */
  rho0: Float64Array;
  energy: Energy;
  scheme: Scheme;
  /** Times at which snapshots are stored (ascending, last = tEnd). */
  outputTimes: number[];
  /** Exact solution as cell averages at time t (time since the start of the run), if known. */
  exact?: (t: number) => Float64Array;
  /** Extra quantities to track along the run, e.g. second moment, cluster distance. */
  observables?: Record<string, (rho: Float64Array, t: number) => number>;
  /** Resolved, JSON-serialisable parameters written into summary.json (spec). */
  spec: Record<string, unknown>;
  /**
   * False for flows that create or destroy mass (Fisher–Rao, WFR): the mass drift is then
   * not an error and is reported as null (the masses stay in the trace). Default true.
   */
  conservesMass?: boolean;
}

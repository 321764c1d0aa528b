import { describe, expect, it } from "vitest";
import { renderConvergencePage } from "../../src/report/convergencePage.js";
import {
  runConvergenceGallery,
  STUDIES,
  type StudySpec,
} from "../../src/run/convergenceGallery.js";
import { listScenarios } from "../../src/run/registry.js";
import { runCli } from "../cliHarness.js";

describe("convergence page", () => {
  it("every study names a scenario that exists and has at least two resolutions", () => {
    const names = listScenarios();
    for (const s of STUDIES) {
      expect(names, s.scenario).toContain(s.scenario);
      expect(s.fast.length).toBeGreaterThanOrEqual(2);
      expect(s.full.length).toBeGreaterThanOrEqual(s.fast.length);
    }
  });

  it("measures the orders it plots: fv1 ≈ 1 and fv2 ≈ 2 on the heat flow", async () => {
    // heat-1d at n = 64, 128: measured L1 orders fv1 0.90, fv2 2.01 (at 32 → 64 fv2 is still
    // pre-asymptotic: 1.57). Bounds: first and second order within the ±0.2–0.3 that
    // pre-asymptotic grids allow.
    const spec: StudySpec = {
      ...STUDIES.find((s) => s.scenario === "heat-1d")!,
      runs: STUDIES[0].runs.filter((r) => r.label !== "sg"),
      fast: [64, 128],
    };
    const [r] = await runConvergenceGallery(false, undefined, [spec]);
    const fv1 = r.runs.find((x) => x.label === "fv1")!.study;
    const fv2 = r.runs.find((x) => x.label === "fv2")!.study;
    expect(fv1.orders.l1.leastSquares).toBeGreaterThan(0.7);
    expect(fv1.orders.l1.leastSquares).toBeLessThan(1.3);
    expect(fv2.orders.l1.leastSquares).toBeGreaterThan(1.8);
    const html = renderConvergencePage(
      [
        {
          scenario: spec.scenario,
          title: spec.title,
          expected: spec.expected,
          runs: r.runs.map((x) => ({
            label: x.label,
            rows: x.study.rows.map((row) => ({ n: row.n, h: row.h, l1: row.metrics.l1 })),
            pairwise: x.study.orders.l1.pairwise,
            leastSquares: x.study.orders.l1.leastSquares,
            seconds: x.seconds,
          })),
        },
      ],
      "assets/plotly.js",
      { full: false, command: "measureflow convergence" },
    );
    expect(html).toContain(`fv2: order ${fv2.orders.l1.leastSquares.toFixed(2)}`);
    expect(html).toContain('src="assets/plotly.js"');
  });

  it("is a command with help, refusing stray arguments", async () => {
    const help = await runCli(["convergence", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--full");
    const bad = await runCli(["convergence", "extra"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unexpected argument 'extra'/);
  });
});

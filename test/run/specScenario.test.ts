import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { linearTimes } from "../../src/problem/outputTimes.js";
import { resolveOptions } from "../../src/run/options.js";
import type { ScenarioOptions } from "../../src/run/scenario.js";
import { simulate } from "../../src/run/simulate.js";
import { isSpecScenario, specScenario } from "../../src/run/specScenario.js";

/** A small heat problem: 1D, 32 cells, fv2. */
const heat = {
  name: "tiny-heat",
  title: "Tiny heat",
  description: "heat from a Gaussian",
  grid: { n: [32], lo: [-4], hi: [4] },
  initial: { kind: "gaussian", mean: [0], cov: 0.3 },
  energy: [{ kind: "entropy" }],
  geometry: { kind: "wasserstein" },
  scheme: { kind: "fv", flux: "fv2" },
  output: { tEnd: 0.1, snapshots: 3 },
  exact: { kind: "heat" },
};

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

const specOf = (s: ReturnType<typeof specScenario>, o: Partial<ScenarioOptions> = {}) =>
  s.specFor(resolveOptions(s, o));

const refused = (f: () => unknown): InputError => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error("expected an InputError");
};

describe("specScenario: a spec as a Scenario", () => {
  it("takes name, title, description and the option defaults from the spec", () => {
    const s = specScenario(heat, "/somewhere/tiny-heat.json");
    expect(isSpecScenario(s)).toBe(true);
    expect(s.name).toBe("tiny-heat");
    expect(s.title).toBe("Tiny heat");
    expect(s.description).toBe("heat from a Gaussian");
    expect(s.defaults).toMatchObject({ n: 32, tEnd: 0.1, snapshots: 3, scheme: "fv2" });
    expect(s.defaults).toMatchObject({ method: "ssprk3", cfl: 0.9 });
    // Wasserstein: the three fluxes and jko, the spec's own first.
    expect(s.schemes).toEqual(["fv2", "fv1", "sg", "jko"]);
    const { name: _n, ...anonymous } = heat;
    expect(specScenario(anonymous, "/x/from-file.json").name).toBe("from-file");
  });

  it("with no options given builds the spec unchanged", () => {
    const s = specScenario(heat, "tiny-heat.json");
    expect(specOf(s)).toEqual(s.spec);
    const p = s.build(resolveOptions(s, {}));
    expect(p.grid.n).toEqual([32]);
    expect(p.outputTimes).toEqual(linearTimes(0.1, 3));
  });

  it("maps --n, --t-end, --snapshots, --scheme, --method, --cfl, --dt onto the spec", () => {
    const s = specScenario(
      {
        ...heat,
        grid: { n: [16, 16], lo: [-4, -4], hi: [4, 4] },
        initial: { kind: "gaussian", mean: [0, 0], cov: 0.3 },
      },
      "h.json",
    );
    const o = specOf(s, {
      n: 24,
      tEnd: 0.2,
      snapshots: 4,
      scheme: "sg",
      method: "heun",
      cfl: 0.5,
      dt: 1e-3,
    });
    expect(o.grid.n).toEqual([24, 24]);
    expect(o.output).toMatchObject({ tEnd: 0.2, snapshots: 4 });
    expect(o.scheme).toMatchObject({ kind: "fv", flux: "sg", method: "heun", cfl: 0.5, dt: 1e-3 });
    expect(
      specOf(s, { scheme: "jko", tau: 0.05, eps: 0.01, blurCorrection: true }).scheme,
    ).toMatchObject({
      kind: "jko",
      tau: 0.05,
      eps: 0.01,
      blurCorrection: true,
    });
  });

  it("drops the L1 check when an option changes the computed solution", () => {
    const checks = { l1: 1e-3, massDrift: 1e-11, energyMonotone: true };
    const s = specScenario({ ...heat, checks }, "c.json");
    expect(specOf(s).checks).toEqual(checks);
    expect(specOf(s, { snapshots: 5 }).checks).toEqual(checks);
    expect(specOf(s, { n: 64 }).checks).toEqual({ massDrift: 1e-11, energyMonotone: true });
    expect(specOf(s, { scheme: "sg" }).checks).toEqual({ massDrift: 1e-11, energyMonotone: true });
    // Switching to entropic JKO also drops the energy-decay check (its blur lets F creep up).
    expect(specOf(s, { scheme: "jko", tau: 0.01 }).checks).toEqual({ massDrift: 1e-11 });
    expect(
      specOf(specScenario({ ...heat, checks: { l1: 1 } }, "c.json"), { cfl: 0.5 }).checks,
    ).toBeUndefined();
  });

  it("refuses options that do not apply, naming the option", () => {
    const s = specScenario(heat, "tiny-heat.json");
    expect(refused(() => specOf(s, { scheme: "jko" })).field).toBe("--tau");
    expect(refused(() => specOf(s, { tau: 0.1 })).field).toBe("--tau");
    expect(refused(() => specOf(s, { eps: 0.1 })).field).toBe("--eps");
    // No exponent m in this spec: refused by the option resolution (no default m).
    expect(refused(() => specOf(s, { m: 2 })).field).toBe("--m");
    expect(refused(() => specOf(s, { scheme: "exact" })).field).toBe("--scheme");
    const jko = specScenario({ ...heat, scheme: { kind: "jko", tau: 0.02 } }, "j.json");
    expect(jko.schemes[0]).toBe("jko");
    expect(refused(() => specOf(jko, { cfl: 0.5 })).message).toMatch(
      /^--cfl: applies to the explicit finite-volume schemes \(fv1, fv2, sg, explicit\) only; this run's scheme is 'jko'/,
    );
    expect(refused(() => specOf(jko, { method: "heun" })).field).toBe("--method");
    expect(refused(() => specOf(jko, { dt: 0.01 })).field).toBe("--dt");
  });

  it("--m sets every exponent: generalized-entropy terms and barenblatt data", () => {
    const pme = specScenario(
      {
        ...heat,
        grid: { n: [32], lo: [-2], hi: [2] },
        initial: { kind: "barenblatt", m: 2, t0: 0.1 },
        energy: [{ kind: "generalized-entropy", m: 2 }],
        exact: { kind: "barenblatt" },
      },
      "pme.json",
    );
    expect(pme.defaults.m).toBe(2);
    const o = specOf(pme, { m: 3 });
    expect(o.energy[0].m).toBe(3);
    expect(o.initial.m).toBe(3);
  });

  it("Fisher–Rao specs offer exact and explicit; explicit is fv on the same geometry", () => {
    const fr = specScenario(
      {
        ...heat,
        energy: [{ kind: "kl", V: { kind: "quadratic", A: [[1]] } }],
        geometry: { kind: "fisher-rao" },
        scheme: { kind: "exact-fisher-rao" },
        exact: "none",
      },
      "fr.json",
    );
    expect(fr.schemes).toEqual(["exact", "explicit"]);
    expect(specOf(fr, { scheme: "explicit" }).scheme).toMatchObject({ kind: "fv" });
    expect(refused(() => specOf(fr, { scheme: "fv2" })).field).toBe("--scheme");
  });

  it("JKO output times are multiples of τ, whatever the number of snapshots", () => {
    const s = specScenario(
      { ...heat, scheme: { kind: "jko", tau: 0.03 }, output: { tEnd: 0.2, snapshots: 4 } },
      "j.json",
    );
    // tEnd 0.2 → 7 steps of 0.03 (tEnd becomes 0.21); 4 snapshots → steps 0, 2, 5, 7.
    const times = s.build(resolveOptions(s, {})).outputTimes;
    expect(times.map((t) => Math.round(t / 0.03))).toEqual([0, 2, 5, 7]);
    times.forEach((t) => expect(Math.abs(t / 0.03 - Math.round(t / 0.03))).toBeLessThan(1e-12));
    const geo = specScenario(
      {
        ...heat,
        scheme: { kind: "jko", tau: 0.01 },
        output: { tEnd: 0.08, snapshots: 4, spacing: "geometric" },
      },
      "g.json",
    );
    // geometric 0, 0.08/7, 0.08·3/7, 0.08 → steps 0, 1, 3, 8
    const g = geo.build(resolveOptions(geo, {})).outputTimes;
    expect(g.map((t) => Math.round(t / 0.01))).toEqual([0, 1, 3, 8]);
    const r = simulate(geo.build(resolveOptions(geo, {})));
    expect(r.steps).toBe(8); // full steps only
  });

  it("reads a file named in the spec relative to the spec's folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "mf-spec-"));
    made.push(dir);
    mkdirSync(join(dir, "data"));
    const n = 8;
    const rows = Array.from({ length: n }, (_, i) => `${-4 + (i + 0.5)},${i < 4 ? 0.1 : 0.15}`);
    writeFileSync(join(dir, "data", "rho.csv"), `x,rho\n${rows.join("\n")}\n`);
    const spec = {
      ...heat,
      grid: { n: [n], lo: [-4], hi: [4] },
      initial: { kind: "file", path: "data/rho.csv" },
      exact: "none",
    };
    const s = specScenario(spec, join(dir, "from-file.json"));
    const p = s.build(resolveOptions(s, {}));
    expect(Array.from(p.rho0)).toEqual([0.1, 0.1, 0.1, 0.1, 0.15, 0.15, 0.15, 0.15]);
  });
});

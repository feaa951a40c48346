/** Every `gnc reproduce` experiment is a valid sweep at both scales: it plans (each setting's config validates). */
import { describe, expect, it } from "vitest";
import { atScale, experimentNames, loadExperiment, reproduction } from "../../src/sweep/spec.js";
import { GncError } from "../../src/util/errors.js";
import { planSweep } from "../../src/sweep/plan.js";

describe("experiments/reproduce", () => {
  it("lists the paper's GNN, spectral and gUFM figures", () => {
    expect(experimentNames()).toEqual(expect.arrayContaining(["nodewise", "w1", "depth", "c4", "gnn-vs-spectral", "pq-grid", "ufm"]));
  });

  for (const name of experimentNames()) {
    it(`${name} plans at the quick and paper scales`, () => {
      const spec = loadExperiment(name);
      for (const scale of ["quick", "paper"] as const) {
        const plan = planSweep(atScale(spec, scale));
        expect(plan.runs.length).toBeGreaterThan(0);
        expect(plan.seeds).toBe(atScale(spec, scale).seeds);
        // as `gnc reproduce NAME --scale S` runs it: named NAME-S (the runs' folder), the same runs otherwise
        const r = reproduction(name, scale);
        expect(r.spec.name).toBe(`${name}-${scale}`);
        expect(r.command).toBe(`gnc reproduce ${name} --scale ${scale}`);
        const runs = planSweep(r.spec).runs;
        expect(runs.map((x) => x.config.name)).toEqual(plan.runs.map(() => `${name}-${scale}`));
        expect(runs.map((x) => ({ ...x.config, name: "" }))).toEqual(plan.runs.map((x) => ({ ...x.config, name: "" })));
      }
      // the quick scale is smaller than the paper's
      const steps = (s: ReturnType<typeof atScale>) => planSweep(s).runs.reduce((a, r) => a + (r.config.train ? r.config.train.epochs * r.config.train.trainGraphs : r.config.ufm?.steps ?? 0), 0);
      expect(steps(atScale(spec, "quick"))).toBeLessThan(steps(atScale(spec, "paper")));
    });
  }

  it("an unknown experiment is a one-line error naming the known ones", () => {
    expect(() => reproduction("no-such", "quick")).toThrow(GncError);
    expect(() => reproduction("no-such", "quick")).toThrow(/unknown experiment "no-such" \(known: .*nodewise/);
  });
});

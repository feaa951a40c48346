/** Variant axes (labelled partial configs, optionally with their own preset) and the --only filter. */
import { describe, expect, it } from "vitest";
import { sweepSpecSchema } from "../../src/sweep/spec.js";
import { planSweep } from "../../src/sweep/plan.js";
import { parseOnly, selectRuns } from "../../src/sweep/run.js";

const tiny = { graph: { n: 40 }, model: { depth: 3 }, train: { epochs: 1, trainGraphs: 2, testGraphs: 2, trackGraphs: 0 } };

function spec(extra: Record<string, unknown>) {
  return sweepSpecSchema.parse({ name: "v", preset: "paper", config: tiny, ...extra });
}

const settingAxis = [
  { label: "C=2 homophilic", preset: "paper", config: { graph: { pIn: 0.3, pOut: 0.05 } } },
  { label: "C=4 heterophilic", preset: "paper-c4", config: { graph: { pIn: 0.05, pOut: 0.3 } } },
];
const lossAxis = [
  { label: "MSE", config: { train: { loss: "mse" } } },
  { label: "LS eps=0.3", config: { train: { loss: "ls-ce", labelSmoothing: 0.3 } } },
  { label: "focal g=1", config: { train: { loss: "focal", focalGamma: 1 } } },
];

describe("sweep variants", () => {
  it("crosses variant axes after the axes; each value sets its fields and preset", () => {
    const plan = planSweep(spec({ axes: { "model.useW1": [true, false] }, variants: { graph: settingAxis, loss: lossAxis }, seeds: 2 }));
    expect(plan.fields).toEqual(["model.useW1", "graph", "loss"]);
    expect(plan.settings).toHaveLength(2 * 2 * 3);
    expect(plan.runs).toHaveLength(24);
    // last axis fastest
    expect(plan.settings.slice(0, 4).map((s) => [s.values["model.useW1"], s.values.graph, s.values.loss])).toEqual([
      [true, "C=2 homophilic", "MSE"], [true, "C=2 homophilic", "LS eps=0.3"], [true, "C=2 homophilic", "focal g=1"], [true, "C=4 heterophilic", "MSE"],
    ]);
    for (const s of plan.settings) {
      for (const r of s.runs) {
        const c = r.config as any;
        expect(c.model.useW1).toBe(s.values["model.useW1"]);
        const c4 = s.values.graph === "C=4 heterophilic";
        // the variant's preset (paper-c4: C = 4, d = 16, lr 0.006) under the sweep's config (n, depth)
        expect([c.graph.classes, c.model.hidden, c.train.lr, c.graph.n, c.model.depth]).toEqual(c4 ? [4, 16, 0.006, 40, 3] : [2, 8, 0.004, 40, 3]);
        expect([c.graph.pIn, c.graph.pOut]).toEqual(c4 ? [0.05, 0.3] : [0.3, 0.05]);
        const want = { MSE: ["mse"], "LS eps=0.3": ["ls-ce", 0.3], "focal g=1": ["focal", 1] }[s.values.loss as string]!;
        expect(c.train.loss).toBe(want[0]);
        if (want[0] === "ls-ce") expect(c.train.labelSmoothing).toBe(0.3);
        if (want[0] === "focal") expect(c.train.focalGamma).toBe(1);
      }
    }
    // every run distinct; seeds seed + k
    expect(new Set(plan.runs.map((r) => r.hash)).size).toBe(24);
    expect(plan.settings[5].runs.map((r) => r.seed)).toEqual([0, 1]);
  });

  it("zips variant axes with the axes element by element", () => {
    const plan = planSweep(spec({ axes: { "model.depth": [2, 3] }, variants: { graph: settingAxis }, zip: true }));
    expect(plan.settings.map((s) => [s.values["model.depth"], s.values.graph])).toEqual([[2, "C=2 homophilic"], [3, "C=4 heterophilic"]]);
    expect((plan.settings[1].runs[0].config as any).graph.classes).toBe(4);
  });

  it("refuses ambiguous definitions with one line", () => {
    expect(() => planSweep(spec({ variants: { loss: [lossAxis[0], { ...lossAxis[1], label: "MSE" }] } }))).toThrow(/variant axis "loss" has the label "MSE" twice/);
    expect(() => planSweep(spec({ variants: { a: settingAxis, b: [{ label: "x", preset: "quick", config: {} }] } }))).toThrow(/both name a preset/);
    expect(() => planSweep(spec({ variants: { loss: [{ label: "bad", config: { train: { loss: "hinge" } } }] } }))).toThrow(/setting 0 \(loss=bad\)/);
    expect(() => planSweep(spec({ variants: { loss: lossAxis }, figures: { color: "losses" } }))).toThrow(/figures.color: "losses" is not a swept field/);
    expect(() => sweepSpecSchema.parse({ name: "v", variants: { "bad name": lossAxis } })).toThrow();
    for (const clash of ["setting", "classes", "overlap", "metric"]) {
      expect(() => planSweep(spec({ variants: { [clash]: lossAxis } }))).toThrow(new RegExp(`variant axis "${clash}" would clash`));
    }
  });

  it("--only keeps the matching settings, shards apply within them, and bad filters are one line", () => {
    const plan = planSweep(spec({ variants: { graph: settingAxis, loss: lossAxis }, seeds: 2 }));
    const only = parseOnly(["graph=C=4 heterophilic", "loss=MSE,focal g=1"]);
    expect(only).toEqual({ graph: ["C=4 heterophilic"], loss: ["MSE", "focal g=1"] });
    const sel = selectRuns(plan, { only });
    expect(sel.map((r) => plan.settings[r.setting].label)).toEqual([
      "graph=C=4 heterophilic loss=MSE", "graph=C=4 heterophilic loss=MSE",
      "graph=C=4 heterophilic loss=focal g=1", "graph=C=4 heterophilic loss=focal g=1",
    ]);
    const halves = [0, 1].map((i) => selectRuns(plan, { only, shard: { index: i, count: 2 } }).map((r) => r.index));
    expect([...halves[0], ...halves[1]].sort((a, b) => a - b)).toEqual(sel.map((r) => r.index));
    expect(() => selectRuns(plan, { only: { depth: ["3"] } })).toThrow(/--only: "depth" is not swept here/);
    expect(() => selectRuns(plan, { only: { loss: ["CE"] } })).toThrow(/no setting has loss=CE/);
    expect(() => parseOnly(["loss"])).toThrow(/expected FIELD=VALUE/);
  });
});

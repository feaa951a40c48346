import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { epochEvolutionSpec, logTicks, runningMean, selectRun, layerCollapseSpec } from "../../src/report/figures.js";
import { loadMetrics, type MetricRow } from "../../src/report/run-data.js";
import { renderVegaLite } from "../../src/report/render.js";
import { Rng } from "../../src/util/rng.js";
import { writeSyntheticRun } from "./synthetic-run.js";
import { linePaths } from "./svg-helpers.js";

describe("runningMean", () => {
  it("matches the obvious windowed mean on random data with gaps", () => {
    const rng = Rng.seeded(5);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + rng.int(40);
      const w = 1 + rng.int(8);
      const x = Array.from({ length: n }, () => (rng.uniform() < 0.15 ? NaN : rng.normal()));
      const fast = runningMean(x, w);
      for (let i = 0; i < n; i++) {
        const win = x.slice(Math.max(0, i - w + 1), i + 1).filter(Number.isFinite);
        const ref = win.length ? win.reduce((s, v) => s + v, 0) / win.length : NaN;
        if (Number.isNaN(ref)) expect(fast[i]).toBeNaN();
        else expect(fast[i]).toBeCloseTo(ref, 12);
      }
    }
  });
});

describe("logTicks", () => {
  it("gives the decades covering the data, with 2x/5x when the range is narrow", () => {
    expect(logTicks([0.003, 0.4])).toEqual([0.001, 0.01, 0.1, 1]);
    expect(logTicks([0.02, 0.05])).toEqual([0.01, 0.02, 0.05, 0.1]);
    const wide = logTicks([1e-12, 1]);
    expect(wide.length).toBeLessThanOrEqual(7);
    expect(wide[0]).toBe(1e-12);
    expect(logTicks([])).toEqual([]);
  });
});

describe("figure specs", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "gnc-spec-"));

  it("nc1-epochs keeps at most 12 evaluations (evenly spaced, first and last kept)", async () => {
    const dir = writeSyntheticRun(path.join(tmp, "long"), { depth: 3, epochs: 20, stepsPerEpoch: 5 }).dir;
    const sel = selectRun(loadMetrics(path.join(dir, "metrics.csv")))!;
    const spec = epochEvolutionSpec(sel)! as any;
    const epochs = [...new Set(spec.data.values.map((v: any) => v.t))] as number[];
    expect(epochs.length).toBe(12);
    expect(Math.min(...epochs)).toBe(1);
    expect(Math.max(...epochs)).toBe(20);
    const fig = await renderVegaLite(spec, { png: false });
    expect(linePaths(fig.svg).length).toBe(24);
    rmSync(tmp, { recursive: true, force: true });
  });

  it("selects the test split and the named run, and ignores unknown kinds and metrics", () => {
    const row = (o: Partial<MetricRow>): MetricRow => ({
      run: "a", epoch: 1, step: 10, split: "test", layer: 1, kind: "conv", variant: "H", metric: "nc1",
      mean: 1, std: 0, meanLog10: 0, stdLog10: 0, ...o,
    });
    const rows = [
      row({}), row({ layer: 2, meanLog10: -1 }), row({ split: "train", meanLog10: 5 }), row({ run: "b", meanLog10: 7 }),
      row({ kind: "attention" }), row({ metric: "nc9" }), row({ variant: "out" }),
    ];
    const sel = selectRun(rows, "a")!;
    expect(sel.split).toBe("test");
    const spec = layerCollapseSpec(sel, "nc1")! as any;
    expect(spec.data.values.map((v: any) => v.y)).toEqual([0, -1]);
    expect(selectRun(rows, "b")!.rows.length).toBe(1);
    expect(layerCollapseSpec(selectRun(rows.filter((r) => r.metric !== "nc1"))!, "nc1")).toBeNull();
  });
});

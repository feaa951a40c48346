/**
 * The loss-family and normalisation studies (experiments/reproduce/losses.json, normalized.json) run
 * end to end at a tiny scale: every variant trains, the summary has one row per (setting, variant),
 * and the per-loss figures are drawn (C = 4 classifier panels only).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { atScale, loadExperiment } from "../../src/sweep/spec.js";
import { runSweep } from "../../src/sweep/run.js";
import { drawSweepFigures } from "../../src/report/sweep-figures.js";
import { writeSweepReport } from "../../src/report/html.js";
import { deepMerge } from "../../src/runs/schema/common.js";
import { parseCsv } from "../../src/util/csv.js";

const out = mkdtempSync(path.join(os.tmpdir(), "gnc-loss-studies-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const TINY = { graph: { n: 40 }, model: { depth: 3 }, train: { epochs: 1, trainGraphs: 2, testGraphs: 2, trackGraphs: 0 } };

describe.each([
  ["losses", "loss", ["MSE", "CE", "LS eps=0.1", "LS eps=0.3", "focal g=1", "focal g=2"]],
  ["normalized", "features", ["unnormalised", "tau=1", "tau=5", "tau=20"]],
] as const)("experiment %s at a tiny scale", (name, field, labels) => {
  it("trains every variant on the four settings and draws the per-variant figures", async () => {
    const base = atScale(loadExperiment(name), "quick");
    const spec = { ...base, name: `${name}-tiny`, config: deepMerge(base.config, TINY) as Record<string, unknown>, seeds: 2 };
    const r = await runSweep(spec, { outDir: out, jobs: 2 });
    expect(r.merged?.failed ?? ["not merged"]).toEqual([]);
    const t = parseCsv(readFileSync(path.join(r.sweepDir, "summary.csv"), "utf8"), "summary.csv", "test");
    const col = (c: string) => t.records.map((x) => x.fields[t.header.indexOf(c)]);
    expect(t.records).toHaveLength(4 * labels.length);
    expect([...new Set(col(field))]).toEqual(labels);
    expect([...new Set(col("graph"))]).toEqual(["C=2 homophilic", "C=2 heterophilic", "C=4 homophilic", "C=4 heterophilic"]);
    expect(new Set(col("classes"))).toEqual(new Set(["2", "4"]));
    expect(col("done").every((d) => d === "2")).toBe(true);
    for (const v of col("log10Nc1HLast")) expect(Number.isFinite(Number(v)) && v !== "").toBe(true);
    // each run's config is the variant's
    const sweep = JSON.parse(readFileSync(path.join(r.sweepDir, "sweep.json"), "utf8"));
    expect(sweep.figures).toEqual({ color: field, facet: "graph" });
    for (const s of r.plan.settings) {
      const c = s.runs[0].config as any;
      const label = s.values[field] as string;
      if (name === "losses") {
        const want = { MSE: "mse", CE: "ce", "LS eps=0.1": "ls-ce", "LS eps=0.3": "ls-ce", "focal g=1": "focal", "focal g=2": "focal" }[label];
        expect(c.train.loss).toBe(want);
      } else {
        expect(c.train.loss).toBe("ce");
        expect(c.train.normalizeFeatures).toBe(label !== "unnormalised");
        if (label !== "unnormalised") expect(c.train.temperature).toBe(Number(label.slice(4)));
      }
      expect(c.graph.classes).toBe(String(s.values.graph).startsWith("C=4") ? 4 : 2);
    }
    const figs = await drawSweepFigures(r.sweepDir, { formats: ["svg"] });
    const names = figs.map((f) => path.basename(f));
    expect(names).toEqual(expect.arrayContaining(["nc1-layers.svg", "final-dots.svg", "classifier-nc.svg"]));
    const dots = readFileSync(path.join(r.sweepDir, "figures", "final-dots.svg"), "utf8");
    for (const l of labels) expect(dots).toContain(`>${l}<`);
    const cls = readFileSync(path.join(r.sweepDir, "figures", "classifier-nc.svg"), "utf8");
    expect(cls).toContain("C = 2 settings not drawn");
    expect(cls).toContain(">C=4 homophilic<");
    expect(cls).not.toContain(">C=2 homophilic<");
    expect(existsSync(writeSweepReport(r.sweepDir))).toBe(true);
  });
});

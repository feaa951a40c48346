/** The end-of-training dot figures: values straight from summary.csv (mean, mean ± sd), layout by field, C > 2 filter. */
import { describe, expect, it } from "vitest";
import { classifierDotsSpec, finalDotsSpec } from "../../src/report/sweep-dots.js";
import type { SweepSummary } from "../../src/report/sweep-data.js";
import type { SweepFigureContext } from "../../src/report/sweep-specs.js";
import { Rng } from "../../src/util/rng.js";

function fixture() {
  const rng = Rng.seeded(7);
  const graphs = ["C=2 homophilic", "C=4 homophilic"];
  const losses = ["MSE", "CE", "focal g=1"];
  const rows: Record<string, string>[] = [];
  const values = new Map<number, Record<string, unknown>>();
  let s = 0;
  for (const g of graphs) {
    for (const l of losses) {
      values.set(s, { graph: g, loss: l });
      const r = () => String(rng.normal());
      rows.push({ setting: String(s), study: "gnn", method: "gnn", graph: g, loss: l, classes: g.startsWith("C=4") ? "4" : "2", done: "5",
        log10Nc1HLast: r(), log10Nc1HLastSd: String(Math.abs(rng.normal())), overlap: r(), overlapSd: "", nc2WEtf: r(), nc2WEtfSd: "0.1", nc3: r(), nc3Sd: "0.2" });
      s++;
    }
  }
  // a spectral row of the same setting is not drawn
  rows.push({ setting: "0", study: "spectral", method: "bh", graph: graphs[0], loss: "MSE", classes: "2", log10Nc1HLast: "9", overlap: "9" });
  const summary: SweepSummary = { header: Object.keys(rows[0]), rows };
  const ctx: SweepFigureContext = { name: "t", seeds: 5, labels: new Map([...values].map(([k, v]) => [k, `graph=${v.graph} loss=${v.loss}`])), values, layout: { color: "loss", facet: "graph" } };
  return { summary, ctx, rows };
}

const data = (spec: any) => spec.data.values as { x: string; panel: string; metric: string; y: number; lo: number; hi: number }[];

describe("sweep dot figures", () => {
  it("final-dots: one dot per (loss, graph) and metric at the summary's mean, bars at mean ± sd (no sd: a point)", () => {
    const { summary, ctx, rows } = fixture();
    const spec = finalDotsSpec(summary, ctx)!;
    const v = data(spec);
    expect(v).toHaveLength(6 * 2);
    for (const r of rows.filter((x) => x.study === "gnn")) {
      const nc1 = v.find((d) => d.x === r.loss && d.panel === r.graph && d.metric.includes("NC₁"))!;
      expect(nc1.y).toBe(Number(r.log10Nc1HLast));
      expect(nc1.hi - nc1.lo).toBeCloseTo(2 * Number(r.log10Nc1HLastSd), 12);
      const ov = v.find((d) => d.x === r.loss && d.panel === r.graph && d.metric === "test overlap")!;
      expect([ov.lo, ov.y, ov.hi]).toEqual([Number(r.overlap), Number(r.overlap), Number(r.overlap)]);
    }
    expect((spec as any).facet.column.sort).toEqual(["C=2 homophilic", "C=4 homophilic"]);
  });

  it("classifier-nc: only the C > 2 settings, and says why", () => {
    const { summary, ctx } = fixture();
    const spec = classifierDotsSpec(summary, ctx)!;
    expect(new Set(data(spec).map((d) => d.panel))).toEqual(new Set(["C=4 homophilic"]));
    expect(data(spec)).toHaveLength(3 * 2);
    expect(JSON.stringify((spec as any).title.subtitle)).toContain("NC₂ is 0 by construction");
    // a C = 2-only sweep has no classifier figure
    const c2 = { ...summary, rows: summary.rows.filter((r) => r.classes === "2") };
    expect(classifierDotsSpec(c2, ctx)).toBeNull();
  });

  it("without a colouring field: one dot per setting label, up to 12 settings", () => {
    const { summary, ctx } = fixture();
    const plain = { ...ctx, layout: undefined };
    expect(data(finalDotsSpec(summary, plain)!).map((d) => d.x)).toContain("graph=C=4 homophilic loss=CE");
    const many = { ...summary, rows: Array.from({ length: 13 }, (_, i) => ({ ...summary.rows[0], setting: String(i) })) };
    expect(finalDotsSpec(many, plain)).toBeNull();
  });
});

/**
 * The results archive (src/sweep/archive.ts): sweeps of each study kind run at a tiny scale are
 * archived, restored into an empty folder and merged again — the summary, the runs table and the
 * layer figures come out byte-identical, a sweep skips the restored runs, re-archiving them gives the
 * same archive bytes, and runs of an older definition are dropped.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { atScale, loadExperiment, type SweepSpec } from "../../src/sweep/spec.js";
import { planSweep } from "../../src/sweep/plan.js";
import { runSweep } from "../../src/sweep/run.js";
import { archiveSweep, readArchive, restoreSweep, slimMetrics } from "../../src/sweep/archive.js";
import { drawSweepFigures } from "../../src/report/sweep-figures.js";
import { deepMerge } from "../../src/runs/schema/common.js";
import { GncError } from "../../src/util/errors.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "gnc-archive-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const tiny = (name: string, over: Record<string, unknown>, seeds = 2): SweepSpec => {
  const base = atScale(loadExperiment(name), "quick");
  return { ...base, name: `${name}-arch`, config: deepMerge(base.config, over) as Record<string, unknown>, seeds };
};

const GNN_TINY = { graph: { n: 40 }, model: { depth: 3 }, train: { epochs: 2, trainGraphs: 2, testGraphs: 2, trackGraphs: 0 } };

describe.each([
  ["nodewise", GNN_TINY, ["nc1-layers", "final-dots"]],
  ["gnn-vs-spectral", GNN_TINY, ["nc1-layers"]],
  ["ufm", { graph: { n: 40 }, ufm: { graphs: 2, steps: 200, ncInterval: 50 } }, ["nc1-epochs"]],
] as const)("archive of %s", (name, over, figures) => {
  it("restored runs merge to the same summary, runs table and figures; a sweep skips them", async () => {
    const spec = tiny(name, over as Record<string, unknown>);
    const a = path.join(tmp, `${name}-a`);
    const r = await runSweep(spec, { outDir: a, jobs: 2 });
    expect(r.merged?.complete).toBe(true);
    await drawSweepFigures(r.sweepDir, { formats: ["svg"] });
    const file = path.join(tmp, `${name}.jsonl.gz`);
    const res = archiveSweep(r.plan, a, file);
    expect(res).toEqual({ runs: r.plan.runs.length, added: r.plan.runs.length, dropped: 0 });
    const archived = readArchive(file, r.plan.name);
    expect(archived.map((x) => x.hash)).toEqual(r.plan.runs.map((x) => x.hash));
    // the archive is much smaller than the runs' metrics
    const full = r.plan.runs.reduce((s, x) => s + readFileSync(path.join(a, x.runDir, "metrics.csv")).length, 0);
    expect(readFileSync(file).length).toBeLessThan(full / 3);

    const b = path.join(tmp, `${name}-b`);
    expect(restoreSweep(r.plan, b, file)).toEqual({ restored: r.plan.runs.length, present: 0 });
    // a sweep over the restored folder runs nothing and merges
    let started = 0;
    const r2 = await runSweep(spec, { outDir: b, jobs: 1, onPlan: (_p, todo) => (started = todo.length) });
    expect(started).toBe(0);
    expect(r2.merged?.complete).toBe(true);
    for (const f of ["summary.csv", "runs.csv", "sweep.json"]) {
      expect(readFileSync(path.join(r2.sweepDir, f), "utf8"), f).toBe(readFileSync(path.join(r.sweepDir, f), "utf8"));
    }
    await drawSweepFigures(r2.sweepDir, { formats: ["svg"] });
    for (const f of figures) {
      expect(readFileSync(path.join(r2.sweepDir, "figures", `${f}.svg`), "utf8"), f).toBe(readFileSync(path.join(r.sweepDir, "figures", `${f}.svg`), "utf8"));
    }
    // archiving the restored folder keeps the archived entries: same bytes
    const again = path.join(tmp, `${name}-again.jsonl.gz`);
    cpSync(file, again);
    expect(archiveSweep(r.plan, b, again)).toEqual({ runs: r.plan.runs.length, added: 0, dropped: 0 });
    expect(readFileSync(again).equals(readFileSync(file))).toBe(true);
    // present run folders are left alone
    expect(restoreSweep(r.plan, b, file)).toEqual({ restored: 0, present: r.plan.runs.length });
  });
});

describe("archive", () => {
  it("accumulates: runs archived earlier stay when the folder lacks them; an older definition's runs are dropped", async () => {
    const spec = tiny("nodewise", GNN_TINY, 3);
    const out = path.join(tmp, "acc");
    const file = path.join(tmp, "acc.jsonl.gz");
    const plan = planSweep(spec);
    const first = plan.runs.filter((x) => x.seedIndex === 0);
    const r = await runSweep(spec, { outDir: out, jobs: 2 });
    expect(archiveSweep(r.plan, out, file).runs).toBe(plan.runs.length);
    const other = path.join(tmp, "acc-other");
    // a folder holding only one run: archiving it keeps every other archived run
    cpSync(path.join(out, first[0].runDir), path.join(other, first[0].runDir), { recursive: true });
    const res = archiveSweep(r.plan, other, file);
    expect(res).toEqual({ runs: plan.runs.length, added: 1, dropped: 0 });
    // the definition changes (two seeds): the third seed's runs are no longer planned
    const fewer = planSweep(tiny("nodewise", GNN_TINY, 2));
    expect(archiveSweep(fewer, other, file)).toEqual({ runs: fewer.runs.length, added: 1, dropped: plan.runs.length - fewer.runs.length });
  });

  it("slimMetrics keeps the curve kinds at the last epoch (every epoch for a gUFM)", () => {
    const head = "run,epoch,step,split,layer,kind,variant,metric,mean,std,meanLog10,stdLog10";
    const rows = [
      "x,0,0,test,1,bn,H,nc1,1,0,0,0", "x,1,5,test,1,bn,H,nc1,2,0,0,0", "x,1,5,test,1,conv,H,nc1,3,0,0,0",
      "x,1,5,test,2,final,out,overlap,0.5,0,,", "x,1,5,test,1,relu,H,nc1,4,0,0,0",
    ];
    expect(slimMetrics([head, ...rows].join("\n") + "\n", "gnn", ["gnn"])).toBe([head, rows[1], rows[3]].join("\n") + "\n");
    const u = ["x,0,0,train,1,ufm,H,nc1,1,0,0,0", "x,3,9,train,1,ufm,H,nc1,2,0,0,0"];
    expect(slimMetrics([head, ...u].join("\n"), "ufm", ["ufm"])).toBe([head, ...u].join("\n") + "\n");
    const s = ["x,0,0,test,1,bh,H,nc1,1,0,0,0", "x,0,0,test,1,nl,H,nc1,1,0,0,0", "x,0,0,test,1,bh-eig,H,nc1,1,0,0,0"];
    expect(slimMetrics([head, ...s].join("\n"), "spectral", ["bh", "nl"])).toBe([head, s[0], s[1]].join("\n") + "\n");
    expect(() => slimMetrics("a,b\n1,2\n", "gnn", ["gnn"], "/x/metrics.csv")).toThrow(/^\/x\/metrics\.csv: line 1: no epoch or kind column/);
  });

  it("a file that is not an archive is a one-line error naming it", () => {
    const plan = planSweep(tiny("nodewise", GNN_TINY));
    const bad = path.join(tmp, "bad.jsonl.gz");
    writeFileSync(bad, "plain text");
    expect(() => restoreSweep(plan, path.join(tmp, "x"), bad)).toThrow(GncError);
    expect(() => readArchive(bad)).toThrow(/bad\.jsonl\.gz: not a gzip file/);
    writeFileSync(bad, gzipSync('{"format":"other"}\n'));
    expect(() => readArchive(bad)).toThrow(/bad\.jsonl\.gz: line 1: not a gnc-sweep-archive version 1 header/);
    writeFileSync(bad, gzipSync('{"format":"gnc-sweep-archive","version":1,"sweep":"nodewise-arch"}\n{"runDir":"a"}\n'));
    expect(() => readArchive(bad)).toThrow(/line 2: not an archived run/);
    expect(() => readArchive(bad, "other")).toThrow(/archives sweep "nodewise-arch", not "other"/);
    expect(readArchive(path.join(tmp, "none.jsonl.gz"))).toEqual([]);
    expect(existsSync(path.join(tmp, "x"))).toBe(false);
  });
});

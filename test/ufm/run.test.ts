import { describe, expect, it } from "vitest";
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveUfmConfig, type UfmConfig } from "../../src/runs/schema/ufm.js";
import { runUfm, FLOW_LOG, GRAPH_LOG } from "../../src/ufm/run.js";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "gnc-ufm-"));

function tiny(over: { graph?: Record<string, unknown>; ufm?: Record<string, unknown>; name?: string } = {}): UfmConfig {
  return resolveUfmConfig({
    flags: {
      name: over.name,
      graph: { kind: "regular-sbm", n: 24, pIn: 0.25, pOut: 0.1, ...over.graph },
      ufm: { graphs: 2, dim: 3, steps: 600, ncInterval: 50, checkpointInterval: 100, ...over.ufm },
    },
  });
}

const files = (dir: string) => ["metrics.csv", FLOW_LOG, GRAPH_LOG].map((f) => readFileSync(path.join(dir, f), "utf8"));

describe("runUfm", () => {
  for (const method of ["gd", "dopri5"] as const) {
    it(`a stopped run, a crash after its checkpoint and a resume write the same bytes as one run (${method})`, async () => {
      const cfg = tiny({ ufm: { method } });
      const a = await runUfm(cfg, { outDir: tmp(), figures: false });
      expect(a.status).toBe("done");
      const outB = tmp();
      const b1 = await runUfm(cfg, { outDir: outB, figures: false, stopAfterSteps: 250 });
      expect(b1.status).toBe("stopped");
      // rows a crashed process wrote after the last checkpoint are dropped on resume
      appendFileSync(path.join(b1.runDir, "metrics.csv"), "garbage,1,2\n");
      appendFileSync(path.join(b1.runDir, FLOW_LOG), "garbage\n");
      const b2 = await runUfm(cfg, { outDir: outB, figures: false });
      expect(b2.status).toBe("done");
      expect(files(b2.runDir)).toEqual(files(a.runDir));
      const m = JSON.parse(readFileSync(path.join(b2.runDir, "manifest.json"), "utf8"));
      expect(m.status).toBe("done");
      expect(m.sessions).toHaveLength(2);
      expect(m.study).toBe("ufm");
      expect(existsSync(path.join(b2.runDir, "DONE"))).toBe(true);
      expect((await runUfm(cfg, { outDir: outB, figures: false })).status).toBe("already-done");
    });
  }

  it("an abort (Ctrl-C) checkpoints, reports interrupted, and the resume writes the same bytes", async () => {
    const cfg = tiny({ ufm: { method: "dopri5", checkpointInterval: 10_000 } });
    const a = await runUfm(cfg, { outDir: tmp(), figures: false });
    const out = tmp(), ac = new AbortController();
    let evals = 0;
    const b1 = await runUfm(cfg, { outDir: out, figures: false, signal: ac.signal, onEvent: (e) => { if (e.type === "eval" && ++evals === 4) ac.abort(); } });
    expect(b1.status).toBe("interrupted");
    expect(b1.message).toMatch(/^interrupted at step 150; run the same command again to resume/);
    expect(JSON.parse(readFileSync(path.join(b1.runDir, "manifest.json"), "utf8")).status).toBe("interrupted");
    const b2 = await runUfm(cfg, { outDir: out, figures: false });
    expect(b2.status).toBe("done");
    expect(files(b2.runDir)).toEqual(files(a.runDir));
  });

  it("writes the metrics.csv schema of the GNN (kind ufm, variants H/HA/out/W1/W2) and the verdicts in the manifest", async () => {
    const cfg = tiny({ graph: { kind: "sbm", n: 30, pIn: 0.3, pOut: 0.1 } });
    const r = await runUfm(cfg, { outDir: tmp(), figures: false });
    const [metrics, flowLog, graphLog] = files(r.runDir);
    expect(metrics.split("\n")[0]).toBe("run,epoch,step,split,layer,kind,variant,metric,mean,std,meanLog10,stdLog10");
    const rows = metrics.trim().split("\n").slice(1).map((l) => l.split(","));
    expect(new Set(rows.map((x) => x[5]))).toEqual(new Set(["ufm"]));
    expect(new Set(rows.map((x) => x[6]))).toEqual(new Set(["H", "HA", "out", "W1", "W2"]));
    const last = rows.filter((x) => x[1] === "12");
    for (const [v, m] of [["out", "overlap"], ["out", "loss"], ["out", "flowTime"], ["H", "nc1"], ["HA", "nc1"], ["H", "nc1Tilde"], ["HA", "trSigmaW"], ["H", "trSigmaB"]]) {
      expect(last.some((x) => x[6] === v && x[7] === m)).toBe(true);
    }
    expect(Number(last.find((x) => x[6] === "out" && x[7] === "flowTime")![8])).toBeCloseTo(60, 10);
    expect(flowLog.split("\n")[0]).toBe("run,step,time,gradEvals,loss,overlap");
    expect(flowLog.trim().split("\n")).toHaveLength(14);
    expect(graphLog.trim().split("\n")).toHaveLength(1 + 13 * 2);
    const m = JSON.parse(readFileSync(path.join(r.runDir, "manifest.json"), "utf8"));
    expect(m.conditions).toHaveLength(2);
    expect(m.condition).toEqual({ form: "fraction", graphsHolding: r.verdicts.filter((v) => v.holds).length, graphs: 2 });
    expect(r.verdicts.every((v) => v.holds === v.fractionSatisfied)).toBe(true);
    expect(r.last!.step).toBe(600);
  });

  it("a divergence keeps the files, marks the manifest failed and says where in one line", async () => {
    const cfg = tiny({ ufm: { lr: 200, steps: 400 } });
    const r = await runUfm(cfg, { outDir: tmp(), figures: false });
    expect(r.status).toBe("diverged");
    expect(r.message).toMatch(/^gnc\/ufm: diverged at gradient-descent step \d+ \(graph \d\): the loss is (Infinity|NaN)/);
    expect(r.message).not.toContain("\n");
    const m = JSON.parse(readFileSync(path.join(r.runDir, "manifest.json"), "utf8"));
    expect(m.status).toBe("failed");
    expect(m.message).toBe(r.message);
    expect(existsSync(path.join(r.runDir, "DONE"))).toBe(false);
    const flow = readFileSync(path.join(r.runDir, FLOW_LOG), "utf8").trim().split("\n");
    expect(flow.length).toBeGreaterThanOrEqual(3); // header, evaluation 0, the divergence row
    expect(flow[flow.length - 1]).toMatch(/,(Infinity|NaN),NaN$/);
    expect(readFileSync(path.join(r.runDir, "metrics.csv"), "utf8").split("\n").length).toBeGreaterThan(10);
  });

  it("bad input: non-positive step, graph file without labels, a class with no nodes", async () => {
    expect(() => tiny({ ufm: { lr: 0 } })).toThrow(/^gnc\/runs\/config: flags: ufm\.lr: /);
    expect(() => tiny({ ufm: { lr: -1 } })).toThrow(/ufm\.lr/);
    const dir = tmp();
    const edges = path.join(dir, "g.edges");
    writeFileSync(edges, "0 1\n1 2\n2 3\n3 0\n");
    expect(() => resolveUfmConfig({ flags: { graph: { kind: "file", path: edges } } })).toThrow(/^gnc\/[^\n]*g\.labels/);
    // labels that leave class 1 empty (labels 0 and 2 only)
    writeFileSync(path.join(dir, "g.labels"), "0\n0\n2\n2\n");
    const cfg = resolveUfmConfig({ flags: { graph: { kind: "file", path: edges } } });
    expect(cfg.ufm.graphs).toBe(1);
    await expect(runUfm(cfg, { outDir: dir, figures: false, log: () => {} })).rejects.toThrow(/^gnc\/ufm: graph 0: class 1 has no nodes/);
    const runDir = path.join(dir, cfg.name);
    const hashDir = path.join(runDir, readdirSync(runDir)[0]);
    const m = JSON.parse(readFileSync(path.join(hashDir, "manifest.json"), "utf8"));
    expect(m.status).toBe("failed");
    expect(m.message).toMatch(/class 1 has no nodes/);
  });

  it("runs on a user's labelled graph (the example heterophilic regular SBM)", async () => {
    const dir = tmp();
    const g = path.join(dir, "h.edges");
    copyFileSync("graphs/regular-sbm-hetero.edges", g);
    copyFileSync("graphs/regular-sbm-hetero.labels", path.join(dir, "h.labels"));
    const cfg = resolveUfmConfig({ flags: { graph: { kind: "file", path: g }, ufm: { dim: 4, steps: 200, ncInterval: 100 } } });
    const r = await runUfm(cfg, { outDir: dir, figures: false });
    expect(r.status).toBe("done");
    expect(r.verdicts).toHaveLength(1);
    expect(r.verdicts[0].satisfied).toBe(true);
  });
});

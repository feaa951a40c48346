/**
 * The training loop end to end on tiny problems (N = 60, L = 3): loss goes down, same seed → byte-
 * identical CSVs, stop/interrupt + resume → byte-identical CSVs, divergence stops with a message.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveConfig, type RunConfig } from "../../src/runs/schema/gnn.js";
import { trainRun, type TrainOptions } from "../../src/train/loop.js";

function tiny(over: Record<string, unknown> = {}): RunConfig {
  const base = {
    name: "tiny",
    seed: 3,
    backend: "wasm",
    graph: { n: 60, classes: 2, pIn: 0.3, pOut: 0.03 },
    features: { dim: 4 },
    model: { depth: 3, hidden: 4 },
    train: { epochs: 2, trainGraphs: 6, testGraphs: 3, trackGraphs: 2, lr: 0.02, checkpointInterval: 0 },
  };
  const merged = { ...base, ...over, train: { ...base.train, ...((over.train as object) ?? {}) }, graph: { ...base.graph, ...((over.graph as object) ?? {}) } };
  return resolveConfig({ flags: merged });
}

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "gnc-train-"));
const quiet: TrainOptions = { log: () => {} };

function csvs(dir: string): { metrics: string; log: string } {
  return { metrics: readFileSync(path.join(dir, "metrics.csv"), "utf8"), log: readFileSync(path.join(dir, "train-log.csv"), "utf8") };
}

function trainLoss(dir: string): number[] {
  return readFileSync(path.join(dir, "train-log.csv"), "utf8").trim().split("\n").slice(1).map((l) => Number(l.split(",")[3]));
}

describe("training loop", () => {
  it("the loss decreases on a small homophilic problem", async () => {
    const cfg = tiny({ train: { epochs: 6 } });
    const r = await trainRun(cfg, { ...quiet, outDir: tmp() });
    expect(r.status).toBe("done");
    const loss = trainLoss(r.runDir);
    expect(loss.length).toBe(36);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(loss.slice(-6))).toBeLessThan(0.8 * mean(loss.slice(0, 6)));
    expect(existsSync(path.join(r.runDir, "DONE"))).toBe(true);
    // The tidy CSV has the promised columns and per-layer rows for every hidden layer and kind.
    const { metrics } = csvs(r.runDir);
    const lines = metrics.trim().split("\n");
    expect(lines[0]).toBe("run,epoch,step,split,layer,kind,variant,metric,mean,std,meanLog10,stdLog10");
    for (const l of [1, 2, 3]) for (const k of ["conv", "relu", "bn"]) for (const v of ["H", "HA"]) {
      expect(lines.some((x) => x.startsWith(`tiny,6,36,test,${l},${k},${v},nc1,`))).toBe(true);
    }
    expect(lines.some((x) => x.startsWith("tiny,6,36,test,2,conv,H,trSigmaWRatio,"))).toBe(true);
    expect(lines.some((x) => x.startsWith("tiny,6,36,test,4,final,H,nc2EtfError,"))).toBe(true);
    expect(lines.some((x) => x.startsWith("tiny,6,36,test,4,final,out,overlap,"))).toBe(true);
  });

  it("same seed and config → byte-identical metrics.csv and train-log.csv; another seed differs", async () => {
    const cfg = tiny();
    const a = await trainRun(cfg, { ...quiet, outDir: tmp() });
    const b = await trainRun(cfg, { ...quiet, outDir: tmp() });
    expect(csvs(b.runDir)).toEqual(csvs(a.runDir));
    const c = await trainRun(tiny({ seed: 4 }), { ...quiet, outDir: tmp() });
    expect(csvs(c.runDir).metrics).not.toBe(csvs(a.runDir).metrics);
  });

  for (const graphs of ["fixed", "fresh"] as const) {
    it(`stop mid-epoch + resume gives the same CSVs as one run (graphs: ${graphs})`, async () => {
      const cfg = tiny({ train: { graphs, ncInterval: 4 } });
      const full = await trainRun(cfg, { ...quiet, outDir: tmp() });
      const out = tmp();
      const s1 = await trainRun(cfg, { ...quiet, outDir: out, stopAfterSteps: 3 });
      expect(s1.status).toBe("stopped");
      expect(existsSync(path.join(s1.runDir, "DONE"))).toBe(false);
      const s2 = await trainRun(cfg, { ...quiet, outDir: out, stopAfterSteps: 8 });
      expect(s2.status).toBe("stopped");
      const s3 = await trainRun(cfg, { ...quiet, outDir: out });
      expect(s3.status).toBe("done");
      expect(csvs(s3.runDir)).toEqual(csvs(full.runDir));
      const again = await trainRun(cfg, { ...quiet, outDir: out });
      expect(again.status).toBe("already-done");
    });
  }

  it("an abort (Ctrl-C) checkpoints; resuming matches the uninterrupted run", async () => {
    const cfg = tiny();
    const full = await trainRun(cfg, { ...quiet, outDir: tmp() });
    const out = tmp();
    const ac = new AbortController();
    const r1 = await trainRun(cfg, { ...quiet, outDir: out, signal: ac.signal, onEvent: (e) => { if (e.type === "step" && e.step === 5) ac.abort(); } });
    expect(r1.status).toBe("interrupted");
    expect(r1.step).toBe(5);
    expect(r1.message).toMatch(/resume/);
    const r2 = await trainRun(cfg, { ...quiet, outDir: out });
    expect(r2.status).toBe("done");
    expect(csvs(r2.runDir)).toEqual(csvs(full.runDir));
  });

  it("interrupted right after the epoch-0 checkpoint (step 0), a resume does not repeat the epoch-0 evaluation", async () => {
    const cfg = tiny();
    const full = await trainRun(cfg, { ...quiet, outDir: tmp() });
    const out = tmp();
    const ac = new AbortController();
    ac.abort();
    const r1 = await trainRun(cfg, { ...quiet, outDir: out, signal: ac.signal });
    expect(r1.status).toBe("interrupted");
    expect(r1.step).toBe(0);
    const r2 = await trainRun(cfg, { ...quiet, outDir: out });
    expect(r2.status).toBe("done");
    expect(csvs(r2.runDir)).toEqual(csvs(full.runDir));
  });

  it("model.impl reaches the network and the manifest (auto resolves by backend; ops on wasm when asked)", async () => {
    const auto = await trainRun(tiny(), { ...quiet, outDir: tmp() });
    expect(JSON.parse(readFileSync(path.join(auto.runDir, "manifest.json"), "utf8")).impl).toBe("fused");
    const ops = await trainRun(tiny({ model: { depth: 3, hidden: 4, impl: "ops" } }), { ...quiet, outDir: tmp() });
    expect(ops.status).toBe("done");
    expect(JSON.parse(readFileSync(path.join(ops.runDir, "manifest.json"), "utf8")).impl).toBe("ops");
  });

  it("a diverging run stops with a message naming the step and keeps what was written", async () => {
    const r = await trainRun(tiny({ train: { lr: 1e6, epochs: 3 } }), { ...quiet, outDir: tmp() });
    expect(r.status).toBe("diverged");
    expect(r.message).toMatch(/at step \d+ \(epoch \d+\)/);
    const stepNo = Number(/at step (\d+)/.exec(r.message!)![1]);
    expect(existsSync(path.join(r.runDir, "DONE"))).toBe(false);
    // Rows of the steps before the divergence are kept (the epoch-0 evaluation too).
    expect(trainLoss(r.runDir).length).toBe(stepNo - 1);
    expect(csvs(r.runDir).metrics.split("\n").length).toBeGreaterThan(10);
  });
});

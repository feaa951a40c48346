/**
 * Training throughput and the cost of collapse tracking (src/train/), on the paper's workload
 * (REFERENCE.md §7: N = 1000, C = 2, L = 32, d = 8, GraphConv + BN, MSE, wasm), measured in one run:
 * ms per SGD step (graph sampling + forward + backward + update), ms per evaluated test graph
 * (forward with capture + loss/overlap) and per tracked test graph (all collapse metrics of 32 layers ×
 * 3 kinds × H/ÂH + final layer), then the projected share of a full paper run (8 epochs × 1000
 * steps, K_test = 100) taken by evaluation and by tracking, with trackGraphs = 10 (default) and 0 (all
 * graphs every epoch). The baseline is the SGD step measured in the same run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveConfig } from "../src/runs/schema/gnn.js";
import { trainRun } from "../src/train/loop.js";

export async function run(): Promise<void> {
  const steps = 200, tests = 20;
  const cfg = resolveConfig({ preset: "paper", flags: { name: "bench", train: { epochs: 1, trainGraphs: steps, testGraphs: tests, trackGraphs: 0 } } });
  const out = mkdtempSync(path.join(os.tmpdir(), "gnc-bench-train-"));
  console.log(`workload: paper preset (N=1000, C=2, L=32, d=8), ${steps} SGD steps, 2 evaluations × ${tests} test graphs, backend ${cfg.backend}`);
  const r = await trainRun(cfg, { outDir: out, log: () => {} });
  rmSync(out, { recursive: true, force: true });
  const t = r.timings;
  const stepMs = (1000 * ((t.train ?? 0) + (t.graphs ?? 0) - 0)) / steps;
  const evals = 2 * tests;
  const evalMs = (1000 * (t.eval ?? 0)) / evals;
  const trackMs = (1000 * (t.tracking ?? 0)) / evals;
  console.log(`backend ${r.backend}`);
  console.log(`SGD step (incl. graph sampling): ${stepMs.toFixed(1)} ms`);
  console.log(`evaluation per test graph (forward + capture + loss/overlap): ${evalMs.toFixed(1)} ms`);
  console.log(`tracking per test graph (all collapse metrics): ${trackMs.toFixed(1)} ms  (ratio to one SGD step: ${(trackMs / stepMs).toFixed(2)})`);
  const train = 8000 * stepMs;
  for (const sub of [10, 0]) {
    // 9 evaluations (epoch 0..8) of loss/overlap on all 100 test graphs; collapse tracked on `sub`
    // of them (all 100 at the last).
    const evalSec = (9 * 100 * evalMs) / 1000;
    const trackSec = ((sub === 0 ? 9 * 100 : 8 * sub + 100) * trackMs) / 1000;
    const total = train / 1000 + evalSec + trackSec;
    console.log(`projected paper run, trackGraphs=${sub}: train ${(train / 1000).toFixed(0)} s, evaluation ${evalSec.toFixed(1)} s (${((100 * evalSec) / total).toFixed(1)} %), collapse tracking ${trackSec.toFixed(1)} s (${((100 * trackSec) / total).toFixed(1)} % of the run)`);
  }
  console.log("(2-core machine shared with other jobs: noisy upper bounds)");
}

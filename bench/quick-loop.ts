/**
 * The training loop of src/train/loop.ts without its run store, so that the same code runs in a
 * browser page (webgl) and in Node (wasm) for bench/webgl-quick.bench.ts: the run seed's streams
 * (init, train, test — split in runs/graphs.ts's order), K fixed training graphs drawn as seeds,
 * K_test test graphs, one SGD step per graph (train/step.ts), and after every epoch every test graph
 * through train/tracking.ts (loss, overlap, collapse metrics) with the summary loop.ts reports:
 * mean test overlap and the mean over test graphs of log10 NC1 (bn features, variant H) at the
 * last hidden layer (REFERENCE.md §3, §7). No checkpoints, no CSVs; the evaluation draws nothing
 * random, so evaluating less often than loop.ts does not change the trained weights.
 * Browser-safe (no node: imports): the graph sampler is runs/graphs.ts's sampleGraph for kind
 * "sbm" (that module also loads file graphs with node:fs); bench/webgl-quick.bench.ts checks on
 * wasm that this loop ends where `gnc train` ends.
 */
import * as tf from "@tensorflow/tfjs";
import { sampleSbm } from "../src/graphs/sbm.js";
import { makeFeatures } from "../src/graphs/features.js";
import { createNetwork } from "../src/models/network.js";
import { prepareGraph } from "../src/tensor/graph-tensors.js";
import { SgdMomentum } from "../src/train/optimizer.js";
import { trainStep } from "../src/train/step.js";
import { MetricAccumulator, trackGraph, type EvalGraph } from "../src/train/tracking.js";
import { outputTransform } from "../src/train/normalized.js";
import { Rng } from "../src/util/rng.js";
import type { RunConfig } from "../src/runs/schema/gnn.js";

export interface QuickEpoch {
  epoch: number;
  step: number;
  testLoss: number;
  testOverlap: number;
  log10Nc1First: number;
  log10Nc1Last: number;
  /** Seconds since the start (training and evaluation). */
  elapsed: number;
}

export interface QuickResult {
  backend: string;
  impl: string;
  epochs: QuickEpoch[];
  /** Median training step time (ms). */
  msPerStep: number;
}

/** runs/graphs.ts drawSeed: a 53-bit seed from a stream. */
const drawSeed = (rng: Rng) => rng.nextUint32() * 2097152 + (rng.nextUint32() >>> 11);

/** runs/graphs.ts sampleGraph for kind "sbm": graph, then features, from one seeded stream. */
function loadGraph(cfg: RunConfig, seed: number): EvalGraph {
  const g = cfg.graph;
  if (g.kind !== "sbm") throw new Error(`bench/quick-loop: graph kind "${g.kind}" is not supported here (sbm only)`);
  const rng = Rng.seeded(seed);
  const s = sampleSbm({ n: g.n, classes: g.classes, pIn: g.pIn, pOut: g.pOut, prior: g.prior, pairSampling: g.pairSampling, permute: g.permute }, rng);
  const x = makeFeatures(cfg.features.strategy, s.graph, cfg.features.dim, rng);
  return { graph: s.graph, labels: s.labels, x: tf.tensor2d(x.data as Float32Array, [x.rows, x.cols], "float32"), g: prepareGraph(s.graph) };
}

const free = (e: EvalGraph) => { e.x.dispose(); e.g.dispose(); };

/**
 * Train cfg on the current tfjs backend for `epochs` epochs (default cfg.train.epochs), evaluating
 * after each; `onEpoch` sees each summary as it comes (the page reports progress through it).
 */
export async function trainQuick(cfg: RunConfig, opts: { epochs?: number; onEpoch?: (e: QuickEpoch) => void; onStep?: (step: number) => void } = {}): Promise<QuickResult> {
  const t0 = performance.now();
  const master = Rng.seeded(cfg.seed);
  const streams = { init: master.split(), train: master.split(), test: master.split() };
  const K = cfg.train.trainGraphs;
  if (cfg.train.graphs !== "fixed") throw new Error('bench/quick-loop: train.graphs must be "fixed"');
  const trainSeeds = Array.from({ length: K }, () => drawSeed(streams.train));
  const testGraphs = Array.from({ length: cfg.train.testGraphs }, () => drawSeed(streams.test)).map((s) => loadGraph(cfg, s));
  const network = createNetwork({ ...cfg.model, inDim: testGraphs[0].x.shape[1], classes: cfg.graph.classes }, streams.init);
  const opt = new SgdMomentum(network.variables, { lr: cfg.train.lr, momentum: cfg.train.momentum, weightDecay: cfg.train.weightDecay });
  const spec = { kind: cfg.train.loss, labelSmoothing: cfg.train.labelSmoothing, focalGamma: cfg.train.focalGamma };
  const output = outputTransform(cfg, network);
  const ctx = { network, classes: cfg.graph.classes, loss: spec, pIn: cfg.graph.pIn, pOut: cfg.graph.pOut, output };
  const epochs: QuickEpoch[] = [], stepMs: number[] = [];
  let step = 0;
  try {
    for (let epoch = 1; epoch <= (opts.epochs ?? cfg.train.epochs); epoch++) {
      for (let k = 0; k < K; k++) {
        const eg = loadGraph(cfg, trainSeeds[k]);
        const s0 = performance.now();
        const r = trainStep(network, opt, eg.x, eg.g, eg.labels, spec, output);
        stepMs.push(performance.now() - s0);
        free(eg);
        if (!Number.isFinite(r.loss)) throw new Error(`bench/quick-loop: the loss became ${r.loss} at step ${step + 1}`);
        step++;
        opts.onStep?.(step);
        await new Promise<void>((res) => setTimeout(res, 0)); // let the page answer progress polls
      }
      const acc = new MetricAccumulator();
      let loss = 0, ov = 0;
      for (const eg of testGraphs) {
        const r = trackGraph(ctx, eg, acc, { collapse: true });
        loss += r.loss;
        ov += r.overlap;
      }
      const rows = acc.rows({ run: cfg.name, epoch, step, split: "test" });
      const nc1At = (layer: number) => rows.find((r) => r.layer === layer && r.kind === "bn" && r.variant === "H" && r.metric === "nc1")?.meanLog10 ?? NaN;
      const e = { epoch, step, testLoss: loss / testGraphs.length, testOverlap: ov / testGraphs.length, log10Nc1First: nc1At(1), log10Nc1Last: nc1At(cfg.model.depth), elapsed: (performance.now() - t0) / 1000 };
      epochs.push(e);
      opts.onEpoch?.(e);
    }
  } finally {
    for (const eg of testGraphs) free(eg);
    opt.dispose();
    network.dispose();
  }
  const sorted = stepMs.slice().sort((a, b) => a - b);
  return { backend: tf.getBackend(), impl: network.impl, epochs, msPerStep: sorted[sorted.length >> 1] ?? NaN };
}

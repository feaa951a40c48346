/**
 * One live training run of the explorer (REFERENCE.md §2, §3, §7): SBM(N, C, p, q) graphs, the
 * GraphConv network (depth L, width d, W1 on/off), a permutation-invariant loss, SGD with momentum
 * 0.9 and weight decay 5e-4, one fresh graph per step; after every epoch one test graph goes through
 * the collapse tracking of train/tracking.ts (NC1 per hidden layer, conv/ReLU/BN × H/ÂH) and the
 * rows are handed to the page, which draws them with report/'s own vega-lite specs.
 * Runs anywhere the library runs (browser or Node): no DOM, no node: imports. Yields to the event
 * loop between steps (tf.nextFrame) so the page stays responsive, and stops on an AbortSignal.
 */
import * as tf from "@tensorflow/tfjs";
import { sampleSbm } from "../graphs/sbm.js";
import { createNetwork } from "../models/network.js";
import { prepareGraph } from "../tensor/graph-tensors.js";
import { SgdMomentum } from "../train/optimizer.js";
import { trainStep } from "../train/step.js";
import { MetricAccumulator, trackGraph, type EvalGraph } from "../train/tracking.js";
import type { LossKind } from "../train/losses.js";
import { Rng } from "../util/rng.js";
import type { MetricRow } from "../report/run-data.js";

export interface SessionOptions {
  classes: number;
  n: number;
  pIn: number;
  pOut: number;
  depth: number;
  width: number;
  useW1: boolean;
  loss: LossKind;
  epochs: number;
  stepsPerEpoch: number;
  lr: number;
  seed: number;
}

export const DEFAULT_SESSION: SessionOptions = {
  classes: 2, n: 200, pIn: 0.1, pOut: 0.01, depth: 8, width: 8, useW1: true, loss: "mse",
  epochs: 6, stepsPerEpoch: 15, lr: 0.004, seed: 1,
};

export interface EpochReport {
  epoch: number;
  step: number;
  /** Mean training loss over the epoch's steps. */
  trainLoss: number;
  testLoss: number;
  testOverlap: number;
  /** Every tidy metric row so far (all epochs), as tracking writes them to metrics.csv. */
  rows: MetricRow[];
  backend: string;
  impl: string;
}

function sample(o: SessionOptions, rng: Rng): { g: EvalGraph; dispose: () => void } {
  const { graph, labels } = sampleSbm({ n: o.n, classes: o.classes, pIn: o.pIn, pOut: o.pOut }, rng);
  const x = tf.tensor2d(Float32Array.from({ length: o.n * o.width }, () => rng.normal()), [o.n, o.width]);
  const g = prepareGraph(graph);
  return { g: { graph, labels, x, g }, dispose: () => { x.dispose(); g.dispose(); } };
}

/** Train; onEpoch after every epoch (the first report is epoch 0, before training). Returns the last report. */
export async function runSession(o: SessionOptions, onEpoch: (r: EpochReport) => void, signal?: AbortSignal): Promise<EpochReport | null> {
  const rng = Rng.seeded(o.seed);
  const network = createNetwork({
    inDim: o.width, hidden: o.width, classes: o.classes, depth: o.depth, layer: "graphconv", aggregation: "mean",
    useW1: o.useW1, bias: false, batchNorm: true, activation: "relu",
  }, rng);
  const opt = new SgdMomentum(network.variables, { lr: o.lr, momentum: 0.9, weightDecay: 5e-4 });
  const test = sample(o, rng);
  const rows: MetricRow[] = [];
  let last: EpochReport | null = null, step = 0;
  try {
    for (let epoch = 0; epoch <= o.epochs; epoch++) {
      let lossSum = 0;
      if (epoch > 0) {
        for (let s = 0; s < o.stepsPerEpoch; s++) {
          if (signal?.aborted) return last;
          const tr = sample(o, rng);
          lossSum += trainStep(network, opt, tr.g.x, tr.g.g, tr.g.labels, { kind: o.loss }).loss;
          tr.dispose();
          step++;
          await tf.nextFrame();
        }
      }
      const acc = new MetricAccumulator();
      const ev = trackGraph({ network, classes: o.classes, loss: { kind: o.loss }, pIn: o.pIn, pOut: o.pOut }, test.g, acc);
      rows.push(...acc.rows({ run: "explorer", epoch, step, split: "test" }));
      last = {
        epoch, step, trainLoss: epoch > 0 ? lossSum / o.stepsPerEpoch : NaN, testLoss: ev.loss, testOverlap: ev.overlap,
        rows: rows.slice(), backend: tf.getBackend(), impl: network.impl,
      };
      onEpoch(last);
      await tf.nextFrame();
    }
    return last;
  } finally {
    test.dispose();
    opt.dispose();
    network.dispose();
  }
}

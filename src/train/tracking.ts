/**
 * Collapse tracking during training (REFERENCE.md §3, the node-wise collapse of Kothapalli et al.
 * 2023, Figs. 3–5): after each epoch (and every ncInterval steps) every test graph goes through the
 * network with capture on, and the float64 metrics of collapse/ are computed on its features.
 *
 * Per graph, for every hidden layer l = 1..L and kind ∈ {conv, relu, bn}, variants H (F itself) and
 * HA (ÂF, neighbour means — aggregateMean): nc1, nc1Tilde, trSigmaW, trSigmaB. At layers l ≥ 2 (kind
 * conv): trSigmaWRatio = Tr Σ_W(conv_l)/Tr Σ_W(bn_{l−1}) and trSigmaBRatio likewise (what one layer
 * does to each kind of variability), plus the weight-based bounds on those ratios (traceRatioBounds,
 * REFERENCE §3) from conv l's weights and Σ_W, Σ_B of bn_{l−1} (variant H): trSigmaWRatioLower/Upper
 * and trSigmaWRatioWeights = Tr(T_W Σ_W)/Tr(Σ_W) (the expected-graph prediction the bounds bracket),
 * the same for B. Layer 1's input is the projection block's output, which the network does not
 * capture, so ratios and bounds start at layer 2. At layer L + 1 (kind "final"): collapseMetrics of the penultimate
 * features H with classifier W1 and of ÂH with W2 (NC2 on means and classifier, NC3, NC4 against the
 * network's predictions, SNR — with the classes matched to output columns by the loss-minimising
 * permutation, since an SBM's labels are only defined up to relabelling), the Frobenius norms of W1, W2 and of the centred means, and the
 * test loss and overlap (variant "out").
 *
 * The per-layer statistics use the generated kernels of fast-stats.ts (tested against collapse/).
 * Each (layer, kind, variant, metric) is aggregated over the test graphs with summarize() (mean, std
 * and mean/std of log10, the paper's convention). The metrics run on typed arrays in float64; the
 * network runs in float32 on the tfjs backend.
 */
import * as tf from "@tensorflow/tfjs";
import type { Matrix } from "../collapse/types.js";
import { frobenius } from "../collapse/linalg.js";
import {
  aggregateMean,
  classStatistics,
  collapseMetrics,
  nc1Pinv,
  nc1TraceRatio,
  summarize,
  traceRatioBounds,
  type ClassStats,
} from "../collapse/index.js";
import type { Network, GraphTensors } from "../models/types.js";
import type { CsrGraph } from "../graphs/csr.js";
import { argmaxRows, overlapFromPredictions } from "./overlap.js";
import { perTargetLoss, classCost, lossNorm, type LossSpec } from "./losses.js";
import { minCostAssignment } from "./assignment.js";
import type { MetricRow } from "../runs/tidy-csv.js";
import { BlockStats } from "./fast-stats.js";

/** A test graph ready for the network. */
export interface EvalGraph {
  graph: CsrGraph;
  labels: Int32Array;
  x: tf.Tensor2D;
  g: GraphTensors;
}

export interface TrackingContext {
  network: Network;
  classes: number;
  loss: LossSpec;
  /** p, q of the SBM (for the weight-based bounds). */
  pIn: number;
  pOut: number;
  /** Output transform applied after forward (feature normalisation), or identity. */
  output?: (penultimate: tf.Tensor2D, out: tf.Tensor2D, g: GraphTensors) => tf.Tensor2D;
}

/** Accumulates per-graph values per (layer, kind, variant, metric), in first-seen order. */
export class MetricAccumulator {
  private readonly map = new Map<string, { layer: number; kind: string; variant: string; metric: string; values: number[] }>();

  add(layer: number, kind: string, variant: string, metric: string, value: number): void {
    const key = `${layer}|${kind}|${variant}|${metric}`;
    let e = this.map.get(key);
    if (!e) {
      e = { layer, kind, variant, metric, values: [] };
      this.map.set(key, e);
    }
    e.values.push(value);
  }

  rows(base: { run: string; epoch: number; step: number; split: "test" | "train" }): MetricRow[] {
    const out: MetricRow[] = [];
    for (const e of this.map.values()) {
      const s = summarize(e.values);
      out.push({ ...base, layer: e.layer, kind: e.kind, variant: e.variant, metric: e.metric, mean: s.mean, std: s.std, meanLog10: s.meanLog10, stdLog10: s.stdLog10 });
    }
    return out;
  }
}

function asMatrix(t: tf.Tensor2D): Matrix {
  return { data: t.dataSync() as Float32Array, rows: t.shape[0], cols: t.shape[1] };
}

/** Record nc1, nc1Tilde, Tr Σ_W, Tr Σ_B of one feature matrix. */
function recordNc1(acc: MetricAccumulator, layer: number, kind: string, variant: string, st: ClassStats): void {
  acc.add(layer, kind, variant, "nc1", nc1Pinv(st));
  acc.add(layer, kind, variant, "nc1Tilde", nc1TraceRatio(st));
  acc.add(layer, kind, variant, "trSigmaW", st.trSigmaW);
  acc.add(layer, kind, variant, "trSigmaB", st.trSigmaB);
}

const KINDS = ["conv", "relu", "bn"] as const;

/**
 * Evaluate one test graph and add its metrics to acc: the test loss and overlap always, the collapse
 * metrics of every layer unless `collapse` is false (then no features are captured). Returns the
 * graph's test loss and overlap. All tensors created here are disposed.
 */
export function trackGraph(
  ctx: TrackingContext,
  eg: EvalGraph,
  acc: MetricAccumulator,
  { collapse = true }: { collapse?: boolean } = {},
): { loss: number; overlap: number; trackingMs: number } {
  const { network, classes: C } = ctx;
  const L = network.config.depth;
  const n = eg.labels.length;
  return tf.tidy(() => {
    const fr = network.forward(eg.x, eg.g, { capture: collapse });
    const out = ctx.output ? ctx.output(fr.penultimate, fr.out, eg.g) : fr.out;
    const outData = out.dataSync();
    // Test loss: the same permutation-invariant value the trainer minimises.
    const Lmat = perTargetLoss(out, ctx.loss).dataSync();
    const best = minCostAssignment(classCost(Lmat, eg.labels, C), C);
    const loss = best.cost / lossNorm(ctx.loss.kind, n, C);
    // Labels in the output's column order (class c ↦ σ(c), the loss-minimising matching): the
    // classifier's columns, the network's predictions and the class means then refer to the same
    // class, which NC3 (W vs M) and NC4 (prediction vs nearest mean) need. NC1/NC2 are invariant.
    const outLabels = new Int32Array(n);
    for (let i = 0; i < n; i++) outLabels[i] = best.perm[eg.labels[i]];
    const pred = argmaxRows(outData, n, C);
    const ov = overlapFromPredictions(pred, eg.labels, C).overlap;
    if (!collapse) {
      acc.add(L + 1, "final", "out", "loss", loss);
      acc.add(L + 1, "final", "out", "overlap", ov);
      return { loss, overlap: ov, trackingMs: 0 };
    }
    const t0 = performance.now();

    const blocks = fr.blocks ?? [];
    const bs = new BlockStats(eg.graph, eg.labels, C, network.config.hidden);
    let prevBn: { H: ClassStats; HA: ClassStats } | null = null;
    for (let l = 1; l <= blocks.length; l++) {
      const b = blocks[l - 1];
      const cur: Record<string, { H: ClassStats; HA: ClassStats }> = {};
      // One read per captured block: host arrays when the forward pass has them (fused), else one
      // download per tensor.
      const Fs = b.host ? [b.host.conv, b.host.relu, b.host.bn] : KINDS.map((kind) => b[kind].dataSync() as Float32Array);
      const agg = bs.aggregate3(Fs[0], Fs[1], Fs[2]);
      KINDS.forEach((kind, k) => {
        const H = bs.direct(Fs[k]);
        const HA = bs.ofAggregated(agg[k]);
        recordNc1(acc, l, kind, "H", H);
        recordNc1(acc, l, kind, "HA", HA);
        cur[kind] = { H, HA };
      });
      if (prevBn) {
        for (const v of ["H", "HA"] as const) {
          acc.add(l, "conv", v, "trSigmaWRatio", cur.conv[v].trSigmaW / prevBn[v].trSigmaW);
          acc.add(l, "conv", v, "trSigmaBRatio", cur.conv[v].trSigmaB / prevBn[v].trSigmaB);
        }
        const w = network.convWeights(l);
        const mk = (a: Float32Array | null): Matrix | null => (a ? { data: a, rows: w.inDim, cols: w.outDim } : null);
        const common = { W1: mk(w.W1), W2: mk(w.W2)!, p: ctx.pIn, q: ctx.pOut, nPerClass: n / C };
        const bd = traceRatioBounds({ ...common, sigmaW: prevBn.H.sigmaW, sigmaB: prevBn.H.sigmaB });
        acc.add(l, "conv", "H", "trSigmaWRatioLower", bd.ratioW.lower);
        acc.add(l, "conv", "H", "trSigmaWRatioUpper", bd.ratioW.upper);
        acc.add(l, "conv", "H", "trSigmaWRatioWeights", bd.ratioW.actual);
        acc.add(l, "conv", "H", "trSigmaBRatioLower", bd.ratioB.lower);
        acc.add(l, "conv", "H", "trSigmaBRatioUpper", bd.ratioB.upper);
        acc.add(l, "conv", "H", "trSigmaBRatioWeights", bd.ratioB.actual);
      }
      prevBn = cur.bn;
    }

    // Final layer: penultimate features H with W1, neighbour means ÂH with W2.
    const final = L + 1;
    const P = asMatrix(fr.penultimate);
    const cw = network.convWeights(final);
    const W1 = cw.W1 ? { data: cw.W1, rows: cw.inDim, cols: cw.outDim } : undefined;
    const W2 = { data: cw.W2, rows: cw.inDim, cols: cw.outDim };
    const mH = collapseMetrics(P, outLabels, C, { weights: W1, predictions: pred });
    const mHA = collapseMetrics(aggregateMean(P, eg.graph), outLabels, C, { weights: W2, predictions: pred });
    for (const [variant, m] of [["H", mH], ["HA", mHA]] as const) {
      for (const [k, v] of Object.entries(m)) if (typeof v === "number") acc.add(final, "final", variant, k, v);
    }
    const st = classStatistics(P, eg.labels, C);
    let centred = 0;
    for (let c = 0; c < C; c++) for (let j = 0; j < st.d; j++) centred += (st.means[c * st.d + j] - st.globalMean[j]) ** 2;
    acc.add(final, "final", "H", "normMeans", Math.sqrt(centred));
    if (cw.W1) acc.add(final, "final", "H", "normW", frobenius(cw.W1));
    acc.add(final, "final", "HA", "normW", frobenius(cw.W2));
    acc.add(final, "final", "out", "loss", loss);
    acc.add(final, "final", "out", "overlap", ov);
    return { loss, overlap: ov, trackingMs: performance.now() - t0 };
  });
}

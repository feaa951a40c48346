/**
 * The graphs a run trains and evaluates on (REFERENCE.md §2 "Training"): SBM or regular-SBM samples
 * with their input features, each drawn from its own seeded Rng so that any graph can be re-drawn
 * from its seed alone (fixed training graphs are stored as seeds in checkpoints, not as graphs).
 * Kind "file" (file-graph.ts): every sample is the same loaded graph; only the features come from
 * the seed, so the seeds and streams are consumed exactly as for the sampled kinds.
 *
 * Streams: the run seed gives a master Rng; split() hands out, in this order, the init stream
 * (network weights), the training-graph stream and the test-graph stream. Each graph's own seed is
 * a 53-bit integer drawn from its stream.
 */
import type { CsrGraph } from "../graphs/csr.js";
import type { Matrix } from "../collapse/types.js";
import { sampleSbm } from "../graphs/sbm.js";
import { sampleRegularSbm } from "../graphs/regular-sbm.js";
import { makeFeatures } from "../graphs/features.js";
import { loadFileGraph } from "./file-graph.js";
import { Rng } from "../util/rng.js";
import type { GraphConfig } from "./schema/common.js";
import type { FeatureStrategy } from "../graphs/features.js";

export interface GraphSample {
  graph: CsrGraph;
  /** Int32Array(N), classes 0..C−1. */
  labels: Int32Array;
  /** Input features, N×d_in. */
  x: Matrix;
}

/** A 53-bit seed from a stream (two 32-bit draws). */
export function drawSeed(rng: Rng): number {
  return rng.nextUint32() * 2097152 + (rng.nextUint32() >>> 11);
}

/**
 * Sample one labelled graph from the graph block of any study's config, drawing from `rng`. Kind
 * "file": the loaded graph and labels (the same objects every call — do not mutate them).
 */
export function sampleLabelledGraph(g: GraphConfig, rng: Rng): { graph: CsrGraph; labels: Int32Array } {
  return g.kind === "sbm"
    ? sampleSbm({ n: g.n, classes: g.classes, pIn: g.pIn, pOut: g.pOut, prior: g.prior, pairSampling: g.pairSampling, permute: g.permute }, rng)
    : g.kind === "regular-sbm"
      ? sampleRegularSbm({ n: g.n, classes: g.classes, pIn: g.pIn, pOut: g.pOut, prior: g.prior, permute: g.permute }, rng)
      : loadFileGraph(g);
}

/** Sample one graph and its input features from a graph seed (the graph first, then the features, from one stream). */
export function sampleGraph(cfg: { graph: GraphConfig; features: { strategy: FeatureStrategy; dim: number } }, seed: number): GraphSample {
  const rng = Rng.seeded(seed);
  const s = sampleLabelledGraph(cfg.graph, rng);
  const x = makeFeatures(cfg.features.strategy, s.graph, cfg.features.dim, rng);
  return { graph: s.graph, labels: s.labels, x };
}

/** The run's streams, split from the run seed in a fixed order. */
export function runStreams(seed: number): { init: Rng; train: Rng; test: Rng } {
  const master = Rng.seeded(seed);
  const init = master.split();
  const train = master.split();
  const test = master.split();
  return { init, train, test };
}

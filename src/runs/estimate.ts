/**
 * Memory a GNN run needs, estimated from its config before anything is sampled or allocated
 * (graphs/estimate.ts has the per-object sizes): the K_test test graphs are held for the whole run
 * (CSR, float64 features on the host, their float32 tensors and CSR index tensors), one training
 * graph at a time, and the network's activations for one forward/backward pass. A run above the
 * budget is refused with the numbers; so is a graph beyond 32-bit node ids or CSR offsets.
 */
import type { MemoryItem } from "../graphs/estimate.js";
import { activationBytes, checkGraphLimits, expectedSbmEdges, graphBytes, regularSbmEdges } from "../graphs/estimate.js";
import type { GraphConfig } from "./schema/common.js";
import type { RunConfig } from "./schema/gnn.js";

/** Expected undirected edges of one sample of the graph block (kind "file": unknown → 0, the file is already loaded). */
export function expectedEdges(g: GraphConfig): number {
  if (g.kind === "sbm") return expectedSbmEdges({ n: g.n, classes: g.classes, pIn: g.pIn, pOut: g.pOut, prior: g.prior, pairSampling: g.pairSampling });
  if (g.kind === "regular-sbm") return regularSbmEdges(g.n, g.classes, Math.ceil((g.pIn * g.n) / g.classes), Math.ceil((g.pOut * g.n) / g.classes));
  return 0;
}

/** Bytes of one prepared graph sample: sampling + CSR, features (float64 host + float32 tensor), CSR index tensors. */
function sampleBytes(n: number, m: number, d: number): number {
  return graphBytes(n, m).reduce((s, it) => s + it.bytes, 0) + 12 * n * d + 8 * (2 * m) + 8 * n;
}

export function gnnRunMemory(cfg: RunConfig): MemoryItem[] {
  const g = cfg.graph;
  const m = expectedEdges(g);
  checkGraphLimits(g.n, m, "runs/estimate");
  const d = cfg.features.dim;
  const per = sampleBytes(g.n, m, d);
  return [
    { label: `${cfg.train.testGraphs} test graphs (N = ${g.n}, ≈${Math.round(m)} edges each)`, bytes: cfg.train.testGraphs * per },
    { label: "one training graph", bytes: per },
    activationBytes(g.n, cfg.model.depth, Math.max(cfg.model.hidden, d)),
  ];
}
